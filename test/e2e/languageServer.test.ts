// The language server as a person meets it in a live workbench: type a mistake in a request
// file, see the squiggle and the Problems panel entry, fix it with the quick fix from the
// keyboard (Ctrl+. then Enter), and see the problem gone. Every step waits for a condition.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workbench } from './hooks';

const FILE = 'e2e-language.reactivate.json';
const BODY = {
  numberRangeList: [{ numberRangeStart: '+442071839000', numberRangeEnd: '+442071839000' }],
  productOffering: { name: 'Wholesale SIP' },
  relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
};
const UNKNOWN_COUNTRY = /"UK" is not a country code Colt accepts: write "GB"/;

function editor() {
  return workbench().page.locator('.editor-group-container.active .monaco-editor').first();
}

describe('language server (e2e)', () => {
  it('a mistake typed in a request file is underlined, listed in Problems, and fixed by the quick fix from the keyboard', async function () {
    this.timeout(deadline(120_000));
    const wb = workbench();
    const keyboard = wb.page.keyboard;
    fs.writeFileSync(path.join(wb.workspace, FILE), JSON.stringify(BODY, null, 2) + '\n');
    // A file written this early may predate the file watcher: refresh the Explorer, as a person would.
    await wb.runCommand('Refresh Explorer');
    await wb.openFileFromExplorer(FILE);
    // The clean file has no error squiggle (the server has started and published nothing).
    await editor().locator('.view-lines').waitFor();
    assert.equal(await editor().locator('.squiggly-error').count(), 0);

    // Type the mistake: the country line, between the quotes of "GB".
    const countryLine =
      JSON.stringify(BODY, null, 2)
        .split('\n')
        .findIndex((l) => l.includes('"country"')) + 1;
    await keyboard.press('Control+G'); // Go to Line/Column (the editor has the focus)
    await wb.answerQuickInput(`:${countryLine}`);
    await editor().locator('.cursors-layer .cursor').first().waitFor();
    await keyboard.press('End');
    await keyboard.press('ArrowLeft'); // before the closing quote
    await keyboard.press('Backspace');
    await keyboard.press('Backspace');
    await keyboard.type('UK');

    // The squiggle under the value, and its entry in the Problems panel.
    await editor().locator('.squiggly-error').first().waitFor();
    const rows = await wb.problems((r) => r.some((row) => UNKNOWN_COUNTRY.test(row)));
    assert.ok(
      rows.some((row) => UNKNOWN_COUNTRY.test(row)),
      rows.join('\n'),
    );
    await wb.screenshot('language-server-problem');

    // Back to the editor (the cursor is still inside "UK"), Ctrl+. opens the quick fixes; the
    // preferred fix is focused first, Enter applies it.
    await wb.runCommand('View: Focus Active Editor Group');
    await editor().locator('textarea.inputarea, .native-edit-context').first().waitFor({ state: 'attached' });
    await keyboard.press('Control+.');
    const focusedAction = wb.page.locator('.action-widget .monaco-list-row.focused');
    await focusedAction.waitFor();
    assert.match(await focusedAction.innerText(), /GB/);
    await keyboard.press('Enter');

    // The text says "GB" again, the squiggle and the Problems entry are gone.
    await wb.poll(async () => ((await editor().locator('.squiggly-error').count()) === 0 ? true : undefined), 'the squiggle to go');
    await wb.poll(
      async () => ((await editor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ').includes('"country": "GB"') ? true : undefined),
      'the quick fix to write "GB"',
    );
    await wb.problems((r) => !r.some((row) => UNKNOWN_COUNTRY.test(row)));

    // Leave a saved file and no editor behind for the next spec.
    await wb.runCommand('View: Focus Active Editor Group');
    await wb.runCommand('File: Save');
    await wb.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    await wb.runCommand('View: Close All Editors');
  });
});
