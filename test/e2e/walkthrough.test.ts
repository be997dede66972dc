// The walkthrough (contributes.walkthroughs) as a new user meets it: opened from the palette,
// its steps listed, one step's button run, and the step ticked off by VS Code itself.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../scripts/harness/codeServer';
import { deadline } from '../deadline';
import { workbench } from './hooks';

interface WalkthroughStep {
  id: string;
  title: string;
  media: { altText?: string };
}

const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
const walkthrough = pkg.contributes.walkthroughs[0] as { id: string; title: string; steps: WalkthroughStep[] };

describe('the walkthrough (e2e)', () => {
  after(async function () {
    this.timeout(deadline(30_000));
    // Leave the shared workbench as the other specs expect it: Explorer shown, no editor open.
    const wb = workbench();
    await wb.runCommand('View: Show Explorer');
    await wb.runCommand('View: Close All Editors');
    await wb.page.locator('.gettingStartedContainer').waitFor({ state: 'hidden' });
  });

  it('opens from the palette, lists its steps, and Show Orders shows the view and ticks the step', async function () {
    this.timeout(deadline(90_000));
    const wb = workbench();
    const page = wb.page;
    // The Orders view hidden, so that showing it is a change VS Code reports (onView).
    await wb.runCommand('View: Show Explorer');

    await wb.runCommand('Welcome: Open Walkthrough...', { then: 'quickInput' });
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: walkthrough.title }),
    });
    await page.locator('.quick-input-widget .quick-input-box input').fill(walkthrough.title);
    await row.first().click();

    const editor = page.locator('.gettingStartedContainer');
    await editor.locator('h2.category-title', { hasText: walkthrough.title }).waitFor();
    const titles = await editor.locator('button.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(
      titles.map((t) => t.trim()),
      walkthrough.steps.map((s) => s.title),
    );

    const orders = walkthrough.steps.find((s) => s.id === 'orders');
    assert.ok(orders, 'the walkthrough has its "orders" step');
    const stepId = `#${walkthrough.id}#orders`;
    const checkbox = editor.locator(`button.getting-started-step .codicon[data-done-step-id$="${stepId}"]`);
    const done = async () => (await checkbox.getAttribute('aria-checked')) === 'true';
    // Other specs may have shown the Orders view already, which ticked the step: untick it, as a
    // person can, to see it ticked by the button this time.
    if (await done()) {
      await checkbox.click();
      await wb.poll(async () => ((await done()) ? undefined : true), 'the step to be unticked');
    }
    // VS Code draws a ticked step with its "getting-started-step-checked" icon (pass-filled).
    const ticked = () => checkbox.evaluate((e) => e.classList.contains('complete') && e.classList.contains('codicon-getting-started-step-checked'));
    assert.equal(await ticked(), false);

    // Select the step (unless it is already): its description, button and picture are shown.
    const step = editor.locator(`button.getting-started-step[data-step-id$="${stepId}"]`);
    if ((await step.getAttribute('aria-expanded')) !== 'true') await step.locator('.step-title').click();
    const button = editor.locator(`[x-step-description-for$="${stepId}"] .monaco-button`, { hasText: 'Show Orders' });
    await button.waitFor();
    await editor.locator(`.getting-started-media img[alt="${orders.media.altText}"]`).waitFor();
    await wb.screenshot('walkthrough', page.locator('.part.editor'));

    await button.click();
    // The action: the Colt Reactivation side bar with its Orders view.
    await page.locator('.sidebar .composite.title h2', { hasText: /Colt Reactivation/i }).waitFor();
    await wb.view('Orders').waitFor();
    // The step: ticked by VS Code on seeing the view (completionEvents onView:coltReactivate.orders).
    await wb.poll(async () => ((await done()) ? true : undefined), 'the "Find your orders" step to be ticked');
    assert.ok(await ticked(), 'the step shows its tick');
  });
});
