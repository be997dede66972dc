import { strict as assert } from 'node:assert';
import { validateRequestObject } from '../../src/core/diagnostics';
import {
  addRow,
  applyPaste,
  buildRequest,
  domIdForField,
  fieldForProblem,
  formMessage,
  initialFormState,
  isShown,
  markSubmitAttempted,
  markSubmitted,
  markTouched,
  removeRow,
  requestKey,
  setCountry,
  setServiceProfile,
  updateRow,
  validateForm,
  type FormState,
} from '../../src/webview/formState';

function withRanges(ranges: [string, string][], country = 'GB', profile = ''): FormState {
  let s = initialFormState();
  s = updateRow(s, 'r0', 'start', ranges[0][0]);
  s = updateRow(s, 'r0', 'end', ranges[0][1]);
  for (const [start, end] of ranges.slice(1)) {
    const added = addRow(s);
    s = updateRow(updateRow(added.state, added.rowId, 'start', start), added.rowId, 'end', end);
  }
  return setServiceProfile(setCountry(s, country), profile);
}

describe('form state: request body', () => {
  it('builds exactly the seed example body', () => {
    const s = withRanges([['+442081324758', '+442081324758']], 'GB', 'ANH');
    assert.deepEqual(buildRequest(s).request, {
      numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
    });
  });

  it('trims values, reads an empty end as a single number, leaves out a blank profile and blank rows', () => {
    let s = withRanges(
      [
        [' +442081324758 ', ''],
        ['', ''],
        ['+442081324760', '+442081324769'],
      ],
      'GB',
      '   ',
    );
    const { request, rowIds } = buildRequest(s);
    assert.deepEqual(request.numberRangeList, [
      { numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' },
      { numberRangeStart: '+442081324760', numberRangeEnd: '+442081324769' },
    ]);
    assert.deepEqual(request.relatedParty.reseller, { country: 'GB' });
    assert.deepEqual(rowIds, ['r0', 'r2']);
    s = setServiceProfile(s, ' ANH ');
    assert.equal(buildRequest(s).request.relatedParty.reseller.serviceProfile, 'ANH');
  });

  it('a valid form has no core problems', () => {
    const v = validateForm(
      withRanges(
        [
          ['+442081324758', '+442081324758'],
          ['+442081324760', '+442081324769'],
        ],
        'GB',
        'ANH',
      ),
      { maxNumbersPerRange: 1000 },
    );
    assert.deepEqual(v.problems, []);
    assert.equal(v.errorCount, 0);
    assert.equal(v.submitBlockedReason, undefined);
    assert.equal(v.numberCount, 11n);
  });
});

describe('form state: rows', () => {
  it('adds after a given row or at the end, with fresh ids', () => {
    const a = addRow(initialFormState());
    const b = addRow(a.state, 'r0');
    assert.deepEqual(
      b.state.rows.map((r) => r.id),
      ['r0', 'r2', 'r1'],
    );
    assert.equal(b.rowId, 'r2');
    assert.equal(b.state.nextRowId, 3);
  });

  it('removing moves the focus to the next row, and never leaves the table empty', () => {
    const s = addRow(addRow(initialFormState()).state).state; // r0 r1 r2
    const removed = removeRow(s, 'r1');
    assert.deepEqual(
      removed.state.rows.map((r) => r.id),
      ['r0', 'r2'],
    );
    assert.equal(removed.focusRowId, 'r2');
    assert.equal(removeRow(removed.state, 'r2').focusRowId, 'r0');
    const last = removeRow(updateRow(initialFormState(), 'r0', 'start', '+441'), 'r0');
    assert.equal(last.state.rows.length, 1);
    assert.equal(last.state.rows[0].start, '');
    assert.notEqual(last.state.rows[0].id, 'r0');
    assert.equal(removeRow(s, 'nope').state, s);
  });

  it('never mutates the state it is given', () => {
    const s = initialFormState();
    const frozen = JSON.stringify(s);
    addRow(s);
    removeRow(s, 'r0');
    updateRow(s, 'r0', 'start', '+44');
    applyPaste(s, '+442081324758');
    assert.equal(JSON.stringify(s), frozen);
  });
});

describe('form state: paste', () => {
  it('turns a column into ranges of consecutive runs, replacing blank rows, and picks the country', () => {
    const text = ['+44 20 8132 4758', '+442081324759', '0044 20 8132 4760', '+442081324770', '', '+44 (0)20 8132 4771'].join('\n');
    const { state, added, rejected } = applyPaste(initialFormState(), text);
    assert.equal(added, 2);
    assert.deepEqual(rejected, []);
    assert.deepEqual(
      state.rows.map((r) => [r.start, r.end]),
      [
        ['+442081324758', '+442081324760'],
        ['+442081324770', '+442081324771'],
      ],
    );
    assert.equal(state.country, 'GB');
    assert.equal(state.pasteText, '');
  });

  it('keeps rejected lines in the paste area and lists them; appends after filled rows; keeps a chosen country', () => {
    const before = setCountry(withRanges([['+33123456789', '']]), 'FR');
    const { state, rejected } = applyPaste(before, '+442081324758\n020 8132 4759\nhello\r\n+442081324760');
    assert.deepEqual(rejected, ['020 8132 4759', 'hello']);
    assert.equal(state.pasteText, '020 8132 4759\nhello');
    assert.deepEqual(state.rejectedLines, rejected);
    assert.deepEqual(
      state.rows.map((r) => r.start),
      ['+33123456789', '+442081324758', '+442081324760'],
    );
    assert.equal(state.country, 'FR');
  });

  it('nothing usable leaves one blank row', () => {
    const { state, added } = applyPaste(initialFormState(), 'nothing here');
    assert.equal(added, 0);
    assert.equal(state.rows.length, 1);
    assert.equal(state.country, '');
  });
});

describe('form state: live validation uses the core rules and messages', () => {
  it('shows exactly the messages validateRequestObject gives for the same body', () => {
    const s = withRanges(
      [
        ['+4420', 'abc'],
        ['+442081324759', '+442081324758'],
      ],
      'XX',
      '',
    );
    const v = validateForm(s, { maxNumbersPerRange: 1000 });
    assert.deepEqual(v.problems, validateRequestObject(buildRequest(s).request, { maxNumbersPerRange: 1000 }));
    assert.ok(v.errorCount >= 3);
    assert.match(v.submitBlockedReason ?? '', /Fix the \d+ problems/);
  });

  it('maps each problem to the field that fixes it', () => {
    const s = withRanges(
      [
        ['+4420', 'abc'],
        ['+442081324759', '+442081324758'],
        ['+442081324759', '+442081324758'],
      ],
      '',
      '',
    );
    const v = validateForm(setServiceProfile(s, ''), { maxNumbersPerRange: 1000 });
    const keys = [...v.byField.keys()];
    assert.ok(keys.includes('row:r0:start'), keys.join());
    assert.ok(keys.includes('row:r0:end'));
    assert.ok(keys.includes('row:r1'), 'reversed range is shown on its row');
    assert.ok(keys.includes('row:r2'), 'duplicate is shown on the later row');
    assert.ok(keys.includes('country'));
    assert.match(v.byField.get('row:r0:end')![0].message, /"abc" is not an E.164 number/);
  });

  it('maps range problems through the row ids, skipping blank rows', () => {
    const rowIds = ['r0', 'r5'];
    assert.equal(
      fieldForProblem({ path: ['numberRangeList', 1, 'numberRangeEnd'], severity: 'error', code: 'invalid-e164', message: '' }, rowIds),
      'row:r5:end',
    );
    assert.equal(fieldForProblem({ path: ['numberRangeList', 1], severity: 'error', code: 'range-reversed', message: '' }, rowIds), 'row:r5');
    assert.equal(
      fieldForProblem({ path: ['numberRangeList'], severity: 'error', code: 'overlapping-range', message: '', data: { rangeIndex: 0 } }, rowIds),
      'row:r0',
    );
    assert.equal(fieldForProblem({ path: ['numberRangeList'], severity: 'error', code: 'empty-range-list', message: '' }, rowIds), 'ranges');
    assert.equal(fieldForProblem({ path: ['numberRangeList', 9], severity: 'error', code: 'range-reversed', message: '' }, rowIds), 'ranges');
    assert.equal(
      fieldForProblem({ path: ['relatedParty', 'reseller', 'serviceProfile'], severity: 'error', code: 'empty-service-profile', message: '' }, rowIds),
      'serviceProfile',
    );
    assert.equal(
      fieldForProblem({ path: ['relatedParty', 'reseller'], severity: 'error', code: 'missing-property', message: '', data: { missing: 'country' } }, rowIds),
      'country',
    );
    assert.equal(fieldForProblem({ path: [], severity: 'error', code: 'not-an-object', message: '' }, rowIds), 'form');
    assert.equal(domIdForField('row:r5:end'), 'f-row-r5-end');
  });

  it('an empty form is blocked with a general reason; warnings alone do not block', () => {
    const empty = validateForm(initialFormState(), { maxNumbersPerRange: 1000 });
    assert.equal(empty.errorCount, 2);
    assert.ok(empty.byField.has('ranges'));
    assert.equal(empty.submitBlockedReason, 'Add at least one number and choose a country to submit.');
    const big = validateForm(withRanges([['+442081320000', '+442081329999']], 'GB'), { maxNumbersPerRange: 1000 });
    assert.ok(big.problems.some((p) => p.code === 'range-too-large' && p.severity === 'warning'));
    assert.equal(big.submitBlockedReason, undefined);
    assert.equal(big.numberCount, 10000n);
    assert.ok(
      !validateForm(withRanges([['+442081320000', '+442081329999']], 'GB'), { maxNumbersPerRange: 20000 }).problems.some((p) => p.code === 'range-too-large'),
    );
  });

  it('a request above 10,000 numbers per order is an error on the range list that blocks Submit, as in the editor', () => {
    const over = validateForm(
      withRanges(
        [
          ['+442081320000', '+442081329999'],
          ['+442081330000', '+442081330000'],
        ],
        'GB',
      ),
      { maxNumbersPerRange: 10_000 },
    );
    const problem = over.problems.find((p) => p.code === 'order-too-large');
    assert.equal(problem?.severity, 'error');
    assert.match(problem.message, /holds 10,001 numbers, more than 10,000 per order .*split it into 2 request files/);
    assert.deepEqual(
      over.byField.get('ranges')?.map((p) => p.code),
      ['order-too-large'],
    );
    assert.ok(over.submitBlockedReason);
  });

  it('follows the maxNumbersPerOrder the host sends, as the editor follows the setting', () => {
    const state = withRanges([['+442081320000', '+442081320099']], 'GB');
    const codes = (maxNumbersPerOrder: number) => validateForm(state, { maxNumbersPerRange: 1000, maxNumbersPerOrder }).problems.map((p) => p.code);
    assert.ok(codes(99).includes('order-too-large'));
    assert.ok(!codes(100).includes('order-too-large'));
  });

  it('counts only ranges whose ends are numbers', () => {
    assert.equal(
      validateForm(
        withRanges([
          ['+44abc', '+44abd'],
          ['+442081324758', ''],
        ]),
        { maxNumbersPerRange: 1000 },
      ).numberCount,
      1n,
    );
  });
});

describe('form state: an empty last number', () => {
  it('shows the problems of a single number once, on the first number', () => {
    const v = validateForm(withRanges([['+44abc', '']]), { maxNumbersPerRange: 1000 });
    assert.ok(v.byField.has('row:r0:start'));
    assert.ok(!v.byField.has('row:r0:end'));
    assert.equal(v.errorCount, v.problems.filter((p) => p.severity === 'error').length);
  });
});

describe('form state: errors wait until a field is touched', () => {
  const shownKeys = (s: FormState) => [...validateForm(s, { maxNumbersPerRange: 1000 }).shown.keys()].sort();

  it('an empty form shows no error, and Submit says what is missing in general terms', () => {
    const v = validateForm(initialFormState(), { maxNumbersPerRange: 1000 });
    assert.deepEqual([...v.shown.keys()], []);
    assert.equal(v.submitBlockedReason, 'Add at least one number and choose a country to submit.');
  });

  it('a touched field shows its problem, worded for the form; the others stay quiet', () => {
    let s = markTouched(initialFormState(), 'row:r0:start', 'ranges');
    assert.deepEqual(shownKeys(s), ['ranges']);
    assert.deepEqual(
      validateForm(s, { maxNumbersPerRange: 1000 })
        .shown.get('ranges')!
        .map((p) => p.message),
      ['Add at least one number.'],
    );
    assert.equal(validateForm(s, { maxNumbersPerRange: 1000 }).submitBlockedReason, 'Fix the problem marked above and choose a country to submit.');
    s = markTouched(s, 'country');
    assert.deepEqual(shownKeys(s), ['country', 'ranges']);
    assert.deepEqual(
      validateForm(s, { maxNumbersPerRange: 1000 })
        .shown.get('country')!
        .map((p) => p.message),
      ['Choose the reseller country.'],
    );
    assert.equal(validateForm(s, { maxNumbersPerRange: 1000 }).submitBlockedReason, 'Fix the 2 problems marked above to submit.');
  });

  it('a field with a value shows its problems (typed, pasted or from a draft), a blank one does not', () => {
    const s = withRanges(
      [
        ['+44abc', ''],
        ['', '+442081324758'],
      ],
      '',
    );
    assert.deepEqual(shownKeys(s), ['row:r0:start']);
    assert.ok(isShown('row:r0', s), 'a row with a value shows its range problems');
    assert.ok(!isShown('row:r1:start', s));
    assert.ok(!isShown('country', s));
    assert.equal(
      validateForm(s, { maxNumbersPerRange: 1000 }).submitBlockedReason,
      'Fix the problem marked above, choose a country and fill in the fields left empty to submit.',
    );
  });

  it('a Submit attempt shows every problem, with the counted reason', () => {
    const s = markSubmitAttempted(initialFormState());
    assert.deepEqual(shownKeys(s), ['country', 'ranges']);
    assert.equal(validateForm(s, { maxNumbersPerRange: 1000 }).submitBlockedReason, 'Fix the 2 problems marked above to submit.');
  });

  it('touching is idempotent, and removing a row forgets its fields but marks the list touched', () => {
    const s = markTouched(initialFormState(), 'country');
    assert.equal(markTouched(s, 'country'), s);
    const t = markTouched(addRow(s).state, 'row:r0:start', 'row:r1:end');
    assert.deepEqual(removeRow(t, 'r1').state.touched, ['country', 'row:r0:start', 'ranges']);
  });

  it('a pasted column marks the list touched', () => {
    assert.ok(applyPaste(initialFormState(), 'hello').state.touched?.includes('ranges'));
  });
});

describe('form state: the form wording of core problems (formMessage)', () => {
  const problem = (code: 'empty-range-list' | 'unknown-country' | 'missing-property', path: (string | number)[], message = 'core words') => ({
    path,
    severity: 'error' as const,
    code,
    message,
  });

  it('says "Add at least one number." for an empty list', () => {
    assert.equal(formMessage(problem('empty-range-list', ['numberRangeList']), initialFormState()), 'Add at least one number.');
  });

  it('says "Choose the reseller country." only when no country is chosen', () => {
    const core = validateRequestObject(buildRequest(initialFormState()).request).find((p) => p.code === 'unknown-country')!;
    assert.match(core.message, /Unknown country/, 'the core keeps its own wording');
    assert.equal(formMessage(core, initialFormState()), 'Choose the reseller country.');
    assert.equal(formMessage(problem('missing-property', ['relatedParty', 'reseller']), initialFormState()), 'core words');
    assert.equal(
      formMessage({ ...problem('missing-property', ['relatedParty', 'reseller']), data: { missing: 'country' } }, initialFormState()),
      'Choose the reseller country.',
    );
    // A country that is there but unknown (an old draft) keeps the core's message naming it.
    assert.equal(formMessage(problem('unknown-country', ['relatedParty', 'reseller', 'country']), setCountry(initialFormState(), 'XX')), 'core words');
  });
});

describe('form state: Submit after an accepted request', () => {
  const seed = () => withRanges([['+442081324758', '']], 'GB', 'ANH');

  it('stays off, naming the order, until the request changes', () => {
    const s = seed();
    const key = requestKey(buildRequest(s).request);
    assert.equal(validateForm(s, { maxNumbersPerRange: 1000 }).submitBlockedReason, undefined);
    const done = markSubmitted(s, { outcome: 'accepted', orderId: 'ORD-7', trackingId: 't-1', requestKey: key });
    assert.equal(
      validateForm(done, { maxNumbersPerRange: 1000 }).submitBlockedReason,
      'Submitted as order ORD-7. Change the numbers to submit another request.',
    );
    // Hide and reshow: the state goes through setState, so it is JSON.
    assert.equal(
      validateForm(JSON.parse(JSON.stringify(done)) as FormState, { maxNumbersPerRange: 1000 }).submitBlockedReason,
      validateForm(done, { maxNumbersPerRange: 1000 }).submitBlockedReason,
    );
    const changed = updateRow(done, 'r0', 'start', '+442081324759');
    assert.equal(validateForm(changed, { maxNumbersPerRange: 1000 }).submitBlockedReason, undefined);
    assert.equal(validateForm(setServiceProfile(done, 'XYZ'), { maxNumbersPerRange: 1000 }).submitBlockedReason, undefined);
    // Whitespace does not change the request that would be sent.
    assert.match(validateForm(updateRow(done, 'r0', 'start', ' +442081324758 '), { maxNumbersPerRange: 1000 }).submitBlockedReason ?? '', /ORD-7/);
  });

  it('stays off after no answer too, pointing at the Orders view, since the order may exist', () => {
    const s = seed();
    const done = markSubmitted(s, { outcome: 'unknown', trackingId: 't-2', requestKey: requestKey(buildRequest(s).request) });
    assert.match(
      validateForm(done, { maxNumbersPerRange: 1000 }).submitBlockedReason ?? '',
      /may exist: check it in the Orders view \(tracking id t-2\)\. Change the numbers/,
    );
  });

  it('the fingerprint tells requests apart and is short', () => {
    const a = requestKey(buildRequest(seed()).request);
    assert.equal(a, requestKey(buildRequest(seed()).request));
    assert.notEqual(a, requestKey(buildRequest(setCountry(seed(), 'DE')).request));
    const big = applyPaste(initialFormState(), Array.from({ length: 5000 }, (_, i) => `+4420813${String(i * 2).padStart(5, '0')}`).join('\n')).state;
    assert.ok(requestKey(buildRequest(big).request).length <= 12);
  });
});
