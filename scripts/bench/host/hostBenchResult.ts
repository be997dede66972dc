// What the bench module in the extension host reports, and the marker of its log line; no vscode
// import here, so the launcher (plain node) can import it too.

export const BENCH_RESULT_MARKER = 'COLT_BENCH_RESULT';

export interface HostBenchResult {
  /** activate()'s own duration, as it measures it (ExtensionApi.activationMs). */
  activationMs: number;
  /** Evaluating dist/extension.js once more, out of the module cache. */
  bundleLoadMs: number;
  /** Store construction: parsing and checking the 10,000 saved records from globalState. */
  storeLoadMs: number;
  /** getChildren() of the root, then of the target group holding the orders (per round). */
  treeMs: number[];
  /** getTreeItem() of every node of that group, as the view asks for them (per round). */
  treeItemsMs: number[];
  groupSize: number;
}
