// Diagnostics of one document as it is edited, for the language server. A full check of a 10,000-range
// file takes tens of milliseconds; an edit inside one range changes only what that range's rules and
// the rules between ranges (duplicates, overlaps) can see. The session keeps each range's problems and
// re-checks only the edited one, and falls back to the full check for anything else. Its results are
// always those of computeDiagnostics for the same text and options (test/unit/diagnosticsSession.test.ts,
// and the fuzz property in test/fuzz/diagnosticsFuzz.ts).
import {
  CheckPhase,
  clashProblem,
  computeDiagnostics,
  diagnosticLimits,
  isPlainObject,
  orderLimitProblem,
  PLACEHOLDER_RANGE,
  rangeCount,
  RequestChecker,
  validRange,
  type DiagnosticOptions,
  type Found,
  type RequestDiagnostic,
  type RequestProblem,
} from './diagnostics';
import { compareE164, findRangeClashes } from './e164';
import { findTooDeepNesting, MAX_NESTING_DEPTH } from './jsonNesting';
import { RequestDocument } from './requestDocument';
import type { NumberRange } from './schemas';

/** A problem placed in the text: `offset` is absolute, or relative to its range's start for a range's own problems. */
interface Placed {
  offset: number;
  length: number;
  phase: CheckPhase;
  /** Order among problems of the same owner at the same place, as the full check found them. */
  seq: number;
  problem: RequestProblem;
}

/** What an edit inside one range needs to know of the rest of the document. */
interface RangeState {
  /** The parsed document; numberRangeList's entries are replaced as they are edited. */
  root: Record<string, unknown>;
  list: unknown[];
  /** Offsets of each entry of numberRangeList in the text (its value, without the whitespace around it). */
  starts: number[];
  ends: number[];
  /** Each entry's own problems, offsets relative to the entry's start. */
  own: Placed[][];
  /** Problems of the rest of the document, absolute offsets. */
  rest: Placed[];
  ranges: NumberRange[];
  counts: number[];
  clashes: (RequestProblem | undefined)[];
  /** The key "numberRangeList", where a request above maxNumbersPerOrder is reported. */
  listKey: { offset: number; length: number };
  maxPerOrder: number;
  lineStarts: number[];
}

/** How the last update was made: for tests and the benchmark. */
export type UpdateKind = 'full' | 'incremental' | 'unchanged';

const NONE: readonly Placed[] = Object.freeze([]);
/** Above this many ranges touched by one edit, finding all clashes again is cheaper than re-checking each. */
const MAX_CLASH_RECHECKS = 8;

export class DiagnosticsSession {
  private text: string | undefined;
  private optionsKey = '';
  private diagnostics: RequestDiagnostic[] = [];
  private state: RangeState | undefined;
  lastUpdate: UpdateKind = 'full';

  /** The diagnostics of `text`, the same as `computeDiagnostics(text, options)`. Never throws. */
  update(text: string, options?: DiagnosticOptions): RequestDiagnostic[] {
    const key = JSON.stringify([options?.maxNumbersPerRange, options?.maxNumbersPerOrder]);
    if (this.text !== undefined && key === this.optionsKey) {
      if (text === this.text) {
        this.lastUpdate = 'unchanged';
        return this.diagnostics;
      }
      try {
        if (this.state && this.tryRangeEdit(this.state, this.text, text, options)) {
          this.text = text;
          this.lastUpdate = 'incremental';
          this.diagnostics = this.place(this.state);
          return this.diagnostics;
        }
      } catch {
        // Whatever went wrong, the full check below answers, and reports the error if it is the check's own.
      }
    }
    this.lastUpdate = 'full';
    this.text = text;
    this.optionsKey = key;
    this.state = undefined;
    try {
      this.state = buildState(text, options);
    } catch {
      this.state = undefined;
    }
    this.diagnostics = this.state ? this.place(this.state) : computeDiagnostics(text, options);
    return this.diagnostics;
  }

  /** Applies an edit that stays inside one entry of numberRangeList; false when the edit is anything else. */
  private tryRangeEdit(state: RangeState, oldText: string, newText: string, options: DiagnosticOptions | undefined): boolean {
    const prefix = commonPrefixLength(oldText, newText);
    const suffix = commonSuffixLength(oldText, newText, Math.min(oldText.length, newText.length) - prefix);
    const changeEnd = oldText.length - suffix;
    const i = lastStartAtOrBefore(state.starts, prefix);
    if (i < 0 || changeEnd > state.ends[i]!) return false;
    const start = state.starts[i]!;
    const oldEnd = state.ends[i]!;
    const delta = newText.length - oldText.length;
    const slice = newText.slice(start, oldEnd + delta);
    // A line break split across the edge of the entry would change how the lines around it count.
    if (slice.charCodeAt(slice.length - 1) === 13 || (newText.charCodeAt(start - 1) === 13 && slice.charCodeAt(0) === 10)) return false;
    // The entry sits two levels deep (the request object, then numberRangeList).
    if (findTooDeepNesting(slice, MAX_NESTING_DEPTH - 2) !== undefined) return false;
    let value: unknown;
    try {
      // The rest of the text is unchanged and was valid JSON: if the entry alone parses, so does the whole.
      value = JSON.parse(slice);
    } catch {
      return false;
    }
    const lead = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    const newStart = start + lead;
    const newEnd = newStart + trimmed.length;

    // Move everything after the entry by the edit's length.
    if (delta !== 0) {
      for (let j = i + 1; j < state.starts.length; j++) {
        state.starts[j]! += delta;
        state.ends[j]! += delta;
      }
    }
    state.starts[i] = newStart;
    state.ends[i] = newEnd;
    for (const p of state.rest) {
      if (p.offset >= oldEnd) p.offset += delta;
      else if (p.offset + p.length >= oldEnd) p.length += delta;
    }
    updateLineStarts(state.lineStarts, start, oldEnd, slice, delta);

    // The entry's own problems, placed within it.
    state.list[i] = value;
    const entry = new RequestDocument(trimmed);
    const found = new RequestChecker(state.root, options).checkRange(i);
    state.own[i] = found.length ? found.map((f, seq) => placeInRange(entry, f, seq)) : (NONE as Placed[]);

    // Clashes: only ranges that overlap the entry, before or after the edit, can change.
    const before = state.ranges[i]!;
    const after = validRange(value) ?? PLACEHOLDER_RANGE;
    state.ranges[i] = after;
    state.counts[i] = rangeCount(after);
    const touched = [i];
    for (let j = 0; j < state.ranges.length && touched.length <= MAX_CLASH_RECHECKS; j++) {
      const other = state.ranges[j]!;
      if (j !== i && isClashable(other) && (overlaps(other, before) || overlaps(other, after))) touched.push(j);
    }
    if (touched.length > MAX_CLASH_RECHECKS) {
      state.clashes = clashesOf(state.ranges);
    } else {
      for (const j of touched) state.clashes[j] = clashOf(state.ranges, j);
    }
    return true;
  }

  private place(state: RangeState): RequestDiagnostic[] {
    const all: { offset: number; length: number; phase: number; owner: number; seq: number; problem: RequestProblem }[] = [];
    for (const p of state.rest) all.push({ ...p, owner: -1 });
    for (let j = 0; j < state.starts.length; j++) {
      const start = state.starts[j]!;
      for (const p of state.own[j]!) all.push({ offset: start + p.offset, length: p.length, phase: p.phase, owner: j, seq: p.seq, problem: p.problem });
      const clash = state.clashes[j];
      if (clash) all.push({ offset: start, length: state.ends[j]! - start, phase: CheckPhase.clash, owner: j, seq: 0, problem: clash });
    }
    const order = orderLimitProblem(state.ranges, state.counts, state.maxPerOrder);
    if (order) all.push({ ...state.listKey, phase: CheckPhase.order, owner: -1, seq: 0, problem: order });
    all.sort((a, b) => a.offset - b.offset || a.length - b.length || a.phase - b.phase || a.owner - b.owner || a.seq - b.seq);
    const lines = state.lineStarts;
    return all.map((p) => ({
      ...p.problem,
      path: [...p.problem.path],
      range: { start: positionAt(lines, p.offset), end: positionAt(lines, p.offset + p.length) },
    }));
  }
}

/** The state of a document whose numberRangeList is a list in valid JSON, or undefined for any other document. */
function buildState(text: string, options: DiagnosticOptions | undefined): RangeState | undefined {
  const doc = new RequestDocument(text);
  if (doc.hasSyntaxErrors || !isPlainObject(doc.value) || !Array.isArray(doc.value.numberRangeList)) return undefined;
  const root = doc.value;
  const list = root.numberRangeList as unknown[];
  const spans = listSpans(text);
  if (!spans || spans.starts.length !== list.length) return undefined;
  const { starts, ends } = spans;
  const own: Placed[][] = list.map(() => NONE as Placed[]);
  const rest: Placed[] = [];
  const clashes: (RequestProblem | undefined)[] = new Array<RequestProblem | undefined>(list.length).fill(undefined);
  const checker = new RequestChecker(root, options);
  const found = checker.check();
  found.forEach((f, seq) => {
    const { offset, length } = doc.anchorOffsets(f.problem.path, f.anchor);
    const index = f.problem.path[0] === 'numberRangeList' && typeof f.problem.path[1] === 'number' ? f.problem.path[1] : -1;
    if (f.phase === CheckPhase.order) {
      // Recomputed from the counts after every edit.
    } else if (f.phase === CheckPhase.clash) {
      clashes[index] = f.problem;
    } else if (index >= 0 && index < list.length) {
      if (own[index] === NONE) own[index] = [];
      own[index]!.push({ offset: offset - starts[index]!, length, phase: f.phase, seq, problem: f.problem });
    } else {
      rest.push({ offset, length, phase: f.phase, seq, problem: f.problem });
    }
  });
  return {
    root,
    list,
    starts,
    ends,
    own,
    rest,
    ranges: checker.ranges,
    counts: checker.counts,
    clashes,
    listKey: spans.key,
    maxPerOrder: diagnosticLimits(options).maxNumbersPerOrder,
    lineStarts: lineStartsOf(text),
  };
}

/**
 * Where numberRangeList's key and entries are in a text that JSON.parse accepted, found with one pass of
 * charCodeAt: a tree of the whole file (70,000 nodes for 10,000 ranges) would cost more than the check itself.
 * The last "numberRangeList" wins, as in JSON.parse. Undefined if the text is not shaped as expected.
 */
export function listSpans(text: string): { key: { offset: number; length: number }; starts: number[]; ends: number[] } | undefined {
  let pos = 0;
  const space = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) pos++;
      else return;
    }
  };
  // After the opening quote; returns whether the string held an escape.
  const string = (): boolean => {
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(pos++);
      if (c === 92) {
        escaped = true;
        pos++;
      } else if (c === 34) return escaped;
      else if (Number.isNaN(c)) throw new RangeError('unterminated string');
    }
  };
  const value = (): void => {
    const c = text.charCodeAt(pos);
    if (c === 34) {
      pos++;
      string();
    } else if (c === 123 || c === 91) {
      let depth = 0;
      do {
        const d = text.charCodeAt(pos++);
        if (d === 34) string();
        else if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) depth--;
        else if (Number.isNaN(d)) throw new RangeError('unclosed');
      } while (depth > 0);
    } else {
      for (;;) {
        const d = text.charCodeAt(pos);
        if (Number.isNaN(d) || d === 44 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9) return;
        pos++;
      }
    }
  };
  try {
    let found: { key: { offset: number; length: number }; starts: number[]; ends: number[] } | undefined;
    space();
    if (text.charCodeAt(pos++) !== 123) return undefined;
    space();
    if (text.charCodeAt(pos) === 125) return undefined;
    for (;;) {
      space();
      const keyStart = pos;
      if (text.charCodeAt(pos++) !== 34) return undefined;
      const escaped = string();
      const raw = text.slice(keyStart, pos);
      const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      space();
      if (text.charCodeAt(pos++) !== 58) return undefined;
      space();
      if (key === 'numberRangeList' && text.charCodeAt(pos) === 91) {
        const spans = { key: { offset: keyStart, length: raw.length }, starts: [] as number[], ends: [] as number[] };
        pos++;
        space();
        if (text.charCodeAt(pos) === 93) pos++;
        else {
          for (;;) {
            space();
            spans.starts.push(pos);
            value();
            spans.ends.push(pos);
            space();
            const next = text.charCodeAt(pos++);
            if (next === 93) break;
            if (next !== 44) return undefined;
          }
        }
        found = spans;
      } else {
        if (key === 'numberRangeList') found = undefined;
        value();
      }
      space();
      const next = text.charCodeAt(pos++);
      if (next === 125) return found;
      if (next !== 44) return undefined;
    }
  } catch {
    return undefined;
  }
}

function placeInRange(entry: RequestDocument, f: Found, seq: number): Placed {
  // Paths inside the entry, relative to it: numberRangeList[i].numberRangeStart is ['numberRangeStart'].
  const { offset, length } = entry.anchorOffsets(f.problem.path.slice(2), f.anchor);
  return { offset, length, phase: f.phase, seq, problem: f.problem };
}

function isClashable(r: NumberRange): boolean {
  return r.numberRangeStart !== '' && r.numberRangeStart.length === r.numberRangeEnd.length && r.numberRangeStart <= r.numberRangeEnd;
}

function overlaps(a: NumberRange, b: NumberRange): boolean {
  return isClashable(b) && compareE164(a.numberRangeStart, b.numberRangeEnd) <= 0 && compareE164(b.numberRangeStart, a.numberRangeEnd) <= 0;
}

function clashesOf(ranges: readonly NumberRange[]): (RequestProblem | undefined)[] {
  const clashes = new Array<RequestProblem | undefined>(ranges.length).fill(undefined);
  for (const clash of findRangeClashes(ranges)) clashes[clash.index] = clashProblem(ranges, clash);
  return clashes;
}

/** findRangeClashes for one range: an identical earlier range if any (the first), else the earliest earlier range it overlaps. */
function clashOf(ranges: readonly NumberRange[], index: number): RequestProblem | undefined {
  const range = ranges[index]!;
  if (!isClashable(range)) return undefined;
  let earliest = -1;
  for (let k = 0; k < index; k++) {
    const other = ranges[k]!;
    if (!isClashable(other) || !overlaps(range, other)) continue;
    if (other.numberRangeStart === range.numberRangeStart && other.numberRangeEnd === range.numberRangeEnd) {
      return clashProblem(ranges, { index, otherIndex: k, kind: 'duplicate' });
    }
    if (earliest < 0) earliest = k;
  }
  return earliest < 0 ? undefined : clashProblem(ranges, { index, otherIndex: earliest, kind: 'overlap' });
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  // Whole blocks first: comparing substrings is a memory compare, far faster than a loop over 1 MB.
  for (const block of [65536, 4096, 256]) {
    while (i + block <= max && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  }
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffixLength(a: string, b: string, max: number): number {
  let n = 0;
  for (const block of [65536, 4096, 256]) {
    while (n + block <= max && a.slice(a.length - n - block, a.length - n) === b.slice(b.length - n - block, b.length - n)) n += block;
  }
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** The last index whose start is at or before `offset`, or -1. */
function lastStartAtOrBefore(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  if (high < 0 || starts[0]! > offset) return -1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Line starts after [start, oldEnd) became `slice` (delta characters longer), in place. */
function updateLineStarts(lineStarts: number[], start: number, oldEnd: number, slice: string, delta: number): void {
  // Line starts inside the old text of the entry are (start, oldEnd]; those after it move by delta.
  const first = lastStartAtOrBefore(lineStarts, start) + 1;
  let last = first;
  while (last < lineStarts.length && lineStarts[last]! <= oldEnd) last++;
  const inside = lineStartsOf(slice)
    .slice(1)
    .map((s) => start + s);
  if (delta !== 0) for (let j = last; j < lineStarts.length; j++) lineStarts[j]! += delta;
  if (inside.length !== last - first || inside.some((s, k) => s !== lineStarts[first + k])) lineStarts.splice(first, last - first, ...inside);
}

function positionAt(lineStarts: readonly number[], offset: number): { line: number; character: number } {
  const line = Math.max(0, lastStartAtOrBefore(lineStarts, offset));
  return { line, character: offset - lineStarts[line]! };
}
