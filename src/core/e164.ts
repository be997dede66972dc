// E.164 ranges as digit strings of equal length: no floating point, so 15-digit numbers
// compare and count exactly.
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
 * Duplicate and overlapping ranges across one request, each reported once on the later range,
 * naming an identical earlier range if there is one, else the earliest range it overlaps.
 * O(n log n), which matters for 10,000-range files: ranges are sorted by start; the earlier
 * ranges overlapping a range either start before it and are still open (a min-heap of indexes,
 * pruned lazily), or start inside it (a range-minimum query over the sorted starts).
 */
export function findRangeClashes(ranges: readonly NumberRange[]): RangeClash[] {
  const valid = ranges
    .map((range, index) => ({ range, index }))
    .filter(
      ({ range }) =>
        isE164(range.numberRangeStart) &&
        isE164(range.numberRangeEnd) &&
        range.numberRangeStart.length === range.numberRangeEnd.length &&
        range.numberRangeStart <= range.numberRangeEnd,
    );
  valid.sort((x, y) => compareE164(x.range.numberRangeStart, y.range.numberRangeStart) || x.index - y.index);

  const firstSame = new Map<string, number>();
  const minIndexFrom = rangeMinimum(valid.map((v) => v.index));
  const open = new MinHeap();
  const clashes: RangeClash[] = [];
  valid.forEach(({ range, index }, position) => {
    const key = `${range.numberRangeStart}-${range.numberRangeEnd}`;
    const same = firstSame.get(key);
    if (same === undefined) firstSame.set(key, index);
    // Ranges of other lengths compare as wholly before or after (compareE164 orders by length first).
    while (open.size > 0 && compareE164(valid[open.peek()]!.range.numberRangeEnd, range.numberRangeStart) < 0) open.pop();
    let earliest = open.size > 0 ? valid[open.peek()]!.index : Infinity;
    const lastInside = lastPositionStartingBy(valid, range.numberRangeEnd);
    if (lastInside > position) earliest = Math.min(earliest, minIndexFrom(position + 1, lastInside));
    if (same !== undefined) clashes.push({ index, otherIndex: same, kind: 'duplicate' });
    else if (earliest < index) clashes.push({ index, otherIndex: earliest, kind: 'overlap' });
    open.push(position, index);
  });
  return clashes.sort((a, b) => a.index - b.index);
}

/** The last position in `sorted` whose range starts at or before `end`. */
function lastPositionStartingBy(sorted: readonly { range: NumberRange }[], end: string): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (compareE164(sorted[mid]!.range.numberRangeStart, end) <= 0) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Sparse table: the minimum of values[from..to] (inclusive) in O(1) after O(n log n) set-up. */
function rangeMinimum(values: readonly number[]): (from: number, to: number) => number {
  const levels: number[][] = [values.slice()];
  for (let width = 1; width * 2 <= values.length; width *= 2) {
    const previous = levels[levels.length - 1]!;
    levels.push(previous.slice(0, previous.length - width).map((v, i) => Math.min(v, previous[i + width]!)));
  }
  return (from, to) => {
    const level = Math.floor(Math.log2(to - from + 1));
    const row = levels[level]!;
    return Math.min(row[from]!, row[to - (1 << level) + 1]!);
  };
}

/** Positions in the sorted list, ordered by their range's index in the request. */
class MinHeap {
  private readonly items: { position: number; index: number }[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): number {
    return this.items[0]!.position;
  }

  push(position: number, index: number): void {
    const items = this.items;
    items.push({ position, index });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.index <= items[i]!.index) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  pop(): void {
    const items = this.items;
    const last = items.pop()!;
    if (items.length === 0) return;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && items[left]!.index < items[smallest]!.index) smallest = left;
      if (right < items.length && items[right]!.index < items[smallest]!.index) smallest = right;
      if (smallest === i) return;
      [items[smallest], items[i]] = [items[i]!, items[smallest]!];
      i = smallest;
    }
  }
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
