// Benchmark (`batch-100`, README.md "Performance" and "Bulk reactivation"): a folder of 100 request
// files (10 numbers each) submitted as one batch with `colt-reactivate submit FOLDER --concurrency 4`
// to the emulator over loopback, beside its peer, the same 100 orders sent one by one
// (`colt-reactivate submit FILE` in a loop, in-process so that no process start-up is counted).
// Each round checks what a fast wrong answer would hide: 100 distinct tracking ids at the emulator,
// no request placed twice, and a second run of the same batch sending nothing.
// Part of `npm run bench` (run.ts); alone: npx tsx scripts/bench/batch100.ts [--rounds 3]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { ReactivationRequest } from '../../src/core/schemas';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, numberBlock, startEmulator } from '../../src/emulator/emulator';
import { EmulatorControl } from '../../src/emulator/emulatorControl';
import { median, printFigures, type Figure } from './benchStats';

const ORDERS = 100;
const NUMBERS_PER_ORDER = 10;
const IN_FLIGHT = 4;
const FIRST = 442071830000n;
const ENV = { COLT_CLIENT_ID: DEFAULT_CLIENT_ID, COLT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET };

function body(first: bigint): ReactivationRequest {
  return {
    numberRangeList: [{ numberRangeStart: `+${first}`, numberRangeEnd: `+${first + BigInt(NUMBERS_PER_ORDER - 1)}` }],
    productOffering: { name: 'Wholesale SIP' },
    relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
  };
}

/** ORDERS request files from number `from`; returns the folder and the files' paths. */
async function writeBatch(root: string, name: string, from: bigint): Promise<{ dir: string; files: string[] }> {
  const dir = join(root, name);
  await mkdir(dir);
  const files: string[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const file = join(dir, `GB-ANH-${String(i + 1).padStart(3, '0')}.reactivate.json`);
    await writeFile(file, JSON.stringify(body(from + BigInt(i * NUMBERS_PER_ORDER)), null, 2));
    files.push(file);
  }
  return { dir, files };
}

async function submit(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCli(['submit', ...args], { out: (l) => lines.push(l), err: (l) => lines.push(l), env: ENV });
  return { code, lines };
}

interface Round {
  batchMs: number;
  oneByOneMs: number;
  rerunMs: number;
  rerunSent: number;
  distinctTrackingIds: number;
  duplicates: number;
}

/**
 * One round. `latencyMs` holds each order's answer that long at the emulator (a delay fault per
 * POST), as a real network round trip would: what a few orders in flight are for.
 */
async function round(root: string, index: number, latencyMs = 0): Promise<Round> {
  const emulator = await startEmulator({
    port: 0,
    inventory: { numbers: numberBlock(`+${FIRST}`, 2 * ORDERS * NUMBERS_PER_ORDER, { country: 'GB', status: 'Quarantined', serviceProfile: 'ANH' }) },
    completeAfterMs: 3_600_000,
  });
  const control = new EmulatorControl(emulator.url);
  const target = ['--target', 'emulator', '--base-url', emulator.url];
  try {
    const batch = await writeBatch(root, `batch-${index}`, FIRST);
    const single = await writeBatch(root, `single-${index}`, FIRST + BigInt(ORDERS * NUMBERS_PER_ORDER));

    // Alternate which goes first, so that a slow spell of the machine hits both sides alike.
    const delays = async () => {
      if (latencyMs) await control.queueFaults(...Array.from({ length: ORDERS }, () => ({ on: 'order' as const, kind: 'delay' as const, ms: latencyMs })));
    };
    const runBatch = async () => {
      await delays();
      const t = performance.now();
      const result = await submit([batch.dir, ...target, '--concurrency', String(IN_FLIGHT)]);
      if (result.code !== 0) throw new Error(`batch-100 FAILED: exit ${result.code}\n${result.lines.slice(-5).join('\n')}`);
      return performance.now() - t;
    };
    const runOneByOne = async () => {
      await delays();
      const t = performance.now();
      for (const file of single.files) {
        const result = await submit([file, ...target]);
        if (result.code !== 0) throw new Error(`batch-100 peer FAILED on ${file}: exit ${result.code}\n${result.lines.join('\n')}`);
      }
      return performance.now() - t;
    };
    let batchMs: number;
    let oneByOneMs: number;
    if (index % 2 === 0) {
      batchMs = await runBatch();
      oneByOneMs = await runOneByOne();
    } else {
      oneByOneMs = await runOneByOne();
      batchMs = await runBatch();
    }

    const batchStarts = new Set(Array.from({ length: ORDERS }, (_, i) => `+${FIRST + BigInt(i * NUMBERS_PER_ORDER)}`));
    const ofBatch = (await control.orders()).filter((o) => batchStarts.has((o.body as ReactivationRequest).numberRangeList[0]!.numberRangeStart));
    const distinctTrackingIds = new Set(ofBatch.map((o) => o.trackingId)).size;
    const duplicates = ofBatch.length - new Set(ofBatch.map((o) => JSON.stringify(o.body))).size;

    const before = (await control.stats()).orderRequests;
    const t = performance.now();
    const rerun = await submit([batch.dir, ...target, '--concurrency', String(IN_FLIGHT)]);
    const rerunMs = performance.now() - t;
    if (rerun.code !== 0) throw new Error(`batch-100 re-run FAILED: exit ${rerun.code}\n${rerun.lines.slice(-5).join('\n')}`);
    const rerunSent = (await control.stats()).orderRequests - before;
    return { batchMs, oneByOneMs, rerunMs, rerunSent, distinctTrackingIds, duplicates };
  } finally {
    await emulator.close();
  }
}

const LATENCY_MS = 50;

export async function batch100Figures(options: { rounds?: number } = {}): Promise<Figure[]> {
  const rounds = options.rounds ?? 3;
  const root = await mkdtemp(join(tmpdir(), 'bench-batch-'));
  const results: Round[] = [];
  const slow: Round[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const result = await round(root, r);
      const withLatency = await round(root, rounds + r, LATENCY_MS);
      slow.push(withLatency);
      console.error(
        `[bench] batch-100 round ${r + 1} (${LATENCY_MS} ms answers): batch ${(withLatency.batchMs / 1000).toFixed(2)} s, one by one ${(withLatency.oneByOneMs / 1000).toFixed(2)} s`,
      );
      console.error(
        `[bench] batch-100 round ${r + 1}: batch ${(result.batchMs / 1000).toFixed(2)} s, one by one ${(result.oneByOneMs / 1000).toFixed(2)} s, ` +
          `${result.distinctTrackingIds} tracking ids, ${result.duplicates} duplicates, re-run sent ${result.rerunSent}`,
      );
      results.push(result);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const problems: string[] = [];
  for (const r of [...results, ...slow]) {
    if (r.distinctTrackingIds !== ORDERS) problems.push(`${r.distinctTrackingIds} distinct tracking ids at the emulator, not ${ORDERS}`);
    if (r.duplicates) problems.push(`${r.duplicates} requests placed twice`);
    if (r.rerunSent) problems.push(`the same batch run again sent ${r.rerunSent} orders`);
  }
  if (problems.length) throw new Error(`batch-100 FAILED: ${problems.join('; ')}`);
  const checked = `checked every round: ${ORDERS} distinct tracking ids at the emulator, 0 duplicates, the same batch run again sent 0`;
  return [
    {
      name: 'batch-100',
      value: median(results.map((r) => r.batchMs)) / 1000,
      unit: 's',
      digits: 2,
      peer: { name: 'the same 100 orders one by one', value: median(results.map((r) => r.oneByOneMs)) / 1000 },
      note: `colt-reactivate submit FOLDER --concurrency ${IN_FLIGHT}: ${ORDERS} files of ${NUMBERS_PER_ORDER} numbers to the emulator over loopback, each record journaled (fsync) before its POST; peer: colt-reactivate submit FILE for each file in turn, in-process; median of ${rounds}; ${checked}`,
    },
    {
      name: `batch-100-${LATENCY_MS}ms`,
      value: median(slow.map((r) => r.batchMs)) / 1000,
      unit: 's',
      digits: 2,
      peer: { name: 'the same 100 orders one by one', value: median(slow.map((r) => r.oneByOneMs)) / 1000 },
      note: `as batch-100, with each order's answer held ${LATENCY_MS} ms at the emulator (a delay fault per POST), as a network round trip would; the same checks`,
    },
    {
      name: 'batch-100-rerun',
      value: median(results.map((r) => r.rerunMs)) / 1000,
      unit: 's',
      digits: 2,
      note: `the same batch run again: reads the journal and the ${ORDERS} files, sends nothing (0 orders in every round)`,
    },
  ];
}

if (require.main === module) {
  const i = process.argv.indexOf('--rounds');
  batch100Figures({ rounds: i > 0 ? Number(process.argv[i + 1]) : undefined }).then(printFigures, (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  });
}
