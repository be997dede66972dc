// Load, the extension's half: 1,000 order records put through the real
// OrderStore into the real globalState (under a test key, so the extension's own list is left
// alone), then a new store and tree provider built from that globalState, as after a window
// reload: the tree lists all 1,000. test/unit/load.test.ts submits the 1,000 orders themselves.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { applySubmitOutcome, createDraft, markSending, type OrderRecord } from '../../src/core/orderRecord';
import type { ExtensionApi } from '../../src/extension/extension';
import { DEFAULT_ORDER_CAP, ORDERS_STATE_KEY, OrderStore } from '../../src/extension/orders/orderStore';
import { OrdersTreeProvider } from '../../src/extension/orders/ordersTreeProvider';
import { extensionApi, SEED_BODY, PrefixedMemento } from './extensionKit';

const ORDERS = 1000;
const LEFT_SENDING = 10;

function records(baseUrl: string): OrderRecord[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: ORDERS }, (_, i) => {
    const n = `+4420718${String(30000 + i).padStart(5, '0')}`;
    const now = new Date(start + i * 1000);
    const draft = createDraft({ target: 'emulator', baseUrl, body: { ...SEED_BODY, numberRangeList: [{ numberRangeStart: n, numberRangeEnd: n }] }, now });
    const sending = markSending(draft, now);
    // The last few are still in flight when the window goes: they must come back as unknown.
    if (i >= ORDERS - LEFT_SENDING) return sending;
    return applySubmitOutcome(sending, { kind: 'accepted', trackingId: sending.trackingId, orderId: `order-${i}` }, now);
  });
}

describe('load: 1,000 orders in the store and the tree after a reload (real extension host)', function () {
  this.timeout(deadline(120_000));
  let api: ExtensionApi;
  const prefix = `coltReactivate.loadTest.${Date.now()}/`;

  before(async () => {
    api = await extensionApi();
  });
  after(async () => {
    await api.storage.globalState.update(prefix + ORDERS_STATE_KEY, undefined);
  });

  it('the cap leaves room for 1,000 orders', () => {
    assert.ok(DEFAULT_ORDER_CAP >= ORDERS, `cap ${DEFAULT_ORDER_CAP}`);
  });

  it('1,000 records through the real OrderStore and globalState: a re-created store and tree list all of them', async () => {
    const all = records('http://127.0.0.1:4010');
    const store = new OrderStore(new PrefixedMemento(api.storage.globalState, prefix), api.services.log);
    let started = performance.now();
    // All at once, as a burst of outcomes would arrive: the store coalesces the writes.
    await Promise.all(all.map((r) => store.upsert(r)));
    const storeMs = performance.now() - started;
    assert.equal(store.size, ORDERS);
    const saved = api.storage.globalState.get<string>(prefix + ORDERS_STATE_KEY);
    assert.ok(saved, 'written to globalState');
    store.dispose();

    // "Reload": a new store and tree from the same globalState.
    started = performance.now();
    const reloaded = new OrderStore(new PrefixedMemento(api.storage.globalState, prefix), api.services.log);
    const tree = new OrdersTreeProvider(reloaded);
    try {
      const groups = tree.getChildren();
      assert.deepEqual(groups, [{ kind: 'target', target: 'emulator' }]);
      const listed = tree.getChildren(groups[0]);
      const reloadMs = performance.now() - started;
      assert.equal(listed.length, ORDERS);
      const ids = new Set(listed.map((n) => (n.kind === 'order' ? n.trackingId : '')));
      assert.deepEqual([...ids].sort(), all.map((r) => r.trackingId).sort());

      // Newest first, every item renders, and the ones caught mid-send are unknown, not lost.
      assert.equal((listed[0] as { trackingId: string }).trackingId, all[ORDERS - 1]!.trackingId);
      const contexts = listed.map((n) => tree.getTreeItem(n).contextValue);
      assert.equal(contexts.filter((c) => c === 'order:unknown').length, LEFT_SENDING);
      assert.equal(contexts.filter((c) => c === 'order:inProgress').length, ORDERS - LEFT_SENDING);
      console.log(
        `      load: ${ORDERS} records stored in ${storeMs.toFixed(0)} ms (${(saved.length / 1024).toFixed(0)} KiB in globalState); ` +
          `store + tree re-created and listed in ${reloadMs.toFixed(0)} ms`,
      );
    } finally {
      tree.dispose();
      reloaded.dispose();
    }
  });
});
