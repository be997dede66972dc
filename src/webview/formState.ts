// The form's logic without the DOM: state → request, rows, paste, and which field each core
// problem belongs to. Pure functions over immutable state, so it runs (and is tested) in plain
// Node, and the webview's main.ts only renders and wires events.
import { DEFAULT_MAX_NUMBERS_PER_ORDER, validateRequestObject, type DiagnosticOptions, type RequestProblem } from '../core/diagnostics';
import { countryOfNumber } from '../core/countries';
import { countryMix, type CountryShare } from '../core/countryMix';
import { isE164, numbersToRanges, rangeSize } from '../core/e164';
import { PRODUCT_NAME, type NumberRange } from '../core/schemas';
import { PROTOCOL_LIMITS, type FormRequest, type FormRow, type FormState } from '../shared/protocol';

export type { FormRow, FormState };

export function initialFormState(): FormState {
  return { rows: [{ id: 'r0', start: '', end: '' }], country: '', serviceProfile: '', pasteText: '', rejectedLines: [], nextRowId: 1 };
}

function newRow(state: FormState, start = '', end = ''): { row: FormRow; nextRowId: number } {
  return { row: { id: `r${state.nextRowId}`, start, end }, nextRowId: state.nextRowId + 1 };
}

function isBlank(row: FormRow): boolean {
  return !row.start.trim() && !row.end.trim();
}

/** Adds an empty row after `afterId` (or at the end). */
export function addRow(state: FormState, afterId?: string): { state: FormState; rowId: string } {
  const { row, nextRowId } = newRow(state);
  const at = afterId === undefined ? -1 : state.rows.findIndex((r) => r.id === afterId);
  const rows = [...state.rows];
  rows.splice(at < 0 ? rows.length : at + 1, 0, row);
  return { state: { ...state, rows, nextRowId }, rowId: row.id };
}

/**
 * Removes a row. The table never becomes empty: removing the last row leaves one blank row, so
 * there is always a field to type into. Returns the row that should take the focus.
 */
export function removeRow(state: FormState, id: string): { state: FormState; focusRowId: string | undefined } {
  const index = state.rows.findIndex((r) => r.id === id);
  if (index < 0) return { state, focusRowId: undefined };
  const rows = state.rows.filter((r) => r.id !== id);
  // Removing a row is a change to the list: an emptied list may now say so.
  const touched = [...(state.touched ?? []).filter((k) => !k.startsWith(`row:${id}:`)), ...(state.touched?.includes('ranges') ? [] : ['ranges'])];
  if (rows.length === 0) {
    const { row, nextRowId } = newRow(state);
    return { state: { ...state, rows: [row], nextRowId, touched }, focusRowId: row.id };
  }
  return { state: { ...state, rows, touched }, focusRowId: rows[Math.min(index, rows.length - 1)].id };
}

export function updateRow(state: FormState, id: string, field: 'start' | 'end', value: string): FormState {
  return { ...state, rows: state.rows.map((r) => (r.id === id ? { ...r, [field]: value } : r)) };
}

export function setCountry(state: FormState, country: string): FormState {
  return { ...state, country };
}

export function setServiceProfile(state: FormState, serviceProfile: string): FormState {
  return { ...state, serviceProfile };
}

export function setPasteText(state: FormState, pasteText: string): FormState {
  return { ...state, pasteText };
}

/** Records that the user changed or left a field; returns the same state when it already was. */
export function markTouched(state: FormState, ...keys: FieldKey[]): FormState {
  const touched = state.touched ?? [];
  const fresh = keys.filter((k) => !touched.includes(k));
  return fresh.length ? { ...state, touched: [...touched, ...fresh] } : state;
}

/** A press on Submit: every field shows its problems from now on. */
export function markSubmitAttempted(state: FormState): FormState {
  return state.submitAttempted ? state : { ...state, submitAttempted: true };
}

/**
 * Remembers what Colt took (or may have taken, when no answer came) for the request with
 * `requestKey`, so Submit stays off until the request changes: one more click would send a
 * second order for the same numbers.
 */
export function markSubmitted(state: FormState, submitted: NonNullable<FormState['submitted']>): FormState {
  return { ...state, submitted };
}

/**
 * A short fingerprint of a request (cyrb53, a 53-bit string hash): enough to tell "the same
 * request" from "changed", and small to keep in the webview state whatever the list's length.
 */
export function requestKey(request: FormRequest): string {
  const text = JSON.stringify(request);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export interface PasteResult {
  state: FormState;
  added: number;
  rejected: string[];
}

/** The paste area's text as ranges of consecutive numbers (core numbersToRanges), and the lines that are not numbers. */
export function parsePaste(text: string): { ranges: NumberRange[]; rejected: string[] } {
  return numbersToRanges(text.split(/\r?\n|,|;/));
}

/**
 * Turns the paste area's column of numbers into ranges of consecutive numbers (core
 * numbersToRanges), appended after the rows already filled in; blank rows are replaced. Lines
 * that are not numbers stay in the paste area so they can be corrected, and are listed.
 * When no country is chosen yet, the first number's calling code picks it.
 */
export function applyPaste(state: FormState, text = state.pasteText, parsed = parsePaste(text)): PasteResult {
  const { ranges, rejected } = parsed;
  // One array built in place: a paste of thousands of numbers must not copy the list per row.
  const rows = state.rows.filter((r) => !isBlank(r));
  let nextRowId = state.nextRowId;
  for (const range of ranges) rows.push({ id: `r${nextRowId++}`, start: range.numberRangeStart, end: range.numberRangeEnd });
  let next: FormState = { ...state, rows, nextRowId };
  if (next.rows.length === 0) next = addRow(next).state;
  if (!next.country && ranges.length > 0) next.country = countryOfNumber(ranges[0].numberRangeStart) ?? '';
  next = markTouched({ ...next, pasteText: rejected.join('\n'), rejectedLines: rejected }, 'ranges');
  return { state: next, added: ranges.length, rejected };
}

/**
 * Past this many ranges (the most the form's state may hold) a form stops being the right tool:
 * the paste is offered to the batch import instead.
 */
export const FORM_MAX_RANGES = PROTOCOL_LIMITS.maxRows;

/** Why a paste is better made into a batch (one order per country, each of a sensible size) than into this one order. */
export type BatchOffer = { reason: 'countries'; countries: CountryShare[] } | { reason: 'size'; ranges: number; numbers: bigint };

/**
 * Whether a paste should become a batch rather than rows of this form: its numbers belong to
 * several countries (one order takes one country), or the form would hold more ranges than
 * FORM_MAX_RANGES or more numbers than one order may (`maxNumbersPerOrder`).
 */
export function batchOfferFor(
  state: FormState,
  parsed: { ranges: readonly NumberRange[] },
  maxNumbersPerOrder = DEFAULT_MAX_NUMBERS_PER_ORDER,
): BatchOffer | undefined {
  const countries = countryMix(parsed.ranges);
  if (countries.length > 1) return { reason: 'countries', countries };
  const kept = state.rows.filter((r) => !isBlank(r));
  const ranges = kept.length + parsed.ranges.length;
  let numbers = 0n;
  for (const r of parsed.ranges) numbers += rangeSize(r);
  for (const r of kept)
    if (isE164(r.start.trim()) && isE164((r.end.trim() || r.start).trim()))
      numbers += rangeSize({ numberRangeStart: r.start.trim(), numberRangeEnd: (r.end.trim() || r.start).trim() });
  if (ranges > FORM_MAX_RANGES || numbers > BigInt(maxNumbersPerOrder)) return { reason: 'size', ranges, numbers };
  return undefined;
}

export interface BuiltRequest {
  request: FormRequest;
  /** rowIds[i] is the form row that became numberRangeList[i]; blank rows are left out. */
  rowIds: string[];
}

/**
 * The request body exactly as Colt would receive it. An empty end means a single number
 * (end = start), the common case; a blank service profile is left out, as the API allows.
 */
export function buildRequest(state: FormState): BuiltRequest {
  const rowIds: string[] = [];
  const numberRangeList = [];
  for (const row of state.rows) {
    if (isBlank(row)) continue;
    const start = row.start.trim();
    const end = row.end.trim() || start;
    numberRangeList.push({ numberRangeStart: start, numberRangeEnd: end });
    rowIds.push(row.id);
  }
  const serviceProfile = state.serviceProfile.trim();
  const reseller: FormRequest['relatedParty']['reseller'] = serviceProfile ? { serviceProfile, country: state.country } : { country: state.country };
  return {
    request: { numberRangeList, productOffering: { name: PRODUCT_NAME }, relatedParty: { reseller } },
    rowIds,
  };
}

/** Where a problem is shown: a range input, a whole row, the country, the profile, the range list, or the form. */
export type FieldKey = `row:${string}:start` | `row:${string}:end` | `row:${string}` | 'country' | 'serviceProfile' | 'ranges' | 'form';

/** Maps a core problem's JSON path (and rangeIndex) to the field the user can fix it in. */
export function fieldForProblem(problem: RequestProblem, rowIds: readonly string[]): FieldKey {
  const [head, index, leaf] = problem.path;
  if (head === 'numberRangeList') {
    const i = typeof index === 'number' ? index : problem.data?.rangeIndex;
    const rowId = i === undefined ? undefined : rowIds[i];
    if (rowId === undefined) return 'ranges';
    if (leaf === 'numberRangeStart') return `row:${rowId}:start`;
    if (leaf === 'numberRangeEnd') return `row:${rowId}:end`;
    return `row:${rowId}`;
  }
  if (head === 'relatedParty') {
    const last = problem.path[problem.path.length - 1];
    if (last === 'serviceProfile' || problem.data?.missing === 'serviceProfile') return 'serviceProfile';
    return 'country';
  }
  return 'form';
}

export interface FormValidation {
  request: FormRequest;
  rowIds: string[];
  /** The core's problems, worded as the core words them (the same as the file diagnostics). */
  problems: RequestProblem[];
  /** Every problem by field, worded for the form (formMessage). */
  byField: Map<FieldKey, RequestProblem[]>;
  /** The problems of the fields that show them: touched ones, or all after a Submit attempt. */
  shown: Map<FieldKey, RequestProblem[]>;
  errorCount: number;
  /** Why Submit is off, or undefined when it may be pressed. */
  submitBlockedReason: string | undefined;
  numberCount: bigint;
}

/**
 * The one place where the form words a core problem its own way. The core speaks about JSON
 * (it also drives the file diagnostics and the CLI), which reads oddly next to a form field:
 * an empty list of ranges and an unchosen country are simply things still to fill in.
 */
export function formMessage(problem: RequestProblem, state: FormState): string {
  if (problem.code === 'empty-range-list') return 'Add at least one number.';
  const [head] = problem.path;
  const aboutCountry = problem.code === 'unknown-country' || problem.data?.missing === 'country';
  if (head === 'relatedParty' && aboutCountry && !state.country.trim()) return 'Choose the reseller country.';
  return problem.message;
}

/** What isShown looks up, built once per check: a form of thousands of rows must not search its lists per problem. */
interface ShownIndex {
  state: FormState;
  touched: ReadonlySet<string>;
  rows: ReadonlyMap<string, FormRow>;
}

function shownIndex(state: FormState): ShownIndex {
  return { state, touched: new Set(state.touched ?? []), rows: new Map(state.rows.map((r) => [r.id, r])) };
}

/**
 * Whether a field shows its problems yet. A field shows them once touched (changed or left),
 * once it holds a value (pasted, or from a draft), and every field after a Submit attempt, so
 * an empty form opens without errors.
 */
export function isShown(key: FieldKey, state: FormState): boolean {
  return isShownIn(key, shownIndex(state));
}

function isShownIn(key: FieldKey, index: ShownIndex): boolean {
  const { state } = index;
  if (state.submitAttempted || key === 'form') return true;
  if (index.touched.has(key)) return true;
  const m = /^row:([^:]+)(?::(start|end))?$/.exec(key);
  if (m) {
    const row = index.rows.get(m[1]);
    if (!row) return false;
    if (m[2]) return row[m[2] as 'start' | 'end'].trim() !== '';
    return isShownIn(`row:${m[1]}:start`, index) || isShownIn(`row:${m[1]}:end`, index);
  }
  if (key === 'country') return state.country.trim() !== '';
  if (key === 'serviceProfile') return state.serviceProfile.trim() !== '';
  return false;
}

/** Files each core problem under its field, worded for the form; `shown` keeps those the user sees now. */
function sortProblems(problems: readonly RequestProblem[], rowIds: readonly string[], state: FormState, blankEnds: ReadonlySet<string>) {
  const byField = new Map<FieldKey, RequestProblem[]>();
  const shown = new Map<FieldKey, RequestProblem[]>();
  const index = shownIndex(state);
  for (const problem of problems) {
    const key = fieldForProblem(problem, rowIds);
    // An empty end stands for the start, so its problems are the start's: shown once, there.
    if (blankEnds.has(key)) continue;
    const worded = { ...problem, message: formMessage(problem, state) };
    const all = byField.get(key);
    if (all) all.push(worded);
    else byField.set(key, [worded]);
    if (!isShownIn(key, index)) continue;
    const visible = shown.get(key);
    if (visible) visible.push(worded);
    else shown.set(key, [worded]);
  }
  return { byField, shown };
}

/** Runs the same core rules as the file diagnostics (validateRequestObject) over the form. */
export function validateForm(state: FormState, limits: DiagnosticOptions): FormValidation {
  const { request, rowIds } = buildRequest(state);
  const problems = validateRequestObject(request, limits);
  const blankEnds = new Set(state.rows.filter((r) => !r.end.trim()).map((r) => `row:${r.id}:end`));
  const { byField, shown } = sortProblems(problems, rowIds, state, blankEnds);
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  let numberCount = 0n;
  for (const range of request.numberRangeList) {
    // rangeSize parses digits, so only ranges whose ends are valid numbers are counted.
    if (isE164(range.numberRangeStart) && isE164(range.numberRangeEnd)) numberCount += rangeSize(range);
  }
  const submitBlockedReason = blockedReason(byField, shown) ?? submittedReason(state, request);
  return { request, rowIds, problems, byField, shown, errorCount, submitBlockedReason, numberCount };
}

/**
 * The problems of one row on its own (its numbers, its order, its size, its country), as shown
 * under its fields: what a keystroke in that row changes at once. What involves other rows
 * (overlaps, duplicates, the order's total) waits for the next validateForm. Undefined for a
 * row that is not there or is blank.
 */
export function validateRow(state: FormState, rowId: string, limits: DiagnosticOptions): Map<FieldKey, RequestProblem[]> | undefined {
  const row = state.rows.find((r) => r.id === rowId);
  if (!row || isBlank(row)) return undefined;
  const { request } = buildRequest({ ...state, rows: [row] });
  const problems = validateRequestObject(request, limits).filter((p) => p.path[0] === 'numberRangeList');
  const blankEnds = new Set(row.end.trim() ? [] : [`row:${row.id}:end`]);
  return sortProblems(problems, [row.id], state, blankEnds).shown;
}

function errorsIn(problems: readonly RequestProblem[] | undefined): number {
  return (problems ?? []).filter((p) => p.severity === 'error').length;
}

/**
 * Names what is left to do. Problems on display are counted; those of untouched fields are
 * named in general terms (an empty form should not open with a count of errors it hides).
 */
function blockedReason(byField: Map<FieldKey, RequestProblem[]>, shown: Map<FieldKey, RequestProblem[]>): string | undefined {
  let visible = 0;
  const hidden = new Set<string>();
  for (const [key, list] of byField) {
    const errors = errorsIn(list);
    if (!errors) continue;
    if (shown.has(key)) visible += errors;
    else hidden.add(key === 'ranges' || key === 'country' ? key : 'other');
  }
  const todo: string[] = [];
  if (visible) todo.push(visible === 1 ? 'fix the problem marked above' : `fix the ${visible} problems marked above`);
  if (hidden.has('ranges')) todo.push('add at least one number');
  if (hidden.has('country')) todo.push('choose a country');
  if (hidden.has('other')) todo.push('fill in the fields left empty');
  if (!todo.length) return undefined;
  const sentence = todo.length === 1 ? todo[0] : `${todo.slice(0, -1).join(', ')} and ${todo[todo.length - 1]}`;
  return `${sentence[0].toUpperCase()}${sentence.slice(1)} to submit.`;
}

function submittedReason(state: FormState, request: FormRequest): string | undefined {
  const done = state.submitted;
  if (!done || done.requestKey !== requestKey(request)) return undefined;
  const again = 'Change the numbers to submit another request.';
  if (done.outcome === 'unknown') {
    const id = done.trackingId ? ` (tracking id ${done.trackingId})` : '';
    return `No answer came for this request, so the order may exist: check it in the Orders view${id}. ${again}`;
  }
  return `${done.orderId ? `Submitted as order ${done.orderId}.` : 'Submitted.'} ${again}`;
}

/** The DOM id of a field's input; message elements use `${id}-msg`. */
export function domIdForField(key: FieldKey): string {
  return 'f-' + key.replace(/:/g, '-');
}
