// The parts that load on first use (src/extension/parts.ts), in the real extension host: none of
// them is loaded by activate(), and each works the first time something needs it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReactivationFormPanel } from '../../src/extension/form/reactivationFormPanel';
import { LANGUAGE_ID } from '../../src/shared/lspProtocol';
import { extensionApi } from './extensionKit';
import { closeAllEditors, waitFor, workspaceUri } from './harness';

describe('parts loaded on first use (real extension host)', () => {
  afterEach(closeAllEditors);

  it('activate() loads none of them', async () => {
    const api = await extensionApi();
    assert.deepEqual(api.partsAtStartup, []);
  });

  it('a command loads the handlers and answers', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('coltReactivate.showLog');
    assert.equal(typeof api.partLoadMs.commands, 'number');
  });

  it('Open Reactivation Form loads the form and opens it', async () => {
    const api = await extensionApi();
    const panel = await vscode.commands.executeCommand<ReactivationFormPanel>('coltReactivate.openForm');
    assert.ok(panel, 'the command returns the panel');
    assert.equal(typeof api.partLoadMs.form, 'number');
    panel.dispose();
  });

  it('the submission path and the HTTP client are built when first asked for', async () => {
    const api = await extensionApi();
    assert.equal(typeof api.services.submission.submit, 'function');
    assert.equal(typeof api.partLoadMs.submission, 'number');
    const client = api.services.targets.client('emulator');
    assert.equal(typeof client.submitOrder, 'function');
    assert.equal(typeof api.partLoadMs.client, 'number');
  });

  it('the embedded emulator starts and answers', async () => {
    const api = await extensionApi();
    const { emulator } = api.services;
    const wasRunning = emulator.isRunning;
    const running = await emulator.start(0);
    try {
      assert.equal(typeof api.partLoadMs.emulator, 'number');
      const answer = await fetch(`${running.url}/__emulator/orders`);
      assert.equal(answer.status, 200);
    } finally {
      if (!wasRunning) await emulator.stop();
    }
  });

  it('a request file loads the language client, which starts the server', async () => {
    const api = await extensionApi();
    const document = await vscode.workspace.openTextDocument(workspaceUri('valid.reactivate.json'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, LANGUAGE_ID);
    await waitFor(() => api.languageClient.state === 'running', 'the language client to run');
    assert.equal(typeof api.partLoadMs.languageClient, 'number');
  });
});
