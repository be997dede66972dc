// Loaded by the extension host as extensionTestsPath (see ../hostFigures.ts), once per window
// load: reads how long the extension's activate() took, then times the orders tree's first level
// with 10,000 stored orders, then what start-up evaluated (beside an empty extension's) and each
// part's first load, and prints one result line the launcher picks up through the log relay.
// The store and tree classes are taken from the running extension, so the shipped bundle is timed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { serializeRecords, type OrderRecord } from '../../../src/core/orderRecord';
import { type TargetName } from '../../../src/core/targets';
import type { ExtensionApi } from '../../../src/extension/extension';
import { ORDERS_FILE_NAME } from '../../../src/extension/orders/orderFile';
import type { OrderStore } from '../../../src/extension/orders/orderStore';
import type { OrdersTreeProvider } from '../../../src/extension/orders/ordersTreeProvider';
import { PART_NAMES, partFile } from '../../../src/extension/parts';
import { BENCH_RESULT_MARKER, type HostBenchResult, type TreeResult } from './hostBenchResult';
import { sampleOrderRecords } from '../sampleOrders';

const EXTENSION_ID = 'colt-reactivate.colt-number-reactivation';
const ORDERS = 10_000;
const TREE_ROUNDS = 7;

export async function run(): Promise<void> {
  try {
    const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
    const api = await extension.activate();
    if (typeof api.activationMs !== 'number') throw new Error('activate() returned no activationMs');
    const startupFiles = evaluatedAtStartup(extension.extensionPath);
    const bundleLoadMs = timeBundleLoad(path.join(extension.extensionPath, 'dist', 'extension.js'));
    const empty = emptyExtensionStartup(extension.extensionPath);
    const tree = await treeBench(api);
    // After the tree, so that the tree's figures are as before; nothing before this needed a part.
    const firstCommand = await timeFirstCommand(api);
    const result: HostBenchResult = {
      activationMs: api.activationMs,
      bundleLoadMs,
      startupFiles,
      partsAtStartup: api.partsAtStartup,
      empty,
      ...firstCommand,
      ...tree,
    };
    console.log(`${BENCH_RESULT_MARKER} ${JSON.stringify(result)}`);
  } catch (err) {
    console.log(`${BENCH_RESULT_MARKER} ${JSON.stringify({ error: err instanceof Error ? err.message : String(err) })}`);
  }
}

/**
 * Activation as VS Code counts it also loads the bundle. The host loaded it before activate(), so
 * load it once more, out of the module cache (the disk cache is warm; compiling is not cached).
 * Its top level only defines things, so a second copy is inert.
 */
function timeBundleLoad(file: string): number {
  const cached = require.cache[file];
  delete require.cache[file];
  try {
    const started = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- what is timed is VS Code's own way in: a synchronous CommonJS load of the bundle.
    require(file);
    return performance.now() - started;
  } finally {
    if (cached) require.cache[file] = cached;
  }
}

/** Our files that the host had evaluated when activate() returned, and their sizes: start-up's cost in bytes. */
function evaluatedAtStartup(extensionPath: string): HostBenchResult['startupFiles'] {
  const prefix = extensionPath + path.sep;
  return Object.keys(require.cache)
    .filter((file) => file.startsWith(prefix))
    .map((file) => ({ file: path.relative(extensionPath, file), bytes: fs.statSync(file).size }));
}

/** The floor: an extension of one command (what `yo code` generates), in plain CommonJS. */
const EMPTY_EXTENSION = `const vscode = require('vscode');
exports.activate = function (context) {
  context.subscriptions.push(vscode.commands.registerCommand('coltBench.emptyExtension.helloWorld', () => vscode.window.showInformationMessage('Hello World')));
};
`;

/**
 * The empty extension measured as ours is: its file evaluated once more out of the module cache,
 * and its activate() timed. Its file lies in this extension's folder, so that its require('vscode')
 * gets the API as an extension's would; a fresh window has never run it, so its activate() is a first one.
 */
function emptyExtensionStartup(extensionPath: string): HostBenchResult['empty'] {
  const file = path.join(extensionPath, 'bench-empty-extension', 'extension.js');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, EMPTY_EXTENSION);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as VS Code loads an extension: a CommonJS load of its main file.
  const empty = require(file) as { activate(context: { subscriptions: vscode.Disposable[] }): void };
  const loadMs = timeBundleLoad(file);
  const context = { subscriptions: [] as vscode.Disposable[] };
  const started = performance.now();
  empty.activate(context);
  const activationMs = performance.now() - started;
  for (const d of context.subscriptions) d.dispose();
  return { loadMs, activationMs };
}

/**
 * First use: the first command run (Show Log; the handlers load on the first command of any kind),
 * as the extension measured its part's load, then each other part's bundle evaluated for the first
 * time in this window, the way the extension loads it.
 */
async function timeFirstCommand(api: ExtensionApi): Promise<Pick<HostBenchResult, 'firstCommandMs' | 'partLoadMs'>> {
  const started = performance.now();
  await vscode.commands.executeCommand('coltReactivate.showLog');
  const firstCommandMs = performance.now() - started;
  const partLoadMs: Record<string, number> = {};
  for (const name of PART_NAMES) {
    const loadedByExtension = api.partLoadMs[name];
    if (loadedByExtension !== undefined) {
      partLoadMs[name] = loadedByExtension;
      continue;
    }
    const file = path.join(api.services.extensionUri.fsPath, 'dist', partFile(name));
    if (require.cache[file]) throw new Error(`${partFile(name)} was loaded before anything needed it`);
    const loadStarted = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- what is timed is the part's own way in: a CommonJS load of its bundle.
    require(file);
    partLoadMs[name] = performance.now() - loadStarted;
  }
  if (partLoadMs.commands === undefined) throw new Error('the first command did not load the commands part');
  return { firstCommandMs, partLoadMs };
}

async function treeBench(api: ExtensionApi): Promise<TreeResult> {
  // The real store's class and load path, over a file of its own beside the real list, with a cap that keeps all 10,000.
  const Store = api.services.orders.constructor as typeof OrderStore;
  const Tree = api.services.tree.constructor as typeof OrdersTreeProvider;
  const file = path.join(path.dirname(api.services.orders.file), 'bench', ORDERS_FILE_NAME);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, serializeRecords(sampleOrderRecords(ORDERS)));
  let store: OrderStore | undefined;
  try {
    const loadStarted = performance.now();
    store = new Store(file, api.services.log, { cap: ORDERS });
    const storeLoadMs = performance.now() - loadStarted;
    if (store.size !== ORDERS) throw new Error(`the store loaded ${store.size} of ${ORDERS} orders`);
    const treeMs: number[] = [];
    const treeItemsMs: number[] = [];
    let groupSize = 0;
    const target = busiestTarget(store.list());
    for (let round = 0; round <= TREE_ROUNDS; round++) {
      // A fresh provider each round: the first display of the view, not a refresh of cached nodes.
      const tree = new Tree(store);
      try {
        const started = performance.now();
        const groups = tree.getChildren();
        const group = groups.find((g) => g.kind === 'target' && g.target === target);
        if (!group) throw new Error(`the tree shows no ${target} group`);
        const children = tree.getChildren(group);
        const built = performance.now();
        for (const node of [...groups, ...children]) tree.getTreeItem(node);
        const itemsDone = performance.now();
        groupSize = children.length;
        if (round > 0) {
          // Round 0 warms the JIT up.
          treeMs.push(built - started);
          treeItemsMs.push(itemsDone - built);
        }
      } finally {
        tree.dispose();
      }
    }
    return { storeLoadMs, treeMs, treeItemsMs, groupSize };
  } finally {
    store?.dispose();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** The target holding the most orders: its group is the one timed. */
function busiestTarget(list: OrderRecord[]): TargetName {
  const counts = new Map<TargetName, number>();
  for (const r of list) counts.set(r.target, (counts.get(r.target) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}
