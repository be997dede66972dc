// editor-open-10k: in the real editor (code-server and headless Chromium, the extension built as it
// ships), the 10,000-range request file of validate-10k, with one deliberate problem (a wrong
// product name, which our checks and the JSON Schema both report as one problem), opened through Go
// to File: the time from the Enter that opens it until the status bar's Problems item counts that
// problem. The peer is VS Code's own JSON validation of the same text saved as `.json`, mapped to our
// generated schema (dist/reactivate.schema.json) by `json.schemas`, in the same workbench. Rounds
// alternate ours and the peer; each opens a file not opened before into a workbench with no editor
// open, so the first round of each includes its language server's start (ours: the language client
// part loaded on first use). Standalone: `npx tsx scripts/bench/editorOpen10k.ts` (npm run build first).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { deadline } from '../../test/deadline';
import { launchChromium } from '../harness/chromium';
import { startCodeServer } from '../harness/codeServer';
import { ProcessGroup } from '../harness/processGroup';
import { median, printFigures, type Figure } from './benchStats';
import { PROJECT_ROOT } from './productionBuild';
import { BENCH_LIMITS, requestText } from './validate10k';

const PEER = 'VS Code JSON validation with our schema';

/** validate-10k's file without its `$schema` (which would override json.schemas), with exactly one problem. */
function benchText(): string {
  const text = requestText()
    .replace(/^ {2}"\$schema": .*\n/m, '')
    .replace('"name": "Wholesale SIP"', '"name": "Wholesale SIPP"');
  if (text.includes('$schema') || !text.includes('Wholesale SIPP')) throw new Error('editor-open-10k: the request text changed shape; update benchText()');
  return text;
}

function makeWorkspace(extensionRoot: string, rounds: number, processes: ProcessGroup): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-open10k-'));
  processes.onStop(() => fs.rmSync(parent, { recursive: true, force: true, maxRetries: 3 }));
  const workspace = path.join(parent, 'workspace');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  // The schema as the build generates it, next to the files, so json.schemas can name it relative to the workspace.
  fs.copyFileSync(path.join(extensionRoot, 'dist', 'reactivate.schema.json'), path.join(workspace, 'reactivate.schema.json'));
  const settings = {
    'json.schemas': [{ fileMatch: ['json-*.json'], url: './reactivate.schema.json' }],
    'coltReactivate.maxNumbersPerOrder': BENCH_LIMITS.maxNumbersPerOrder,
  };
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  const text = benchText();
  for (let r = 1; r <= rounds; r++) {
    fs.writeFileSync(path.join(workspace, `ours-${r}.reactivate.json`), text);
    fs.writeFileSync(path.join(workspace, `json-${r}.json`), text);
  }
  return workspace;
}

/**
 * Problems counted by the status bar's Problems item (errors plus warnings: VS Code's JSON validation
 * reports a schema violation as a warning, we report the wrong product as an error), in the page;
 * openMs's watcher reads it the same way.
 */
const PROBLEMS_IN_PAGE = `(() => {
  const item = document.getElementById('status.problems');
  return item ? (item.innerText.match(/\\d+/g) || []).reduce((sum, n) => sum + Number(n), 0) : -1;
})()`;

async function problemsShown(page: Page): Promise<number> {
  return page.evaluate(PROBLEMS_IN_PAGE);
}

async function until(page: Page, probe: () => Promise<boolean>, what: string, ms = deadline(60_000)): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`editor-open-10k: timed out waiting for ${what}`);
    await page.waitForTimeout(100); // polling interval
  }
}

/** Closes every editor, opens `name` through Go to File: ms from the Enter to the status bar counting its problem. */
async function openMs(page: Page, name: string): Promise<number> {
  await page.keyboard.press('Escape');
  await page.locator('.monaco-workbench').focus();
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill('>View: Close All Editors');
  // Exactly this label, not "... Editors in Group".
  await page
    .locator('.quick-input-list-entry .label-name', { hasText: /^\s*View: Close All Editors\s*$/ })
    .first()
    .click();
  await until(page, async () => (await page.locator('.tabs-container .tab').count()) === 0, 'no editor open');
  // Both language servers clear a file's problems when it closes.
  await until(page, async () => (await problemsShown(page)) === 0, 'the Problems count back to 0');

  // Go to File: the palette without its '>' searches the workspace's files.
  await page.keyboard.press('F1');
  await input.fill(name);
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.quick-input-list-entry', { hasText: name }) })
    .first()
    .waitFor();
  // Plain anonymous functions only: tsx would wrap a named one in a helper the page does not have.
  await page.evaluate((limit) => {
    const w = window as unknown as { openTime?: Promise<number> };
    w.openTime = new Promise<number>((resolve, reject) => {
      let started = 0;
      document.addEventListener('keydown', () => (started = performance.now()), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        const counts = document.getElementById('status.problems')?.innerText.match(/\d+/g) ?? [];
        if (started && counts.some((n) => Number(n) > 0)) {
          observer.disconnect();
          resolve(performance.now() - started);
        }
      });
      observer.observe(document.querySelector('.part.statusbar')!, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => reject(new Error(`no problem counted within ${limit} ms`)), limit);
    });
  }, deadline(120_000));
  await page.keyboard.press('Enter');
  const ms = await page.evaluate(() => (window as unknown as { openTime: Promise<number> }).openTime);
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  const problems = await problemsShown(page);
  if (problems !== 1) throw new Error(`editor-open-10k: ${name} should show exactly 1 problem, the status bar counts ${problems}`);
  return ms;
}

export interface EditorOpenResult {
  ours: number[];
  theirs: number[];
}

export async function measureEditorOpen10k(extensionRoot: string, rounds: number, processes: ProcessGroup): Promise<EditorOpenResult> {
  const workspace = makeWorkspace(extensionRoot, rounds, processes);
  const server = await startCodeServer({ workspace, processes });
  const browser = await launchChromium(processes);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(deadline(60_000));
  await page.goto(server.workbenchUrl({ extensionDevelopmentPath: extensionRoot }));
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  // The workspace holds request files, so the extension activates with the window; wait for it, so
  // that activation is not in the first round (the language client and its server still are).
  await page.locator('.activitybar .action-item a[aria-label^="Colt Reactivation"]').waitFor({ timeout: deadline(120_000) });
  const result: EditorOpenResult = { ours: [], theirs: [] };
  for (let r = 1; r <= rounds; r++) {
    result.ours.push(await openMs(page, `ours-${r}.reactivate.json`));
    result.theirs.push(await openMs(page, `json-${r}.json`));
    console.error(`[bench] editor-open-10k round ${r}: ours ${result.ours.at(-1)!.toFixed(0)} ms, JSON ${result.theirs.at(-1)!.toFixed(0)} ms`);
  }
  return result;
}

export function editorOpen10kFigures(r: EditorOpenResult): Figure[] {
  const how =
    'in code-server (headless Chromium), production build: a 10,000-range request file (1.3 MB) with one wrong product name, opened by Go to File into a workbench with no editor open, from the Enter to the status bar Problems item counting its 1 problem (ours an error, the JSON validation a warning); the peer is the same text as a .json file mapped to dist/reactivate.schema.json by json.schemas, opened the same way, alternating';
  return [
    {
      name: 'editor-open-10k',
      value: median(r.ours),
      unit: 'ms',
      digits: 0,
      peer: { name: PEER, value: median(r.theirs) },
      note: `${how}; median of ${r.ours.length} rounds (ours ${r.ours.map((m) => m.toFixed(0)).join(', ')} ms; JSON ${r.theirs.map((m) => m.toFixed(0)).join(', ')} ms) (goal: ratio at most 1.3, on par)`,
    },
    {
      name: 'editor-open-10k-first',
      value: r.ours[0]!,
      unit: 'ms',
      digits: 0,
      peer: { name: PEER, value: r.theirs[0]! },
      note: 'round 1 alone: the first request file of the window, so loading the language client part and starting our server included; the peer likewise starts the JSON language server',
    },
  ];
}

/** The bench's step: measure, then the figures. */
export async function editorOpen10kFiguresInHost(extensionRoot: string, rounds: number, processes: ProcessGroup): Promise<Figure[]> {
  return editorOpen10kFigures(await measureEditorOpen10k(extensionRoot, rounds, processes));
}

if (require.main === module) {
  const processes = new ProcessGroup().stopOnSignals();
  measureEditorOpen10k(PROJECT_ROOT, Number(process.env.ROUNDS ?? 5), processes)
    .then((r) => printFigures(editorOpen10kFigures(r)))
    .finally(() => processes.stop())
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
