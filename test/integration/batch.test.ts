// Submitting a folder of request files as one batch, in the real extension host against the
// emulator: a refused order and an unknown outcome do not stop the others, the summary says which
// is which, the Orders view shows the batch's orders together; a cancel stops before the next
// order; a window reloaded mid-batch submits only what has no record (the unknown one waits for
// Check Order); production asks once for the whole batch.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { markSending, type OrderRecord } from '../../src/core/orderRecord';
import type { ExtensionApi } from '../../src/extension/extension';
import { OrderStore } from '../../src/extension/orders/orderStore';
import { OrdersTreeProvider, type OrdersNode } from '../../src/extension/orders/ordersTreeProvider';
import type { Services } from '../../src/extension/services';
import { submitRequestBatch, type BatchRun } from '../../src/extension/submission/batchSubmission';
import { SubmissionService } from '../../src/extension/submission/submissionService';
import { closeAllEditors, waitFor, workspaceUri } from './harness';
import { bodyFor, copiedOrderFile, extensionOnEmulator, freshNumbers, scriptDialogs, TEST_SECRET, type TestEmulator } from './extensionKit';

const freshNumber = freshNumbers(8500);
/** Activated in the demo inventory: the emulator refuses it (422). */
const ACTIVATED = '+442081324700';
let folders = 0;

describe('batch submission (real extension host, emulator)', function () {
  let api: ExtensionApi;
  let emulator: TestEmulator;

  before(async () => {
    ({ api, emulator } = await extensionOnEmulator());
  });
  after(async () => {
    await emulator?.settleAndClose(api);
  });
  afterEach(closeAllEditors);

  /** A workspace folder with one request file per number, GB-ANH-01... in the order given. */
  async function batchFolder(numbers: string[]): Promise<vscode.Uri> {
    const folder = workspaceUri(`batch-${folders++}`);
    for (const [i, n] of numbers.entries()) {
      const file = vscode.Uri.joinPath(folder, `GB-ANH-${String(i + 1).padStart(2, '0')}.reactivate.json`);
      await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(bodyFor(n), null, 2)));
    }
    return folder;
  }

  const atEmulator = async (records: readonly OrderRecord[]) => {
    const ids = new Set(records.map((r) => r.trackingId));
    return (await emulator.orders()).filter((o) => ids.has(o.trackingId));
  };

  async function assertNoDuplicates(): Promise<void> {
    const orders = await emulator.orders();
    assert.equal(new Set(orders.map((o) => o.trackingId)).size, orders.length, 'a tracking id twice at the emulator');
    const bodies = orders.map((o) => JSON.stringify((o as { body?: unknown }).body));
    assert.equal(new Set(bodies).size, bodies.length, 'the same request placed twice');
  }

  it('a refused order and an unknown outcome do not stop the others; the summary names them; the Orders view groups the batch', async () => {
    const folder = await batchFolder([freshNumber(), ACTIVATED, freshNumber(), freshNumber(), freshNumber()]);
    // Whichever order's POST comes first is stored, then its connection drops: its outcome is unknown.
    await emulator.fault({ on: 'order', kind: 'reset', stage: 'afterStore' });
    const { prompter, restore } = scriptDialogs(api);
    let run: BatchRun | undefined;
    try {
      run = await vscode.commands.executeCommand<BatchRun | undefined>('coltReactivate.submitBatch', folder);
    } finally {
      restore.dispose();
    }
    assert.ok(run, `no batch; shown: ${prompter.messages().join(' | ')}`);
    const kinds = run.outcomes.map((o) => o.kind).sort();
    assert.deepEqual(kinds, ['accepted', 'accepted', 'accepted', 'refused', 'unknown'], JSON.stringify(run.outcomes.map((o) => [o.path, o.kind])));
    const refused = run.outcomes.find((o) => o.kind === 'refused')!;
    assert.match(refused.path, /GB-ANH-02\.reactivate\.json$/);
    assert.ok(refused.kind === 'refused' && /HTTP 422/.test(refused.reason), JSON.stringify(refused));

    const summary = prompter.shown.find((m) => m.message.startsWith('Batch to Local emulator: '));
    assert.ok(summary, prompter.messages().join(' | '));
    assert.equal(summary.kind, 'warning');
    assert.match(summary.message, /5 orders: 3 accepted, 1 refused, 1 unknown \(Check Order\)\./);
    assert.match(summary.message, /Refused: .*GB-ANH-02\.reactivate\.json: .*HTTP 422/);
    assert.deepEqual(summary.items, ['Check Order...', 'Show Log']);
    assert.equal(prompter.shown.filter((m) => m !== summary).length, 0, `one message for the whole batch: ${prompter.messages().join(' | ')}`);

    const records = run.outcomes.flatMap((o) => ('record' in o && o.record ? [o.record] : []));
    assert.equal(records.length, 5);
    assert.ok(records.every((r) => r.batchId === run.batchId && api.services.orders.get(r.trackingId)?.state === r.state));
    assert.equal((await atEmulator(records)).length, 4, 'three accepted and the unknown one (stored before the connection dropped)');

    // The Orders view: one batch node under the emulator, its orders in file order.
    const { tree } = api.services;
    const group = tree.getChildren().find((n) => n.kind === 'target' && n.target === 'emulator')!;
    const batch = tree.getChildren(group).find((n) => n.kind === 'batch' && n.batchId === run.batchId) as OrdersNode;
    assert.ok(batch, 'a batch node');
    const item = tree.getTreeItem(batch);
    assert.match(String(item.label), /^Batch /);
    assert.match(String(item.description), /^5 orders · 1 unknown outcome, 1 rejected, 3 in progress$/);
    const children = tree.getChildren(batch);
    assert.deepEqual(
      children.map((n) => (n.kind === 'order' ? api.services.orders.get(n.trackingId)?.sourceFile : undefined)),
      ['01', '02', '03', '04', '05'].map((i) => `batch-${folders - 1}/GB-ANH-${i}.reactivate.json`),
    );
    assert.equal(tree.getParent(children[0]!), batch);
    assert.equal(tree.getChildren(group).filter((n) => n.kind === 'order' && records.some((r) => r.trackingId === n.trackingId)).length, 0, 'not listed loose');

    // Completed at the emulator, the batch's accepted orders read Completed.
    await emulator.settle(api);
    assert.match(String(tree.getTreeItem(batch).description), /^5 orders · 1 unknown outcome, 1 rejected, 3 completed$/);

    // Submitting the same folder again sends nothing: accepted ones are recognised, the unknown one waits for Check Order.
    const before = (await emulator.stats()).orderRequests;
    const again = scriptDialogs(api);
    let rerun: BatchRun | undefined;
    try {
      rerun = await vscode.commands.executeCommand<BatchRun | undefined>('coltReactivate.submitBatch', undefined, [folder]);
    } finally {
      again.restore.dispose();
    }
    assert.ok(rerun);
    assert.equal((await emulator.stats()).orderRequests - before, 1, 'only the refused one is sent again (a refusal placed nothing)');
    assert.deepEqual(rerun.outcomes.map((o) => o.kind).sort(), ['recorded', 'recorded', 'recorded', 'refused', 'unknown']);
    assert.equal(rerun.batchId, run.batchId, 'the re-run joins the same batch');
    await assertNoDuplicates();
  });

  it('a cancel stops before the next order; a window reloaded mid-batch submits only the files without a record', async () => {
    const folder = await batchFolder([freshNumber(), freshNumber(), freshNumber(), freshNumber()]);
    await emulator.settle(api);
    const before = (await emulator.stats()).orderRequests;
    // Hold the first POST at the emulator (stored, answer held) until released below.
    await emulator.fault({ on: 'order', kind: 'delay', ms: 600_000, stage: 'afterStore' });
    const { prompter, restore } = scriptDialogs(api);
    let cancel = false;
    const running = submitRequestBatch(api.services, [folder], { concurrency: 1, cancelled: () => cancel });
    let reloaded: OrderStore | undefined;
    let reloadedTree: OrdersTreeProvider | undefined;
    try {
      const sending = await waitFor(async () => {
        const r = api.services.orders
          .list()
          .find((o) => o.baseUrl === emulator.url && o.state === 'sending' && o.sourceFile?.startsWith(`batch-${folders - 1}/`));
        return r && (await emulator.stats()).orderRequests > before ? r : undefined;
      }, 'the first order stored as sending with its POST in flight');

      // A window opened now reads the list as saved: the order in flight is unknown there.
      reloaded = new OrderStore(copiedOrderFile(api), api.services.log);
      reloadedTree = new OrdersTreeProvider(reloaded);
      assert.equal(reloaded.get(sending.trackingId)?.state, 'unknown');

      // The old window is cancelled (it would have died in a real reload): its order under way finishes, no next one starts.
      cancel = true;
      await emulator.releaseDelays();
      const first = await running;
      assert.ok(first);
      assert.equal(first.cancelled, true);
      assert.deepEqual(
        first.outcomes.map((o) => o.kind),
        ['accepted', 'notSent', 'notSent', 'notSent'],
      );
      assert.equal((await emulator.stats()).orderRequests - before, 1, 'nothing sent after the cancel');
      const summary = prompter.shown.find((m) => m.message.startsWith('Batch to Local emulator: '));
      assert.match(summary?.message ?? '', /4 orders: 1 accepted, 3 not sent\. Cancelled: the orders not sent can be sent by submitting the same batch again/);

      // The reloaded window submits the same folder: only the three without a record go; the unknown one is not resent.
      const services: Services = { ...api.services, orders: reloaded, tree: reloadedTree };
      services.submission = new SubmissionService({ ...api.services, orders: reloaded });
      const resumed = await submitRequestBatch(services, [folder]);
      assert.ok(resumed);
      assert.deepEqual(resumed.outcomes.map((o) => `${o.path.split('/').pop()} ${o.kind}`).sort(), [
        'GB-ANH-01.reactivate.json unknown',
        'GB-ANH-02.reactivate.json accepted',
        'GB-ANH-03.reactivate.json accepted',
        'GB-ANH-04.reactivate.json accepted',
      ]);
      assert.equal((await emulator.stats()).orderRequests - before, 4, 'each file sent once in all');
      assert.equal(resumed.batchId, sending.batchId, 'the resumed orders join the batch they began in');

      // Check Order settles the unknown one: the emulator already has it (409 with its id).
      const confirm = scriptDialogs(api);
      confirm.prompter.modalAnswer = (_m, _d, items) => items[0];
      try {
        const checked = await services.submission.checkOrder(sending.trackingId);
        assert.equal(checked?.state, 'inProgress');
      } finally {
        confirm.restore.dispose();
      }
    } finally {
      cancel = true;
      restore.dispose();
      await emulator.releaseDelays();
      await running.catch(() => undefined);
      reloadedTree?.dispose();
      reloaded?.dispose();
    }
    await assertNoDuplicates();
  });

  /** The batch's outcomes by file name, sorted: `GB-ANH-01.reactivate.json accepted`. */
  const byFile = (run: BatchRun | undefined) => (run?.outcomes ?? []).map((o) => `${o.path.split('/').pop()} ${o.kind}`).sort();

  it('a file sent from its CodeLens while the batch is under way is not sent again by the batch, which reports it as already sent', async () => {
    const numbers = [freshNumber(), freshNumber(), freshNumber()];
    const folder = await batchFolder(numbers);
    await emulator.settle(api);
    const before = (await emulator.stats()).orderRequests;
    // The batch's first POST is held (stored, answer held), so the batch has planned and is under way.
    await emulator.fault({ on: 'order', kind: 'delay', ms: 600_000, stage: 'afterStore' });
    const { prompter, restore } = scriptDialogs(api);
    const running = submitRequestBatch(api.services, [folder], { concurrency: 1 });
    try {
      await waitFor(async () => (await emulator.stats()).orderRequests > before, 'the first order of the batch in flight');
      // The third file, submitted on its own in the same window (its CodeLens), is accepted.
      const third = vscode.Uri.joinPath(folder, 'GB-ANH-03.reactivate.json');
      const single = await api.services.submission.submit({ body: bodyFor(numbers[2]!), source: 'file', sourceUri: third });
      assert.equal(single?.state, 'inProgress', prompter.messages().join(' | '));
      await emulator.releaseDelays();
      const run = await running;
      assert.deepEqual(byFile(run), ['GB-ANH-01.reactivate.json accepted', 'GB-ANH-02.reactivate.json accepted', 'GB-ANH-03.reactivate.json recorded']);
      const recorded = run?.outcomes.find((o) => o.kind === 'recorded');
      assert.equal(
        recorded?.kind === 'recorded' ? recorded.record.trackingId : undefined,
        single?.trackingId,
        'reported with the order sent from the CodeLens',
      );
      assert.equal((await emulator.stats()).orderRequests - before, 3, 'each request sent once');
      const summary = prompter.shown.find((m) => m.message.startsWith('Batch to Local emulator: '));
      assert.match(summary?.message ?? '', /3 orders: 2 accepted, 1 already sent before\./, prompter.messages().join(' | '));
    } finally {
      restore.dispose();
      await emulator.releaseDelays();
      await running.catch(() => undefined);
    }
    await assertNoDuplicates();
  });

  it('two windows submitting the same folder at once send each file once between them', async () => {
    const folder = await batchFolder([freshNumber(), freshNumber(), freshNumber()]);
    await emulator.settle(api);
    const before = (await emulator.stats()).orderRequests;
    await emulator.fault({ on: 'order', kind: 'delay', ms: 600_000, stage: 'afterStore' });
    const { prompter, restore } = scriptDialogs(api);
    // Another window: its own store over the same Orders file and its own submission path.
    const other = new OrderStore(api.services.orders.file, api.services.log);
    const otherServices: Services = { ...api.services, orders: other, submission: new SubmissionService({ ...api.services, orders: other }) };
    // The other window's batch plans all three and holds at its first POST.
    const first = submitRequestBatch(otherServices, [folder], { concurrency: 1 });
    try {
      await waitFor(async () => (await emulator.stats()).orderRequests > before, "the other window's first order in flight");
      // This window's batch: it reads the list again first, so the file in flight is not sent here.
      const second = await vscode.commands.executeCommand<BatchRun | undefined>('coltReactivate.submitBatch', folder);
      assert.deepEqual(byFile(second), ['GB-ANH-01.reactivate.json recorded', 'GB-ANH-02.reactivate.json accepted', 'GB-ANH-03.reactivate.json accepted']);
      // The other window goes on: the two sent here meanwhile are found just before their POSTs.
      await emulator.releaseDelays();
      const run = await first;
      assert.deepEqual(byFile(run), ['GB-ANH-01.reactivate.json accepted', 'GB-ANH-02.reactivate.json recorded', 'GB-ANH-03.reactivate.json recorded']);
      assert.equal((await emulator.stats()).orderRequests - before, 3, 'each file sent once in all');
      const summaries = prompter.messages().filter((m) => m.startsWith('Batch to Local emulator: '));
      assert.equal(summaries.length, 2, prompter.messages().join(' | '));
      for (const summary of summaries) assert.match(summary, /3 orders: 1 accepted, 2 already sent before\.|3 orders: 2 accepted, 1 already sent before\./);
    } finally {
      restore.dispose();
      await emulator.releaseDelays();
      await first.catch(() => undefined);
      await other.flushed();
      other.dispose();
    }
    await assertNoDuplicates();
  });

  it('an unexpected error in one order still ends in the summary: an order saved before its POST is counted as unknown, none after it starts', async () => {
    const folder = await batchFolder([freshNumber(), freshNumber(), freshNumber()]);
    await emulator.settle(api);
    const before = (await emulator.stats()).orderRequests;
    const { prompter, restore } = scriptDialogs(api);
    const real = api.services.submission;
    // The second order breaks after its record is saved as sending: its POST may have gone out.
    const submission = Object.create(real) as SubmissionService;
    submission.sendBatchOrder = async (draft, uri) => {
      if (!draft.sourceFile?.endsWith('GB-ANH-02.reactivate.json')) return real.sendBatchOrder(draft, uri);
      await api.services.orders.saveBeforeSend(markSending(draft));
      throw new TypeError('something the batch did not expect');
    };
    try {
      const run = await submitRequestBatch({ ...api.services, submission }, [folder], { concurrency: 1 });
      assert.ok(run, prompter.messages().join(' | '));
      assert.deepEqual(byFile(run), ['GB-ANH-01.reactivate.json accepted', 'GB-ANH-02.reactivate.json unknown', 'GB-ANH-03.reactivate.json notSent']);
      const unknownOne = run.outcomes.find((o) => o.kind === 'unknown');
      assert.equal(
        unknownOne && 'record' in unknownOne ? api.services.orders.get(unknownOne.record.trackingId)?.state : undefined,
        'unknown',
        'Check Order can settle it',
      );
      assert.equal((await emulator.stats()).orderRequests - before, 1);
      const summary = prompter.shown.find((m) => m.message.startsWith('Batch to Local emulator: '));
      assert.ok(summary, prompter.messages().join(' | '));
      assert.match(summary.message, /^Batch to Local emulator: 3 orders: 1 accepted, 1 unknown \(Check Order\), 1 not sent\./);
      assert.match(summary.message, /Stopped by an unexpected error \(something the batch did not expect\)/);
      assert.doesNotMatch(summary.message, /\bat .*\(|TypeError/, 'no stack trace');
      assert.deepEqual(summary.items, ['Check Order...', 'Show Log']);
    } finally {
      restore.dispose();
    }
  });

  it('Submit Batch after an import sends the files it wrote, not others left in the folder, and the import says they are there', async () => {
    const folder = workspaceUri(`batch-${folders++}`);
    const number = freshNumber();
    const { prompter, restore } = scriptDialogs(api);
    prompter.modalAnswer = (message, _detail, items) => (message.startsWith('Write ') ? 'Write Files' : items.includes('Replace') ? 'Replace' : undefined);
    let submitAfterWrite = false;
    const info = prompter.showInformationMessage.bind(prompter);
    // A layer over the scripted dialogs that clicks Submit Batch on the import's last message.
    const clicker = api.services.prompter.use({
      showInformationMessage: async (message: string, options: vscode.MessageOptions, ...items: string[]) => {
        await info(message, options, ...items);
        return submitAfterWrite && message.startsWith('Colt: Wrote ') ? 'Submit Batch' : undefined;
      },
    });
    try {
      // An earlier import left three request files; the new one writes only the first again.
      const header = 'Number,Country,Service Profile';
      const first = [header, `${number},GB,ANH`, '+49 40 1234 5150,DE,', '+33 1 45 67 01 50,,'].join('\n');
      await vscode.commands.executeCommand('coltReactivate.importNumbers', { text: first, folder });
      await emulator.settle(api);
      const before = (await emulator.stats()).orderRequests;
      submitAfterWrite = true;
      const result = await vscode.commands.executeCommand<{ files: vscode.Uri[] } | undefined>('coltReactivate.importNumbers', {
        text: `${header}\n${number},GB,ANH`,
        folder,
      });
      assert.deepEqual(
        result?.files.map((f) => f.path.split('/').pop()),
        ['GB-ANH-1.reactivate.json'],
      );
      const wrote = prompter.messages('info').find((m) => m.startsWith('Colt: Wrote 1 request file to '));
      assert.match(
        wrote ?? '',
        /The folder also holds 2 other request files this import did not write \("DE-1\.reactivate\.json", "FR-1\.reactivate\.json"\); Submit Batch sends only the 1 just written\./,
        prompter.messages().join(' | '),
      );
      const summary = await waitFor(() => prompter.messages().find((m) => m.startsWith('Batch to Local emulator: ')), 'the batch summary');
      assert.match(summary, /^Batch to Local emulator: 1 order: 1 accepted\.$/);
      assert.equal((await emulator.stats()).orderRequests - before, 1, 'only the file the import wrote');
    } finally {
      clicker.dispose();
      restore.dispose();
      await vscode.workspace.fs.delete(folder, { recursive: true }).then(undefined, () => undefined);
    }
  });

  it('production: one confirmation lists every order and the total; declining sends nothing', async () => {
    const folder = await batchFolder([freshNumber(), freshNumber(), freshNumber()]);
    const { prompter, restore } = scriptDialogs(api);
    const before = await emulator.stats();
    const ordersBefore = api.services.orders.size;
    try {
      await api.services.credentials.set('production', { clientId: 'prod-id', clientSecret: TEST_SECRET });
      await api.services.targets.setTarget('production');
      const seen: { message: string; detail?: string }[] = [];
      prompter.modalAnswer = (message, detail) => {
        seen.push({ message, detail });
        return undefined; // Cancel
      };
      assert.equal(await vscode.commands.executeCommand('coltReactivate.submitBatch', folder), undefined);
      assert.equal(seen.length, 1, 'one confirmation for the whole batch');
      assert.match(seen[0]!.message, /^Reactivate 3 numbers in 3 orders in PRODUCTION at apis\.colt\.net\?$/);
      const detail = seen[0]!.detail ?? '';
      assert.match(detail, /Total: 3 orders, 3 numbers/);
      for (const i of ['01', '02', '03'])
        assert.match(detail, new RegExp(`GB-ANH-${i}\\.reactivate\\.json: United Kingdom \\(GB\\), profile ANH, 1 number: \\+44207183\\d{4}`));
    } finally {
      restore.dispose();
      await api.services.credentials.clear('production');
      await api.services.targets.setTarget('emulator');
    }
    assert.equal(api.services.orders.size, ordersBefore, 'no record for a declined batch');
    assert.deepEqual(await emulator.stats(), before, 'nothing reached any endpoint');
  });
});
