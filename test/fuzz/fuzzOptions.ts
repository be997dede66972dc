// What every fuzz property takes. The unit tests run each with a few hundred cases (and, for most, a
// fixed seed); `npm run fuzz` runs the same properties with as many cases as asked.

export interface FuzzOptions {
  numRuns: number;
  /** fast-check's seed: the same seed and number of runs replay the same cases. Random when left out. */
  seed?: number;
}

/** One fuzz target of `npm run fuzz`: a name to report and replay, and its run. */
export interface FuzzTarget {
  name: string;
  run(options: FuzzOptions): Promise<void>;
}

/** Targets that share something costly to start (a language server, an emulator), started once for all. */
export interface FuzzGroup {
  targets: FuzzTarget[];
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
