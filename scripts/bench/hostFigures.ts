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
