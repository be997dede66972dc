// The order list with several windows open (two stores over the same file), the one-time move
// from globalState, writes cut short by a crash, the write that must happen before a POST,
// status lookups that are not available, and removing orders that are not finished: in the real
// extension host, against the emulator.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { alreadyRecorded } from '../../src/core/batchSubmission';
import { newTrackingId } from '../../src/core/coltClient';
import { applySubmitOutcome, createDraft, markInterrupted, markSending, serializeRecords, type OrderRecord } from '../../src/core/orderRecord';
import type { ExtensionApi } from '../../src/extension/extension';
import { ORDERS_STATE_KEY, OrderStore, REMOVED_ORDERS_STATE_KEY } from '../../src/extension/orders/orderStore';
import { StatusPoller } from '../../src/extension/orders/statusPoller';
import type { ExtensionSettings } from '../../src/extension/settings';
import { SubmissionService } from '../../src/extension/submission/submissionService';
import type { TargetService } from '../../src/extension/targets/targetService';
import { waitFor } from './harness';
import { disposeTestStore, extensionApi, freshOrderFile, scriptDialogs, SEED_BODY, TestEmulator, useEmulatorTarget, PrefixedMemento } from './extensionKit';

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
interface StoredFile {
  version: number;
  records: OrderRecord[];
  removed?: [string, string][];
}
function stored(file: string): StoredFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredFile;
}
function storedIds(file: string): string[] {
  return stored(file)
    .records.map((r) => r.trackingId)
    .sort();
}
function ids(store: OrderStore): string[] {
  return store
    .list()
    .map((r) => r.trackingId)
    .sort();
}
/** A directory the store writes into, replaced by a file: every write there fails (even for root, unlike a read-only directory). */
function replaceDirectoryWithFile(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.writeFileSync(dir, 'a file where the storage directory should be');
}
/** The pid of a process that has ended: a lock naming it was left by a window that crashed. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { env: { ELECTRON_RUN_AS_NODE: '1' } });
  assert.ok(child.pid, 'a short-lived process ran');
  return child.pid;
}

describe('order store across windows, moving from globalState, crash safety, saving before the POST, polling, removal (real extension host)', function () {
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

  describe('two windows over the same file', () => {
    let file: string;
    const stores: OrderStore[] = [];
    const open = () => {
      const store = new OrderStore(file, api.services.log);
      stores.push(store);
      return store;
    };
    beforeEach(() => {
      file = freshOrderFile();
    });
    afterEach(async () => {
      for (const s of stores.splice(0)) {
        await s.flushed();
        s.dispose();
      }
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    it('a request another window saved since this one looked is not saved again before a POST (the guard sees the merged list), nor is anything written', async () => {
      const a = open();
      const b = open();
      const theirs = markSending(draft(emulator.url));
      await b.saveBeforeSend(theirs);
      // The same request, with its own tracking id, from a window that has not read the file since.
      const mine = markSending(createDraft({ target: 'emulator', baseUrl: emulator.url, body: theirs.body }));
      assert.equal(a.get(theirs.trackingId), undefined, 'window A has not looked yet');
      await assert.rejects(a.saveBeforeSend(mine, alreadyRecorded), (err: Error & { record?: OrderRecord }) => {
        assert.equal(err.name, 'OrderAlreadySentError');
        assert.equal(err.record?.trackingId, theirs.trackingId);
        return true;
      });
      assert.equal(a.get(mine.trackingId), undefined, 'not kept in the list either');
      assert.equal(a.get(theirs.trackingId)?.state, 'sending', "the other window's record was merged");
      assert.ok(!stored(file).records.some((r) => r.trackingId === mine.trackingId), 'not on disk');

      // A refused request placed nothing: the guard lets it be sent again.
      const refusedBody = draft(emulator.url);
      const refused = applySubmitOutcome(markSending(refusedBody), {
        kind: 'rejected',
        trackingId: refusedBody.trackingId,
        httpStatus: 422,
        message: 'refused',
      });
      await b.upsert(refused);
      const again = markSending(createDraft({ target: 'emulator', baseUrl: emulator.url, body: refused.body }));
      await a.saveBeforeSend(again, alreadyRecorded);
      assert.equal(a.get(again.trackingId)?.state, 'sending');
      assert.ok(storedIds(file).includes(again.trackingId));
    });

    it('over the cap, only finished orders are pruned; unfinished ones stay even when that leaves the list over the cap', async () => {
      const store = new OrderStore(file, api.services.log, { cap: 2 });
      stores.push(store);
      const rejected = (r: OrderRecord) =>
        applySubmitOutcome(markSending(r), { kind: 'rejected', trackingId: r.trackingId, httpStatus: 422, message: 'refused' });
      const oldFinished = rejected(draft(emulator.url));
      const waiting = [unknown(emulator.url), inProgress(emulator.url, 'ORD-CAP-1'), unknown(emulator.url)];
      await store.upsert(oldFinished);
      for (const r of waiting) await store.upsert(r);
      assert.deepEqual(ids(store), waiting.map((r) => r.trackingId).sort(), 'the finished one went; the three unfinished stayed over a cap of 2');
      assert.deepEqual(storedIds(file), ids(store));
    });

    it('each window keeps the orders the other one wrote, unknown ones included', async () => {
      const a = open();
      const b = open(); // both opened on the same (empty) list
      const fromA = unknown(emulator.url);
      const fromB = inProgress(emulator.url, 'ORDER-B');
      await a.upsert(fromA);
      await b.upsert(fromB); // without the merge, this would write B's list alone: A's unknown order would be gone
      assert.deepEqual(storedIds(file), [fromA.trackingId, fromB.trackingId].sort());
      assert.equal(b.get(fromA.trackingId)?.state, 'unknown', 'B adopted the order A wrote');

      const another = inProgress(emulator.url, 'ORDER-A2');
      await a.upsert(another);
      assert.deepEqual(storedIds(file), [fromA.trackingId, fromB.trackingId, another.trackingId].sort());
      assert.equal(a.get(fromB.trackingId)?.orderId, 'ORDER-B');
      // A later window reads all three.
      assert.deepEqual(ids(open()), storedIds(file));
    });

    it('two windows writing at the same moment: the lock lets each merge the other, no order is lost', async () => {
      const a = open();
      const b = open();
      const fromA = Array.from({ length: 20 }, (_, i) => inProgress(emulator.url, `ORDER-A-${i}`));
      const fromB = Array.from({ length: 20 }, (_, i) => inProgress(emulator.url, `ORDER-B-${i}`));
      // Interleaved, one change at a time from each window, none awaited before the next starts.
      await Promise.all(fromA.flatMap((r, i) => [a.upsert(r), b.upsert(fromB[i]!)]));
      const all = [...fromA, ...fromB].map((r) => r.trackingId).sort();
      assert.deepEqual(storedIds(file), all);
      assert.equal(fs.existsSync(`${file}.lock`), false, 'the lock is released');
      assert.deepEqual(ids(open()), all);
    });

    it('a window sees what another wrote when it looks again (on focus), without writing', async () => {
      const a = open();
      const b = open();
      const fromA = inProgress(emulator.url, 'ORDER-SEEN');
      await a.upsert(fromA);
      assert.equal(b.get(fromA.trackingId), undefined, 'not yet');
      const written = fs.statSync(file).mtimeMs;
      const changed = new Promise<void>((resolve) => b.onDidChange(() => resolve()));
      await b.refresh();
      await changed;
      assert.equal(b.get(fromA.trackingId)?.orderId, 'ORDER-SEEN');
      assert.equal(fs.statSync(file).mtimeMs, written, 'reading did not write');
    });

    it('for an order both windows hold, the one further along wins, whoever writes last', async () => {
      const a = open();
      const record = inProgress(emulator.url, 'ORDER-1');
      await a.upsert(record);
      const b = open();
      const advanced = later(record, 'status In progress, checked again');
      await a.upsert(advanced);
      await b.upsert(inProgress(emulator.url, 'ORDER-2')); // B still holds the older step of ORDER-1
      const kept = stored(file).records.find((r) => r.trackingId === record.trackingId);
      assert.equal(kept?.history.length, advanced.history.length, 'the further step is kept');
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
      assert.deepEqual(
        stored(file)
          .removed?.map(([id]) => id)
          .sort(),
        [gone.trackingId, changing.trackingId].sort(),
        'dated removals are in the file',
      );

      // B removed nothing and still holds both; one of them moved on in B after A removed it.
      const moved = later(b.get(changing.trackingId)!, 'status In progress');
      await b.upsert(moved);
      assert.equal(b.get(gone.trackingId), undefined, 'B dropped the order A removed');
      assert.deepEqual(storedIds(file), [changing.trackingId], 'only the order that changed after the removal is back');
      await a.upsert(inProgress(emulator.url, 'ORDER-OTHER'));
      assert.equal(a.get(gone.trackingId), undefined, 'A does not adopt what it removed');
      assert.equal(a.get(changing.trackingId)?.history.length, moved.history.length, 'A adopts the step B took after the removal');
    });

    it('a saved list this version cannot read is never overwritten, and the user is told what to do', async () => {
      const newer = '{"version":99,"records":"from a newer version"}';
      fs.writeFileSync(file, newer);
      const { prompter, restore } = scriptDialogs(api, 'notifications');
      try {
        const a = new OrderStore(file, api.services.log, { notifications: api.services.notifications });
        stores.push(a);
        await a.upsert(inProgress(emulator.url, 'ORDER-X'));
        assert.equal(fs.readFileSync(file, 'utf8'), newer);
        const [message, ...others] = prompter.messages('error');
        assert.deepEqual(others, [], 'told once');
        assert.match(message ?? '', /the Orders list could not be read, so no order can be sent/);
        assert.match(message ?? '', /newer version/);
        assert.ok((message ?? '').includes(file), 'the message names the file');
        assert.match(message ?? '', /update this one; if it is damaged, move it elsewhere and reload the window/);
      } finally {
        restore.dispose();
      }
    });

    it('another window writing something unreadable later: not overwritten either', async () => {
      const a = open();
      await a.upsert(inProgress(emulator.url, 'ORDER-BEFORE'));
      fs.writeFileSync(file, '{"version":1,"records":[');
      await a.upsert(inProgress(emulator.url, 'ORDER-AFTER'));
      assert.equal(fs.readFileSync(file, 'utf8'), '{"version":1,"records":[');
    });
  });

  describe('moving the list out of globalState (once)', () => {
    let file: string;
    let memento: PrefixedMemento;
    beforeEach(() => {
      file = freshOrderFile();
      memento = new PrefixedMemento(api.storage.globalState, `test.migration.${Date.now()}.${next++}.`);
    });
    afterEach(async () => {
      for (const key of memento.keys()) await memento.update(key, undefined);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    it('orders and removals in the old format are moved into the file, then the old keys are cleared', async () => {
      const kept = inProgress(emulator.url, 'ORDER-OLD');
      const pending = unknown(emulator.url);
      const inFlight = markSending(draft(emulator.url)); // the old window closed mid-send
      const removedOne = inProgress(emulator.url, 'ORDER-REMOVED');
      const removedAt = new Date(Date.parse(removedOne.history.at(-1)!.at) + 60_000).toISOString();
      // What version 0.0.x wrote: the list as a string, the removals as [id, when] pairs.
      await memento.update(ORDERS_STATE_KEY, serializeRecords([kept, pending, inFlight, removedOne]));
      await memento.update(REMOVED_ORDERS_STATE_KEY, [[removedOne.trackingId, removedAt]]);

      const store = new OrderStore(file, api.services.log, { legacyState: memento });
      try {
        assert.deepEqual(ids(store), [kept.trackingId, pending.trackingId, inFlight.trackingId].sort(), 'listed at once, the removed one left out');
        assert.equal(store.get(inFlight.trackingId)?.state, 'unknown', 'the one caught mid-send is unknown');
        await store.flushed();
        assert.deepEqual(storedIds(file), [kept.trackingId, pending.trackingId, inFlight.trackingId].sort());
        assert.deepEqual(stored(file).removed, [[removedOne.trackingId, removedAt]]);
        assert.equal(memento.get(ORDERS_STATE_KEY), undefined, 'the old list is cleared');
        assert.equal(memento.get(REMOVED_ORDERS_STATE_KEY), undefined, 'the old removals are cleared');
      } finally {
        store.dispose();
      }
      // The next start finds nothing to move and the same list.
      const again = new OrderStore(file, api.services.log, { legacyState: memento });
      assert.deepEqual(ids(again), [kept.trackingId, pending.trackingId, inFlight.trackingId].sort());
      again.dispose();
    });

    it('merged with a file another window already wrote, by the same rules', async () => {
      const record = inProgress(emulator.url, 'ORDER-BOTH');
      const fileOnly = inProgress(emulator.url, 'ORDER-FILE');
      fs.writeFileSync(file, serializeRecords([later(record, 'status In progress, newer in the file'), fileOnly]));
      await memento.update(ORDERS_STATE_KEY, serializeRecords([record, inProgress(emulator.url, 'ORDER-STATE')]));
      const store = new OrderStore(file, api.services.log, { legacyState: memento });
      try {
        await store.flushed();
        assert.equal(store.size, 3);
        assert.equal(stored(file).records.find((r) => r.trackingId === record.trackingId)?.history.length, record.history.length + 1, 'the further step wins');
        assert.equal(memento.get(ORDERS_STATE_KEY), undefined);
      } finally {
        store.dispose();
      }
    });

    it('an old list this version cannot read is left in globalState, not cleared', async () => {
      await memento.update(ORDERS_STATE_KEY, 'not json');
      const store = new OrderStore(file, api.services.log, { legacyState: memento });
      await store.upsert(inProgress(emulator.url, 'ORDER-NEW'));
      store.dispose();
      assert.equal(memento.get(ORDERS_STATE_KEY), 'not json');
      assert.equal(stored(file).records.length, 1);
    });

    it('when the file cannot be written, the old keys stay, to be moved at the next start', async () => {
      const kept = inProgress(emulator.url, 'ORDER-STAYS');
      await memento.update(ORDERS_STATE_KEY, serializeRecords([kept]));
      const store = new OrderStore(file, api.services.log, { legacyState: memento });
      // Before the move's write starts (it runs after this synchronous code): the storage directory becomes a file.
      replaceDirectoryWithFile(path.dirname(file));
      try {
        await store.flushed();
        assert.equal(store.get(kept.trackingId)?.orderId, 'ORDER-STAYS', 'listed in this window all the same');
        assert.equal(typeof memento.get(ORDERS_STATE_KEY), 'string', 'not cleared');
      } finally {
        store.dispose();
        fs.rmSync(path.dirname(file), { force: true });
      }
    });
  });

  describe('a write cut short by a crash', () => {
    let file: string;
    beforeEach(() => {
      file = freshOrderFile();
    });
    afterEach(() => {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    it('a truncated temporary file left behind neither replaces nor corrupts the list, and is cleaned up by the next write', async () => {
      const first = inProgress(emulator.url, 'ORDER-SAFE');
      const writer = new OrderStore(file, api.services.log);
      await writer.upsert(first);
      writer.dispose();
      const good = fs.readFileSync(file, 'utf8');
      // What a window killed between creating its temporary file and renaming it leaves: half a list.
      const leftover = `${file}.${deadPid()}.0badc0de.tmp`;
      fs.writeFileSync(leftover, good.slice(0, Math.floor(good.length / 2)));
      const emptyLeftover = `${file}.${deadPid()}.00000000.tmp`;
      fs.writeFileSync(emptyLeftover, '');

      const reopened = new OrderStore(file, api.services.log);
      try {
        assert.deepEqual(ids(reopened), [first.trackingId], 'the list as last written whole');
        assert.equal(fs.readFileSync(file, 'utf8'), good);
        const second = inProgress(emulator.url, 'ORDER-AFTER-CRASH');
        await reopened.upsert(second);
        assert.deepEqual(storedIds(file), [first.trackingId, second.trackingId].sort());
        assert.equal(fs.existsSync(leftover), false, 'the leftover is removed');
        assert.equal(fs.existsSync(emptyLeftover), false);
        assert.deepEqual(
          fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp')),
          [],
          'no temporary file of its own left either',
        );
      } finally {
        reopened.dispose();
      }
    });

    it('a lock left by a window that crashed mid-write does not block the next write', async () => {
      const store = new OrderStore(file, api.services.log);
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid(), host: os.hostname(), at: new Date().toISOString() }));
        const record = inProgress(emulator.url, 'ORDER-PAST-THE-LOCK');
        await store.saveBeforeSend(record);
        assert.deepEqual(storedIds(file), [record.trackingId]);
        assert.equal(fs.existsSync(`${file}.lock`), false);
      } finally {
        store.dispose();
      }
    });
  });

  describe('stored before the POST, or not sent', () => {
    async function submitWith(store: OrderStore) {
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
    function assertNotSent(outcome: Awaited<ReturnType<typeof submitWith>>) {
      const { record, prompter, store, before, after } = outcome;
      assert.equal(record, undefined);
      assert.deepEqual(after, before, 'no token, order or status request reached the emulator');
      const [error, ...others] = prompter.messages('error');
      assert.deepEqual(others, []);
      assert.match(error ?? '', /^The order was not sent: it could not be saved/);
      assert.match(error ?? '', /Try again/);
      assert.deepEqual(store.list(), [], 'no "sending" record is left behind in the list');
    }

    it('the storage directory was replaced by a file (cannot be written): nothing reaches Colt, and the user is told the order was not sent because it could not be saved', async () => {
      const file = freshOrderFile();
      const store = new OrderStore(file, api.services.log);
      replaceDirectoryWithFile(path.dirname(file));
      try {
        assertNotSent(await submitWith(store));
      } finally {
        fs.rmSync(path.dirname(file), { force: true });
      }
    });

    it('a directory where the list file should be (cannot be read, so read-only): nothing is sent either', async () => {
      const file = freshOrderFile();
      fs.mkdirSync(file);
      try {
        assertNotSent(await submitWith(new OrderStore(file, api.services.log)));
        assert.ok(fs.statSync(file).isDirectory(), 'left as it was');
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    });

    it('the saved list could not be read (read-only): nothing is sent either, and the file is left as it was', async () => {
      const file = freshOrderFile();
      fs.writeFileSync(file, 'not json');
      try {
        assertNotSent(await submitWith(new OrderStore(file, api.services.log)));
        assert.equal(fs.readFileSync(file, 'utf8'), 'not json');
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
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
    const store = new OrderStore(freshOrderFile(), api.services.log);
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
      await disposeTestStore(store);
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
