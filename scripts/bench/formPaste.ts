// form-paste: the reactivation form with a big paste, in the real webview (code-server and headless
// Chromium, the extension built as it ships). N non-consecutive GB numbers go into "Numbers, one
// per line" and *Turn into ranges* is pressed: the time until the N ranges are rendered and
// painted; then one real key press in the first number field: the time from its keydown until
// the form has re-checked, re-rendered and painted. The peer of both is the same with N = 1.
// Standalone: `npx tsx scripts/bench/formPaste.ts` measures the dev build in dist/ (npm run build first).
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { startEmulator } from '../../src/emulator/emulator';
import { Workbench } from '../../test/e2e/workbench';
import { launchChromium } from '../harness/chromium';
import { startCodeServer } from '../harness/codeServer';
import { ProcessGroup } from '../harness/processGroup';
import { copyWorkspace } from '../harness/workspaceCopy';
import { median, type Figure } from './benchStats';
import { PROJECT_ROOT } from './productionBuild';

const SIZES = [1, 5000] as const;

/** N GB numbers two apart, so no two make a range: N rows. */
function numbers(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`+44208${String(1000000 + i * 2)}`);
  return lines.join('\n');
}

/** Fills the paste area, presses Turn into ranges, and resolves after the next painted frame: ms from the press. */
async function pasteMs(frame: Frame, text: string, rows: number): Promise<number> {
  const ms = await frame.evaluate(async (t) => {
    const area = document.getElementById('paste') as HTMLTextAreaElement;
    area.value = t;
    area.dispatchEvent(new Event('input', { bubbles: true }));
    const started = performance.now();
    document.getElementById('paste-apply')!.click();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - started;
  }, text);
  const summary = await frame.locator('#summary').innerText();
  const shown = Number(/ in ([\d,]+) range/.exec(summary)?.[1].replace(/,/g, ''));
  if (!(shown >= rows)) throw new Error(`form-paste: expected ${rows} ranges, the form says "${summary}"`);
  return ms;
}

/** One real key press (`key`) in the focused field: ms from its keydown to the painted frame after the form's input handler. */
async function keystrokeMs(frame: Frame, key: string): Promise<number> {
  await frame.evaluate(() => {
    const w = window as unknown as { keyTime?: Promise<number> };
    w.keyTime = new Promise<number>((resolve) => {
      let started = 0;
      document.addEventListener('keydown', () => (started = performance.now()), { capture: true, once: true });
      // Registered on window, so it runs after the form's own input handler (on the rows).
      window.addEventListener('input', () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0)), { once: true });
    });
  });
  await frame.page().keyboard.press(key);
  return frame.evaluate(() => (window as unknown as { keyTime: Promise<number> }).keyTime);
}

export interface FormPasteResult {
  pasteMs: Record<number, number[]>;
  keyMs: Record<number, number[]>;
}

export async function measureFormPaste(extensionRoot: string, rounds: number, processes: ProcessGroup): Promise<FormPasteResult> {
  const emulator = await startEmulator({ port: 0 });
  processes.onStop(() => emulator.close());
  const workspace = copyWorkspace(path.join(PROJECT_ROOT, 'test', 'fixtures', 'workspace'), processes);
  const server = await startCodeServer({
    workspace,
    processes,
    settings: { 'coltReactivate.target': 'emulator', 'coltReactivate.emulator.port': emulator.port },
  });
  const browser = await launchChromium(processes);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  if (process.env.COLT_BENCH_DEBUG) page.on('console', (m) => console.error(`[console] ${m.text()}`));
  await page.goto(server.workbenchUrl({ extensionDevelopmentPath: extensionRoot }));
  const wb = new Workbench(page, browser, server, emulator, workspace, processes);
  await wb.waitUntilReady();
  // The extension's contributions are registered once its view container shows.
  await page.locator('.activitybar .action-item a[aria-label^="Colt Reactivation"]').waitFor({ timeout: 120_000 });
  await wb.runCommand('Colt: Open Reactivation Form');
  const frame = await wb.webviewFrame('#submit', 120_000);
  await frame.locator('#f-row-r0-start').waitFor();
  const result: FormPasteResult = { pasteMs: {}, keyMs: {} };
  for (const n of SIZES) {
    result.pasteMs[n] = [];
    result.keyMs[n] = [];
    const text = numbers(n);
    for (let r = 0; r < rounds; r++) {
      if (await frame.locator('#clear-form').count()) {
        await frame.locator('#clear-form').click();
        await frame.locator('#summary', { hasText: /^0 numbers/ }).waitFor();
      }
      result.pasteMs[n].push(await pasteMs(frame, text, n));
      const first = frame.locator('.range input').first();
      await first.focus();
      await page.keyboard.press('End');
      // A digit more (the number becomes too long: an error appears), then back (it goes).
      result.keyMs[n].push(await keystrokeMs(frame, '5'));
      result.keyMs[n].push(await keystrokeMs(frame, 'Backspace'));
    }
    console.error(
      `[bench] form-paste N=${n}: ranges shown ${result.pasteMs[n].map((m) => m.toFixed(0)).join(', ')} ms; keystroke ${result.keyMs[n].map((m) => m.toFixed(0)).join(', ')} ms`,
    );
  }
  return result;
}

export function formPasteFigures(r: FormPasteResult): Figure[] {
  const big = SIZES[SIZES.length - 1];
  const how = 'in the form webview (code-server, headless Chromium), from the press to the next painted frame, median of';
  return [
    {
      name: `form-paste-${big}`,
      value: median(r.pasteMs[big]),
      unit: 'ms',
      digits: 0,
      peer: { name: 'one number', value: median(r.pasteMs[1]) },
      note: `${big.toLocaleString('en')} non-consecutive GB numbers into "Numbers, one per line", Turn into ranges pressed, ${how} ${r.pasteMs[big].length} rounds (goal: at most 1,000 ms)`,
    },
    {
      name: `form-keystroke-${big}`,
      value: median(r.keyMs[big]),
      unit: 'ms',
      digits: 0,
      peer: { name: 'one row', value: median(r.keyMs[1]) },
      note: `one key press in the first number field with ${big.toLocaleString('en')} ranges in the form, from keydown to the next painted frame, median of ${r.keyMs[big].length} presses (goal: at most 2x the one-row figure)`,
    },
  ];
}

/** The bench's step: measure, then the figures. */
export async function formPasteFiguresInHost(extensionRoot: string, rounds: number, processes: ProcessGroup): Promise<Figure[]> {
  return formPasteFigures(await measureFormPaste(extensionRoot, rounds, processes));
}

if (require.main === module) {
  const processes = new ProcessGroup().stopOnSignals();
  measureFormPaste(PROJECT_ROOT, Number(process.env.ROUNDS ?? 3), processes)
    .then((r) => {
      for (const f of formPasteFigures(r)) console.log(f);
    })
    .finally(() => processes.stop())
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
