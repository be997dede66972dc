// Benchmark (`import-plan-100k`, README.md "Performance"): importNumbers + planBatch of a CSV of 100,000
// numbers across the 20 countries, as Colt: Import Numbers and colt-reactivate import run them, beside
// csv-parse alone reading the same text (the parser our import is built on: the ratio is what the
// normalising, checking, grouping and range-making cost on top of parsing). Time in-process, median of
// alternating rounds; peak memory in a fresh process each, as the growth of its resident set's
// high-water mark over its size once the text is loaded. Part of `npm run bench` (run.ts); alone:
// npx tsx scripts/bench/importPlan100k.ts [--rounds N]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { importNumbers } from '../../src/core/bulkImport';
import { planBatch } from '../../src/core/bulkPlan';
import { COUNTRIES, COUNTRY_CODES, type CountryCode } from '../../src/core/countries';
import { median, printFigures, timeRounds, type Figure } from './benchStats';

export const NUMBERS = 100_000;

/**
 * 100,000 distinct numbers, 5,000 per country, as a spreadsheet exports them: a header, numbers written
 * with spaces or `00` now and then, a country column, a service profile on some rows, and runs of
 * consecutive numbers broken by gaps (a fixed pseudo-random sequence, so every run is the same text).
 */
export function csvText(): string {
  const lines = ['Number,Country,Service Profile'];
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const next = new Map<CountryCode, number>(COUNTRY_CODES.map((code) => [code, 20_000_000]));
  for (let i = 0; i < NUMBERS; i++) {
    const code = COUNTRY_CODES[i % COUNTRY_CODES.length]!;
    const subscriber = next.get(code)! + (random() < 0.2 ? 2 + Math.floor(random() * 50) : 1);
    next.set(code, subscriber);
    const digits = `${COUNTRIES[code].callingCode}${subscriber}`;
    const written = random() < 0.1 ? `00${digits}` : random() < 0.2 ? `+${digits.slice(0, 2)} ${digits.slice(2, 6)} ${digits.slice(6)}` : `+${digits}`;
    lines.push(`${written},${code},${random() < 0.3 ? 'ANH' : ''}`);
  }
  return lines.join('\n') + '\n';
}

const ours = (text: string) => planBatch(importNumbers(text, { fileName: 'bench.csv' }));
const peer = (text: string) => parse(text, { relax_column_count: true }) as string[][];

export interface ImportPlanResult {
  /** Medians, ms. */
  ours: number;
  theirs: number;
  /** Peak memory over the loaded text, MB. */
  oursPeakMb: number;
  theirsPeakMb: number;
  orders: number;
  ranges: number;
  refused: number;
  megabytes: number;
  rounds: number;
}

export async function measureImportPlan100k(rounds = 21): Promise<ImportPlanResult> {
  const text = csvText();
  await timeRounds(() => ours(text), 0, 3);
  await timeRounds(() => peer(text), 0, 3);
  const oursTimes: number[] = [];
  const theirTimes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    oursTimes.push(...(await timeRounds(() => ours(text), 1, 0)));
    theirTimes.push(...(await timeRounds(() => peer(text), 1, 0)));
  }
  const plan = ours(text);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'colt-bench-import-')), 'numbers.csv');
  fs.writeFileSync(file, text);
  try {
    return {
      ours: median(oursTimes),
      theirs: median(theirTimes),
      oursPeakMb: peakMegabytes('ours', file),
      theirsPeakMb: peakMegabytes('peer', file),
      orders: plan.orders.length,
      ranges: plan.totalRanges,
      refused: plan.refusedRows,
      megabytes: text.length / 1e6,
      rounds,
    };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** Runs one import (or one parse) in a fresh process and returns its peak memory over the loaded text, MB. */
function peakMegabytes(mode: 'ours' | 'peer', file: string): number {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', mode, file], { encoding: 'utf8' });
  const match = /^peak-bytes (\d+)$/m.exec(child.stdout);
  if (child.status !== 0 || !match) throw new Error(`the ${mode} memory run failed (exit ${child.status}): ${child.stderr.trim().slice(0, 1000)}`);
  return Number(match[1]) / 2 ** 20;
}

function child(mode: string, file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  // Both code paths loaded and the text in memory before the baseline: only the work itself is counted.
  void importNumbers;
  void parse;
  const baseline = process.memoryUsage().rss;
  const result = mode === 'ours' ? ours(text) : peer(text);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`kept ${Array.isArray(result) ? result.length : result.orders.length}`);
  console.log(`peak-bytes ${Math.max(0, peak - baseline)}`);
}

export async function importPlan100kFigures(rounds?: number): Promise<Figure[]> {
  const r = await measureImportPlan100k(rounds);
  const peerName = 'csv-parse alone';
  const how = `${r.megabytes.toFixed(2)} MB of CSV, 100,000 numbers in 20 countries, ${r.orders} orders of ${r.ranges} ranges, ${r.refused} rows refused`;
  return [
    {
      name: 'import-plan-100k',
      value: r.ours,
      unit: 'ms',
      digits: 0,
      peer: { name: peerName, value: r.theirs },
      note: `importNumbers + planBatch in-process, median of ${r.rounds} rounds alternating with the peer (csv-parse/sync on the same text); ${how}; goal 1,000 ms`,
    },
    {
      name: 'import-plan-100k-peak-memory',
      value: r.oursPeakMb,
      unit: 'MB',
      digits: 1,
      peer: { name: peerName, value: r.theirsPeakMb },
      note: 'growth of the resident set high-water mark (maxRSS) over the resident set with the text loaded, one run in a fresh process each',
    },
  ];
}

if (require.main === module) {
  const childAt = process.argv.indexOf('--child');
  if (childAt > 0) {
    child(process.argv[childAt + 1]!, process.argv[childAt + 2]!);
  } else {
    const i = process.argv.indexOf('--rounds');
    importPlan100kFigures(i > 0 ? Number(process.argv[i + 1]) : undefined).then(printFigures, (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
