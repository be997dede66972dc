// Each command through vscode.commands.executeCommand, in the real extension host, against an
// emulator started here. Dialogs are answered through the Prompter seam; all else is real VS Code.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { OrderRecord } from '../../src/core/orderRecord';
import { computeDiagnostics } from '../../src/core/diagnostics';
import type { ExtensionApi } from '../../src/extension/extension';
import type { OrdersNode } from '../../src/extension/orders/ordersTreeProvider';
import { closeAllEditors, waitFor, workspaceUri } from './harness';
import { ScriptedPrompter, scriptDialogs, TEST_CLIENT_ID, TEST_SECRET, type TestEmulator, extensionOnEmulator, freshNumbers, bodyFor } from './extensionKit';

const freshNumber = freshNumbers(1000);

describe('extension commands (real extension host, emulator)', function () {
  let api: ExtensionApi;
  let emulator: TestEmulator;

  before(async () => {
    ({ api, emulator } = await extensionOnEmulator());
  });
  after(async () => {
    await emulator?.settleAndClose(api);
  });
  afterEach(closeAllEditors);

  it('setCredentials checks at once and stores them in SecretStorage; wrong ones are refused and not stored', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      await api.services.credentials.clear('emulator');
      prompter.inputs = [TEST_CLIENT_ID, 'wrong-secret'];
      const refused = await vscode.commands.executeCommand<boolean>('coltReactivate.setCredentials');
      assert.equal(refused, false);
      assert.equal(await api.services.credentials.get('emulator'), undefined);
      assert.ok(
        prompter.messages('error').some((m) => /not accepted/.test(m) && /not saved/.test(m)),
        prompter.messages().join('\n'),
      );
      assert.equal(prompter.inputBoxes[1].password, true, 'the secret input box masks what is typed');

      prompter.inputs = [TEST_CLIENT_ID, TEST_SECRET];
      assert.equal(await vscode.commands.executeCommand<boolean>('coltReactivate.setCredentials'), true);
      assert.deepEqual(await api.services.credentials.get('emulator'), { clientId: TEST_CLIENT_ID, clientSecret: TEST_SECRET });
    } finally {
      restore.dispose();
    }
  });

  it('setCredentials checks through the proxy of http.proxy, as submissions do', async () => {
    // A stand-in proxy on loopback: it records the CONNECT it is asked for and refuses it, so
    // nothing leaves the machine and the check fails with a message.
    const connects: string[] = [];
    const proxy = net.createServer((socket) => {
      socket.once('data', (chunk) => {
        connects.push(chunk.toString('latin1').split('\r\n')[0]);
        socket.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const http = vscode.workspace.getConfiguration('http');
    const { prompter, restore } = scriptDialogs(api);
    try {
      await http.update('proxy', `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`, vscode.ConfigurationTarget.Global);
      await waitFor(() => api.services.settings.proxy.url !== undefined, 'the proxy setting');
      prompter.inputs = ['sandbox-client', 'sandbox-secret'];
      assert.equal(await vscode.commands.executeCommand<boolean>('coltReactivate.setCredentials', 'sandbox'), false);
      assert.deepEqual(connects, ['CONNECT sandbox.apis.colt.net:443 HTTP/1.1']);
      assert.ok(
        prompter.messages('error').some((m) => /not accepted by Colt sandbox/.test(m)),
        prompter.messages().join('\n'),
      );
      assert.equal(await api.services.credentials.get('sandbox'), undefined);
    } finally {
      restore.dispose();
      await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('setCredentials gives up after requestTimeoutSeconds, as submissions do', async () => {
    const config = vscode.workspace.getConfiguration('coltReactivate');
    const { prompter, restore } = scriptDialogs(api);
    try {
      await config.update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
      await waitFor(() => api.services.settings.requestTimeoutSeconds === 1, 'the timeout setting');
      await emulator.fault({ on: 'token', kind: 'delay', ms: 8000 });
      prompter.inputs = [TEST_CLIENT_ID, TEST_SECRET];
      const started = Date.now();
      assert.equal(await vscode.commands.executeCommand<boolean>('coltReactivate.setCredentials'), false);
      const ms = Date.now() - started;
      assert.ok(ms < deadline(6000), `the check took ${ms} ms, not the 1 s limit`);
      assert.ok(
        prompter.messages('error').some((m) => /not accepted/.test(m)),
        prompter.messages().join('\n'),
      );
    } finally {
      restore.dispose();
      await config.update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
      await api.services.credentials.set('emulator', { clientId: TEST_CLIENT_ID, clientSecret: TEST_SECRET });
    }
  });

  it('a command that fails names itself by its title, not its id, and points to the log', async () => {
    const prompter = new (class extends ScriptedPrompter {
      override async showInputBox(): Promise<string | undefined> {
        throw new Error('the input box could not be shown');
      }
    })();
    const restore = api.services.prompter.use(prompter);
    try {
      assert.equal(await vscode.commands.executeCommand('coltReactivate.setCredentials'), undefined);
    } finally {
      restore.dispose();
    }
    assert.deepEqual(prompter.messages('error'), ['Colt: Set Credentials failed: the input box could not be shown. See Colt: Show Log.']);
  });

  it('clearCredentials removes them, and a submission then offers to set them and sends nothing', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      assert.equal(await vscode.commands.executeCommand('coltReactivate.clearCredentials'), true);
      assert.equal(await api.services.credentials.has('emulator'), false);
      const before = await emulator.stats();
      assert.equal(await api.services.submission.submit({ body: bodyFor(freshNumber()), source: 'form' }), undefined);
      assert.deepEqual(await emulator.stats(), before);
      const offer = prompter.shown.find((m) => /no client id and secret/.test(m.message));
      assert.deepEqual(offer?.items, ['Set Credentials', 'Try the Local Emulator']);
    } finally {
      restore.dispose();
      await api.services.credentials.set('emulator', { clientId: TEST_CLIENT_ID, clientSecret: TEST_SECRET });
    }
  });

  it('switchTarget changes the application-scoped setting (argument and quick pick)', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      await vscode.commands.executeCommand('coltReactivate.switchTarget', 'sandbox');
      assert.equal(vscode.workspace.getConfiguration('coltReactivate').get('target'), 'sandbox');
      prompter.picks = [(items) => items.find((i) => /Local emulator/.test(i.label))];
      assert.equal(await vscode.commands.executeCommand('coltReactivate.switchTarget'), 'emulator');
      assert.equal(api.services.targets.target, 'emulator');
      assert.equal(api.services.targets.baseUrl, emulator.url);
    } finally {
      restore.dispose();
    }
  });

  it('submitRequestFile sends a valid file once; the order lands in the tree and turns Completed', async () => {
    const number = freshNumber();
    const uri = workspaceUri('orders-test.reactivate.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify({ $schema: 'x', ...bodyFor(number) }, null, 2)));
    const { prompter, restore } = scriptDialogs(api);
    // The poller's news arrives on its own seam, never among the command's dialogs.
    const { prompter: news, restore: restoreNews } = scriptDialogs(api, 'notifications');
    let record: OrderRecord | undefined;
    try {
      await vscode.window.showTextDocument(uri);
      record = await vscode.commands.executeCommand<OrderRecord | undefined>('coltReactivate.submitRequestFile');
    } finally {
      restore.dispose();
    }
    assert.ok(record, 'a record comes back');
    assert.equal(record.state, 'inProgress');
    assert.ok(record.orderId);
    const atEmulator = (await emulator.orders()).filter((o) => o.trackingId === record!.trackingId);
    assert.equal(atEmulator.length, 1);
    assert.equal(atEmulator[0].id, record.orderId);
    await emulator.completeOrders();

    const tree = api.services.tree;
    const completed = await waitFor(
      () => {
        const r = api.services.orders.get(record!.trackingId);
        return r?.state === 'completed' ? r : undefined;
      },
      'the poller to see the order Completed',
      deadline(20_000),
    );
    assert.equal(completed.orderStatus, 'Completed');
    try {
      const done = `Order ${record.orderId} completed: 1 number, GB reactivated.`;
      await waitFor(() => news.messages('info').includes(done), `the notification "${done}"; shown: ${news.messages().join(' | ')}`);
      assert.ok(!prompter.messages().includes(done), "the news did not reach the command's dialogs");
    } finally {
      restoreNews.dispose();
    }

    const groups = tree.getChildren();
    const emulatorGroup = groups.find((g) => g.kind === 'target' && g.target === 'emulator');
    assert.ok(emulatorGroup);
    const orders = tree.getChildren(emulatorGroup);
    const node = orders.find((n) => n.kind === 'order' && n.trackingId === record!.trackingId) as OrdersNode;
    assert.ok(node);
    assert.equal(orders[0], node, 'newest first');
    const item = tree.getTreeItem(node);
    assert.equal(item.label, record.orderId);
    assert.equal(item.contextValue, 'order:completed');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass-filled');
    assert.match(String(item.description), /^Completed · 1 number · GB · /);
    assert.doesNotMatch((item.tooltip as vscode.MarkdownString).value, /Colt: Completed/, 'no echo of the same word');
    assert.match(item.accessibilityInformation?.label ?? '', /Completed/);
    const ranges = tree.getChildren(node);
    assert.equal(ranges.length, 1);
    assert.equal(tree.getTreeItem(ranges[0]).label, number);
  });

  it('submitRequestFile refuses a file with errors and sends nothing', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      const before = await emulator.stats();
      const result = await vscode.commands.executeCommand('coltReactivate.submitRequestFile', workspaceUri('invalid.reactivate.json'));
      assert.equal(result, undefined);
      assert.deepEqual(await emulator.stats(), before);
      assert.match(prompter.messages('error')[0] ?? '', /Nothing was sent: invalid\.reactivate\.json has .*error.*Line \d+/);
    } finally {
      restore.dispose();
    }
  });

  it('reactivateNumbers validates each step, then submits through the same service', async () => {
    const a = freshNumber();
    const b = freshNumber();
    const { prompter, restore } = scriptDialogs(api);
    let record: OrderRecord | undefined;
    try {
      // Pasted formats, consecutive numbers; then country, no profile, Submit.
      prompter.inputs = [`${a.replace(/^\+44/, '0044 ')}, ${b}`, ''];
      prompter.picks = [(items) => items.find((i) => i.label === 'United Kingdom'), (items) => items.find((i) => /Submit to/.test(i.label))];
      record = await vscode.commands.executeCommand<OrderRecord>('coltReactivate.reactivateNumbers');
    } finally {
      restore.dispose();
    }
    assert.ok(record);
    assert.equal(record.state, 'inProgress');
    assert.deepEqual(record.body.numberRangeList, [{ numberRangeStart: a, numberRangeEnd: b }]);
    assert.equal(record.body.relatedParty.reseller.serviceProfile, undefined);
    const info = prompter.validations[0] as vscode.InputBoxValidationMessage;
    assert.equal(info.message, '2 numbers in 1 range');
  });

  it('reactivateNumbers stops at an unreadable number, and at a country that does not match', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      prompter.inputs = ['020 8132 4758'];
      assert.equal(await vscode.commands.executeCommand('coltReactivate.reactivateNumbers'), undefined);
      assert.match(String(prompter.validations[0]), /Not a number in international format/);

      prompter.inputs = [freshNumber()];
      prompter.picks = [(items) => items.find((i) => i.label === 'France'), () => undefined];
      assert.equal(await vscode.commands.executeCommand('coltReactivate.reactivateNumbers'), undefined);
      const warning = prompter.shown.find((m) => m.kind === 'warning' && m.options.modal);
      assert.ok(warning, 'the country mismatch is explained before going on');
      assert.deepEqual(warning.items, ['Keep France']);
      assert.equal(prompter.picks.length, 0, 'declining the warning goes back to the country list');
    } finally {
      restore.dispose();
    }
  });

  it('newRequestFile opens an untitled request.reactivate.json from the template, with "$schema" and no problem', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('coltReactivate.newRequestFile');
    assert.equal(document.uri.scheme, 'untitled');
    assert.match(document.uri.path, /request(-\d+)?\.reactivate\.json$/);
    const json = JSON.parse(document.getText());
    assert.match(json.$schema, /reactivate\.schema\.json$/);
    assert.deepEqual(
      computeDiagnostics(document.getText()).filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('copyAsCurl copies the exact POST for the active file, with a token placeholder', async () => {
    const { restore } = scriptDialogs(api);
    try {
      await vscode.window.showTextDocument(workspaceUri('valid.reactivate.json'));
      const text = await vscode.commands.executeCommand<string>('coltReactivate.copyAsCurl');
      assert.equal(await vscode.env.clipboard.readText(), text);
      assert.ok(text.includes(`${emulator.url}/numberManagement/v1/reactivate/order`));
      assert.match(text, /Bearer \$COLT_TOKEN/);
      assert.match(text, /x-tracking-id: [0-9a-f-]{36}/);
      assert.ok(text.includes('"numberRangeStart": "+442081324758"'));
      assert.ok(!text.includes(TEST_SECRET));
    } finally {
      restore.dispose();
    }
  });

  it('startEmulator / stopEmulator run the embedded emulator and its log lines reach the log', async () => {
    const { restore } = scriptDialogs(api);
    try {
      const url = await vscode.commands.executeCommand<string>('coltReactivate.startEmulator', { port: 0 });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(api.services.targets.baseUrl, url, 'the emulator target follows the embedded emulator');
      const stats = await (await fetch(`${url}/__emulator/stats`)).json();
      assert.equal(typeof stats.orderRequests, 'number');
      assert.ok(api.services.log.recent.some((l) => l.includes(`Local emulator listening on ${url}`)));
      assert.equal(await vscode.commands.executeCommand('coltReactivate.stopEmulator'), true);
      await assert.rejects(fetch(`${url}/__emulator/stats`));
      assert.equal(api.services.targets.baseUrl, emulator.url);
    } finally {
      restore.dispose();
      await api.services.credentials.set('emulator', { clientId: TEST_CLIENT_ID, clientSecret: TEST_SECRET });
    }
  });

  it('tree item commands: copy ids, open the request, refresh status, remove', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      const record = (await api.services.submission.submit({ body: bodyFor(freshNumber()), source: 'form' }))!;
      const node: OrdersNode = { kind: 'order', trackingId: record.trackingId };
      assert.equal(await vscode.commands.executeCommand('coltReactivate.orders.copyOrderId', node), record.orderId);
      assert.equal(await vscode.env.clipboard.readText(), record.orderId);
      assert.equal(await vscode.commands.executeCommand('coltReactivate.orders.copyTrackingId', node), record.trackingId);
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>('coltReactivate.orders.openRequest', node);
      assert.equal(doc.isUntitled, true);
      assert.deepEqual(JSON.parse(doc.getText()), record.body);
      const refreshed = await vscode.commands.executeCommand<OrderRecord>('coltReactivate.orders.refreshStatus', record.trackingId);
      assert.ok(refreshed && ['inProgress', 'completed'].includes(refreshed.state));
      const all = await vscode.commands.executeCommand<OrderRecord[]>('coltReactivate.refreshOrders');
      assert.ok(all.some((r) => r.trackingId === record.trackingId));
      prompter.modalAnswer = (_m, _d, items) => items[0]; // still in progress: removal asks first
      assert.equal(await vscode.commands.executeCommand('coltReactivate.orders.remove', node), true);
      assert.equal(api.services.orders.get(record.trackingId), undefined);
    } finally {
      restore.dispose();
    }
  });

  it('showLog runs, and the log holds requests, outcomes and timings', async () => {
    await vscode.commands.executeCommand('coltReactivate.showLog');
    const log = api.services.log.recent.join('\n');
    assert.match(log, /Submitting to Local emulator/);
    assert.match(log, /Outcome for [0-9a-f-]{36} after \d+ ms: accepted, order id/);
  });
  it('the dialog seam: each restore removes only its own layer, in any order, and a partial layer falls back to the one below it now', async () => {
    const seam = api.services.prompter;
    const outer = new ScriptedPrompter('outer');
    const inner = new ScriptedPrompter('inner');
    const restoreOuter = seam.use(outer);
    const restoreInner = seam.use(inner);
    restoreOuter.dispose(); // out of order
    await seam.showInformationMessage('to the inner layer', {});
    assert.deepEqual(inner.messages(), ['to the inner layer']);
    const partial = seam.use({ showWarningMessage: async () => 'partial' });
    try {
      await seam.showInformationMessage('through the partial layer to the inner one', {});
      assert.deepEqual(inner.messages(), ['to the inner layer', 'through the partial layer to the inner one']);
      restoreInner.dispose();
      // The inner layer is gone: the partial layer's missing methods now reach what is below it.
      const late = new ScriptedPrompter('late');
      const restoreLate = seam.use(late);
      restoreLate.dispose();
      assert.equal(await seam.showWarningMessage('answered by the partial layer', {}), 'partial');
      assert.equal(outer.messages().length + late.messages().length, 0, 'no stale layer answered');
    } finally {
      partial.dispose();
      restoreInner.dispose();
    }
  });
});
