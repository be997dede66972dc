// Accessibility (WCAG 2.1 AA) in the live workbench: axe-core runs inside the reactivation form's
// webview in VS Code's four default themes, with the form empty, with errors shown, and after a
// submission; the form reflows in a window as narrow as a 1400 px one at 200% zoom; the Orders
// view's rows and the status bar item say their state in words; and every contributed command
// is reached and run with the keyboard alone (the palette, and the tree's context menu by
// Shift+F10 for the commands that live only there).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { PROJECT_ROOT } from '../../scripts/harness/codeServer';
import { deadline } from '../deadline';
import { workbench } from './hooks';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, MenuEntry[]>;
    walkthroughs: { steps: { media: { image?: unknown; altText?: string; markdown?: string } }[] }[];
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** VS Code's four default themes, with the class the workbench takes in each. */
const THEMES = [
  { name: 'Default Light Modern', label: 'Light Modern', workbenchClass: 'vs' },
  { name: 'Default Dark Modern', label: 'Dark Modern', workbenchClass: 'vs-dark' },
  { name: 'Default High Contrast', label: 'Dark High Contrast', workbenchClass: 'hc-black' },
  { name: 'Default High Contrast Light', label: 'Light High Contrast', workbenchClass: 'hc-light' },
] as const;

/** Quarantined GB numbers of the demo inventory that no other spec uses: one submission per theme. */
const NUMBERS = ['+442071839901', '+442071839902', '+442071839903', '+442071839904'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) in `frame`; the serious and critical violations. */
async function seriousViolations(frame: Frame): Promise<Violation[]> {
  // Evaluated through the debugging protocol, which the webview's CSP (scripts by nonce only) does not govern.
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: (v.nodes as unknown as { target: string[]; failureSummary: string }[]).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describeViolations(violations: Violation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target}: ${n.summary.replace(/\n/g, ' ')}`).join('\n')}`)
    .join('\n');
}

/** Results per theme and state, printed at the end so the run's log shows what was checked. */
const results: string[] = [];

async function expectNoSeriousViolation(frame: Frame, theme: string, state: string): Promise<void> {
  const violations = await seriousViolations(frame);
  const shownTheme = await frame.evaluate(() => document.body.dataset.vscodeThemeId ?? document.body.className);
  assert.equal(shownTheme, theme, 'the webview is in the theme under test');
  results.push(`${theme}, ${state}: ${violations.length} serious or critical violation${violations.length === 1 ? '' : 's'}`);
  assert.deepEqual(
    violations.map((v) => v.id),
    [],
    `axe-core in ${theme}, ${state}:\n${describeViolations(violations)}`,
  );
}

/**
 * Chooses a theme as a person does (Preferences: Color Theme, its name typed, its row) and waits
 * for the workbench and the form to take it. The picker lists a theme by its label ("Light
 * Modern") and finds it by its id too ("Default Light Modern").
 */
async function useTheme(name: string, workbenchClass: (typeof THEMES)[number]['workbenchClass'], frame?: Frame): Promise<void> {
  const wb = workbench();
  const page = wb.page;
  const label = THEMES.find((t) => t.name === name)!.label;
  await wb.runCommand('Preferences: Color Theme', { then: 'quickInput' });
  await page.locator('.quick-input-widget .quick-input-box input').fill(name);
  await page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) })
    .first()
    .click();
  await wb.poll(async () => ((await page.locator(`.monaco-workbench.${workbenchClass}`).count()) > 0 ? true : undefined), `the workbench in ${name}`);
  if (frame) {
    // The webview's body names the theme's kind: vscode-light, vscode-dark, vscode-high-contrast(-light).
    const kind = { vs: 'vscode-light', 'vs-dark': 'vscode-dark', 'hc-black': 'vscode-high-contrast', 'hc-light': 'vscode-high-contrast-light' }[workbenchClass];
    await wb.poll(
      async () =>
        (await frame.evaluate(
          (k) => document.body.classList.contains(k) && (k !== 'vscode-high-contrast' || !document.body.classList.contains('vscode-high-contrast-light')),
          kind,
        ))
          ? true
          : undefined,
      `the form in ${name}`,
    );
  }
}

async function formFrame(): Promise<Frame> {
  const frame = await workbench().webviewFrame('#clear-form');
  await frame.locator('#f-country option').nth(1).waitFor({ state: 'attached' });
  return frame;
}

async function clearForm(frame: Frame): Promise<void> {
  await frame.locator('#clear-form').click();
  await frame.locator('#summary', { hasText: /^0 numbers in 0 ranges\.$/ }).waitFor();
}

describe('accessibility (e2e, axe-core, WCAG 2.1 AA)', () => {
  let orderId: string | undefined;

  after(async function () {
    this.timeout(deadline(60_000));
    console.log(`      axe-core results:\n${results.map((r) => `        ${r}`).join('\n')}`);
    // Leave the workbench as the other specs expect it.
    const wb = workbench();
    await wb.page.setViewportSize({ width: 1400, height: 900 });
    await useTheme('Default Dark Modern', 'vs-dark');
    // The form as a new user finds it: the next spec starts from an empty form.
    await wb.runCommand('Colt: Open Reactivation Form');
    await clearForm(await formFrame());
    await wb.runCommand('View: Close All Editors');
  });

  it('the form has no serious or critical violation in the four default themes: empty, with errors, after a submission', async function () {
    this.timeout(deadline(240_000));
    const wb = workbench();
    // This spec may run first, as the workbench starts: the palette lists the extension's
    // commands once their registration reaches it.
    await wb.poll(async () => {
      try {
        await wb.runCommand('Colt: Open Reactivation Form');
        return true;
      } catch {
        await wb.page.keyboard.press('Escape');
        return undefined;
      }
    }, 'Colt: Open Reactivation Form in the palette');
    const frame = await formFrame();
    for (const [i, theme] of THEMES.entries()) {
      await useTheme(theme.name, theme.workbenchClass, frame);

      await clearForm(frame);
      await expectNoSeriousViolation(frame, theme.name, 'empty');

      // A partial number, left; the country left empty: both show their errors.
      const first = frame.locator('.range input[data-end="start"]').first();
      await first.fill('+4420');
      await first.press('Tab');
      await frame.locator('#f-country').focus();
      await frame.locator('#f-serviceProfile').focus();
      await frame.locator('#f-country-msg .msg.error').waitFor();
      const firstId = await first.getAttribute('id');
      await frame.locator(`#${firstId}-msg .msg.error`).waitFor();
      // Tied to their fields, and announced once the user pauses.
      assert.equal(await first.getAttribute('aria-invalid'), 'true');
      assert.match((await first.getAttribute('aria-describedby')) ?? '', new RegExp(`\\b${firstId}-msg\\b`));
      assert.equal(await frame.locator('#f-country').getAttribute('aria-invalid'), 'true');
      await wb.poll(
        async () => (/^(Range 1, first number|Country): /.test(await frame.locator('#announce').innerText()) ? true : undefined),
        'the errors announced',
      );
      // A mixed paste: the batch offer is part of the form too.
      await frame.locator('#paste').fill('+442081324758\n+33142685300');
      await frame.locator('#paste-apply').click();
      await frame.locator('#batch-offer:not([hidden])').waitFor();
      await expectNoSeriousViolation(frame, theme.name, 'errors shown and the batch offer');

      // A request that goes through: Submit, and the outcome shown.
      await clearForm(frame);
      await frame.locator('.range input[data-end="start"]').first().fill(NUMBERS[i]);
      await frame.locator('#f-country').selectOption('GB');
      await frame.locator('#f-serviceProfile').fill('ANH');
      await frame.locator('#submit:not([disabled])').click();
      const status = frame.locator('#status.success');
      await status.waitFor({ timeout: deadline(30_000) });
      orderId = /^Order (\S+) accepted/.exec(await status.innerText())?.[1] ?? orderId;
      await expectNoSeriousViolation(frame, theme.name, 'after a submission');
    }
    assert.ok(orderId, 'the submissions were accepted');
  });

  it('the form reflows at 200% zoom: nothing cut off, no horizontal scrolling', async function () {
    this.timeout(deadline(60_000));
    const wb = workbench();
    await useTheme('Default Light Modern', 'vs');
    await wb.runCommand('Colt: Open Reactivation Form');
    const frame = await formFrame();
    await clearForm(frame);
    await frame.locator('#paste').fill('+442081324758\n+33142685300');
    await frame.locator('#paste-apply').click();
    await frame.locator('#batch-offer:not([hidden])').waitFor();
    // A 1400 px window at 200% zoom is a 700 CSS px window.
    const before = await frame.evaluate(() => window.innerWidth);
    await wb.page.setViewportSize({ width: 700, height: 450 });
    await wb.poll(async () => ((await frame.evaluate(() => window.innerWidth)) < before ? true : undefined), 'the form to narrow');
    const overflow = await frame.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const cut = Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button, summary, p, label, h1, h2'))
        .filter((e) => e.getClientRects().length > 0)
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.left < -1 || r.right > width + 1;
        })
        .map((e) => `${e.tagName.toLowerCase()}#${e.id || e.className}`);
      return { width, scrollWidth: document.documentElement.scrollWidth, cut };
    });
    assert.ok(overflow.width < 700, `the form is ${overflow.width} px wide`);
    assert.ok(overflow.scrollWidth <= overflow.width, `horizontal scrolling: ${overflow.scrollWidth} px of content in ${overflow.width} px`);
    assert.deepEqual(overflow.cut, [], 'cut off at the window edge');
    await expectNoSeriousViolation(frame, 'Default Light Modern', 'at 200% zoom');
    await wb.page.setViewportSize({ width: 1400, height: 900 });
  });

  it('the Orders rows and the status bar item say their state in words', async function () {
    this.timeout(deadline(60_000));
    const wb = workbench();
    assert.ok(orderId, 'an order was submitted above');
    await wb.openViewContainer('Colt Reactivation');
    const row = wb.view('Orders').locator('.monaco-list-row', { hasText: orderId });
    const label = await wb.poll(async () => {
      const l = (await row.count()) ? await row.first().getAttribute('aria-label') : null;
      return l && /Completed/.test(l) ? l : undefined;
    }, `order ${orderId} Completed in the Orders view`);
    assert.match(label, new RegExp(`^Order ${orderId}, Completed, 1 number`));
    // Every row (orders, batches, ranges, groups) has a name of words, not an icon alone.
    const labels = await wb
      .view('Orders')
      .locator('.monaco-list-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    assert.ok(labels.length > 0);
    for (const l of labels) assert.match(l, /[A-Za-z]{3}/, `a row named "${l}"`);
    for (const l of labels.filter((x) => x.startsWith('Order '))) {
      assert.match(l, /, (Draft|Sending|In progress|Completed|Failed|Rejected|Unknown outcome),/, `an order row without its state in words: "${l}"`);
    }
    const item = wb.page.locator('.statusbar-item', { hasText: /Colt:/ }).first();
    const itemName = await item.evaluate((e) => e.getAttribute('aria-label') ?? e.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '');
    assert.match(itemName, /^Colt target: Local emulator\./);
  });

  it('every command is reached and run with the keyboard alone: the palette, and the tree context menu (Shift+F10)', async function () {
    this.timeout(deadline(120_000));
    const wb = workbench();
    const page = wb.page;
    const { commands, menus } = manifest.contributes;
    const hidden = new Set((menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    const title = (id: string) => commands.find((c) => c.command === id)!;

    // Every command in a view title, an editor, the Explorer or a menu, unless hidden from the palette, is in it...
    const shown = await wb.paletteCommands('Colt:');
    const inMenus = new Set(Object.entries(menus).flatMap(([where, entries]) => (where === 'commandPalette' ? [] : entries.map((e) => e.command))));
    const paletteOnes = [...new Set([...commands.map((c) => c.command), ...inMenus])].filter((id) => !hidden.has(id));
    const missing = paletteOnes.map((id) => `${title(id).category}: ${title(id).title}`).filter((t) => !shown.includes(t));
    assert.deepEqual(missing, [], 'not in the palette');
    // ...and runs from it by keys alone: F1, the title, Enter.
    await page.locator('.monaco-workbench').focus();
    await page.keyboard.press('F1');
    await page.keyboard.type('Colt: Show Log');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Colt: Show Log' }).waitFor();
    await page.keyboard.press('Enter');
    // The Output panel follows the log's end: any recent line of it shows the channel is open.
    await wb.outputContaining(/\[(info|warn|error)\]/);

    // The commands hidden from the palette are the tree's: each is in the context menu that
    // Shift+F10 opens on a focused row of its kind (here a completed order).
    const itemMenu = (menus['view/item/context'] ?? []).filter((m) => !m.group?.startsWith('inline'));
    for (const id of hidden)
      assert.ok(
        itemMenu.some((m) => m.command === id),
        `${id} is hidden from the palette but in no context menu`,
      );
    const forCompleted = [
      ...new Set(
        itemMenu
          .filter((m) => {
            const re = /viewItem =~ \/(.+?)\//.exec(m.when ?? '');
            return !re || new RegExp(re[1]).test('order:completed');
          })
          .map((m) => title(m.command).title),
      ),
    ];
    await wb.runCommand('View: Show Explorer');
    await page.locator('.monaco-workbench').focus();
    await page.keyboard.press('F1');
    await page.keyboard.type('Focus on Orders View');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: /Focus on Orders View/ }).waitFor();
    await page.keyboard.press('Enter');
    const focused = wb.view('Orders').locator('.monaco-list-row.focused');
    await wb.poll(async () => {
      const l = (await focused.count()) ? await focused.first().getAttribute('aria-label') : null;
      if (l?.startsWith(`Order ${orderId},`)) return true;
      await page.keyboard.press('ArrowDown');
      return undefined;
    }, `the keyboard focus on order ${orderId}`);
    await page.keyboard.press('Shift+F10');
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const items = (await menu.locator('.action-item:not(.disabled) .action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    assert.deepEqual(
      forCompleted.filter((t) => !items.includes(t)),
      [],
      `the context menu lists ${items.join(', ')}`,
    );
    // Run one from it by keys: arrows to "Open the Request", Enter; the request opens.
    await wb.poll(async () => {
      const at = (await menu.locator('.action-item.focused').count()) ? await menu.locator('.action-item.focused').innerText() : '';
      if (at.trim() === title('coltReactivate.orders.openRequest').title) return true;
      await page.keyboard.press('ArrowDown');
      return undefined;
    }, 'Open the Request focused in the context menu');
    await page.keyboard.press('Enter');
    await page
      .locator('.part.editor .view-lines', { hasText: /"numberRangeStart"/ })
      .first()
      .waitFor();
    // An untitled document: closed unsaved, so no later "Close All Editors" stops at a save prompt.
    await wb.runCommand('View: Revert and Close Editor');
  });

  it('the walkthrough gives every image a text alternative', () => {
    for (const walkthrough of manifest.contributes.walkthroughs) {
      for (const step of walkthrough.steps) {
        if (step.media.image) assert.ok(step.media.altText?.trim(), 'a walkthrough image without altText');
        if (step.media.markdown) {
          const text = fs.readFileSync(path.join(PROJECT_ROOT, step.media.markdown), 'utf8');
          assert.doesNotMatch(text, /!\[\s*\]\(/, `${step.media.markdown}: an image without alt text`);
        }
      }
    }
  });
});
