// Shared by the benchmark scripts: medians and the one-line figure format of `npm run bench`,
// `NAME: VALUE UNIT (ratio R vs PEER)`.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Peer {
  name: string;
  value: number;
}

/** One printed figure; `note` says how it was measured (printed apart, as a `#` line). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  digits: number;
  peer?: Peer;
  note?: string;
}

/** `ratio` is ours ÷ peer, in the figure's own unit: below 1 is better for times, above 1 for rates. */
export function figureLine(f: Figure): string {
  const head = `${f.name}: ${f.value.toFixed(f.digits)} ${f.unit}`;
  if (!f.peer) return head;
  return `${head} (ratio ${(f.value / f.peer.value).toFixed(2)} vs ${f.peer.name} ${f.peer.value.toFixed(f.digits)} ${f.unit})`;
}

export function printFigures(figures: readonly Figure[]): void {
  for (const f of figures) console.log(figureLine(f));
  for (const f of figures) if (f.note) console.log(`# ${f.name}: ${f.note}`);
}

/** Times `run` `rounds` times after `warmup` calls (JIT, caches); returns every time in ms. */
export async function timeRounds(run: () => unknown, rounds: number, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}
