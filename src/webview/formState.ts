// The form's logic without the DOM: state → request, rows, paste, and which field each core
// problem belongs to. Pure functions over immutable state, so it runs (and is tested) in plain
// Node, and the webview's main.ts only renders and wires events.
import { validateRequestObject, type RequestProblem } from '../core/diagnostics';
import { countryOfNumber } from '../core/countries';
import { isE164, numbersToRanges, rangeSize } from '../core/e164';
import { PRODUCT_NAME } from '../core/schemas';
import type { FormRequest, FormRow, FormState } from '../shared/protocol';

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
  if (rows.length === 0) {
    const { row, nextRowId } = newRow(state);
    return { state: { ...state, rows: [row], nextRowId }, focusRowId: row.id };
  }
  return { state: { ...state, rows }, focusRowId: rows[Math.min(index, rows.length - 1)].id };
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

export interface PasteResult {
  state: FormState;
  added: number;
  rejected: string[];
}

/**
 * Turns the paste area's column of numbers into ranges of consecutive numbers (core
 * numbersToRanges), appended after the rows already filled in; blank rows are replaced. Lines
 * that are not numbers stay in the paste area so they can be corrected, and are listed.
 * When no country is chosen yet, the first number's calling code picks it.
 */
export function applyPaste(state: FormState, text = state.pasteText): PasteResult {
  const { ranges, rejected } = numbersToRanges(text.split(/\r?\n|,|;/));
  let next: FormState = { ...state, rows: state.rows.filter((r) => !isBlank(r)) };
  for (const range of ranges) {
    const { row, nextRowId } = newRow(next, range.numberRangeStart, range.numberRangeEnd);
    next = { ...next, rows: [...next.rows, row], nextRowId };
  }
  if (next.rows.length === 0) next = addRow(next).state;
  if (!next.country && ranges.length > 0) next.country = countryOfNumber(ranges[0].numberRangeStart) ?? '';
  next = { ...next, pasteText: rejected.join('\n'), rejectedLines: rejected };
  return { state: next, added: ranges.length, rejected };
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
  const reseller: FormRequest['relatedParty']['reseller'] = serviceProfile
    ? { serviceProfile, country: state.country }
    : { country: state.country };
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
  problems: RequestProblem[];
  byField: Map<FieldKey, RequestProblem[]>;
  errorCount: number;
  /** Why Submit is off, or undefined when it may be pressed. */
  submitBlockedReason: string | undefined;
  numberCount: bigint;
}

/** Runs the same core rules as the file diagnostics (validateRequestObject) over the form. */
export function validateForm(state: FormState, maxNumbersPerRange: number): FormValidation {
  const { request, rowIds } = buildRequest(state);
  const problems = validateRequestObject(request, { maxNumbersPerRange });
  const byField = new Map<FieldKey, RequestProblem[]>();
  const blankEnds = new Set(state.rows.filter((r) => !r.end.trim()).map((r) => `row:${r.id}:end`));
  for (const problem of problems) {
    const key = fieldForProblem(problem, rowIds);
    // An empty end stands for the start, so its problems are the start's: shown once, there.
    if (blankEnds.has(key)) continue;
    const list = byField.get(key) ?? [];
    list.push(problem);
    byField.set(key, list);
  }
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  let numberCount = 0n;
  for (const range of request.numberRangeList) {
    // rangeSize parses digits, so only ranges whose ends are valid numbers are counted.
    if (isE164(range.numberRangeStart) && isE164(range.numberRangeEnd)) numberCount += rangeSize(range);
  }
  return { request, rowIds, problems, byField, errorCount, submitBlockedReason: blockedReason(errorCount), numberCount };
}

function blockedReason(errorCount: number): string | undefined {
  if (errorCount === 0) return undefined;
  return errorCount === 1 ? 'Fix the problem marked above to submit.' : `Fix the ${errorCount} problems marked above to submit.`;
}

/** The DOM id of a field's input; message elements use `${id}-msg`. */
export function domIdForField(key: FieldKey): string {
  return 'f-' + key.replace(/:/g, '-');
}
