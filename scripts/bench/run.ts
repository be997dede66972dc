// npm run bench (README.md, "Performance"): every figure, one line each, `NAME: VALUE UNIT (ratio R vs PEER)`
// where a peer exists, ours and the peer measured side by side in this one run, medians of rounds.
// Also written to test-results/bench.txt. Not part of npm test: it takes a few minutes and the
// figures depend on the machine. Options: --quick (fewer rounds), --skip-host (no code-server).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProcessGroup } from '../harness/processGroup';
import { figureLine, type Figure } from './benchStats';
import { editorOpen10kFiguresInHost } from './editorOpen10k';
import { emulatorOrdersFigures } from './emulatorOrders';
import { hostFigures, measureInHost } from './hostFigures';
import { lspEdit10kFigures } from './lspEdit10k';
import { ordersLoad10kFigures } from './ordersLoad10k';
import { buildProduction, PROJECT_ROOT } from './productionBuild';
import { validate10kFigures } from './validate10k';

const quick = process.argv.includes('--quick');
const skipHost = process.argv.includes('--skip-host');
const OUTPUT = path.join(PROJECT_ROOT, 'test-results', 'bench.txt');

async function main(): Promise<void> {
  const started = Date.now();
  const processes = new ProcessGroup().stopOnSignals();
  const header = [
    `# npm run bench, ${new Date().toISOString()}: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GB; load average at start ${loadAverage()}`,
  ];
  const figures: Figure[] = [];
  const step = async (label: string, run: () => Promise<Figure[]>) => {
    const t = Date.now();
    console.error(`[bench] ${label}...`);
    const out = await run();
    for (const f of out) console.log(figureLine(f));
    figures.push(...out);
    console.error(`[bench] ${label}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
  };

  console.error('[bench] production build (node esbuild.js --production) in a scratch copy...');
  const build = buildProduction();
  processes.onStop(() => build.remove());
  try {
    await step('validate-10k', () => validate10kFigures(quick ? 7 : 31));
    await step('lsp-edit-10k', () => lspEdit10kFigures(path.join(build.dist, 'server.js'), quick ? 9 : 31));
    await step('emulator-orders', () => emulatorOrdersFigures({ rounds: quick ? 2 : 5, orders: quick ? 1000 : 3000 }));
    await step('batch-100', async () => (await import('./batch100.js')).batch100Figures({ rounds: quick ? 1 : 3 }));
    await step('import-plan-100k', async () => (await import('./importPlan100k.js')).importPlan100kFigures(quick ? 7 : 21));
    await step('orders-load-10k', () => ordersLoad10kFigures(quick ? 7 : 21));
    if (!skipHost) await step('activation and tree-10k (code-server)', async () => hostFigures(await measureInHost(build.root, quick ? 2 : 5, processes)));
    if (!skipHost)
      await step('form-paste (code-server)', async () => (await import('./formPaste.js')).formPasteFiguresInHost(build.root, quick ? 2 : 5, processes));
    if (!skipHost) await step('editor-open-10k (code-server)', () => editorOpen10kFiguresInHost(build.root, quick ? 2 : 5, processes));
    await step('bundle sizes', async () => bundleFigures(build.bundleSizes));
  } finally {
    await processes.stop();
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const footer = [`# took ${seconds} s; load average at the end ${loadAverage()}`];
  const text = [...header, ...figures.map(figureLine), ...figures.filter((f) => f.note).map((f) => `# ${f.name}: ${f.note}`), ...footer].join('\n') + '\n';
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, text);
  console.log(`\n${text}`);
  console.error(`[bench] written to ${path.relative(process.cwd(), OUTPUT)}`);
}

function bundleFigures(sizes: Record<string, number>): Figure[] {
  return Object.entries(sizes).map(([name, bytes]) => ({
    name: `bundle-${name}`,
    value: bytes / 1024,
    unit: 'KB',
    digits: 1,
    note: name === 'extension.js' ? 'production build (minified, no source map), as the .vsix ships each file of dist/' : undefined,
  }));
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`[bench] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
