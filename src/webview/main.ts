// The reactivation form's browser side: renders the state held in formState.ts, wires DOM
// events (no inline handlers: the CSP forbids them), keeps the state across a hidden panel
// with vscode.setState, and talks to the host only through the typed protocol.
import { formStateSchema, parseHostMessage, type FormCountry, type FormTarget, type HostMessage, type WebviewMessage } from '../shared/protocol';
import {
  addRow,
  applyPaste,
  batchOfferFor,
  domIdForField,
  initialFormState,
  markSubmitAttempted,
  markSubmitted,
  markTouched,
  parsePaste,
  removeRow,
  requestKey,
  setCountry,
  setPasteText,
  setServiceProfile,
  updateRow,
  validateForm,
  validateRow,
  type BatchOffer,
  type FieldKey,
  type FormState,
  type FormValidation,
} from './formState';
import { describeCountryMix } from '../core/countryMix';
import { DEFAULT_MAX_NUMBERS_PER_ORDER, DEFAULT_MAX_NUMBERS_PER_RANGE, type RequestProblem } from '../core/diagnostics';
import { normaliseNumber } from '../core/e164';
import { el, focusById, setMessages } from './dom';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

interface Context {
  target: FormTarget | undefined;
  countries: FormCountry[];
  /** The user's coltReactivate.maxNumbersPerRange and maxNumbersPerOrder, as the editor applies them. */
  limits: { maxNumbersPerRange: number; maxNumbersPerOrder: number };
  canSubmit: boolean;
  submitting: boolean;
  initialised: boolean;
  /** The fingerprint of the request on its way, so the answer is pinned to it, not to later edits. */
  sentRequestKey: string | undefined;
}

const ctx: Context = {
  target: undefined,
  countries: [],
  limits: { maxNumbersPerRange: DEFAULT_MAX_NUMBERS_PER_RANGE, maxNumbersPerOrder: DEFAULT_MAX_NUMBERS_PER_ORDER },
  canSubmit: true,
  submitting: false,
  initialised: false,
  sentRequestKey: undefined,
};
let state: FormState = restoreState() ?? initialFormState();
let restoredLocally = vscode.getState() !== undefined;
let validation: FormValidation | undefined;

function restoreState(): FormState | undefined {
  // The saved state may come from an older version of the form: check it like any input.
  const saved = vscode.getState() as { form?: unknown } | undefined;
  const parsed = formStateSchema.safeParse(saved?.form);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Up to this many rows every change re-checks the whole form at once (a few milliseconds).
 * Above it a keystroke re-checks only its own row at once, and the whole list (overlaps,
 * duplicates, the summary) once typing pauses, so a form of thousands of rows keeps up.
 */
const SYNC_CHECK_ROWS = 300;
const FULL_CHECK_PAUSE_MS = 200;
/** Errors are announced once the user pauses, not at every keystroke of a half-typed number. */
const ANNOUNCE_PAUSE_MS = 1000;

let stateTimer: ReturnType<typeof setTimeout> | undefined;
let checkTimer: ReturnType<typeof setTimeout> | undefined;
/** `changedRow`: the row a keystroke changed, re-checked at once even when the whole check waits. */
function commit(next: FormState, changedRow?: string): void {
  state = next;
  // Typed before the host's first message: what was typed wins over the host's older draft.
  if (!ctx.initialised) restoredLocally = true;
  if (state.rows.length <= SYNC_CHECK_ROWS) {
    postDraft();
    saveLocalState();
    refreshValidation();
    return;
  }
  // Copying thousands of rows into the webview's saved state takes longer than a keystroke
  // should: it is saved when typing pauses, or at once when the form loses the focus.
  localStateDirty = true;
  // The host keeps a draft for a panel closed and opened again; a big form's need not go at every
  // keystroke. It goes at once when the form loses the focus (closing it takes the focus first).
  if (stateTimer) clearTimeout(stateTimer);
  stateTimer = setTimeout(postDraft, 250);
  if (changedRow) {
    const rowProblems = validateRow(state, changedRow, ctx.limits);
    const prefix = `row:${changedRow}`;
    showProblems(rowProblems ?? new Map(), (key) => key === prefix || key.startsWith(`${prefix}:`));
  }
  if (checkTimer) clearTimeout(checkTimer);
  checkTimer = setTimeout(refreshValidation, FULL_CHECK_PAUSE_MS);
}

function postDraft(): void {
  if (stateTimer) clearTimeout(stateTimer);
  stateTimer = undefined;
  vscode.postMessage({ type: 'stateChanged', state });
}

let localStateDirty = false;
/** What vscode.setState keeps: the form as it was, when the panel is hidden and shown again. */
function saveLocalState(): void {
  localStateDirty = false;
  vscode.setState({ form: state });
}
for (const event of ['blur', 'pagehide']) {
  window.addEventListener(event, () => {
    if (localStateDirty) saveLocalState();
    if (stateTimer) postDraft();
  });
}

/** Runs a whole-form check that is still waiting, so an action never uses a stale one. */
function flushCheck(): void {
  if (checkTimer) refreshValidation();
}

// ---- layout ----

const app = document.getElementById('app')!;

const targetLine = el('p', { id: 'target', className: 'target' });
const rowsBody = el('div', { id: 'rows', className: 'rows', role: 'list', 'aria-labelledby': 'numbers-h' });
const rangesMsg = el('div', { id: `${domIdForField('ranges')}-msg`, className: 'messages', 'data-field': 'ranges' });
const addRowButton = el('button', { id: 'add-row', type: 'button', className: 'secondary' }, 'Add range');
const pasteArea = el('textarea', { id: 'paste', rows: '5', spellcheck: 'false', 'aria-describedby': 'paste-hint paste-result' }) as HTMLTextAreaElement;
const pasteButton = el('button', { id: 'paste-apply', type: 'button', className: 'secondary' }, 'Turn into ranges');
const pasteResult = el('p', { id: 'paste-result', className: 'paste-result', role: 'status' });
const batchOfferText = el('p', { id: 'batch-offer-text' });
const makeBatchButton = el('button', { id: 'make-batch', type: 'button', className: 'primary', 'aria-describedby': 'batch-offer-text' }, 'Make a batch');
const pasteAnywayButton = el('button', { id: 'paste-anyway', type: 'button', className: 'secondary' }, 'Add them here anyway');
const batchOffer = el(
  'div',
  { id: 'batch-offer', className: 'offer', role: 'group', 'aria-labelledby': 'batch-offer-text', hidden: '' },
  batchOfferText,
  el('div', { className: 'actions' }, makeBatchButton, pasteAnywayButton),
);
/** Says what changed where the eye may not be (new errors, a batch offer), for screen readers; visually hidden. */
const announcer = el('div', { id: 'announce', className: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
const countrySelect = el('select', { id: domIdForField('country'), 'aria-describedby': `${domIdForField('country')}-msg` }) as HTMLSelectElement;
const profileInput = el('input', {
  id: domIdForField('serviceProfile'),
  type: 'text',
  autocomplete: 'off',
  spellcheck: 'false',
  placeholder: 'such as ANH (optional)',
  'aria-describedby': `profile-hint ${domIdForField('serviceProfile')}-msg`,
}) as HTMLInputElement;
const formMsg = el('div', { id: `${domIdForField('form')}-msg`, className: 'messages', 'data-field': 'form' });
const summary = el('p', { id: 'summary', className: 'summary' });
const submitButton = el('button', { id: 'submit', type: 'button', className: 'primary', 'aria-describedby': 'submit-reason' }, 'Submit') as HTMLButtonElement;
const saveButton = el('button', { id: 'save', type: 'button', className: 'secondary' }, 'Save as .reactivate.json');
const curlButton = el('button', { id: 'copy-curl', type: 'button', className: 'secondary' }, 'Copy as curl');
const clearButton = el('button', { id: 'clear-form', type: 'button', className: 'secondary' }, 'Clear form');
const submitReason = el('p', { id: 'submit-reason', className: 'reason' });
const status = el('div', { id: 'status', className: 'status', role: 'status', 'aria-live': 'polite' });

app.append(
  el('h1', {}, 'Reactivate numbers'),
  targetLine,
  el(
    'section',
    { 'aria-labelledby': 'numbers-h' },
    el('h2', { id: 'numbers-h' }, 'Numbers'),
    el(
      'p',
      { className: 'hint', id: 'numbers-hint' },
      'One row per range of consecutive numbers, in E.164 (such as +442081324758). Leave the last number empty for a single number.',
    ),
    el('div', { className: 'row header', 'aria-hidden': 'true' }, el('span', {}, 'First number'), el('span', {}, 'Last number'), el('span', {}, '')),
    rowsBody,
    rangesMsg,
    addRowButton,
    el(
      'details',
      { id: 'paste-section', open: '' },
      el('summary', {}, 'Paste a column of numbers'),
      el('label', { htmlFor: 'paste' }, 'Numbers, one per line'),
      el('p', { className: 'hint', id: 'paste-hint' }, 'Consecutive numbers become one range. Spaces, dashes, 00 and (0) are understood.'),
      pasteArea,
      pasteButton,
      pasteResult,
      batchOffer,
    ),
  ),
  el(
    'section',
    { 'aria-labelledby': 'reseller-h' },
    el('h2', { id: 'reseller-h' }, 'Reseller'),
    el(
      'div',
      { className: 'field' },
      el('label', { htmlFor: countrySelect.id }, 'Country'),
      countrySelect,
      el('div', { id: `${countrySelect.id}-msg`, className: 'messages', 'data-field': 'country' }),
    ),
    el(
      'div',
      { className: 'field' },
      el('label', { htmlFor: profileInput.id }, 'Service profile'),
      el('p', { className: 'hint', id: 'profile-hint' }, 'Needed when the customer has more than one service profile in that country.'),
      profileInput,
      el('div', { id: `${profileInput.id}-msg`, className: 'messages', 'data-field': 'serviceProfile' }),
    ),
  ),
  formMsg,
  summary,
  el('div', { className: 'actions' }, submitButton, saveButton, curlButton, clearButton),
  submitReason,
  status,
  announcer,
);

// ---- rendering ----

function renderTarget(): void {
  const t = ctx.target;
  targetLine.textContent = t ? `Target: ${t.label} (${t.baseUrl})` : 'Target: loading…';
  targetLine.classList.toggle('production', t?.name === 'production');
  submitButton.textContent = ctx.submitting ? 'Submitting…' : t?.name === 'production' ? 'Submit to production' : 'Submit';
}

function renderCountries(): void {
  countrySelect.replaceChildren(el('option', { value: '' }, 'Choose a country…'));
  for (const c of ctx.countries) {
    const note = c.portIn === 'disputed' ? ', port-in disputed' : '';
    countrySelect.append(el('option', { value: c.code }, `${c.name} (${c.code}, +${c.callingCode}${note})`));
  }
  // A value outside the list (an old draft) is kept visible, so validation can name it.
  if (state.country && !ctx.countries.some((c) => c.code === state.country)) {
    countrySelect.append(el('option', { value: state.country }, state.country));
  }
  countrySelect.value = state.country;
}

/** Rows per block of the list (see .rows-block in form.css). */
const ROWS_PER_BLOCK = 100;

function renderRows(): void {
  forgetRows();
  const rows = state.rows.map((row, i) => {
    const n = i + 1;
    const rowKey: FieldKey = `row:${row.id}`;
    const startId = domIdForField(`row:${row.id}:start`);
    const endId = domIdForField(`row:${row.id}:end`);
    const rowMsgId = `${domIdForField(rowKey)}-msg`;
    const start = el('input', {
      id: startId,
      type: 'text',
      inputMode: 'tel',
      autocomplete: 'off',
      spellcheck: 'false',
      value: row.start,
      'aria-label': `Range ${n}, first number`,
      'aria-describedby': `${startId}-msg ${rowMsgId}`,
      'data-row': row.id,
      'data-end': 'start',
    }) as HTMLInputElement;
    const end = el('input', {
      id: endId,
      type: 'text',
      inputMode: 'tel',
      autocomplete: 'off',
      spellcheck: 'false',
      value: row.end,
      placeholder: 'same as first',
      'aria-label': `Range ${n}, last number`,
      'aria-describedby': `${endId}-msg ${rowMsgId}`,
      'data-row': row.id,
      'data-end': 'end',
    }) as HTMLInputElement;
    const remove = el(
      'button',
      {
        type: 'button',
        className: 'icon remove',
        'aria-label': `Remove range ${n}`,
        title: `Remove range ${n}`,
        'data-remove': row.id,
      },
      '✕',
    );
    return el(
      'div',
      { className: 'range', role: 'listitem', 'data-row': row.id },
      el(
        'div',
        { className: 'row' },
        el('div', { className: 'cell' }, start, el('div', { id: `${startId}-msg`, className: 'messages', 'data-field': `row:${row.id}:start` })),
        el('div', { className: 'cell' }, end, el('div', { id: `${endId}-msg`, className: 'messages', 'data-field': `row:${row.id}:end` })),
        remove,
      ),
      el('div', { id: rowMsgId, className: 'messages', 'data-field': rowKey }),
    );
  });
  if (rows.length <= ROWS_PER_BLOCK) {
    rowsBody.replaceChildren(...rows);
    return;
  }
  const blocks: HTMLElement[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_BLOCK) {
    // role="none": the rows stay the list's own items for assistive technologies.
    blocks.push(el('div', { className: 'rows-block', role: 'none' }, ...rows.slice(i, i + ROWS_PER_BLOCK)));
  }
  rowsBody.replaceChildren(...blocks);
}

function renderPaste(): void {
  pasteArea.value = state.pasteText;
  pasteResult.textContent = state.rejectedLines.length
    ? `Not numbers, left in the box to correct: ${state.rejectedLines.join(', ')}. Write them in E.164, such as +442081324758.`
    : '';
  pasteResult.classList.toggle('error', state.rejectedLines.length > 0);
}

/** What each field's messages node shows, as a signature: a re-check rewrites only the fields whose problems changed. */
const shownSignature = new Map<FieldKey, string>();
/** The inputs marked aria-invalid now, by DOM id. */
const invalidInputs = new Set<string>();

function signature(problems: readonly RequestProblem[]): string {
  return problems.map((p) => `${p.severity}\u0000${p.code}\u0000${p.message}`).join('\u0001');
}

/** The inputs a field's errors mark: its own, or both of a row's for a problem of the whole range. */
function inputsOf(key: FieldKey): string[] {
  const m = /^row:([^:]+)$/.exec(key);
  if (m) return [domIdForField(`row:${m[1]}:start`), domIdForField(`row:${m[1]}:end`)];
  return [domIdForField(key)];
}

/**
 * Shows `shown` under the fields (all of them, or those `only` accepts), touching only the
 * nodes whose problems changed, and marks the inputs with errors aria-invalid.
 */
function showProblems(shown: ReadonlyMap<FieldKey, RequestProblem[]>, only: (key: FieldKey) => boolean = () => true): void {
  for (const key of [...shownSignature.keys()]) {
    if (!only(key) || shown.has(key)) continue;
    shownSignature.delete(key);
    const node = document.getElementById(`${domIdForField(key)}-msg`);
    if (node) setMessages(node, []);
  }
  const invalid = new Set<string>();
  for (const [key, problems] of shown) {
    if (!only(key)) continue;
    if (problems.some((p) => p.severity === 'error')) for (const id of inputsOf(key)) invalid.add(id);
    const sig = signature(problems);
    if (shownSignature.get(key) === sig) continue;
    shownSignature.set(key, sig);
    const node = document.getElementById(`${domIdForField(key)}-msg`);
    if (node) setMessages(node, problems);
  }
  for (const id of [...invalidInputs]) {
    if (invalid.has(id) || !only(fieldOfInput(id))) continue;
    invalidInputs.delete(id);
    document.getElementById(id)?.removeAttribute('aria-invalid');
  }
  for (const id of invalid) {
    if (invalidInputs.has(id)) continue;
    invalidInputs.add(id);
    document.getElementById(id)?.setAttribute('aria-invalid', 'true');
  }
  scheduleAnnouncement();
}

/** The field key of an input's DOM id (the inverse of domIdForField for inputs). */
function fieldOfInput(id: string): FieldKey {
  const m = /^f-row-(.+)-(start|end)$/.exec(id);
  return m ? `row:${m[1]}:${m[2] as 'start' | 'end'}` : (id.replace(/^f-/, '') as FieldKey);
}

/** Forgets what the rows showed: renderRows has just built them anew, empty. */
function forgetRows(): void {
  for (const key of [...shownSignature.keys()]) if (key.startsWith('row:')) shownSignature.delete(key);
  for (const id of [...invalidInputs]) if (id.startsWith('f-row-')) invalidInputs.delete(id);
}

function refreshValidation(): void {
  if (checkTimer) clearTimeout(checkTimer);
  checkTimer = undefined;
  if (localStateDirty) saveLocalState();
  validation = validateForm(state, ctx.limits);
  const v = validation;
  showProblems(v.shown);
  const ranges = v.request.numberRangeList.length;
  summary.textContent = `${v.numberCount.toLocaleString('en')} number${v.numberCount === 1n ? '' : 's'} in ${ranges.toLocaleString('en')} range${ranges === 1 ? '' : 's'}.`;
  const reason = !ctx.canSubmit
    ? 'Submitting is off in an untrusted workspace. Trust the workspace to submit; you can still save the request.'
    : v.submitBlockedReason;
  submitButton.disabled = ctx.submitting || reason !== undefined || !ctx.initialised;
  submitReason.textContent = ctx.submitting ? 'Waiting for the answer…' : (reason ?? '');
  renderTarget();
}

// ---- announcements ----

/** The errors already announced (or on screen when the form opened), by field: only new ones are read out. */
let announced: Map<FieldKey, string> | undefined;
let announceTimer: ReturnType<typeof setTimeout> | undefined;

function scheduleAnnouncement(): void {
  if (!ctx.initialised) return;
  if (!announced) {
    // What a restored form shows when it opens is not news.
    announced = currentErrors();
    return;
  }
  if (announceTimer) clearTimeout(announceTimer);
  announceTimer = setTimeout(announceNewErrors, ANNOUNCE_PAUSE_MS);
}

function currentErrors(): Map<FieldKey, string> {
  const errors = new Map<FieldKey, string>();
  for (const [key, problems] of validation?.shown ?? []) {
    const list = problems.filter((p) => p.severity === 'error');
    if (list.length) errors.set(key, signature(list));
  }
  return errors;
}

/** A field's name as a screen reader user knows it from its label. */
function fieldName(key: FieldKey): string {
  const m = /^row:([^:]+)(?::(start|end))?$/.exec(key);
  if (m) {
    const n = state.rows.findIndex((r) => r.id === m[1]) + 1;
    return m[2] ? `Range ${n}, ${m[2] === 'start' ? 'first' : 'last'} number` : `Range ${n}`;
  }
  return { country: 'Country', serviceProfile: 'Service profile', ranges: 'Numbers', form: 'Request' }[key as string] ?? 'Request';
}

function announceNewErrors(): void {
  announceTimer = undefined;
  flushCheck();
  const now = currentErrors();
  const fresh = [...now].filter(([key, sig]) => announced?.get(key) !== sig).map(([key]) => key);
  announced = now;
  if (!fresh.length) return;
  const first = (validation?.shown.get(fresh[0]) ?? []).find((p) => p.severity === 'error');
  const more = fresh.length > 1 ? ` ${fresh.length - 1} more field${fresh.length === 2 ? '' : 's'} with errors.` : '';
  announce(`${fieldName(fresh[0])}: ${first?.message ?? 'has an error.'}${more}`);
}

function announce(text: string): void {
  // The same words twice in a row are read again only if the node changes in between.
  announcer.textContent = '';
  requestAnimationFrame(() => (announcer.textContent = text));
}

function renderAll(): void {
  renderTarget();
  renderCountries();
  renderRows();
  renderPaste();
  profileInput.value = state.serviceProfile;
  refreshValidation();
}

function showStatus(message: string, kind: 'info' | 'success' | 'error'): void {
  status.textContent = message;
  status.className = `status ${kind}`;
}

// ---- events ----

/** Marks a field touched (changed or left) so it shows its problems; no commit when it already was. */
function touch(...keys: FieldKey[]): void {
  const next = markTouched(state, ...keys);
  if (next !== state) commit(next);
}

function rowFieldKey(input: HTMLInputElement): FieldKey | undefined {
  const rowId = input.dataset.row;
  return rowId ? `row:${rowId}:${input.dataset.end === 'end' ? 'end' : 'start'}` : undefined;
}

rowsBody.addEventListener('input', (event) => {
  const input = event.target as HTMLInputElement;
  const rowId = input.dataset.row;
  const key = rowFieldKey(input);
  if (!rowId || !key) return;
  commit(markTouched(updateRow(state, rowId, input.dataset.end === 'end' ? 'end' : 'start', input.value), key, 'ranges'), rowId);
});

rowsBody.addEventListener('focusout', (event) => {
  const input = event.target as HTMLInputElement;
  const key = input.tagName === 'INPUT' ? rowFieldKey(input) : undefined;
  // Only a row still in the table: a removed row's input may lose the focus as it goes.
  if (key && input.isConnected) touch(key, 'ranges');
});

rowsBody.addEventListener('change', (event) => {
  // On leaving a field, "+44 20 8132 4758" or "0044..." becomes E.164; text that is not a number stays for the message.
  const input = event.target as HTMLInputElement;
  const rowId = input.dataset.row;
  const normalised = rowId ? normaliseNumber(input.value) : undefined;
  if (!rowId || !normalised || normalised === input.value) return;
  input.value = normalised;
  commit(updateRow(state, rowId, input.dataset.end === 'end' ? 'end' : 'start', normalised), rowId);
});

rowsBody.addEventListener('keydown', (event) => {
  const input = event.target as HTMLInputElement;
  if (event.key !== 'Enter' || input.tagName !== 'INPUT' || !input.dataset.row) return;
  // Enter moves on like a spreadsheet: first → last number → a new row's first number.
  event.preventDefault();
  if (input.dataset.end === 'start') {
    focusById(domIdForField(`row:${input.dataset.row}:end`));
    return;
  }
  const { state: next, rowId } = addRow(state, input.dataset.row);
  commit(next);
  renderRows();
  refreshValidation();
  focusById(domIdForField(`row:${rowId}:start`));
});

rowsBody.addEventListener('paste', (event) => {
  // A column pasted into a range field is handled like the paste area, not squashed into one field.
  const text = event.clipboardData?.getData('text/plain') ?? '';
  if (!/[\n,;]/.test(text.trim())) return;
  event.preventDefault();
  pasteNumbers(text);
});

rowsBody.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLElement>('[data-remove]');
  if (!button) return;
  const { state: next, focusRowId } = removeRow(state, button.dataset.remove!);
  commit(next);
  renderRows();
  refreshValidation();
  if (focusRowId) focusById(domIdForField(`row:${focusRowId}:start`));
  else addRowButton.focus();
});

addRowButton.addEventListener('click', () => {
  const { state: next, rowId } = addRow(state);
  commit(next);
  renderRows();
  refreshValidation();
  focusById(domIdForField(`row:${rowId}:start`));
});

/** The paste waiting for an answer to the batch offer. */
let offeredPaste: { text: string; parsed: ReturnType<typeof parsePaste> } | undefined;

function pasteNumbers(text: string): void {
  const parsed = parsePaste(text);
  const offer = batchOfferFor(state, parsed, ctx.limits.maxNumbersPerOrder);
  if (offer) {
    showBatchOffer(offer, text, parsed);
    return;
  }
  addPasted(text, parsed);
}

function addPasted(text: string, parsed: ReturnType<typeof parsePaste>): void {
  hideBatchOffer();
  const result = applyPaste(state, text, parsed);
  commit(result.state);
  renderAll();
  const rejected = result.rejected.length ? `; ${result.rejected.length} line${result.rejected.length === 1 ? '' : 's'} not understood` : '';
  showStatus(`Added ${result.added.toLocaleString('en')} range${result.added === 1 ? '' : 's'}${rejected}.`, result.rejected.length ? 'error' : 'info');
}

/**
 * Numbers of several countries, or more than one order should hold: one form makes one order,
 * so the batch import (one reviewed order per country and size) is offered instead of a list
 * of mismatches. The text stays in the box until the user chooses.
 */
function showBatchOffer(offer: BatchOffer, text: string, parsed: ReturnType<typeof parsePaste>): void {
  offeredPaste = { text, parsed };
  if (offer.reason === 'countries') {
    batchOfferText.textContent =
      `These numbers belong to ${offer.countries.length} countries: ${describeCountryMix(offer.countries)}. ` +
      'One order takes one country, so they make a batch: one order per country, reviewed before anything is sent.';
    pasteAnywayButton.hidden = false;
  } else {
    batchOfferText.textContent =
      `That makes ${offer.ranges.toLocaleString('en')} ranges and ${offer.numbers.toLocaleString('en')} numbers, more than one order should hold. ` +
      'A batch splits them into orders of a sensible size, reviewed before anything is sent.';
    // Past the form's own limit, adding them here is not an option: the form could not keep them.
    pasteAnywayButton.hidden = true;
  }
  batchOffer.hidden = false;
  (document.getElementById('paste-section') as HTMLDetailsElement | null)?.setAttribute('open', '');
  makeBatchButton.focus();
  announce(batchOfferText.textContent);
}

function hideBatchOffer(): void {
  offeredPaste = undefined;
  batchOffer.hidden = true;
}

makeBatchButton.addEventListener('click', () => {
  if (!offeredPaste) return;
  // As pasted: the import reads CSV and TSV (a row's country and profile with its number), and its
  // plan's line numbers then are the pasted lines.
  const text = offeredPaste.text;
  hideBatchOffer();
  showStatus('Opening the batch import…', 'info');
  vscode.postMessage({ type: 'makeBatch', text });
});

pasteAnywayButton.addEventListener('click', () => {
  if (offeredPaste) addPasted(offeredPaste.text, offeredPaste.parsed);
});

pasteArea.addEventListener('input', () => {
  if (offeredPaste && pasteArea.value !== offeredPaste.text) hideBatchOffer();
  state = setPasteText(state, pasteArea.value);
  // Saved with the rest when the form is big (see commit), at once otherwise.
  if (state.rows.length <= SYNC_CHECK_ROWS) saveLocalState();
  else localStateDirty = true;
});
pasteButton.addEventListener('click', () => pasteNumbers(pasteArea.value));

countrySelect.addEventListener('change', () => commit(markTouched(setCountry(state, countrySelect.value), 'country')));
countrySelect.addEventListener('blur', () => touch('country'));
profileInput.addEventListener('input', () => commit(markTouched(setServiceProfile(state, profileInput.value), 'serviceProfile')));
profileInput.addEventListener('blur', () => touch('serviceProfile'));

submitButton.addEventListener('click', () => {
  flushCheck();
  if (!validation || submitButton.disabled) return;
  commit(markSubmitAttempted(state));
  flushCheck();
  if (!validation || validation.submitBlockedReason !== undefined) {
    // Every field now shows its problems; say how many, for those who do not see them.
    announce(validation?.submitBlockedReason ?? '');
    return;
  }
  const request = validation.request;
  ctx.submitting = true;
  ctx.sentRequestKey = requestKey(request);
  showStatus('Submitting…', 'info');
  refreshValidation();
  vscode.postMessage({ type: 'submit', request });
});
saveButton.addEventListener('click', () => {
  flushCheck();
  if (validation) vscode.postMessage({ type: 'save', request: validation.request });
});
curlButton.addEventListener('click', () => {
  flushCheck();
  if (validation) vscode.postMessage({ type: 'copyCurl', request: validation.request });
});

clearButton.addEventListener('click', () => {
  hideBatchOffer();
  // What was submitted stays known, so the same request typed again is not sent twice by mistake.
  const { submitted } = state;
  // Every row is rendered anew, so the ids may start again: the form is as a new one.
  commit({ ...initialFormState(), ...(submitted ? { submitted } : {}) });
  announced = new Map();
  renderAll();
  // The focus stays on the button, as after any button: Tab goes on from there.
  showStatus('Cleared: the form is empty.', 'info');
});

// ---- host messages ----

function onHostMessage(message: HostMessage): void {
  switch (message.type) {
    case 'init':
      ctx.target = message.target;
      ctx.countries = message.countries;
      ctx.limits = { maxNumbersPerRange: message.maxNumbersPerRange, maxNumbersPerOrder: message.maxNumbersPerOrder };
      ctx.canSubmit = message.canSubmit;
      ctx.initialised = true;
      if (!restoredLocally && message.draft) {
        state = message.draft;
        vscode.setState({ form: state });
      }
      restoredLocally = true;
      renderAll();
      // Keyboard users start typing at once: the first empty number field takes the focus.
      if (document.activeElement === document.body || !document.activeElement) {
        const first = state.rows.find((r) => !r.start.trim()) ?? state.rows[0];
        if (first) focusById(domIdForField(`row:${first.id}:start`));
      }
      return;
    case 'targetChanged':
      ctx.target = message.target;
      refreshValidation();
      return;
    case 'limitsChanged':
      ctx.limits = { maxNumbersPerRange: message.maxNumbersPerRange, maxNumbersPerOrder: message.maxNumbersPerOrder };
      refreshValidation();
      return;
    case 'submitResult': {
      ctx.submitting = false;
      const ok = message.outcome === 'inProgress' || message.outcome === 'completed';
      showStatus(message.message, ok ? 'success' : message.outcome === 'cancelled' ? 'info' : 'error');
      // Colt took this request (or may have, with no answer): one more click must not send it again.
      const sent = ctx.sentRequestKey;
      ctx.sentRequestKey = undefined;
      if (sent && (ok || message.outcome === 'unknown')) {
        commit(
          markSubmitted(state, {
            outcome: ok ? 'accepted' : 'unknown',
            requestKey: sent,
            ...(message.orderId ? { orderId: message.orderId } : {}),
            ...(message.trackingId ? { trackingId: message.trackingId } : {}),
          }),
        );
      } else {
        refreshValidation();
      }
      return;
    }
    case 'actionResult':
      showStatus(message.message, message.ok ? 'success' : 'error');
      return;
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostMessage(event.data);
  if (parsed.ok) onHostMessage(parsed.message);
  else console.warn(`Colt form: ignored a host message that failed the check (${parsed.reason}).`);
});

renderAll();
vscode.postMessage({ type: 'ready' });
