// Benchmark (`orders-load-10k`, README.md "Performance"): loading the Orders list's file with
// 10,000 orders as the store does at start-up (read the file, parse it, check every record against
// the schema), beside plain JSON.parse of the same file read the same way: warm (alternating rounds
// in one process) and cold (the first load of a fresh process, as a window pays it). Part of
// `npm run bench` (run.ts); alone: npx tsx scripts/bench/ordersLoad10k.ts [--rounds N]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRecords, serializeRecords } from '../../src/core/orderRecord';
import { ORDERS_FILE_NAME, readOrderFileSync, writeFileAtomically } from '../../src/extension/orders/orderFile';
import { median, printFigures, type Figure } from './benchStats';
import { sampleOrderRecords } from './sampleOrders';

export const ORDERS = 10_000;

/** What OrderStore's load does before filling its map: the figure's subject. */
function loadStore(file: string): number {
  const { records, skipped } = parseRecords(readOrderFileSync(file)!);
  if (records.length !== ORDERS || skipped) throw new Error(`loaded ${records.length} of ${ORDERS} orders (${skipped} skipped)`);
  return records.length;
}

function loadPlain(file: string): number {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { records: unknown[] }).records.length;
}

export async function ordersLoad10kFigures(rounds = 21, coldRounds = 5): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-orders-bench-'));
  try {
    const file = path.join(dir, ORDERS_FILE_NAME);
    const removed = sampleOrderRecords(100).map((r): [string, string] => [r.trackingId, '2025-02-01T00:00:00.000Z']);
    // Written as the store writes it (serialised through the schema, replaced atomically).
    await writeFileAtomically(file, serializeRecords(sampleOrderRecords(ORDERS), removed));
    const megabytes = fs.statSync(file).size / 1e6;
    const ours: number[] = [];
    const theirs: number[] = [];
    // Alternating round by round, so that a slow spell of the machine hits both alike.
    for (let i = 0; i < rounds + 1; i++) {
      let started = performance.now();
      loadStore(file);
      const oursMs = performance.now() - started;
      started = performance.now();
      loadPlain(file);
      const theirsMs = performance.now() - started;
      if (i === 0) continue; // the cold load is measured below, in fresh processes
      ours.push(oursMs);
      theirs.push(theirsMs);
    }
    const coldOurs: number[] = [];
    const coldTheirs: number[] = [];
    for (let i = 0; i < coldRounds; i++) {
      coldOurs.push(coldLoad(file, 'store'));
      coldTheirs.push(coldLoad(file, 'plain'));
    }
    const what = `the Orders list file of ${ORDERS} orders (${megabytes.toFixed(1)} MB) read and checked as OrderStore does at start-up`;
    return [
      {
        name: 'orders-load-10k',
        value: median(ours),
        unit: 'ms',
        digits: 1,
        peer: { name: 'JSON.parse of the same file', value: median(theirs) },
        note: `${what}, in-process, median of ${rounds} alternating rounds after a first one`,
      },
      {
        name: 'orders-load-10k-cold',
        value: median(coldOurs),
        unit: 'ms',
        digits: 1,
        peer: { name: 'JSON.parse of the same file', value: median(coldTheirs) },
        note: `${what}, the first load of a fresh Node process (nothing compiled yet, as in a window that just started), median of ${coldRounds} processes each`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One load in a fresh process: the modules are loaded before the clock starts, so only the load is timed. */
function coldLoad(file: string, which: 'store' | 'plain'): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--cold', which, file], { encoding: 'utf8' });
  const ms = Number(/^cold-ms (\S+)$/m.exec(child.stdout)?.[1]);
  if (child.status !== 0 || !Number.isFinite(ms)) throw new Error(`the cold ${which} load failed: ${child.stderr || child.stdout}`);
  return ms;
}

if (require.main === module) {
  const cold = process.argv.indexOf('--cold');
  if (cold > 0) {
    const [which, file] = [process.argv[cold + 1], process.argv[cold + 2]!];
    const started = performance.now();
    if (which === 'store') loadStore(file);
    else loadPlain(file);
    console.log(`cold-ms ${performance.now() - started}`);
  } else {
    const i = process.argv.indexOf('--rounds');
    ordersLoad10kFigures(i > 0 ? Number(process.argv[i + 1]) : undefined).then(printFigures, (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
