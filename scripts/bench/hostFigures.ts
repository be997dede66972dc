// activation and tree-10k, measured in the real extension host: code-server and headless
// Chromium as the integration launcher runs them (scripts/harness), with the production build
// as the development extension and host/extensionHostBench.ts as the tests module. Each round
// is a fresh window (so a fresh extension host and a real activation); the result comes back
// through the workbench's log relay (codeAutomationLog).
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from '../harness/chromium';
import { startCodeServer } from '../harness/codeServer';
import { type ProcessGroup, withTimeout } from '../harness/processGroup';
import { copyWorkspace } from '../harness/workspaceCopy';
import { median, type Figure } from './benchStats';
import { BENCH_RESULT_MARKER, type HostBenchResult } from './host/hostBenchResult';
import { PROJECT_ROOT } from './productionBuild';

const OUT = path.join(PROJECT_ROOT, 'out', 'bench');
const ENTRY = path.join(OUT, 'extensionHostBench');
const WINDOW_TIMEOUT_MS = 180_000;

async function buildHostModule(): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'host', 'extensionHostBench.ts')],
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    mainFields: ['module', 'main'], // as esbuild.js: jsonc-parser's UMD build breaks bundles
    logLevel: 'warning',
  });
}

/** Runs `windows` window loads against the extension in `extensionRoot`; returns each window's result. */
export async function measureInHost(extensionRoot: string, windows: number, processes: ProcessGroup): Promise<HostBenchResult[]> {
  await buildHostModule();
  const workspace = copyWorkspace(path.join(PROJECT_ROOT, 'test', 'fixtures', 'workspace'), processes);
  const server = await startCodeServer({ workspace, processes });
  const browser = await launchChromium(processes);
  const results: HostBenchResult[] = [];
  for (let i = 0; i < windows; i++) {
    const page = await browser.newPage();
    try {
      const result = new Promise<HostBenchResult>((resolve, reject) => {
        void page.exposeFunction('codeAutomationExit', (code: number) => reject(new Error(`the bench module ended (exit ${code}) without a result`)));
        void page.exposeFunction('codeAutomationLog', (_level: string, args: unknown) => {
          const text = Array.isArray(args) ? format(...args) : String(args);
          if (!text.startsWith(BENCH_RESULT_MARKER)) return;
          const parsed = JSON.parse(text.slice(BENCH_RESULT_MARKER.length)) as HostBenchResult | { error: string };
          if ('error' in parsed) reject(new Error(`in the extension host: ${parsed.error}`));
          else resolve(parsed);
        });
        page.on('crash', () => reject(new Error('the workbench page crashed')));
      });
      await page.goto(server.workbenchUrl({ extensionDevelopmentPath: extensionRoot, extensionTestsPath: ENTRY }));
      results.push(await withTimeout(result, WINDOW_TIMEOUT_MS, `window ${i + 1} gave no result within ${WINDOW_TIMEOUT_MS / 1000} s:\n${server.tail()}`));
      console.error(`[bench] window ${i + 1}/${windows}: activate() ${results.at(-1)!.activationMs.toFixed(1)} ms`);
    } finally {
      await page.close();
    }
  }
  return results;
}

export function hostFigures(results: HostBenchResult[]): Figure[] {
  const activation = results.map((r) => r.activationMs);
  const load = results.map((r) => r.bundleLoadMs);
  const tree = results.flatMap((r) => r.treeMs);
  const items = results.flatMap((r) => r.treeItemsMs);
  const loads = results.map((r) => r.storeLoadMs);
  const group = results[0]?.groupSize ?? 0;
  return [
    ...startupFigures(results),
    {
      name: 'activation',
      value: median(activation),
      unit: 'ms',
      digits: 1,
      note: `activate() of the production build in code-server's extension host, median of ${activation.length} fresh windows (${activation.map((a) => a.toFixed(0)).join(', ')} ms)`,
    },
    {
      name: 'activation-load',
      value: median(load),
      unit: 'ms',
      digits: 1,
      note: 'evaluating dist/extension.js (production) in the extension host, which VS Code does before activate(); measured by loading it once more out of the module cache, median of one per window',
    },
    {
      name: 'tree-10k',
      value: median(tree),
      unit: 'ms',
      digits: 1,
      note: `getChildren() of the root, then of the target group (${group} orders), fresh provider each round, median of ${tree.length} rounds in ${results.length} windows`,
    },
    {
      name: 'tree-10k-items',
      value: median(items),
      unit: 'ms',
      digits: 1,
      note: `getTreeItem() of every node of that first level (the view asks for each), median of ${items.length} rounds`,
    },
    {
      name: 'orders-load-10k-host',
      value: median(loads),
      unit: 'ms',
      digits: 1,
      note: 'the whole OrderStore constructor of the production bundle loading a 10,000-order file (the shipped cap) in the extension host, median of one per window',
    },
  ];
}

/**
 * Start-up beside its floor, and the first use of each part. `startup-load` is what VS Code evaluates
 * before activate() returns: dist/extension.js evaluated (activation-load) plus activate() itself.
 */
function startupFigures(results: HostBenchResult[]): Figure[] {
  const load = results.map((r) => r.bundleLoadMs + r.activationMs);
  const floor = results.map((r) => r.empty.loadMs + r.empty.activationMs);
  const files = results[0]?.startupFiles ?? [];
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const parts = [...new Set(results.flatMap((r) => Object.keys(r.partLoadMs)))].sort();
  return [
    {
      name: 'startup-load',
      value: median(load),
      unit: 'ms',
      digits: 2,
      peer: { name: 'an empty extension of one command', value: median(floor) },
      note: `dist/extension.js evaluated once more out of the module cache plus activate(), in code-server's extension host, median of ${load.length} fresh windows; the empty extension measured the same way in the same windows`,
    },
    {
      name: 'startup-bytes',
      value: bytes / 1024,
      unit: 'KB',
      digits: 1,
      note: `our files evaluated when activate() returned: ${files.map((f) => `${f.file} (${(f.bytes / 1024).toFixed(1)} KB)`).join(', ') || 'none'}; parts loaded by then: ${[...new Set(results.flatMap((r) => r.partsAtStartup))].join(', ') || 'none'}`,
    },
    {
      name: 'first-command',
      value: median(results.map((r) => r.firstCommandMs)),
      unit: 'ms',
      digits: 1,
      note: 'executeCommand of Colt: Show Log, the first command of the window, so loading the command handlers (commands.part.js) included',
    },
    ...parts.map((name) => ({
      name: `part-load-${name}`,
      value: median(results.map((r) => r.partLoadMs[name]!).filter((v) => v !== undefined)),
      unit: 'ms',
      digits: 1,
      note: `first use of dist/${name}.part.js: evaluating it the first time in a window (no other part shares its modules), median of ${results.length} windows`,
    })),
  ];
}
