// Faults, in the real extension host: request files submitted through the real
// coltReactivate.submitRequestFile command while the emulator injects faults. For each fault: the
// message the user sees (through the Prompter seam) says what to do next and holds no stack
// trace, the stored record and its tree item are right, and the emulator holds no duplicate.
// Also a window reload in the middle of a submission (through the real OrderStore and a copy of
// the Orders list file): the record comes back as unknown, never lost, and can be checked.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OrderRecord } from '../../src/core/orderRecord';
import type { ExtensionApi } from '../../src/extension/extension';
import { OrderStore } from '../../src/extension/orders/orderStore';
import { OrdersTreeProvider } from '../../src/extension/orders/ordersTreeProvider';
import { SubmissionService } from '../../src/extension/submission/submissionService';
import { closeAllEditors, waitFor, workspaceUri } from './harness';
import {
  scriptDialogs,
  type ScriptedPrompter,
  type TestEmulator,
  copiedOrderFile,
  disposeTestStore,
  extensionOnEmulator,
  freshNumbers,
  bodyFor,
} from './extensionKit';

/** What a person can act on: a sentence or two, no stack trace, no internals. */
function assertUserMessage(message: string, nextStep: RegExp): void {
  assert.ok(message.length > 20 && message.length < 800, `length ${message.length}: ${message}`);
  assert.doesNotMatch(message, /\n\s+at |\bat [\w.<>]+ \(|TypeError|ReferenceError|\[object Object\]|undefined/, message);
  assert.match(message, nextStep, `says what to do next: ${message}`);
}

const freshNumber = freshNumbers(7000);
let files = 0;
const freshBody = () => bodyFor(freshNumber());

describe('faults: submitting from the extension (real extension host, emulator)', function () {
  let api: ExtensionApi;
  let emulator: TestEmulator;

  before(async () => {
    ({ api, emulator } = await extensionOnEmulator());
  });
  after(async () => {
    await vscode.workspace.getConfiguration('coltReactivate').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await emulator?.settleAndClose(api);
  });
  afterEach(closeAllEditors);

  /** Writes a request file and submits it with the real command; dialogs go to a ScriptedPrompter. */
  async function submitFile(prompter?: ScriptedPrompter): Promise<{ record: OrderRecord; prompter: ScriptedPrompter }> {
    const uri = workspaceUri(`fault-${files++}.reactivate.json`);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(freshBody(), null, 2)));
    const dialogs = prompter ? { prompter, restore: api.services.prompter.use(prompter) } : scriptDialogs(api);
    try {
      const record = await vscode.commands.executeCommand<OrderRecord | undefined>('coltReactivate.submitRequestFile', uri);
      assert.ok(record, `no record; shown: ${dialogs.prompter.messages().join(' | ')}`);
      return { record, prompter: dialogs.prompter };
    } finally {
      dialogs.restore.dispose();
    }
  }

  /** The record as stored, as the tree shows it, and the emulator's count for its tracking id. */
  async function check(record: OrderRecord, state: OrderRecord['state'], storedAtColt: 0 | 1): Promise<void> {
    assert.equal(record.state, state, JSON.stringify(record.failure));
    assert.deepEqual(api.services.orders.get(record.trackingId), record, 'the stored record is the returned one');
    assert.equal(api.services.tree.getTreeItem({ kind: 'order', trackingId: record.trackingId }).contextValue, `order:${state}`);
    const atColt = (await emulator.orders()).filter((o) => o.trackingId === record.trackingId);
    assert.equal(atColt.length, storedAtColt, 'orders at the emulator under this tracking id');
    if (record.orderId) assert.equal(atColt[0]?.id, record.orderId);
  }

  /** Runs Check Order as offered, answering its modal confirmation with Resend. */
  async function confirmedCheckOrder(trackingId: string): Promise<{ record: OrderRecord; prompter: ScriptedPrompter }> {
    const { prompter, restore } = scriptDialogs(api);
    prompter.modalAnswer = (_m, _d, items) => items[0];
    try {
      const record = await vscode.commands.executeCommand<OrderRecord | undefined>('coltReactivate.orders.checkOrder', trackingId);
      assert.ok(record, `no record; shown: ${prompter.messages().join(' | ')}`);
      return { record, prompter };
    } finally {
      restore.dispose();
    }
  }

  async function assertNoDuplicates(): Promise<void> {
    const orders = await emulator.orders();
    assert.equal(new Set(orders.map((o) => o.trackingId)).size, orders.length, 'a tracking id twice at the emulator');
    const numbers = orders.map((o) => JSON.stringify((o as { body?: unknown }).body));
    assert.equal(new Set(numbers).size, numbers.length, 'the same request placed twice');
  }

  async function setTimeoutSeconds(seconds: number | undefined): Promise<void> {
    await vscode.workspace.getConfiguration('coltReactivate').update('requestTimeoutSeconds', seconds, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.services.settings.requestTimeoutSeconds === (seconds ?? 30), 'the timeout setting');
  }

  for (const status of [500, 503]) {
    it(`HTTP ${status}: an error message naming the status and "try again later"; record rejected; nothing stored`, async () => {
      await emulator.fault({ on: 'order', kind: 'status', status });
      const { record, prompter } = await submitFile();
      await check(record, 'rejected', 0);
      assert.equal(record.failure?.httpStatus, status);
      const errors = prompter.messages('error');
      assert.equal(errors.length, 1, prompter.messages().join(' | '));
      assert.match(errors[0]!, new RegExp(`^Local emulator refused the order \\(HTTP ${status}\\)`));
      assertUserMessage(errors[0]!, /try again later/);
      await assertNoDuplicates();
    });
  }

  const unknowns: { name: string; fault: object; storedByFault: 0 | 1; timeout?: boolean; says: RegExp }[] = [
    {
      name: 'a timeout before the order is stored',
      fault: { kind: 'delay', ms: 4000, stage: 'beforeStore' },
      storedByFault: 0,
      timeout: true,
      says: /no answer before the time limit/,
    },
    {
      name: 'a timeout after the order is stored',
      fault: { kind: 'delay', ms: 4000, stage: 'afterStore' },
      storedByFault: 1,
      timeout: true,
      says: /no answer before the time limit/,
    },
    { name: 'a reset before the order is stored', fault: { kind: 'reset', stage: 'beforeStore' }, storedByFault: 0, says: /connection was closed/ },
    { name: 'a reset after the order is stored', fault: { kind: 'reset', stage: 'afterStore' }, storedByFault: 1, says: /connection was closed/ },
    { name: 'malformed JSON in the answer', fault: { kind: 'malformedJson' }, storedByFault: 1, says: /could not be read/ },
  ];
  for (const c of unknowns) {
    it(`${c.name}: a warning with "Check Order...", record unknown; the confirmed check ends with exactly one order`, async () => {
      if (c.timeout) await setTimeoutSeconds(1);
      const before = (await emulator.stats()).orderRequests;
      let result: { record: OrderRecord; prompter: ScriptedPrompter };
      try {
        await emulator.fault({ on: 'order', ...c.fault });
        result = await submitFile();
      } finally {
        if (c.timeout) await setTimeoutSeconds(undefined);
      }
      const { record, prompter } = result;
      await check(record, 'unknown', c.storedByFault);
      assert.equal((await emulator.stats()).orderRequests, before + 1, 'not resent on its own');
      const warning = prompter.shown.find((m) => m.kind === 'warning' && !m.options.modal);
      assert.ok(warning, prompter.messages().join(' | '));
      assert.match(warning.message, new RegExp(`^The outcome of order ${record.trackingId} is unknown`));
      assert.match(warning.message, c.says);
      assertUserMessage(warning.message, /kept in the Orders view as "unknown"/);
      assert.deepEqual(warning.items, ['Check Order...']);
      assert.match(record.failure?.message ?? '', /resubmit the same request with the same tracking id/);

      // A check answered 503 settles nothing: still unknown, said as such, nothing placed.
      if (c.storedByFault === 0) {
        await emulator.fault({ on: 'order', kind: 'status', status: 503 });
        const { record: inconclusive, prompter: first } = await confirmedCheckOrder(record.trackingId);
        await check(inconclusive, 'unknown', 0);
        assert.equal(first.messages('error').length, 0, first.messages().join(' | '));
        const again = first.shown.find((m) => m.kind === 'warning' && !m.options.modal);
        assert.ok(again, first.messages().join(' | '));
        assert.match(again.message, /is unknown: The check got no definite answer \(.*HTTP 503/);
        assert.deepEqual(again.items, ['Check Order...']);
      }

      // The way to check, as offered: the same tracking id, only after the modal confirmation.
      const { record: checked, prompter: confirm } = await confirmedCheckOrder(record.trackingId);
      await check(checked, 'inProgress', 1);
      assert.match(checked.history.at(-1)?.note ?? '', c.storedByFault ? /Colt already had this tracking id/ : /accepted on resubmission/);
      assertUserMessage(confirm.messages('info')[0] ?? '', /see the Orders view/);
      await assertNoDuplicates();
    });
  }

  it('an injected 409: an error that says what to do next; record rejected; nothing stored', async () => {
    await emulator.fault({ on: 'order', kind: 'status', status: 409 });
    const { record, prompter } = await submitFile();
    await check(record, 'rejected', 0);
    assert.equal(record.failure?.code, 'DUPLICATE_TRACKING_ID');
    assertUserMessage(prompter.messages('error')[0] ?? '', /look that order up before sending again/);
    await assertNoDuplicates();
  });

  it('a token that expires between two submissions: one refresh, both accepted, statuses still followed', async () => {
    await emulator.settle(api); // the poller must not race a token fault
    const first = await submitFile();
    await check(first.record, 'inProgress', 1);
    const tokens = (await emulator.stats()).tokenRequests;
    await fetch(`${emulator.url}/__emulator/expire-tokens`, { method: 'POST' });
    const second = await submitFile();
    await check(second.record, 'inProgress', 1);
    assert.ok((await emulator.stats()).tokenRequests >= tokens + 1, 'a new token after the 401');
    assertUserMessage(second.prompter.messages('info')[0] ?? '', /in progress \(see the Orders view\)/);
    // The poller (with the refreshed token) sees both through to Completed.
    await emulator.completeOrders();
    await waitFor(() => [first, second].every((s) => api.services.orders.get(s.record.trackingId)?.state === 'completed'), 'both Completed', deadline(20_000));
    await assertNoDuplicates();
  });

  it('a token that expires and then cannot be renewed (token endpoint 503): "not sent", record rejected, no order', async () => {
    await emulator.settle(api);
    await submitFile(); // a cached token exists
    await emulator.settle(api);
    await fetch(`${emulator.url}/__emulator/expire-tokens`, { method: 'POST' });
    await emulator.fault({ on: 'token', kind: 'status', status: 503 });
    const { record, prompter } = await submitFile();
    await check(record, 'rejected', 0);
    const error = prompter.messages('error')[0] ?? '';
    assert.match(error, /^The order was not sent: Local emulator did not issue a token \(HTTP 503/);
    assertUserMessage(error, /try again later/i);
    await assertNoDuplicates();
  });

  it('a window reload during the submission: the record comes back unknown (not lost), and checking it finds the one order', async () => {
    await emulator.settle(api);
    const before = (await emulator.stats()).orderRequests;
    // Hold the POST at the emulator (until released below) so the "reload" happens while it is in flight.
    await emulator.fault({ on: 'order', kind: 'delay', ms: 600_000, stage: 'afterStore' });
    const { prompter, restore } = scriptDialogs(api);
    const uri = workspaceUri(`fault-reload-${files++}.reactivate.json`);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(freshBody())));
    const running = Promise.resolve(vscode.commands.executeCommand<OrderRecord | undefined>('coltReactivate.submitRequestFile', uri));
    let reloaded: OrderStore | undefined;
    let tree: OrdersTreeProvider | undefined;
    try {
      const sending = await waitFor(async () => {
        const r = api.services.orders.list().find((o) => o.baseUrl === emulator.url && o.state === 'sending');
        return r && (await emulator.stats()).orderRequests > before ? r : undefined;
      }, 'the record stored as sending with its POST in flight');

      // What a new window reads from the Orders list file at this moment.
      reloaded = new OrderStore(copiedOrderFile(api), api.services.log);
      tree = new OrdersTreeProvider(reloaded);
      const afterReload = reloaded.get(sending.trackingId);
      assert.ok(afterReload, 'the record survived the reload');
      assert.equal(afterReload.state, 'unknown');
      assert.match(afterReload.history.at(-1)?.note ?? '', /interrupted while sending: resubmit with the same tracking id/);
      const group = tree.getChildren().find((n) => n.kind === 'target' && n.target === 'emulator')!;
      assert.ok(
        tree.getChildren(group).some((n) => n.kind === 'order' && n.trackingId === sending.trackingId),
        'listed in the tree',
      );
      assert.equal(tree.getTreeItem({ kind: 'order', trackingId: sending.trackingId }).contextValue, 'order:unknown');

      // The old window's request lands (the order exists); the new window checks with the same tracking id.
      await emulator.releaseDelays();
      await running;
      const { prompter: confirm, restore: restoreConfirm } = scriptDialogs(api);
      confirm.modalAnswer = (_m, _d, items) => items[0];
      try {
        const checked = await new SubmissionService({ ...api.services, orders: reloaded }).checkOrder(sending.trackingId);
        assert.equal(checked?.state, 'inProgress');
        const atColt = (await emulator.orders()).filter((o) => o.trackingId === sending.trackingId);
        assert.equal(atColt.length, 1);
        assert.equal(checked?.orderId, atColt[0]!.id);
      } finally {
        restoreConfirm.dispose();
      }
    } finally {
      restore.dispose();
      await emulator.releaseDelays();
      await running.catch(() => undefined);
      tree?.dispose();
      if (reloaded) await disposeTestStore(reloaded);
    }
    assert.ok(prompter.messages().length > 0);
    await assertNoDuplicates();
  });
});
