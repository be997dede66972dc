// The reactivation form's browser side: renders the state held in formState.ts, wires DOM
// events (no inline handlers: the CSP forbids them), keeps the state across a hidden panel
// with vscode.setState, and talks to the host only through the typed protocol.
import { formStateSchema, parseHostMessage, type FormCountry, type FormTarget, type HostMessage, type WebviewMessage } from '../shared/protocol';
import {
  addRow,
  applyPaste,
  domIdForField,
  initialFormState,
  markSubmitAttempted,
  markSubmitted,
  markTouched,
  removeRow,
  requestKey,
  setCountry,
  setPasteText,
  setServiceProfile,
  updateRow,
  validateForm,
  type FieldKey,
  type FormState,
  type FormValidation,
} from './formState';
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
  maxNumbersPerRange: number;
  canSubmit: boolean;
  submitting: boolean;
  initialised: boolean;
  /** The fingerprint of the request on its way, so the answer is pinned to it, not to later edits. */
  sentRequestKey: string | undefined;
}

const ctx: Context = {
  target: undefined,
  countries: [],
  maxNumbersPerRange: 1000,
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

let stateTimer: ReturnType<typeof setTimeout> | undefined;
function commit(next: FormState): void {
  state = next;
  vscode.setState({ form: state });
  // The host keeps a draft for a panel closed and opened again; it need not hear every keystroke.
  if (stateTimer) clearTimeout(stateTimer);
  stateTimer = setTimeout(() => vscode.postMessage({ type: 'stateChanged', state }), 250);
  refreshValidation();
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
  el('div', { className: 'actions' }, submitButton, saveButton, curlButton),
  submitReason,
  status,
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

function renderRows(): void {
  rowsBody.replaceChildren(
    ...state.rows.map((row, i) => {
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
    }),
  );
}

function renderPaste(): void {
  pasteArea.value = state.pasteText;
  pasteResult.textContent = state.rejectedLines.length
    ? `Not numbers, left in the box to correct: ${state.rejectedLines.join(', ')}. Write them in E.164, such as +442081324758.`
    : '';
  pasteResult.classList.toggle('error', state.rejectedLines.length > 0);
}

function refreshValidation(): void {
  validation = validateForm(state, ctx.maxNumbersPerRange);
  const v = validation;
  for (const node of Array.from(app.querySelectorAll<HTMLElement>('[data-field]'))) {
    const key = node.dataset.field as FieldKey;
    setMessages(node, v.shown.get(key) ?? []);
    const input = document.getElementById(domIdForField(key));
    if (input) {
      const invalid = (v.shown.get(key) ?? []).some((p) => p.severity === 'error');
      if (invalid) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }
  // A range-level problem (reversed, too large, overlap) marks both of its inputs.
  for (const [key, problems] of v.shown) {
    const m = /^row:(.+)$/.exec(key);
    if (!m || key.endsWith(':start') || key.endsWith(':end') || !problems.some((p) => p.severity === 'error')) continue;
    for (const which of ['start', 'end'] as const) document.getElementById(domIdForField(`row:${m[1]}:${which}`))?.setAttribute('aria-invalid', 'true');
  }
  const ranges = v.request.numberRangeList.length;
  summary.textContent = `${v.numberCount.toLocaleString('en')} number${v.numberCount === 1n ? '' : 's'} in ${ranges} range${ranges === 1 ? '' : 's'}.`;
  const reason = !ctx.canSubmit
    ? 'Submitting is off in an untrusted workspace. Trust the workspace to submit; you can still save the request.'
    : v.submitBlockedReason;
  submitButton.disabled = ctx.submitting || reason !== undefined || !ctx.initialised;
  submitReason.textContent = ctx.submitting ? 'Waiting for the answer…' : (reason ?? '');
  renderTarget();
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
  commit(markTouched(updateRow(state, rowId, input.dataset.end === 'end' ? 'end' : 'start', input.value), key, 'ranges'));
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
  commit(updateRow(state, rowId, input.dataset.end === 'end' ? 'end' : 'start', normalised));
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

function pasteNumbers(text: string): void {
  const result = applyPaste(state, text);
  commit(result.state);
  renderAll();
  const rejected = result.rejected.length ? `; ${result.rejected.length} line${result.rejected.length === 1 ? '' : 's'} not understood` : '';
  showStatus(`Added ${result.added} range${result.added === 1 ? '' : 's'}${rejected}.`, result.rejected.length ? 'error' : 'info');
}

pasteArea.addEventListener('input', () => {
  state = setPasteText(state, pasteArea.value);
  vscode.setState({ form: state });
});
pasteButton.addEventListener('click', () => pasteNumbers(pasteArea.value));

countrySelect.addEventListener('change', () => commit(markTouched(setCountry(state, countrySelect.value), 'country')));
countrySelect.addEventListener('blur', () => touch('country'));
profileInput.addEventListener('input', () => commit(markTouched(setServiceProfile(state, profileInput.value), 'serviceProfile')));
profileInput.addEventListener('blur', () => touch('serviceProfile'));

submitButton.addEventListener('click', () => {
  if (!validation || submitButton.disabled) return;
  commit(markSubmitAttempted(state));
  if (!validation || validation.submitBlockedReason !== undefined) return;
  const request = validation.request;
  ctx.submitting = true;
  ctx.sentRequestKey = requestKey(request);
  showStatus('Submitting…', 'info');
  refreshValidation();
  vscode.postMessage({ type: 'submit', request });
});
saveButton.addEventListener('click', () => {
  if (validation) vscode.postMessage({ type: 'save', request: validation.request });
});
curlButton.addEventListener('click', () => {
  if (validation) vscode.postMessage({ type: 'copyCurl', request: validation.request });
});

// ---- host messages ----

function onHostMessage(message: HostMessage): void {
  switch (message.type) {
    case 'init':
      ctx.target = message.target;
      ctx.countries = message.countries;
      ctx.maxNumbersPerRange = message.maxNumbersPerRange;
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
    case 'maxNumbersPerRangeChanged':
      ctx.maxNumbersPerRange = message.maxNumbersPerRange;
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
