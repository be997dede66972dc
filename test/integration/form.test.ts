// The reactivation form in the real extension host: the command, the panel, its hardening, and
// every webview message fed through the panel's seam as if the webview had posted it, with the
// submission going to an emulator started here.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator, type RunningEmulator } from '../../src/emulator/emulator';
import type { ReactivationFormPanel } from '../../src/extension/form/reactivationFormPanel';
import type { Prompter } from '../../src/extension/prompter';
import type { HostMessage } from '../../src/shared/protocol';
import { activateExtension, waitFor, workspaceUri } from './harness';

const SEED_REQUEST = {
  numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
  productOffering: { name: 'Wholesale SIP' },
  relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
};

interface ApiShape {
  services?: { prompter?: { use(p: Partial<Prompter>): vscode.Disposable }; log?: { warn(message: string): void } };
  prompter?: { use(p: Partial<Prompter>): vscode.Disposable };
}

async function openForm(): Promise<ReactivationFormPanel> {
  const panel = await vscode.commands.executeCommand<ReactivationFormPanel>('coltReactivate.openForm');
  assert.ok(panel, 'coltReactivate.openForm returns the panel');
  return panel;
}

/** Collects what the host posts to the webview from now on. */
function record(panel: ReactivationFormPanel): { messages: HostMessage[]; dispose(): void } {
  const messages: HostMessage[] = [];
  const sub = panel.onDidPostMessage((m) => messages.push(m));
  return { messages, dispose: () => sub.dispose() };
}

async function emulatorOrders(emulator: RunningEmulator): Promise<{ trackingId: string; body: unknown }[]> {
  const res = await fetch(`${emulator.url}/__emulator/orders`);
  return ((await res.json()) as { orders: { trackingId: string; body: unknown }[] }).orders;
}

describe('reactivation form (real extension host)', () => {
  let emulator: RunningEmulator;
  const config = () => vscode.workspace.getConfiguration('coltReactivate');
  let answers: vscode.Disposable | undefined;
  let api: ApiShape | undefined;

  before(async () => {
    const extension = await activateExtension<ApiShape>();
    api = extension.exports;
    emulator = await startEmulator({ port: 0, completeAfterMs: 200 });
    await config().update('emulator.port', emulator.port, vscode.ConfigurationTarget.Global);
    await config().update('target', 'emulator', vscode.ConfigurationTarget.Global);
    // Credentials go in the way a user enters them: the setCredentials command, with the
    // prompter answering its two input boxes.
    const prompter = extension.exports?.services?.prompter ?? extension.exports?.prompter;
    assert.ok(prompter, 'the extension API exposes the prompter seam');
    const inputs = [DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET];
    answers = prompter.use({
      showInputBox: async () => inputs.shift(),
      showInformationMessage: async () => undefined,
      showErrorMessage: async () => undefined,
      showWarningMessage: async () => undefined,
    });
    await waitFor(() => emulator.port === Number(config().get('emulator.port')), 'the emulator port setting');
    const stored = await vscode.commands.executeCommand('coltReactivate.setCredentials', 'emulator');
    assert.equal(stored, true, 'emulator credentials stored');
  });

  after(async () => {
    answers?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config().update('target', undefined, vscode.ConfigurationTarget.Global);
    await config().update('emulator.port', undefined, vscode.ConfigurationTarget.Global);
    await emulator?.close();
  });

  it('opens one hardened panel, and reveals it when opened again', async () => {
    const panel = await openForm();
    const again = await openForm();
    assert.equal(again, panel, 'a single instance');
    const webviewPanel = panel.webviewPanel;
    assert.equal(webviewPanel.viewType, 'coltReactivate.form');
    assert.equal(webviewPanel.options.retainContextWhenHidden, false);
    const roots = (webviewPanel.webview.options.localResourceRoots ?? []).map((u) => u.path.split('/').pop()).sort();
    assert.deepEqual(roots, ['dist', 'media']);
    const html = webviewPanel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9_-]+'/);
    assert.match(csp, /connect-src 'none'/);
    assert.ok(csp.includes(`style-src ${webviewPanel.webview.cspSource}`), csp);
    assert.doesNotMatch(html, /\son[a-z]+\s*=|unsafe-inline|unsafe-eval/i);
  });

  it('answers the ready handshake with the target, the limit and the 20 countries, and no secret', async () => {
    const panel = await openForm();
    const posted = record(panel);
    await panel.receiveForTest({ type: 'ready' });
    posted.dispose();
    const init = posted.messages.find((m) => m.type === 'init');
    assert.ok(init && init.type === 'init');
    assert.equal(init.target.name, 'emulator');
    assert.equal(init.target.baseUrl, emulator.url);
    assert.equal(init.countries.length, 20);
    assert.deepEqual(init.countries[0], { code: 'GB', name: 'United Kingdom', callingCode: '44', portIn: 'no' });
    assert.equal(init.maxNumbersPerRange, 1000);
    assert.doesNotMatch(JSON.stringify(posted.messages), new RegExp(`${DEFAULT_CLIENT_SECRET}|${DEFAULT_CLIENT_ID}|access_token`));
  });

  it('ignores messages that fail the protocol check: nothing is answered, nothing is sent', async () => {
    const panel = await openForm();
    const before = (await emulatorOrders(emulator)).length;
    const posted = record(panel);
    // Watch the extension's own log: each rejected message must leave a line there.
    const log = api?.services?.log;
    assert.ok(log, 'the extension API exposes the log');
    const warnings: string[] = [];
    const realWarn = log.warn;
    log.warn = (message: string) => {
      warnings.push(message);
      realWarn.call(log, message);
    };
    for (const bad of [null, 'submit', { type: 'submit' }, { type: 'submit', request: { ...SEED_REQUEST, extra: 1 } }, { type: 'nope' }]) {
      await panel.receiveForTest(bad);
    }
    log.warn = realWarn;
    posted.dispose();
    assert.equal(warnings.filter((w) => /failed the protocol check/.test(w)).length, 5, warnings.join('\n'));
    // The live webview may say `ready` meanwhile (answered with init); nothing else may be answered.
    assert.deepEqual(
      posted.messages.filter((m) => m.type !== 'init'),
      [],
    );
    assert.equal((await emulatorOrders(emulator)).length, before);
  });

  it('submits the seed example through the submission service to the emulator and posts the outcome back', async () => {
    const panel = await openForm();
    const posted = record(panel);
    await panel.receiveForTest({ type: 'submit', request: SEED_REQUEST });
    posted.dispose();
    const result = posted.messages.find((m) => m.type === 'submitResult');
    assert.ok(result && result.type === 'submitResult');
    assert.equal(result.outcome, 'inProgress', result.message);
    assert.ok(result.orderId && result.trackingId);
    // No status word that goes stale while the line stays on screen; the Orders view has the live one.
    assert.equal(result.message, `Order ${result.orderId} accepted by Local emulator. Follow its status in the Orders view.`);
    const orders = await emulatorOrders(emulator);
    const sent = orders.find((o) => o.trackingId === result.trackingId);
    assert.ok(sent, 'the emulator received the order under the tracking id the form reports');
    assert.deepEqual(sent.body, SEED_REQUEST);
  });

  it('never sends a request with errors', async () => {
    const panel = await openForm();
    const before = (await emulatorOrders(emulator)).length;
    const posted = record(panel);
    const bad = { ...SEED_REQUEST, numberRangeList: [{ numberRangeStart: '+442081324759', numberRangeEnd: '+442081324758' }] };
    await panel.receiveForTest({ type: 'submit', request: bad });
    posted.dispose();
    const result = posted.messages.find((m) => m.type === 'submitResult');
    assert.equal(result?.type === 'submitResult' && result.outcome, 'cancelled');
    assert.equal((await emulatorOrders(emulator)).length, before);
  });

  it('saves the request as pretty JSON with "$schema"', async () => {
    const panel = await openForm();
    const target = workspaceUri('from-form.reactivate.json');
    panel.setSaveDialogForTest(async () => target);
    const posted = record(panel);
    await panel.receiveForTest({ type: 'save', request: SEED_REQUEST });
    posted.dispose();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    const saved = JSON.parse(text) as Record<string, unknown>;
    assert.equal(typeof saved.$schema, 'string');
    assert.deepEqual({ ...saved, $schema: undefined }, { ...SEED_REQUEST, $schema: undefined });
    assert.ok(text.startsWith('{\n  "$schema"'), 'pretty, $schema first');
    const result = posted.messages.find((m) => m.type === 'actionResult');
    assert.ok(result && result.type === 'actionResult' && result.ok, JSON.stringify(result));
    await vscode.workspace.fs.delete(target);
  });

  it('copies the exact request as curl, with the token as a placeholder', async () => {
    const panel = await openForm();
    await vscode.env.clipboard.writeText('');
    await panel.receiveForTest({ type: 'copyCurl', request: SEED_REQUEST });
    const curl = await vscode.env.clipboard.readText();
    assert.ok(curl.includes(`${emulator.url}/numberManagement/v1/reactivate/order`), curl);
    assert.ok(curl.includes('$COLT_TOKEN'));
    assert.ok(curl.includes('"numberRangeStart": "+442081324758"'));
    assert.ok(!curl.includes(DEFAULT_CLIENT_SECRET));
  });

  it('keeps the draft when the form is closed and opened again', async () => {
    const panel = await openForm();
    // Touched fields and the last accepted request travel with the draft, so a reopened form
    // neither hides errors the user has seen nor offers to send the same order again.
    const state = {
      rows: [{ id: 'r0', start: '+442081324760', end: '+442081324769' }],
      country: 'GB',
      serviceProfile: 'ANH',
      pasteText: '',
      rejectedLines: [],
      nextRowId: 1,
      touched: ['row:r0:start', 'ranges', 'country'],
      submitted: { outcome: 'accepted' as const, orderId: 'ORD-1', trackingId: 't-1', requestKey: 'k1' },
    };
    await panel.receiveForTest({ type: 'stateChanged', state });
    panel.dispose();
    const reopened = await openForm();
    assert.notEqual(reopened, panel);
    const posted = record(reopened);
    await reopened.receiveForTest({ type: 'ready' });
    posted.dispose();
    const init = posted.messages.find((m) => m.type === 'init');
    assert.deepEqual(init?.type === 'init' && init.draft, state);
  });
});
