// Loaded by the extension host as extensionTestsPath (see ../hostFigures.ts), once per window
// load: reads how long the extension's activate() took, then times the orders tree's first level
// with 10,000 stored orders, and prints one result line the launcher picks up through the log relay.
// The store and tree classes are taken from the running extension, so the shipped bundle is timed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyStatus, applySubmitOutcome, createDraft, markSending, serializeRecords, type OrderRecord } from '../../../src/core/orderRecord';
import { TARGETS, type TargetName } from '../../../src/core/targets';
import type { ExtensionApi } from '../../../src/extension/extension';
import { ORDERS_FILE_NAME } from '../../../src/extension/orders/orderFile';
import type { OrderStore } from '../../../src/extension/orders/orderStore';
import type { OrdersTreeProvider } from '../../../src/extension/orders/ordersTreeProvider';
import { BENCH_RESULT_MARKER, type HostBenchResult } from './hostBenchResult';

const EXTENSION_ID = 'colt-reactivate.colt-number-reactivation';
const ORDERS = 10_000;
const TREE_ROUNDS = 7;

export async function run(): Promise<void> {
  try {
    const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
    const api = await extension.activate();
    if (typeof api.activationMs !== 'number') throw new Error('activate() returned no activationMs');
    const bundleLoadMs = timeBundleLoad(path.join(extension.extensionPath, 'dist', 'extension.js'));
    const result: HostBenchResult = { activationMs: api.activationMs, bundleLoadMs, ...(await treeBench(api)) };
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

async function treeBench(api: ExtensionApi): Promise<Omit<HostBenchResult, 'activationMs' | 'bundleLoadMs'>> {
  // The real store's class and load path, over a file of its own beside the real list, with a cap that keeps all 10,000.
  const Store = api.services.orders.constructor as typeof OrderStore;
  const Tree = api.services.tree.constructor as typeof OrdersTreeProvider;
  const file = path.join(path.dirname(api.services.orders.file), 'bench', ORDERS_FILE_NAME);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, serializeRecords(records(ORDERS)));
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

/** Finished and running orders on the sandbox target (the default), one number each, a minute apart. */
function records(count: number): OrderRecord[] {
  const base = Date.UTC(2025, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const at = (m: number) => new Date(base + (i * 60 + m) * 1000);
    const number = `+4420${String(10_000_000 + i)}`;
    const draft = createDraft({
      target: 'sandbox',
      baseUrl: TARGETS.sandbox.baseUrl,
      body: {
        numberRangeList: [{ numberRangeStart: number, numberRangeEnd: number }],
        productOffering: { name: 'Wholesale SIP' },
        relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
      },
      now: at(0),
    });
    const sent = markSending(draft, at(1));
    const accepted = applySubmitOutcome(sent, { kind: 'accepted', trackingId: sent.trackingId, orderId: `ORD-${i}` }, at(2));
    return i % 3 === 0 ? accepted : applyStatus(accepted, 'Completed', at(30));
  });
}
