// Orders survive a window reload: submit one to the emulator, run Developer: Reload Window from
// the palette, and find the order in the Orders tree of the new window (a new extension host).
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workbench } from './hooks';

const FILE = 'e2e-reload.reactivate.json';
// A quarantined number of the demo inventory that no other spec uses.
const NUMBER = '+442071839001';

describe('window reload (e2e)', () => {
  it('an order submitted before Developer: Reload Window is still in the Orders tree after it', async function () {
    this.timeout(deadline(150_000));
    const wb = workbench();
    const body = {
      numberRangeList: [{ numberRangeStart: NUMBER, numberRangeEnd: NUMBER }],
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
    };
    fs.writeFileSync(path.join(wb.workspace, FILE), JSON.stringify(body, null, 2) + '\n');
    // A file written this early may predate the file watcher: refresh the Explorer, as a person would.
    await wb.runCommand('Refresh Explorer');
    await wb.openFileFromExplorer(FILE);
    await wb.runCommand('Colt: Submit Reactivation Request');
    const { id: orderId } = await wb.orderFor(NUMBER);
    await wb.notification(`Order ${orderId} accepted by Local emulator`);

    const orderRow = () => wb.view('Orders').locator('.monaco-list-row', { hasText: orderId });
    await wb.openViewContainer('Colt Reactivation');
    await orderRow().first().waitFor();

    // The reload: a new page load, a new extension host; the old DOM goes away.
    const reloaded = wb.page.waitForEvent('framenavigated', { predicate: (f) => f === wb.page.mainFrame(), timeout: deadline(60_000) });
    await wb.runCommand('Developer: Reload Window');
    await reloaded;
    // The side bar comes back as it was left (the Orders view), so wait for the workbench and
    // the new extension host's status bar item rather than for the Explorer.
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: deadline(60_000) });
    await wb.page
      .locator('.statusbar-item', { hasText: /Colt:/ })
      .first()
      .waitFor({ timeout: deadline(60_000) });

    await wb.openViewContainer('Colt Reactivation');
    await orderRow()
      .first()
      .waitFor({ timeout: deadline(60_000) });
    const label = await wb.poll(async () => {
      const row = orderRow().first();
      const text = `${await row.getAttribute('aria-label')} ${await row.innerText()}`.replace(/\s+/g, ' ');
      // Still the order it was: completed by now, or in progress and polled again by the new host.
      return /Completed|In progress/i.test(text) ? text : undefined;
    }, `order ${orderId} with its status after the reload`);
    assert.match(label, /1 number · GB/);
    await wb.runCommand('View: Show Explorer'); // leave the side bar as other specs expect it
    await wb.runCommand('View: Close All Editors');
  });
});
