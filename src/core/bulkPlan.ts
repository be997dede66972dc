// Imported numbers become orders Colt accepts: one reseller country and at most one service profile per
// order, consecutive numbers as ranges, and at most so many numbers per range and per order. The plan is
// what the user reviews before any file is written, so it also carries every refused row.
import type { ImportedNumber, ImportProblem, ImportResult } from './bulkImport';
import { COUNTRIES, COUNTRY_CODES, type CountryCode } from './countries';
import { DEFAULT_MAX_NUMBERS_PER_ORDER, DEFAULT_MAX_NUMBERS_PER_RANGE, MAX_NUMBERS_PER_ORDER_SETTING, MAX_NUMBERS_SETTING } from './diagnostics';
import { PRODUCT_NAME, type NumberRange, type ReactivationRequest } from './schemas';

export interface PlanOptions {
  maxNumbersPerOrder: number;
  maxNumbersPerRange: number;
}

export interface PlannedOrder {
  /** Says country, profile and part: `GB-ANH-1.reactivate.json`, `GB-1.reactivate.json`. */
  fileName: string;
  country: CountryCode;
  serviceProfile?: string;
  /** 1-based part of its country and profile, of `parts`. */
  part: number;
  parts: number;
  numberCount: number;
  ranges: NumberRange[];
  /** Exactly what Colt receives; the request file holds it and an editor's `$schema` hint, nothing else. */
  body: ReactivationRequest;
}

export interface BatchPlan {
  orders: PlannedOrder[];
  totalNumbers: number;
  totalRanges: number;
  /** The countries with at least one order, in the usual order of the 20. */
  countries: CountryCode[];
  /** The rows that are in no order, with their line numbers. */
  problems: ImportProblem[];
  /** How many rows of the file the problems refuse (a row has at most one problem). */
  refusedRows: number;
  limits: PlanOptions;
  fileName?: string;
  header?: string[];
}

/** A limit as given, or its default when missing or not a whole number of at least 1. */
function limit(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

/**
 * Groups by country and service profile, sorts, makes ranges of consecutive numbers (at most
 * maxNumbersPerRange each) and fills orders of at most maxNumbersPerOrder numbers, splitting a range
 * at an order's limit. Orders come in the usual order of the countries, then without a profile first,
 * then by profile. Deterministic: the same numbers give the same files, whatever the row order.
 */
export function planBatch(imported: ImportResult | readonly ImportedNumber[], options: Partial<PlanOptions> = {}): BatchPlan {
  const limits: PlanOptions = {
    maxNumbersPerOrder: limit(options.maxNumbersPerOrder, DEFAULT_MAX_NUMBERS_PER_ORDER),
    maxNumbersPerRange: limit(options.maxNumbersPerRange, DEFAULT_MAX_NUMBERS_PER_RANGE),
  };
  const result = isImportResult(imported) ? imported : undefined;
  const numbers = result ? result.numbers : (imported as readonly ImportedNumber[]);

  type Group = { country: CountryCode; serviceProfile: string | undefined; numbers: string[] };
  const groups: Group[] = [];
  const byCountry = new Map<CountryCode, Map<string, Group>>();
  // importNumbers never gives the same number twice; a caller's own list might, and Colt must not get it twice.
  const seen = result ? undefined : new Set<string>();
  for (const n of numbers) {
    if (seen) {
      if (seen.has(n.number)) continue;
      seen.add(n.number);
    }
    let profiles = byCountry.get(n.country);
    if (!profiles) byCountry.set(n.country, (profiles = new Map()));
    const profile = n.serviceProfile ?? '';
    let group = profiles.get(profile);
    if (!group) {
      profiles.set(profile, (group = { country: n.country, serviceProfile: profile || undefined, numbers: [] }));
      groups.push(group);
    }
    group.numbers.push(n.number);
  }

  const countryRank = new Map(COUNTRY_CODES.map((code, i) => [code, i] as const));
  const ordered = groups.sort(
    (a, b) =>
      countryRank.get(a.country)! - countryRank.get(b.country)! ||
      (a.serviceProfile === undefined ? -1 : 0) - (b.serviceProfile === undefined ? -1 : 0) ||
      compareText(a.serviceProfile ?? '', b.serviceProfile ?? ''),
  );

  const orders: PlannedOrder[] = [];
  const usedStems = new Set<string>();
  for (const group of ordered) {
    const parts = splitIntoOrders(rangesOf(group.numbers, limits.maxNumbersPerRange), limits.maxNumbersPerOrder);
    const stem = uniqueStem(group.country, group.serviceProfile, usedStems);
    parts.forEach((part, i) => {
      const reseller = group.serviceProfile === undefined ? { country: group.country } : { serviceProfile: group.serviceProfile, country: group.country };
      const order: PlannedOrder = {
        fileName: `${stem}-${i + 1}.reactivate.json`,
        country: group.country,
        part: i + 1,
        parts: parts.length,
        numberCount: part.count,
        ranges: part.ranges,
        body: { numberRangeList: part.ranges, productOffering: { name: PRODUCT_NAME }, relatedParty: { reseller } },
      };
      if (group.serviceProfile !== undefined) order.serviceProfile = group.serviceProfile;
      orders.push(order);
    });
  }

  const problems = result ? result.problems : [];
  const plan: BatchPlan = {
    orders,
    totalNumbers: orders.reduce((sum, o) => sum + o.numberCount, 0),
    totalRanges: orders.reduce((sum, o) => sum + o.ranges.length, 0),
    countries: COUNTRY_CODES.filter((code) => orders.some((o) => o.country === code)),
    problems,
    refusedRows: new Set(problems.map((p) => p.line)).size,
    limits,
  };
  if (result?.fileName !== undefined) plan.fileName = result.fileName;
  if (result?.header) plan.header = result.header;
  return plan;
}

/**
 * The `$id` of the request files' JSON Schema (jsonSchema.ts), which every request file names as its
 * `$schema`, as the New Request File template and the form do; spelt out here so that planning does
 * not load the JSON Schema generator. test/unit/bulkPlan.test.ts checks the two agree.
 */
export const REQUEST_SCHEMA_ID = 'https://colt-reactivate.local/reactivate.schema.json';

/** A planned order's request file: `$schema` (an editor hint, never sent) and the body, formatted as the editor's own request files are. */
export function requestFileText(order: PlannedOrder): string {
  return JSON.stringify({ $schema: REQUEST_SCHEMA_ID, ...order.body }, null, 2) + '\n';
}

function isImportResult(value: ImportResult | readonly ImportedNumber[]): value is ImportResult {
  return !Array.isArray(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Consecutive numbers as ranges of at most `max` numbers. Numbers are compared as JavaScript numbers:
 * E.164 has at most 15 digits, which doubles hold exactly (up to 2^53, 16 digits).
 */
function rangesOf(numbers: string[], max: number): NumberRange[] {
  numbers.sort((a, b) => a.length - b.length || compareText(a, b));
  const ranges: NumberRange[] = [];
  let start = '';
  let end = '';
  let endValue = 0;
  let count = 0;
  for (const n of numbers) {
    const value = Number(n.slice(1));
    if (count > 0 && count < max && n.length === end.length && value === endValue + 1) {
      end = n;
      endValue = value;
      count++;
      continue;
    }
    if (count > 0) ranges.push({ numberRangeStart: start, numberRangeEnd: end });
    start = end = n;
    endValue = value;
    count = 1;
  }
  if (count > 0) ranges.push({ numberRangeStart: start, numberRangeEnd: end });
  return ranges;
}

function sizeOf(range: NumberRange): number {
  return Number(range.numberRangeEnd.slice(1)) - Number(range.numberRangeStart.slice(1)) + 1;
}

function plus(number: string, offset: number): string {
  return '+' + String(Number(number.slice(1)) + offset).padStart(number.length - 1, '0');
}

/** Fills orders in turn; a range that does not fit in what is left of an order is split at the limit. */
function splitIntoOrders(ranges: readonly NumberRange[], max: number): { ranges: NumberRange[]; count: number }[] {
  const orders: { ranges: NumberRange[]; count: number }[] = [];
  let current: { ranges: NumberRange[]; count: number } = { ranges: [], count: 0 };
  for (const whole of ranges) {
    let range = whole;
    let size = sizeOf(range);
    while (size > 0) {
      if (current.count === max) {
        orders.push(current);
        current = { ranges: [], count: 0 };
      }
      const take = Math.min(size, max - current.count);
      if (take === size) {
        current.ranges.push(range);
      } else {
        current.ranges.push({ numberRangeStart: range.numberRangeStart, numberRangeEnd: plus(range.numberRangeStart, take - 1) });
        range = { numberRangeStart: plus(range.numberRangeStart, take), numberRangeEnd: range.numberRangeEnd };
      }
      current.count += take;
      size -= take;
    }
  }
  if (current.count > 0) orders.push(current);
  return orders;
}

/**
 * `GB-ANH`, or `GB` without a profile. A profile's characters that a file name cannot hold become "_";
 * should two profiles then read the same, the later one gets a number.
 */
function uniqueStem(country: CountryCode, serviceProfile: string | undefined, used: Set<string>): string {
  const base = serviceProfile === undefined ? country : `${country}-${serviceProfile.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40)}`;
  let stem = base;
  for (let n = 2; used.has(stem.toLowerCase()); n++) stem = `${base}_${n}`;
  used.add(stem.toLowerCase());
  return stem;
}

function count(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/**
 * The plan as plain text, for review before anything is written: the orders, per country and profile,
 * the numbers and ranges of each, and every refused row with its line number. Shown as an editor
 * document in VS Code (so screen readers read it like any text) and printed by the command line.
 */
export function formatPlan(plan: BatchPlan): string {
  const lines: string[] = [];
  const source = plan.fileName ? ` from ${plan.fileName}` : '';
  lines.push(`Bulk reactivation plan${source}`);
  lines.push('');
  lines.push(
    plan.orders.length === 0
      ? 'No order: no number in the file can be reactivated.'
      : `${count(plan.totalNumbers, 'number')} in ${count(plan.totalRanges, 'range')}, as ${count(plan.orders.length, 'order')} in ${count(plan.countries.length, 'country', 'countries')}.`,
  );
  lines.push(
    plan.refusedRows === 0
      ? 'Every row was read: no row refused.'
      : `${count(plan.refusedRows, 'row')} refused: ${plan.refusedRows === 1 ? 'it is' : 'they are'} in no order (see Problems below).`,
  );
  lines.push(
    `At most ${plan.limits.maxNumbersPerOrder.toLocaleString('en-GB')} numbers per order (${MAX_NUMBERS_PER_ORDER_SETTING}) and ${plan.limits.maxNumbersPerRange.toLocaleString('en-GB')} per range (${MAX_NUMBERS_SETTING}).`,
  );
  if (plan.header) lines.push(`Line 1 is a header: ${plan.header.map((h) => `"${h}"`).join(', ')}.`);

  if (plan.orders.length > 0) {
    lines.push('', 'Orders (one request file each)');
    const nameWidth = Math.max(...plan.orders.map((o) => o.fileName.length));
    const countWidth = Math.max(...plan.orders.map((o) => o.numberCount.toLocaleString('en-GB').length));
    const profileWidth = Math.max(...plan.orders.map((o) => (o.serviceProfile ?? '(none)').length));
    for (const o of plan.orders) {
      const first = o.ranges[0]!.numberRangeStart;
      const last = o.ranges[o.ranges.length - 1]!.numberRangeEnd;
      lines.push(
        `  ${o.fileName.padEnd(nameWidth)}  ${o.country}  profile ${(o.serviceProfile ?? '(none)').padEnd(profileWidth)}  ` +
          `${o.numberCount.toLocaleString('en-GB').padStart(countWidth)} ${o.numberCount === 1 ? 'number ' : 'numbers'} in ${count(o.ranges.length, 'range')}, ` +
          `${first === last ? first : `${first} to ${last}`}`,
      );
    }

    lines.push('', 'Countries');
    for (const code of plan.countries) {
      const orders = plan.orders.filter((o) => o.country === code);
      const numbers = orders.reduce((sum, o) => sum + o.numberCount, 0);
      const profiles = [...new Set(orders.map((o) => o.serviceProfile ?? '(none)'))];
      lines.push(
        `  ${code} ${COUNTRIES[code].name}: ${count(numbers, 'number')} in ${count(orders.length, 'order')}; ${profiles.length === 1 ? 'service profile' : 'service profiles'} ${profiles.join(', ')}`,
      );
    }
  }

  if (plan.problems.length > 0) {
    lines.push('', `Problems (${count(plan.refusedRows, 'row')} refused, in no order)`);
    for (const p of plan.problems) lines.push(`  line ${p.line}: ${p.code}: ${p.message}`);
  }
  return lines.join('\n') + '\n';
}
