// The status bar target switcher and the Orders tree, driven as a person would in a live
// workbench; screenshots of the tree in both themes for the README.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workbench } from './hooks';

function targetItem() {
  return workbench().page.locator('.statusbar-item', { hasText: /Colt:/ }).first();
}

async function switchTargetFromStatusBar(label: string): Promise<string> {
  const wb = workbench();
  await targetItem().locator('a, .statusbar-item-label').first().click();
  await wb.answerQuickInput(label);
  return wb.poll(async () => {
    const text = (await targetItem().innerText()).trim();
    return text.includes(label) ? text : undefined;
  }, `the status bar to show ${label}`);
}

describe('status bar and Orders tree (e2e)', () => {
  it('the status bar shows the target and switches it on click; production is in the warning colour', async function () {
    this.timeout(deadline(90_000));
    const wb = workbench();
    await targetItem().waitFor();
    assert.match(await targetItem().innerText(), /Colt: Local emulator/);

    await switchTargetFromStatusBar('Colt sandbox');
    assert.equal(await targetItem().evaluate((e) => e.classList.contains('warning-kind')), false);

    try {
      await switchTargetFromStatusBar('Colt production');
      await wb.poll(async () => ((await targetItem().evaluate((e) => e.classList.contains('warning-kind'))) ? true : undefined), 'the warning colour');
      await wb.screenshot('status-bar-production', wb.page.locator('.part.statusbar'));
    } finally {
      // Whatever happened above, later specs must not find production as the target.
      await wb.page.keyboard.press('Escape');
      await switchTargetFromStatusBar('Local emulator');
    }
    assert.equal(await targetItem().evaluate((e) => e.classList.contains('warning-kind')), false);
  });

  it('a request file submitted from the editor shows in the tree and turns Completed', async function () {
    this.timeout(deadline(120_000));
    const wb = workbench();
    await workbench().setTheme('dark');
    // +442081324759: a quarantined number of the demo inventory that no other spec uses.
    const body = {
      $schema: 'https://colt-reactivate.local/reactivate.schema.json',
      numberRangeList: [{ numberRangeStart: '+442081324759', numberRangeEnd: '+442081324759' }],
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
    };
    fs.writeFileSync(path.join(wb.workspace, 'e2e-order.reactivate.json'), JSON.stringify(body, null, 2) + '\n');
    // From the explorer, as a person would (Quick Open may not have indexed the new file yet);
    // a file written this early may predate the file watcher, so refresh it first.
    await wb.runCommand('Refresh Explorer');
    await wb.openFileFromExplorer('e2e-order.reactivate.json');
    await wb.runCommand('Colt: Submit Reactivation Request');
    const { id: orderId } = await wb.orderFor('+442081324759');
    await wb.notification(`Order ${orderId} accepted by Local emulator`);

    await wb.openViewContainer('Colt Reactivation');
    const label = await wb.poll(
      async () => {
        const rows = wb.view('Orders').locator('.monaco-list-row', { hasText: orderId });
        if ((await rows.count()) === 0) return undefined;
        const text = `${await rows.first().getAttribute('aria-label')} | ${(await rows.first().innerText()).replace(/\s+/g, ' ')}`;
        return /Completed/.test(text) ? text : undefined;
      },
      `order ${orderId} to turn Completed in the tree`,
      deadline(30_000),
    );
    assert.match(label, /1 number · GB/);
    await wb.notification(new RegExp(`Order ${orderId} completed`));

    // Expand it: its child is the range.
    await wb.view('Orders').locator('.monaco-list-row', { hasText: orderId }).first().click();
    await wb.page.keyboard.press('ArrowRight');
    await wb.poll(async () => ((await wb.viewItems('Orders', 0)).some((t) => t.includes('+442081324759')) ? true : undefined), 'the range row');
    // Wide enough for the description (state · numbers · country · time), no hover tooltip.
    const box = await wb.page.locator('.part.sidebar').boundingBox();
    if (box) {
      // Drag the sash between the side bar and the editor.
      await wb.page.mouse.move(box.x + box.width + 1, box.y + 300);
      await wb.page.mouse.down();
      await wb.page.mouse.move(box.x + box.width + 220, box.y + 300, { steps: 5 });
      await wb.page.mouse.up();
    }
    await wb.page.mouse.move(900, 600);
    await wb.screenshot('orders-tree-dark', wb.page.locator('.part.sidebar'));
    await workbench().setTheme('light');
    await wb.screenshot('orders-tree-light', wb.page.locator('.part.sidebar'));
    await workbench().setTheme('dark');
    await wb.runCommand('View: Show Explorer'); // leave the side bar as other specs expect it
  });
});
