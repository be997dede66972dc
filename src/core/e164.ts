// E.164 ranges as digit strings of equal length: no floating point, so 15-digit numbers
// compare and count exactly (issue 2, point 2).
import { E164_MAX_LENGTH, E164_MIN_LENGTH, E164_PATTERN, type NumberRange } from './schemas';

export function isE164(value: string): boolean {
  return E164_PATTERN.test(value) && value.length >= E164_MIN_LENGTH && value.length <= E164_MAX_LENGTH;
}

/**
 * Compares two E.164 numbers of the same length digit by digit. Numbers of different lengths
 * are not comparable as a range; callers check lengths first.
 */
export function compareE164(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many numbers an inclusive range holds; 0 when it is reversed or its ends differ in length. */
export function rangeSize(range: NumberRange): bigint {
  const { numberRangeStart: start, numberRangeEnd: end } = range;
  if (start.length !== end.length || compareE164(start, end) > 0) return 0n;
  return BigInt(end.slice(1)) - BigInt(start.slice(1)) + 1n;
}

/** The number `offset` places after `start`, keeping its length (so "+4420...0009" + 1 = "+4420...0010"). */
export function addToE164(start: string, offset: bigint): string {
  const digits = (BigInt(start.slice(1)) + offset).toString();
  return '+' + digits.padStart(start.length - 1, '0');
}

/** Every number of a range, lazily: a range can hold millions. */
export function* numbersInRange(range: NumberRange): Generator<string> {
  const size = rangeSize(range);
  for (let i = 0n; i < size; i++) yield addToE164(range.numberRangeStart, i);
}

export interface RangeClash {
  /** Index of the later range, where the problem is reported. */
  index: number;
  /** Index of the earlier range it clashes with. */
  otherIndex: number;
  kind: 'duplicate' | 'overlap';
}

/**
 * Duplicate and overlapping ranges across one request, each reported once on the later range.
 * Sorting by start makes this O(n log n), which matters for 10,000-range files.
 */
export function findRangeClashes(ranges: readonly NumberRange[]): RangeClash[] {
  const valid = ranges
    .map((range, index) => ({ range, index }))
    .filter(({ range }) => isE164(range.numberRangeStart) && isE164(range.numberRangeEnd) && rangeSize(range) > 0n);
  valid.sort((x, y) => compareE164(x.range.numberRangeStart, y.range.numberRangeStart) || x.index - y.index);

  const clashes = new Map<number, RangeClash>();
  // Sweep by start; remember the range reaching furthest so far within the same length.
  let reach: { range: NumberRange; index: number } | undefined;
  for (const current of valid) {
    if (reach && reach.range.numberRangeEnd.length === current.range.numberRangeStart.length &&
        compareE164(current.range.numberRangeStart, reach.range.numberRangeEnd) <= 0) {
      const same = reach.range.numberRangeStart === current.range.numberRangeStart &&
        reach.range.numberRangeEnd === current.range.numberRangeEnd;
      const [earlier, later] = reach.index < current.index ? [reach.index, current.index] : [current.index, reach.index];
      if (!clashes.has(later)) clashes.set(later, { index: later, otherIndex: earlier, kind: same ? 'duplicate' : 'overlap' });
    }
    if (!reach || reach.range.numberRangeEnd.length !== current.range.numberRangeEnd.length ||
        compareE164(current.range.numberRangeEnd, reach.range.numberRangeEnd) > 0) {
      reach = current;
    }
  }
  return [...clashes.values()].sort((a, b) => a.index - b.index);
}

/**
 * Turns what people paste (`+44 20 8132 4758`, `0044 20...`, `+44 (0)20 ...`, `tel:+44-20...`)
 * into E.164, or undefined when it cannot be sure. National numbers without a country code
 * are not guessed at.
 */
export function normaliseNumber(text: string): string | undefined {
  let t = text.trim().replace(/^tel:/i, '');
  // "(0)" is the UK-style trunk prefix written after the country code: it is never dialled.
  t = t.replace(/\(\s*0\s*\)/g, '');
  t = t.replace(/[\s().\-/\u00a0]/g, '');
  if (t.startsWith('00')) t = '+' + t.slice(2);
  if (!t.startsWith('+')) return undefined;
  const result = '+' + t.slice(1).replace(/^0+/, '');
  return isE164(result) ? result : undefined;
}

/**
 * Groups a pasted column of numbers into ranges of consecutive numbers, in the order given,
 * for the form's paste area. Lines that are not numbers are returned so they can be shown.
 */
export function numbersToRanges(lines: readonly string[]): { ranges: NumberRange[]; rejected: string[] } {
  const ranges: NumberRange[] = [];
  const rejected: string[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const n = normaliseNumber(line);
    if (!n) {
      rejected.push(line.trim());
      continue;
    }
    const last = ranges[ranges.length - 1];
    if (last && last.numberRangeEnd.length === n.length && addToE164(last.numberRangeEnd, 1n) === n) {
      last.numberRangeEnd = n;
    } else {
      ranges.push({ numberRangeStart: n, numberRangeEnd: n });
    }
  }
  return { ranges, rejected };
}
