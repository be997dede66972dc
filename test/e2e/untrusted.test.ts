// An untrusted workspace, for real: a second code-server with workspace trust enabled opens a
// folder nobody has trusted, the user answers "No, I don't trust the authors" (restricted
// mode), and then request files are still validated, while submitting is refused with the
// explanation and nothing reaches the emulator.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { reportFailuresFrom } from './hooks';
import { startWorkbench, type Workbench } from './workbench';

describe('untrusted workspace (e2e, its own code-server with workspace trust on)', function () {
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(deadline(180_000));
    wb = await startWorkbench({
      settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' },
      readyWhen: 'workbench',
    });
    reportFailuresFrom(wb);
  });
  after(async function () {
    this.timeout(deadline(60_000));
    reportFailuresFrom(undefined);
    await wb?.stop();
  });

  it('validates request files but refuses to submit, and the emulator sees no order request', async function () {
    this.timeout(deadline(150_000));
    const w = wb!;
    const page = w.page;
    // The startup trust prompt (modal): choose restricted mode.
    const dontTrust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /don.t trust/i }).first();
    await dontTrust.waitFor({ timeout: deadline(60_000) });
    await w.screenshot('untrusted-trust-prompt');
    await dontTrust.click();
    await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
    // Restricted mode shows in the status bar.
    await page
      .locator('.statusbar-item', { hasText: /Restricted Mode/i })
      .first()
      .waitFor();
    await page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout: deadline(60_000) });
    await page
      .locator('.statusbar-item', { hasText: /Colt:/ })
      .first()
      .waitFor({ timeout: deadline(60_000) });

    // Validation works: the invalid fixture's problems reach the Problems panel.
    await w.openFileFromExplorer('invalid.reactivate.json');
    const unknownCountry = /"UK" is not a country code Colt accepts/;
    const rows = await w.problems((r) => r.some((row) => unknownCountry.test(row)), deadline(60_000));
    assert.ok(
      rows.some((row) => unknownCountry.test(row)),
      rows.join('\n'),
    );
    await page.locator('.editor-group-container.active .squiggly-error').first().waitFor();

    // Submitting the valid one is refused, with the reason and the way out.
    await w.openFileFromExplorer('valid.reactivate.json');
    await w.runCommand('Colt: Submit Reactivation Request');
    const toast = await w.notification(/untrusted workspace/);
    const text = await toast.innerText();
    assert.match(text, /cannot be submitted from an untrusted workspace/);
    // The way out is a button of that very notification, wherever it was found (toast or centre).
    await page
      .locator('.notification-list-item', { has: page.locator('.notification-list-item-message', { hasText: /untrusted workspace/ }) })
      .locator('.monaco-button', { hasText: 'Manage Workspace Trust' })
      .filter({ visible: true })
      .first()
      .waitFor();
    await w.screenshot('untrusted-refused');

    const stats = (await (await fetch(`${w.emulator.url}/__emulator/stats`)).json()) as { orderRequests: number; tokenRequests: number };
    assert.equal(stats.orderRequests, 0, 'no order request reached the emulator');
    assert.equal(stats.tokenRequests, 0, 'not even a token was asked for');
  });
});
