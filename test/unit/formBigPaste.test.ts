// The form with a big or mixed paste: the batch offer (numbers of several countries, more than
// one order should hold) and the one-row check a keystroke runs in a form of thousands of rows.
import { strict as assert } from 'node:assert';
import { countryMix, describeCountryMix, numbersAsLines } from '../../src/core/countryMix';
import { PROTOCOL_LIMITS } from '../../src/shared/protocol';
import {
  applyPaste,
  batchOfferFor,
  FORM_MAX_RANGES,
  initialFormState,
  markTouched,
  parsePaste,
  updateRow,
  validateForm,
  validateRow,
} from '../../src/webview/formState';

/** `n` GB numbers two apart: `n` ranges. */
function gbNumbers(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `+44208${String(1000000 + (from + i) * 2)}`);
}

describe('country mix of pasted numbers', () => {
  it('counts the numbers of each known country, most first, and leaves out unknown calling codes', () => {
    const { ranges } = parsePaste(['+33142685300', '+442081324758', '+442081324759', '+442081324790', '+12025550100'].join('\n'));
    assert.deepEqual(countryMix(ranges), [
      { country: 'GB', numbers: 3n },
      { country: 'FR', numbers: 1n },
    ]);
    assert.equal(describeCountryMix(countryMix(ranges)), 'United Kingdom 3 and France 1');
  });

  it('writes ranges back as one number per line, and refuses a range too large to list', () => {
    assert.equal(numbersAsLines([{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324760' }]), '+442081324758\n+442081324759\n+442081324760');
    assert.equal(numbersAsLines([{ numberRangeStart: '+442081320000', numberRangeEnd: '+442081329999' }], 1000), undefined);
  });
});

describe('form state: a paste that is a batch', () => {
  it('offers a batch for numbers of several countries, naming them, and adds nothing', () => {
    const parsed = parsePaste('+442081324758\n+33142685300\n+4930123456\n+442081324770');
    const offer = batchOfferFor(initialFormState(), parsed);
    assert.equal(offer?.reason, 'countries');
    assert.deepEqual(offer.reason === 'countries' ? offer.countries.map((c) => c.country) : [], ['GB', 'DE', 'FR']);
  });

  it('makes no offer for one country, however many numbers, up to what one order holds', () => {
    assert.equal(batchOfferFor(initialFormState(), parsePaste(gbNumbers(5000).join('\n'))), undefined);
  });

  it('offers a batch past the numbers one order may hold, counting the rows already there', () => {
    const filled = applyPaste(initialFormState(), gbNumbers(6000).join('\n')).state;
    const offer = batchOfferFor(filled, parsePaste(gbNumbers(5000, 6000).join('\n')));
    assert.deepEqual(offer, { reason: 'size', ranges: 11000, numbers: 11000n });
    assert.ok(batchOfferFor(initialFormState(), parsePaste('+442081320000'), 0));
    assert.equal(FORM_MAX_RANGES, PROTOCOL_LIMITS.maxRows);
  });
});

describe('form state: thousands of pasted rows', () => {
  it('a paste of 5,000 numbers makes 5,000 rows with fresh ids, in one pass', () => {
    const { state, added } = applyPaste(initialFormState(), gbNumbers(5000).join('\n'));
    assert.equal(added, 5000);
    assert.equal(state.rows.length, 5000);
    assert.equal(new Set(state.rows.map((r) => r.id)).size, 5000);
    assert.equal(state.nextRowId, 5001);
    assert.equal(state.country, 'GB');
  });

  it('re-checks one row on its own as the whole check would show it, without the other rows', () => {
    let state = applyPaste(initialFormState(), gbNumbers(3).join('\n')).state;
    const [, second] = state.rows;
    state = markTouched(updateRow(state, second.id, 'start', '+4420810000031'), `row:${second.id}:start`);
    const row = validateRow(state, second.id, { maxNumbersPerRange: 1000 })!;
    const whole = validateForm(state, { maxNumbersPerRange: 1000 }).shown;
    assert.ok(row.size > 0, 'the changed row shows its problems');
    for (const [key, problems] of row) {
      assert.ok(key.startsWith(`row:${second.id}`), `only this row: ${key}`);
      // The same words under the same field (the path's index is the row's place in a one-row request).
      const words = (list: typeof problems | undefined) => (list ?? []).map((p) => [p.severity, p.code, p.message]);
      assert.deepEqual(words(problems), words(whole.get(key)));
    }
    assert.equal(validateRow(state, 'no-such-row', { maxNumbersPerRange: 1000 }), undefined);
  });
});
