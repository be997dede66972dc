// Bulk reactivation as a person does it in the live workbench: a CSV of numbers in three countries
// (one row unusable) imported from the palette, the plan reviewed beside, the request files written
// to bulk/, the folder submitted as one batch from the palette, and its orders Completed under the
// batch's node in the Orders view.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workbench } from './hooks';

// Quarantined numbers of the demo inventory's bulk blocks that no other spec uses.
const GB = ['+442079460250', '+442079460251', '+442079460252'];
const DE = ['+494012345150', '+494012345151'];
const FR = ['+33145670150'];
const CSV = [
  'Number,Country,Service Profile',
  ...GB.map((n) => `${n},GB,ANH`),
  ...DE.map((n) => `${n},DE,`),
  'not a number,GB,ANH',
  ...FR.map((n) => `${n},FR,`),
].join('\n');

describe('bulk reactivation (e2e)', () => {
  it('a CSV imported from the palette, its plan reviewed, the folder submitted as a batch: the orders turn Completed in the Orders view', async function () {
    this.timeout(deadline(180_000));
    const wb = workbench();
    const { page } = wb;
    const csv = path.join(wb.workspace, 'e2e-bulk.csv');
    fs.writeFileSync(csv, CSV + '\n');

    // Import: the palette, then the file in the (simple, remote) open dialog. First, as a person
    // would, wait for the palette to list the command (a fresh workbench may still be loading it).
    await wb.paletteCommands('Colt: Import Numbers for Bulk Reactivation');
    await wb.runCommand('Colt: Import Numbers for Bulk Reactivation...', { then: 'quickInput' });
    await wb.answerQuickInput(csv);

    // The plan opens beside for review: three orders, and the refused row with its line number.
    const plan = page
      .locator('.monaco-editor .view-lines')
      // Monaco writes spaces as U+00A0: match on a name without any.
      .filter({ hasText: /GB-ANH-1\.reactivate\.json/ })
      .first();
    await plan.waitFor({ timeout: deadline(30_000) });
    const planText = (await plan.innerText()).replace(/\u00a0/g, ' ');
    for (const file of ['GB-ANH-1.reactivate.json', 'DE-1.reactivate.json', 'FR-1.reactivate.json']) assert.ok(planText.includes(file), planText);
    assert.match(planText, /line 7: not-a-number/);

    // The folder: bulk/ (the suggestion), then the one confirmation to write the files.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: /folder for the request files/ }).waitFor();
    // The picture README.md's "Bulk reactivation" shows: the plan beside, the folder asked for.
    await wb.screenshot('bulk-plan');
    await wb.answerQuickInput('bulk');
    const dialog = page.locator('.monaco-dialog-box', { hasText: /Write 3 request files to (\S*\/)?bulk\?/ });
    await dialog.waitFor();
    await dialog.locator('.monaco-button', { hasText: /^\s*Write Files\s*$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await wb.poll(
      async () => (fs.existsSync(path.join(wb.workspace, 'bulk')) && fs.readdirSync(path.join(wb.workspace, 'bulk')).length === 3 ? true : undefined),
      'three request files in bulk/',
    );

    // Submit the folder as one batch, from the palette: it offers the workspace's folders of request files.
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.runCommand('Colt: Submit Reactivation Batch...', { then: 'quickInput' });
    await page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: /bulk.*3 request files/ })
      .first()
      .click();
    await wb.notification(/Batch to Local emulator: 3 orders: 3 accepted\./);
    const orders = await Promise.all([GB[0]!, DE[0]!, FR[0]!].map((n) => wb.orderFor(n)));
    assert.equal(new Set(orders.map((o) => o.trackingId)).size, 3, 'three orders, each once');

    // The Orders view: one batch node, its three orders Completed (the emulator completes them, the poller sees it).
    await wb.openViewContainer('Colt Reactivation');
    const batchRow = wb
      .view('Orders')
      .locator('.monaco-list-row', { hasText: /Batch / })
      .first();
    await wb.poll(
      async () => (/3 orders · 3 completed/.test((await batchRow.innerText().catch(() => '')).replace(/\s+/g, ' ')) ? true : undefined),
      'the batch row to read "3 orders · 3 completed"',
      deadline(60_000),
    );
    const rows = await wb.viewItems('Orders');
    for (const order of orders) {
      const row = rows.find((r) => r.includes(order.id));
      assert.ok(row, `order ${order.id} listed: ${rows.join(' | ')}`);
      assert.match(row, /Completed/);
    }
    assert.ok(
      rows.some((r) => /Completed · 3 numbers · GB · GB-ANH/.test(r)),
      `the GB order names its file: ${rows.join(' | ')}`,
    );
    await wb.runCommand('View: Show Explorer'); // leave the side bar as other specs expect it
  });

  afterEach(async () => {
    // The plan is an untitled document: left open, a later "Close All Editors" would stop at "Save changes?".
    const wb = workbench();
    const tab = wb.page.locator('.tabs-container .tab', { hasText: /e2e-bulk\.csv/ }).first();
    if ((await tab.count()) === 0) return;
    await tab.click();
    await wb.runCommand('View: Revert and Close Editor');
    await tab.waitFor({ state: 'detached' });
  });
});
