import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applySubmitOutcome, createDraft, markSending, serializeRecords } from '../../src/core/orderRecord';
import { newTrackingId } from '../../src/core/trackingId';
import type { ExtensionApi } from '../../src/extension/extension';
import { OrderStore } from '../../src/extension/orders/orderStore';
import { StatusPoller } from '../../src/extension/orders/statusPoller';
import type { ExtensionSettings } from '../../src/extension/settings';
import { freshOrderFile, scriptDialogs, SEED_BODY, TestEmulator, useEmulatorTarget } from './extensionKit';
import { activateExtension, EXTENSION_ID, waitFor, workspaceFolder } from './harness';

describe('extension activation (real extension host)', () => {
  it('activates by itself in a workspace that holds request files', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded in this extension host`);
    // Not activated by this test: workspaceContains:**/*.reactivate.json does it (the fixture workspace holds two).
    await waitFor(() => extension.isActive, 'VS Code to activate the extension');
    const events: string[] = extension.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('onStartupFinished') && !events.includes('*'), `activates in every window: ${events.join(', ')}`);
  });

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

  it('polls an order an earlier session left in progress, as activation does, and tells when it completes', async () => {
    const api = (await activateExtension<ExtensionApi>()).exports;
    const emulator = await TestEmulator.start();
    const file = freshOrderFile();
    const { prompter, restore } = scriptDialogs(api, 'notifications');
    let store: OrderStore | undefined;
    let poller: StatusPoller | undefined;
    try {
      await useEmulatorTarget(api, emulator);
      const accepted = await api.services.targets.client('emulator', emulator.url).submitOrder(SEED_BODY, { trackingId: newTrackingId() });
      assert.equal(accepted.kind, 'accepted');
      const sending = markSending(createDraft({ target: 'emulator', baseUrl: emulator.url, body: SEED_BODY, trackingId: accepted.trackingId }));
      const left = applySubmitOutcome(sending, accepted);
      // The list as the earlier window left it; then the store and the poller as activate() builds them.
      fs.writeFileSync(file, serializeRecords([left]));
      store = new OrderStore(file, api.services.log);
      const settings = Object.create(api.services.settings, { statusPollSeconds: { value: 0.1 } }) as ExtensionSettings;
      poller = new StatusPoller(store, api.services.targets, settings, api.services.log, api.services.notifications);
      await emulator.completeOrders();
      await waitFor(() => store!.get(left.trackingId)?.state === 'completed', 'the order to be polled to Completed');
      await waitFor(() => prompter.messages('info').some((m) => m.startsWith(`Order ${left.orderId} completed`)), 'the notification that it completed');
    } finally {
      poller?.dispose();
      restore.dispose();
      store?.dispose();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      await emulator.close();
    }
  });
});
