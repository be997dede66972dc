// Load, the extension's half: 10,000 order records (the cap) put through the real OrderStore into
// a file of the test's own (so the extension's own list is left alone), then a new store and tree
// provider built from that file, as after a window reload: the tree lists all 10,000, and the
// extension's globalState stays far below the size at which VS Code warns about large extension
// state. test/unit/load.test.ts submits 1,000 orders themselves.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applySubmitOutcome, createDraft, markSending, type OrderRecord } from '../../src/core/orderRecord';
import type { ExtensionApi } from '../../src/extension/extension';
import { DEFAULT_ORDER_CAP, OrderStore } from '../../src/extension/orders/orderStore';
import { OrdersTreeProvider } from '../../src/extension/orders/ordersTreeProvider';
import { extensionApi, freshOrderFile, SEED_BODY } from './extensionKit';

const ORDERS = 10_000;
const LEFT_SENDING = 10;
/** Above this, VS Code logs "large extension state detected" for an extension's globalState (its mainThreadStorage). */
const VSCODE_LARGE_STATE_BYTES = 512 * 1024;

function records(baseUrl: string): OrderRecord[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: ORDERS }, (_, i) => {
    const n = `+442071${String(800000 + i).padStart(6, '0')}`;
    const now = new Date(start + i * 1000);
    const draft = createDraft({ target: 'emulator', baseUrl, body: { ...SEED_BODY, numberRangeList: [{ numberRangeStart: n, numberRangeEnd: n }] }, now });
    const sending = markSending(draft, now);
    // The last few are still in flight when the window goes: they must come back as unknown.
    if (i >= ORDERS - LEFT_SENDING) return sending;
    return applySubmitOutcome(sending, { kind: 'accepted', trackingId: sending.trackingId, orderId: `order-${i}` }, now);
  });
}

describe('load: 10,000 orders in the store and the tree after a reload (real extension host)', function () {
  this.timeout(deadline(120_000));
  let api: ExtensionApi;

  before(async () => {
    api = await extensionApi();
  });

  it('the cap leaves room for 10,000 orders', () => {
    assert.ok(DEFAULT_ORDER_CAP >= ORDERS, `cap ${DEFAULT_ORDER_CAP}`);
  });

  it('10,000 records through the real OrderStore into its file: a re-created store and tree list all of them; globalState stays small', async () => {
    const all = records('http://127.0.0.1:4010');
    const file = freshOrderFile();
    const store = new OrderStore(file, api.services.log);
    let started = performance.now();
    // All at once, as a burst of outcomes would arrive: the store coalesces the writes.
    await Promise.all(all.map((r) => store.upsert(r)));
    const storeMs = performance.now() - started;
    assert.equal(store.size, ORDERS);
    const saved = fs.readFileSync(file, 'utf8');
    store.dispose();
    const { globalState } = api.storage;
    const stateBytes = JSON.stringify(Object.fromEntries(globalState.keys().map((k) => [k, globalState.get(k)]))).length;
    assert.ok(stateBytes < VSCODE_LARGE_STATE_BYTES / 10, `the extension's globalState holds ${stateBytes} bytes`);

    // "Reload": a new store and tree from the same file.
    started = performance.now();
    const reloaded = new OrderStore(file, api.services.log);
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
        `      load: ${ORDERS} records stored in ${storeMs.toFixed(0)} ms (${(saved.length / 1024).toFixed(0)} KiB in the file, ${(stateBytes / 1024).toFixed(1)} KiB in globalState); ` +
          `store + tree re-created and listed in ${reloadMs.toFixed(0)} ms`,
      );
    } finally {
      tree.dispose();
      reloaded.dispose();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
