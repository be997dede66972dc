// The order list with several windows open (two stores over the same globalState), the write
// that must happen before a POST, status lookups that are not available, and removing orders
// that are not finished: in the real extension host, against the emulator.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { newTrackingId } from '../../src/core/coltClient';
import { applySubmitOutcome, createDraft, markInterrupted, markSending, type OrderRecord } from '../../src/core/orderRecord';
import type { ExtensionApi } from '../../src/extension/extension';
import { ORDERS_STATE_KEY, OrderStore, REMOVED_ORDERS_STATE_KEY } from '../../src/extension/orders/orderStore';
import { StatusPoller } from '../../src/extension/orders/statusPoller';
import type { ExtensionSettings } from '../../src/extension/settings';
import { SubmissionService } from '../../src/extension/submission/submissionService';
import type { TargetService } from '../../src/extension/targets/targetService';
import { waitFor } from './harness';
import { extensionApi, scriptDialogs, SEED_BODY, TestEmulator, useEmulatorTarget, PrefixedMemento } from './extensionKit';

/** A globalState whose writes fail (disk full, storage closed). */
class FailingMemento implements vscode.Memento {
  constructor(private readonly values = new Map<string, unknown>()) {}
  keys() {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  async update(): Promise<void> {
    throw new Error('SQLITE_FULL: database or disk is full');
  }
}

let next = 0;
function draft(baseUrl: string): OrderRecord {
  const n = `+44207184${String(1000 + next++).padStart(4, '0')}`;
  return createDraft({ target: 'emulator', baseUrl, body: { ...SEED_BODY, numberRangeList: [{ numberRangeStart: n, numberRangeEnd: n }] } });
}
function inProgress(baseUrl: string, orderId: string): OrderRecord {
  const sending = markSending(draft(baseUrl));
  return applySubmitOutcome(sending, { kind: 'accepted', trackingId: sending.trackingId, orderId });
}
function unknown(baseUrl: string): OrderRecord {
  return markInterrupted(markSending(draft(baseUrl)));
}
/** A later step of the same record: its last history entry is strictly later. */
function later(record: OrderRecord, note: string): OrderRecord {
  const last = Date.parse(record.history.at(-1)!.at);
  return { ...record, history: [...record.history, { at: new Date(last + 60_000).toISOString(), state: record.state, note }] };
}
function storedIds(memento: vscode.Memento): string[] {
  return JSON.parse(memento.get<string>(ORDERS_STATE_KEY) ?? '{"records":[]}')
    .records.map((r: OrderRecord) => r.trackingId)
    .sort();
}

describe('order store across windows, saving before the POST, polling, removal (real extension host)', function () {
  let api: ExtensionApi;
  let emulator: TestEmulator;

  before(async () => {
    api = await extensionApi();
    // Orders stay in progress: the status poller has something to poll for the whole test.
    emulator = await TestEmulator.start({ completeAfterMs: 600_000 });
    await useEmulatorTarget(api, emulator);
  });
  after(async () => {
    await emulator?.close();
  });

  describe('two windows over the same globalState', () => {
    const prefix = `test.orderStore.${Date.now()}.`;
    let memento: PrefixedMemento;
    const stores: OrderStore[] = [];
    const open = () => {
      const store = new OrderStore(memento, api.services.log);
      stores.push(store);
      return store;
    };
    beforeEach(async () => {
      memento = new PrefixedMemento(api.storage.globalState, `${prefix}${next++}.`);
    });
    afterEach(async () => {
      for (const s of stores.splice(0)) s.dispose();
      for (const key of memento.keys()) await memento.update(key, undefined);
    });

    it('each window keeps the orders the other one wrote, unknown ones included', async () => {
      const a = open();
      const b = open(); // both opened on the same (empty) list
      const fromA = unknown(emulator.url);
      const fromB = inProgress(emulator.url, 'ORDER-B');
      await a.upsert(fromA);
      await b.upsert(fromB); // before the fix, this wrote B's list alone: A's unknown order was gone
      assert.deepEqual(storedIds(memento), [fromA.trackingId, fromB.trackingId].sort());
      assert.equal(b.get(fromA.trackingId)?.state, 'unknown', 'B adopted the order A wrote');

      const another = inProgress(emulator.url, 'ORDER-A2');
      await a.upsert(another);
      assert.deepEqual(storedIds(memento), [fromA.trackingId, fromB.trackingId, another.trackingId].sort());
      assert.equal(a.get(fromB.trackingId)?.orderId, 'ORDER-B');
      // A later window reads all three.
      assert.deepEqual(
        open()
          .list()
          .map((r) => r.trackingId)
          .sort(),
        storedIds(memento),
      );
    });

    it('for an order both windows hold, the one further along wins, whoever writes last', async () => {
      const a = open();
      const record = inProgress(emulator.url, 'ORDER-1');
      await a.upsert(record);
      const b = open();
      const advanced = later(record, 'status In progress, checked again');
      await a.upsert(advanced);
      await b.upsert(inProgress(emulator.url, 'ORDER-2')); // B still holds the older step of ORDER-1
      const stored = JSON.parse(memento.get<string>(ORDERS_STATE_KEY)!).records.find((r: OrderRecord) => r.trackingId === record.trackingId);
      assert.equal(stored.history.length, advanced.history.length, 'the further step is kept');
      assert.equal(b.get(record.trackingId)?.history.length, advanced.history.length, 'and B now shows it too');
    });

    it('an order removed in one window is not written back by the other; one changed after the removal comes back', async () => {
      const a = open();
      const gone = inProgress(emulator.url, 'ORDER-GONE');
      const changing = inProgress(emulator.url, 'ORDER-CHANGING');
      await a.upsert(gone);
      await a.upsert(changing);
      const b = open(); // holds both
      assert.equal(await a.remove(gone.trackingId), true);
      assert.equal(await a.remove(changing.trackingId), true);
      assert.ok(Array.isArray(memento.get(REMOVED_ORDERS_STATE_KEY)));

      // B removed nothing and still holds both; one of them moved on in B after A removed it.
      const moved = later(b.get(changing.trackingId)!, 'status In progress');
      await b.upsert(moved);
      assert.equal(b.get(gone.trackingId), undefined, 'B dropped the order A removed');
      assert.deepEqual(storedIds(memento), [changing.trackingId], 'only the order that changed after the removal is back');
      await a.upsert(inProgress(emulator.url, 'ORDER-OTHER'));
      assert.equal(a.get(gone.trackingId), undefined, 'A does not adopt what it removed');
      assert.equal(a.get(changing.trackingId)?.history.length, moved.history.length, 'A adopts the step B took after the removal');
    });

    it('a saved list this version cannot read is never overwritten by a write', async () => {
      const a = open();
      await memento.update(ORDERS_STATE_KEY, '{"version":99,"records":"from a newer version"}');
      await a.upsert(inProgress(emulator.url, 'ORDER-X'));
      assert.equal(memento.get(ORDERS_STATE_KEY), '{"version":99,"records":"from a newer version"}');
    });
  });

  describe('stored before the POST, or not sent', () => {
    async function submitWith(memento: vscode.Memento) {
      const store = new OrderStore(memento, api.services.log);
      const { prompter, restore } = scriptDialogs(api);
      const before = await emulator.stats();
      try {
        const record = await new SubmissionService({ ...api.services, orders: store }).submit({ body: SEED_BODY, source: 'form' });
        return { record, prompter, store, before, after: await emulator.stats() };
      } finally {
        restore.dispose();
        store.dispose();
      }
    }

    it('globalState refuses the write: nothing reaches Colt, and the user is told the order was not sent because it could not be saved', async () => {
      const { record, prompter, store, before, after } = await submitWith(new FailingMemento());
      assert.equal(record, undefined);
      assert.deepEqual(after, before, 'no token, order or status request reached the emulator');
      const [error, ...others] = prompter.messages('error');
      assert.deepEqual(others, []);
      assert.match(error ?? '', /^The order was not sent: it could not be saved/);
      assert.match(error ?? '', /Try again/);
      assert.deepEqual(store.list(), [], 'no "sending" record is left behind in the list');
    });

    it('the saved list could not be read (read-only): nothing is sent either', async () => {
      const values = new Map<string, unknown>([[ORDERS_STATE_KEY, 'not json']]);
      const { record, prompter, before, after } = await submitWith(new FailingMemento(values));
      assert.equal(record, undefined);
      assert.deepEqual(after, before);
      assert.match(prompter.messages('error')[0] ?? '', /^The order was not sent: it could not be saved/);
    });
  });

  it('an order whose status lookup is unavailable is polled once, not again on every change to the list', async () => {
    const client = api.services.targets.client('emulator', emulator.url);
    const accepted = await client.submitOrder(SEED_BODY, { trackingId: newTrackingId() });
    assert.equal(accepted.kind, 'accepted');
    const control = inProgress(emulator.url, (accepted as { orderId: string }).orderId);
    const lost = inProgress(emulator.url, 'ORDER-NOT-AT-THIS-TARGET'); // the emulator answers 404
    const calls = new Map<string, number>();
    const counting = {
      client: (target: 'emulator', baseUrl: string) => {
        const real = api.services.targets.client(target, baseUrl);
        return {
          getOrderStatus: (orderId: string, o?: { signal?: AbortSignal }) => {
            calls.set(orderId, (calls.get(orderId) ?? 0) + 1);
            return real.getOrderStatus(orderId, o);
          },
        };
      },
    } as unknown as TargetService;
    const settings = Object.create(api.services.settings, { statusPollSeconds: { value: 0.1 } }) as ExtensionSettings;
    const store = new OrderStore(new PrefixedMemento(api.storage.globalState, `test.poller.${Date.now()}.`), api.services.log);
    const { restore } = scriptDialogs(api);
    const poller = new StatusPoller(store, counting, settings, api.services.log, api.services.notifications);
    try {
      await store.upsert(control);
      await store.upsert(lost);
      await waitFor(() => poller.isLookupUnavailable(lost.trackingId), 'the 404 for the lost order');
      // Every change to the list re-schedules pollable orders; the lost one must stay out.
      for (let round = 1; round <= 4; round++) {
        const seen = calls.get(control.orderId!) ?? 0;
        await store.upsert(inProgress(emulator.url, `ORDER-ROUND-${round}`));
        await waitFor(() => (calls.get(control.orderId!) ?? 0) > seen, `the in-progress order polled again (round ${round})`);
      }
      assert.equal(calls.get(lost.orderId!), 1, 'the unavailable lookup was asked once');
      // Asking explicitly tries again (and finds it still unavailable).
      await poller.refreshNow(lost.trackingId);
      assert.equal(calls.get(lost.orderId!), 2);
      assert.equal(poller.isLookupUnavailable(lost.trackingId), true);
    } finally {
      poller.dispose();
      restore.dispose();
      for (const r of store.list()) await store.remove(r.trackingId);
      store.dispose();
    }
  });

  it('Remove from List asks first for an order that is not finished, saying why; a final one goes at once', async () => {
    const orders = api.services.orders;
    const pending = unknown(emulator.url);
    const sending = markSending(draft(emulator.url));
    const sent = inProgress(emulator.url, 'ORDER-DONE');
    const done = { ...sent, state: 'rejected' as const, history: [...sent.history] };
    for (const r of [pending, sending, done]) await orders.upsert(r);
    const { prompter, restore } = scriptDialogs(api);
    try {
      prompter.modalAnswer = () => undefined; // Cancel
      assert.equal(await vscode.commands.executeCommand('coltReactivate.orders.remove', pending.trackingId), false);
      assert.equal(orders.get(pending.trackingId)?.state, 'unknown', 'kept when the user cancels');
      const asked = prompter.shown.find((m) => m.options.modal);
      assert.ok(asked, 'a modal confirmation was shown');
      assert.deepEqual(asked.items, ['Remove from List']);
      assert.match(asked.options.detail ?? '', /tracking id is the only way to find out/);
      assert.ok((asked.options.detail ?? '').includes(pending.trackingId), 'the tracking id is in the dialog, to copy');

      prompter.modalAnswer = (_m, _d, items) => items[0];
      assert.equal(await vscode.commands.executeCommand('coltReactivate.orders.remove', sending.trackingId), true);
      assert.equal(orders.get(sending.trackingId), undefined);
      assert.equal(await vscode.commands.executeCommand('coltReactivate.orders.remove', pending.trackingId), true);
      assert.equal(orders.get(pending.trackingId), undefined);
      assert.equal(prompter.shown.filter((m) => m.options.modal).length, 3);

      assert.equal(await vscode.commands.executeCommand('coltReactivate.orders.remove', done.trackingId), true);
      assert.equal(prompter.shown.filter((m) => m.options.modal).length, 3, 'no confirmation for a final order');
      assert.equal(orders.get(done.trackingId), undefined);
    } finally {
      restore.dispose();
      for (const r of [pending, sending, done]) await orders.remove(r.trackingId);
    }
  });

  it('Refresh Status on an order still being sent says so instead of "no longer changes"', async () => {
    const sending = markSending(draft(emulator.url));
    await api.services.orders.upsert(sending);
    const { prompter, restore } = scriptDialogs(api);
    try {
      await vscode.commands.executeCommand('coltReactivate.orders.refreshStatus', sending.trackingId);
      assert.match(prompter.messages('info')[0] ?? '', /still being sent/);
    } finally {
      restore.dispose();
      await api.services.orders.remove(sending.trackingId);
    }
  });
});
