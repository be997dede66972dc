// Production safety, untrusted workspaces, unknown outcomes, persistence and secrets, in the
// real extension host.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createDraft, markSending, serializeRecords, type OrderRecord } from '../../src/core/orderRecord';
import type { ExtensionApi } from '../../src/extension/extension';
import { OrderStore } from '../../src/extension/orders/orderStore';
import { SubmissionService } from '../../src/extension/submission/submissionService';
import { closeAllEditors, waitFor, workspaceFolder, workspaceUri } from './harness';
import {
  scriptDialogs,
  SEED_BODY,
  TEST_CLIENT_ID,
  TEST_SECRET,
  type TestEmulator,
  copiedOrderFile,
  disposeTestStore,
  extensionOnEmulator,
  freshOrderFile,
  freshNumbers,
  bodyFor,
} from './extensionKit';

const freshNumber = freshNumbers(5000);
const freshBody = () => bodyFor(freshNumber());

describe('extension safety (real extension host, emulator)', function () {
  let api: ExtensionApi;
  let emulator: TestEmulator;

  before(async () => {
    ({ api, emulator } = await extensionOnEmulator());
  });
  after(async () => {
    await api.services.targets.setTarget('emulator');
    await emulator?.settleAndClose(api);
  });
  afterEach(closeAllEditors);

  it('coltReactivate.target cannot be set by workspace settings (application scope)', async () => {
    const config = vscode.workspace.getConfiguration('coltReactivate');
    await assert.rejects(Promise.resolve(config.update('target', 'production', vscode.ConfigurationTarget.Workspace)), /user settings|application|cannot/i);
    // A settings.json in the repository is ignored for this key as well.
    const settingsUri = workspaceUri('.vscode', 'settings.json');
    await vscode.workspace.fs.writeFile(
      settingsUri,
      Buffer.from(JSON.stringify({ 'coltReactivate.target': 'production', 'coltReactivate.maxNumbersPerRange': 7 })),
    );
    try {
      await waitFor(() => vscode.workspace.getConfiguration('coltReactivate').get('maxNumbersPerRange') === 7, 'the workspace settings file to be read');
      assert.equal(vscode.workspace.getConfiguration('coltReactivate').get('target'), 'emulator');
      assert.equal(api.services.targets.target, 'emulator');
      assert.equal(vscode.workspace.getConfiguration('coltReactivate').inspect('target')?.workspaceValue, undefined);
    } finally {
      await vscode.workspace.fs.delete(settingsUri);
      await waitFor(() => vscode.workspace.getConfiguration('coltReactivate').get('maxNumbersPerRange') === 1000, 'the workspace setting to go');
    }
  });

  it('a declined production confirmation sends nothing; the dialog names host, count, ranges and tracking id', async () => {
    const { prompter, restore } = scriptDialogs(api);
    const before = await emulator.stats();
    const ordersBefore = api.services.orders.size;
    try {
      await api.services.credentials.set('production', { clientId: 'prod-id', clientSecret: TEST_SECRET });
      await api.services.targets.setTarget('production');
      let seen: { message: string; detail?: string } | undefined;
      prompter.modalAnswer = (message, detail) => {
        seen = { message, detail };
        return undefined; // Cancel
      };
      const body = { ...SEED_BODY, numberRangeList: [{ numberRangeStart: '+442071830100', numberRangeEnd: '+442071830109' }] };
      assert.equal(await api.services.submission.submit({ body, source: 'form' }), undefined);
      assert.ok(seen, 'a modal confirmation was shown');
      assert.match(seen.message, /10 numbers in PRODUCTION at apis\.colt\.net/);
      assert.match(seen.detail ?? '', /\+442071830100 – \+442071830109/);
      assert.match(seen.detail ?? '', /Tracking id: [0-9a-f-]{36}/);
      assert.equal(prompter.shown.find((m) => m.options.modal)?.options.modal, true);
    } finally {
      restore.dispose();
      await api.services.credentials.clear('production');
      await api.services.targets.setTarget('emulator');
    }
    assert.equal(api.services.orders.size, ordersBefore, 'no record for a declined submission');
    assert.deepEqual(await emulator.stats(), before, 'nothing reached any endpoint');
  });

  it('an untrusted workspace refuses to submit, with an explanation (through the trust seam)', async () => {
    // The harness runs with workspace trust disabled (scripts/harness/codeServer.ts), so the workspace is trusted and
    // cannot be made untrusted from a test; the guard is exercised through its isTrusted seam.
    assert.equal(vscode.workspace.isTrusted, true);
    const { prompter, restore } = scriptDialogs(api);
    const s = api.services;
    const untrusted = new SubmissionService({ ...s, isTrusted: () => false });
    const before = await emulator.stats();
    try {
      assert.equal(await untrusted.submit({ body: freshBody(), source: 'file' }), undefined);
    } finally {
      restore.dispose();
    }
    assert.deepEqual(await emulator.stats(), before);
    assert.match(prompter.messages('error')[0] ?? '', /cannot be submitted from an untrusted workspace/);
    assert.deepEqual(prompter.shown[0].items, ['Manage Workspace Trust']);
  });

  it('an unknown outcome is kept as such; Check Order resends the SAME tracking id only when confirmed, and 409 reconciles it', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      await emulator.fault({ on: 'order', kind: 'reset', stage: 'afterStore' });
      const record = (await api.services.submission.submit({ body: freshBody(), source: 'form' }))!;
      assert.equal(record.state, 'unknown');
      assert.equal(record.orderId, undefined);
      const item = api.services.tree.getTreeItem({ kind: 'order', trackingId: record.trackingId });
      assert.equal(item.contextValue, 'order:unknown');
      assert.ok(prompter.shown.some((m) => m.kind === 'warning' && /unknown/.test(m.message) && m.items.includes('Check Order...')));
      const stored = (await emulator.orders()).filter((o) => o.trackingId === record.trackingId);
      assert.equal(stored.length, 1, 'the emulator did store it before the reset');

      // Declined: nothing is sent.
      const before = await emulator.stats();
      let asked: string | undefined;
      prompter.modalAnswer = (_m, detail) => {
        asked = detail;
        return undefined;
      };
      assert.equal(await vscode.commands.executeCommand('coltReactivate.orders.checkOrder', record.trackingId), undefined);
      assert.match(asked ?? '', /should answer 409 with its order id.*Colt does not document this/);
      assert.deepEqual(await emulator.stats(), before);
      assert.equal(api.services.orders.get(record.trackingId)?.state, 'unknown');

      // Confirmed: the same tracking id goes again; Colt's 409 names the existing order.
      prompter.modalAnswer = (_m, _d, items) => items[0];
      const checked = await vscode.commands.executeCommand<OrderRecord>('coltReactivate.orders.checkOrder', record.trackingId);
      assert.equal(checked.state, 'inProgress');
      assert.equal(checked.orderId, stored[0].id);
      assert.equal((await emulator.orders()).filter((o) => o.trackingId === record.trackingId).length, 1, 'no duplicate order');
    } finally {
      restore.dispose();
    }
  });

  it('a double submit sends one order: while the first is under way, the same body or file is refused with a message', async () => {
    const { prompter, restore } = scriptDialogs(api);
    const submission = api.services.submission;
    const body = freshBody();
    const sourceUri = workspaceUri('double.reactivate.json');
    try {
      const before = await emulator.stats();
      await emulator.fault({ on: 'order', kind: 'delay', ms: 1500, stage: 'beforeStore' });
      const first = submission.submit({ body, source: 'file', sourceUri });
      // The same body from elsewhere, and another body from the same file, while the first is held.
      assert.equal(await submission.submit({ body: structuredClone(body), source: 'form' }), undefined);
      assert.equal(await submission.submit({ body: freshBody(), source: 'file', sourceUri }), undefined);
      const record = (await first)!;
      assert.equal(record.state, 'inProgress', JSON.stringify(record.failure));
      assert.equal((await emulator.stats()).orderRequests - before.orderRequests, 1, 'exactly one order request');
      const sameBody = (await emulator.orders()).filter((o) => JSON.stringify((o as { body?: unknown }).body) === JSON.stringify(body));
      assert.deepEqual(
        sameBody.map((o) => o.trackingId),
        [record.trackingId],
      );
      assert.deepEqual(
        prompter.shown.filter((m) => /already being sent/.test(m.message)).map((m) => m.message),
        Array(2).fill('This request is already being sent; wait for its outcome in the Orders view.'),
      );
      // Released with the outcome: the file can be submitted again.
      const again = await submission.submit({ body: freshBody(), source: 'file', sourceUri });
      assert.equal(again?.state, 'inProgress');
    } finally {
      restore.dispose();
    }
  });

  it('records persist: a store re-created from the same file lists the same orders; "sending" becomes unknown', async () => {
    const { restore } = scriptDialogs(api);
    try {
      await api.services.submission.submit({ body: freshBody(), source: 'form' });
    } finally {
      restore.dispose();
    }
    const reloaded = new OrderStore(copiedOrderFile(api), api.services.log);
    assert.deepEqual(
      reloaded.list().map((r) => r.trackingId),
      api.services.orders.list().map((r) => r.trackingId),
    );
    const interrupted = markSending(createDraft({ target: 'emulator', baseUrl: emulator.url, body: freshBody() }));
    const file = freshOrderFile();
    fs.writeFileSync(file, serializeRecords([interrupted]));
    const afterCrash = new OrderStore(file, api.services.log);
    assert.equal(afterCrash.get(interrupted.trackingId)?.state, 'unknown');
    await disposeTestStore(reloaded);
    await disposeTestStore(afterCrash);
  });

  it('the store is capped, pruning the oldest finished orders first', async () => {
    const store = new OrderStore(freshOrderFile(), api.services.log, { cap: 3 });
    const make = (minute: number, state: OrderRecord['state']): OrderRecord => ({
      ...createDraft({ target: 'emulator', baseUrl: emulator.url, body: freshBody(), now: new Date(Date.UTC(2025, 0, 1, 0, minute)) }),
      state,
    });
    const records = [make(1, 'inProgress'), make(2, 'completed'), make(3, 'completed'), make(4, 'failed')];
    for (const r of records) await store.upsert(r);
    assert.deepEqual(
      store.list().map((r) => r.trackingId),
      [records[3], records[2], records[0]].map((r) => r.trackingId),
    );
    await disposeTestStore(store);
  });

  it('a known secret, used through a whole flow, appears nowhere the extension writes', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      prompter.inputs = [TEST_CLIENT_ID, TEST_SECRET];
      assert.equal(await vscode.commands.executeCommand('coltReactivate.setCredentials'), true);
      const record = (await api.services.submission.submit({ body: freshBody(), source: 'form' }))!;
      await emulator.completeOrders();
      await waitFor(() => api.services.orders.get(record.trackingId)?.state === 'completed', 'completion', deadline(20_000));
      await vscode.commands.executeCommand('coltReactivate.copyAsCurl', workspaceUri('valid.reactivate.json'));
    } finally {
      restore.dispose();
    }
    const hits: string[] = [];
    const check = (where: string, text: string) => {
      if (text.includes(TEST_SECRET)) hits.push(where);
    };
    check('log channel', api.services.log.recent.join('\n'));
    check('clipboard', await vscode.env.clipboard.readText());
    for (const m of prompter.shown) check(`message "${m.message}"`, JSON.stringify(m));
    for (const [name, memento] of [
      ['globalState', api.storage.globalState],
      ['workspaceState', api.storage.workspaceState],
    ] as const) {
      for (const key of memento.keys()) check(`${name} ${key}`, key + JSON.stringify(memento.get(key)));
    }
    check('settings', JSON.stringify(vscode.workspace.getConfiguration('coltReactivate')));
    const searched: string[] = [];
    const searchDir = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        const file = path.join(dir, entry);
        if (!fs.statSync(file).isFile() || fs.statSync(file).size > 50_000_000) continue;
        searched.push(file);
        check(file, fs.readFileSync(file).toString('latin1'));
      }
    };
    searchDir(api.storage.logUri.fsPath);
    searchDir(path.dirname(api.storage.logUri.fsPath)); // every extension's log of this window
    searchDir(api.storage.globalStorageUri.fsPath);
    if (api.storage.storageUri) searchDir(api.storage.storageUri.fsPath);
    searchDir(path.join(workspaceFolder().uri.fsPath));
    // User settings.json sits two levels above globalStorage/<extension id>.
    const userDir = path.dirname(path.dirname(api.storage.globalStorageUri.fsPath));
    for (const f of ['settings.json', 'keybindings.json']) if (fs.existsSync(path.join(userDir, f))) check(f, fs.readFileSync(path.join(userDir, f), 'utf8'));
    assert.ok(searched.length > 0, 'some files were searched');
    assert.deepEqual(hits, [], `the secret was found in: ${hits.join(', ')}`);
  });
});
