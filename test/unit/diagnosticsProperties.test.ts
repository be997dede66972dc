// Property tests (fast-check): the diagnostics never throw, and valid requests are clean. The fuzz
// properties live in test/fuzz/diagnosticsFuzz.ts, shared with `npm run fuzz`, which runs them longer.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { COUNTRIES, type CountryCode } from '../../src/core/countries';
import { computeDiagnostics, validateRequestObject } from '../../src/core/diagnostics';
import type { NumberRange } from '../../src/core/schemas';
import { fuzzAnyJsonValue, fuzzAnyText, fuzzEditedRequest, fuzzJsonishText, fuzzLongValues, validRequest } from '../fuzz/diagnosticsFuzz';

/** The only notice a valid request may get: the seed's own disagreement about port-in countries. */
function allowedNotices(country: string): string[] {
  return country === 'DE' || country === 'ES' ? ['port-in-disputed'] : [];
}

describe('diagnostics properties', () => {
  it('any string: computeDiagnostics never throws and returns well-formed ranges', () => fuzzAnyText({ numRuns: 1500 }));

  it('JSON-like text, deeply nested at times: never throws', () => fuzzJsonishText({ numRuns: 2000 }));

  it('a valid request with random edits: never throws', () => fuzzEditedRequest({ numRuns: 500 }));

  it('any JSON value: validateRequestObject never throws, computeDiagnostics agrees on the codes', () => fuzzAnyJsonValue({ numRuns: 500 }));

  it('a long value in any field: every message stays short', () => fuzzLongValues({ numRuns: 100, seed: 6102 }));

  it('any request generated from the rules validates without errors or warnings', () => {
    fc.assert(
      fc.property(validRequest, ({ value, text, country }) => {
        const allowed = allowedNotices(country);
        const codes = computeDiagnostics(text).map((d) => d.code);
        assert.deepEqual(codes, allowed, text);
        assert.deepEqual(
          validateRequestObject(value).map((p) => p.code),
          allowed,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('breaking one thing in a valid request gives exactly that problem', () => {
    fc.assert(
      fc.property(validRequest, fc.constantFrom('reverse', 'product', 'country'), ({ value }, mistake) => {
        const broken = structuredClone(value) as {
          numberRangeList: NumberRange[];
          productOffering: { name: string };
          relatedParty: { reseller: { country: string } };
        };
        const expected = {
          reverse: 'range-reversed',
          product: 'wrong-product',
          country: 'unknown-country',
        }[mistake];
        if (mistake === 'reverse') {
          const range = broken.numberRangeList.find((r) => r.numberRangeStart !== r.numberRangeEnd);
          if (!range) return; // only single numbers: nothing to reverse
          [range.numberRangeStart, range.numberRangeEnd] = [range.numberRangeEnd, range.numberRangeStart];
        } else if (mistake === 'product') {
          broken.productOffering.name = 'Wholesale Voice';
        } else {
          broken.relatedParty.reseller.country = COUNTRIES[broken.relatedParty.reseller.country as CountryCode].name;
        }
        const codes = computeDiagnostics(JSON.stringify(broken, null, 2))
          .map((d) => d.code)
          .filter((c) => c !== 'port-in-disputed');
        assert.deepEqual(codes, [expected]);
      }),
      { numRuns: 300 },
    );
  });
});
