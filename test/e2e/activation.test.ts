import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { workbench } from './hooks';
import packageJsonFile from '../../package.json';

const packageJson = packageJsonFile as { contributes: { commands: { command: string; title: string; category?: string }[] } };

/** What the palette shows for a contributed command: "Category: Title". */
function paletteTitle(c: { title: string; category?: string }): string {
  return c.category ? `${c.category}: ${c.title}` : c.title;
}

describe('the extension in a live workbench (e2e)', () => {
  it('activates at start-up in a workspace that holds request files (Developer: Show Running Extensions shows its activation time)', async () => {
    const wb = workbench();
    await wb.runCommand('Developer: Show Running Extensions');
    const list = wb.page.locator('.runtime-extensions-editor .monaco-list').first();
    const row = wb.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: /colt/i }).filter({ hasText: /Activation: \d+\s*ms/ });
    await list.waitFor();
    // The list is sorted by activation time and virtualised: a quick extension's row exists in the
    // page only once scrolled to, so page down through it, as a person would.
    await wb.poll(
      async () => {
        if ((await row.count()) > 0) return true;
        await list.focus();
        await wb.page.keyboard.press('PageDown');
        return undefined;
      },
      'the Colt row with its activation time in Running Extensions',
      deadline(30_000),
    );
    await wb.runCommand('View: Close All Editors');
  });

  it('shows its Orders view from the activity bar', async () => {
    const wb = workbench();
    await wb.openViewContainer('Colt Reactivation');
    // Either orders or the welcome text (no credentials / no orders yet): the view is alive.
    await wb.view('Orders').locator('.welcome-view-content, .monaco-list-row').first().waitFor();
    await wb.screenshot('orders-view');
    // Leave the side bar as the other specs expect to find it.
    await wb.runCommand('View: Show Explorer');
  });

  it('lists its commands in the command palette', async () => {
    const shown = await workbench().paletteCommands('Colt:');
    // Context-menu-only commands are hidden from the palette (menus.commandPalette "when": false).
    const hidden = new Set(
      ((packageJsonFile.contributes.menus?.commandPalette ?? []) as { command: string; when?: string }[])
        .filter((m) => m.when === 'false')
        .map((m) => m.command),
    );
    const expected = packageJson.contributes.commands.filter((c) => !hidden.has(c.command)).map(paletteTitle);
    const missing = expected.filter((title) => !shown.includes(title));
    assert.deepEqual(missing, [], `not in the palette: ${missing.join(', ')}`);
    assert.ok(shown.includes('Colt: Show Log'));
  });

  it('Colt: Show Log shows the log channel with the activation line', async () => {
    const wb = workbench();
    await wb.runCommand('Colt: Show Log');
    const text = await wb.outputContaining(/Colt Reactivation .*activated/, { filter: 'activated' });
    assert.match(text, /\[info\] Colt Reactivation .*activated/);
    await wb.screenshot('show-log');
  });
});
