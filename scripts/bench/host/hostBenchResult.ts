// What the bench module in the extension host reports, and the marker of its log line; no vscode
// import here, so the launcher (plain node) can import it too.

export const BENCH_RESULT_MARKER = 'COLT_BENCH_RESULT';

/** What the bench measures at start-up and on first use. */
export interface StartupResult {
  /** activate()'s own duration, as it measures it (ExtensionApi.activationMs). */
  activationMs: number;
  /** Evaluating dist/extension.js once more, out of the module cache. */
  bundleLoadMs: number;
  /** Our files the host had evaluated when activate() returned, with their sizes. */
  startupFiles: { file: string; bytes: number }[];
  /** The parts (src/extension/parts.ts) loaded when activate() returned, as the extension reports them. */
  partsAtStartup: string[];
  /** The floor: a one-command extension, its file evaluated once more and its activate() timed. */
  empty: { loadMs: number; activationMs: number };
  /** The first command run in the window (Show Log), loading its part included. */
  firstCommandMs: number;
  /** Each part's first load, ms. */
  partLoadMs: Record<string, number>;
}

/** The orders store and the Orders view with 10,000 orders. */
export interface TreeResult {
  /** Store construction: reading, parsing and checking the 10,000 saved records from the Orders list file. */
  storeLoadMs: number;
  /** getChildren() of the root, then of the target group holding the orders (per round). */
  treeMs: number[];
  /** getTreeItem() of every node of that group, as the view asks for them (per round). */
  treeItemsMs: number[];
  groupSize: number;
}

export type HostBenchResult = StartupResult & TreeResult;
