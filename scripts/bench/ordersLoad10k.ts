// Benchmark (`orders-load-10k`, README.md "Performance"): loading the Orders list's file with
// 10,000 orders as the store does at start-up (read the file, parse it, check every record against
// the schema), beside plain JSON.parse of the same file read the same way. Part of `npm run bench`
// (run.ts); alone: npx tsx scripts/bench/ordersLoad10k.ts [--rounds N]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyStatus, applySubmitOutcome, createDraft, markSending, parseRecords, serializeRecords, type OrderRecord } from '../../src/core/orderRecord';
import { TARGETS } from '../../src/core/targets';
import { ORDERS_FILE_NAME, readOrderFileSync, writeFileAtomically } from '../../src/extension/orders/orderFile';
import { median, printFigures, type Figure } from './benchStats';

export const ORDERS = 10_000;

/** Finished and running orders, one number each, a minute apart; a third still in progress. */
function records(count: number): OrderRecord[] {
  const base = Date.UTC(2025, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const at = (s: number) => new Date(base + (i * 60 + s) * 1000);
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

/** What OrderStore's load does before filling its map: the figure's subject. */
function loadStore(file: string): number {
  const { records, skipped } = parseRecords(readOrderFileSync(file)!);
  if (records.length !== ORDERS || skipped) throw new Error(`loaded ${records.length} of ${ORDERS} orders (${skipped} skipped)`);
  return records.length;
}

function loadPlain(file: string): number {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { records: unknown[] }).records.length;
}

export async function ordersLoad10kFigures(rounds = 21): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-orders-bench-'));
  try {
    const file = path.join(dir, ORDERS_FILE_NAME);
    const removed = records(100).map((r): [string, string] => [r.trackingId, '2025-02-01T00:00:00.000Z']);
    // Written as the store writes it (serialised through the schema, replaced atomically).
    await writeFileAtomically(file, serializeRecords(records(ORDERS), removed));
    const megabytes = fs.statSync(file).size / 1e6;
    // The first load of a process is the one a window pays at start-up: nothing is compiled yet.
    let started = performance.now();
    loadStore(file);
    const cold = performance.now() - started;
    const ours: number[] = [];
    const theirs: number[] = [];
    // Alternating round by round, so that a slow spell of the machine hits both alike.
    for (let i = 0; i < rounds; i++) {
      started = performance.now();
      loadStore(file);
      ours.push(performance.now() - started);
      started = performance.now();
      loadPlain(file);
      theirs.push(performance.now() - started);
    }
    return [
      {
        name: 'orders-load-10k',
        value: median(ours),
        unit: 'ms',
        digits: 1,
        peer: { name: 'JSON.parse of the same file', value: median(theirs) },
        note:
          `reading and checking the Orders list file of ${ORDERS} orders (${megabytes.toFixed(1)} MB) as OrderStore does at start-up, in-process, ` +
          `median of ${rounds} alternating rounds; the first, cold load of the process took ${cold.toFixed(0)} ms`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--rounds');
  ordersLoad10kFigures(i > 0 ? Number(process.argv[i + 1]) : undefined).then(printFigures, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
