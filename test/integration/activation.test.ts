import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, workspaceFolder } from './harness';

describe('extension activation (real extension host)', () => {
  it('is loaded from the development path and activates', async () => {
    const extension = await activateExtension();
    assert.equal(extension.id, EXTENSION_ID);
    assert.equal(extension.isActive, true);
  });

  it('registers every command that package.json contributes', async () => {
    const extension = await activateExtension();
    const contributed: { command: string }[] = extension.packageJSON.contributes?.commands ?? [];
    assert.ok(contributed.length > 0, 'package.json contributes no command');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('runs Colt: Show Log without error', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('coltReactivate.showLog');
  });

  it('opens the fixture workspace', () => {
    assert.match(workspaceFolder().uri.path, /workspace$/);
  });
});
