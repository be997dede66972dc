// Property tests (fast-check): the diagnostics never throw, and valid requests are clean.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { COUNTRIES, COUNTRY_CODES, type CountryCode } from '../../src/core/countries';
import { computeDiagnostics, validateRequestObject } from '../../src/core/diagnostics';
import { E164_MAX_LENGTH, E164_MIN_LENGTH, type NumberRange } from '../../src/core/schemas';

/**
 * A valid request built from the rules, not from the code under test: one country, numbers with
 * its calling code, equal-length ends with start <= end, laid out one after another with gaps so
 * that no two ranges overlap, then shuffled. Ranges stay well under the 1,000-number limit.
 */
const validRequest = fc
  .record({
    country: fc.constantFrom(...COUNTRY_CODES),
    // Total digits after "+", within E.164's 6..16 characters.
    digits: fc.integer({ min: E164_MIN_LENGTH - 1 + 3, max: E164_MAX_LENGTH - 1 }),
    firstDigit: fc.integer({ min: 1, max: 8 }),
    parts: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 40 }), size: fc.integer({ min: 1, max: 30 }) }), { minLength: 1, maxLength: 12 }),
    order: fc.array(fc.nat(), { maxLength: 12 }),
    serviceProfile: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), { nil: undefined }),
    withSchema: fc.boolean(),
    indent: fc.constantFrom<number | string>(0, 2, 4, '\t'),
    crlf: fc.boolean(),
  })
  .map(({ country, digits, firstDigit, parts, order, serviceProfile, withSchema, indent, crlf }) => {
    const code = COUNTRIES[country as CountryCode].callingCode;
    const nationalLength = Math.max(digits - code.length, 3);
    let next = BigInt(firstDigit) * 10n ** BigInt(nationalLength - 1);
    const limit = 10n ** BigInt(nationalLength);
    const ranges: NumberRange[] = [];
    for (const { gap, size } of parts) {
      const start = next + BigInt(gap);
      const end = start + BigInt(size - 1);
      if (end >= limit) break;
      const number = (n: bigint) => `+${code}${n.toString().padStart(nationalLength, '0')}`;
      ranges.push({ numberRangeStart: number(start), numberRangeEnd: number(end) });
      next = end + 1n;
    }
    // Shuffle deterministically from the generated order.
    order.forEach((n, i) => {
      const j = n % ranges.length;
      const k = i % ranges.length;
      [ranges[j], ranges[k]] = [ranges[k]!, ranges[j]!];
    });
    const body: Record<string, unknown> = {
      numberRangeList: ranges,
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: serviceProfile === undefined ? { country } : { serviceProfile, country } },
    };
    const value = withSchema ? { $schema: './reactivate.schema.json', ...body } : body;
    let text = JSON.stringify(value, null, indent);
    if (crlf) text = text.replace(/\n/g, '\r\n');
    return { value, text, country };
  });

/** The wrapper turns an internal crash into a problem; the properties must not rely on it. */
function assertNoInternalError(found: readonly { message: string }[]): void {
  assert.ok(!found.some((d) => d.message.startsWith('Could not check this request')), JSON.stringify(found));
}

/** The only notice a valid request may get: the seed's own disagreement about port-in countries. */
function allowedNotices(country: string): string[] {
  return country === 'DE' || country === 'ES' ? ['port-in-disputed'] : [];
}

describe('diagnostics properties', () => {
  it('any string: computeDiagnostics never throws and returns well-formed ranges', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const found = computeDiagnostics(text);
        assertNoInternalError(found);
        const lines = text.split(/\r\n|\r|\n/);
        for (const d of found) {
          assert.ok(d.range.start.line >= 0 && d.range.start.line < lines.length);
          assert.ok(d.range.end.line > d.range.start.line || d.range.end.character >= d.range.start.character);
          assert.ok(d.message.length > 0);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('JSON-like text: never throws', () => {
    const jsonish = fc.array(fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '"numberRangeList"', '"country"', '"GB"', '"+442081324758"',
      '1', '-', 'e', 'true', 'null', ' ', '\n', '//', '/*', '*/', '\\', '\\u12', "'", '\u0000', '\uFEFF', '"__proto__"'), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(fc.property(jsonish, (text) => assertNoInternalError(computeDiagnostics(text))), { numRuns: 2000 });
  });

  it('a valid request with random edits: never throws', () => {
    fc.assert(
      fc.property(validRequest, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 4 })), { maxLength: 4 }), ({ text }, edits) => {
        let edited = text;
        for (const [at, remove, insert] of edits) {
          const i = at % (edited.length + 1);
          edited = edited.slice(0, i) + insert + edited.slice(i + remove);
        }
        assertNoInternalError(computeDiagnostics(edited));
      }),
      { numRuns: 500 },
    );
  });

  it('any JSON value: validateRequestObject never throws, computeDiagnostics agrees on the codes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const problems = validateRequestObject(value);
        assertNoInternalError(problems);
        const text = JSON.stringify(value) ?? 'null';
        const fromText = computeDiagnostics(text).map((d) => d.code).sort();
        assert.deepEqual(problems.map((p) => p.code).sort(), fromText);
      }),
      { numRuns: 500 },
    );
  });

  it('any request generated from the rules validates without errors or warnings', () => {
    fc.assert(
      fc.property(validRequest, ({ value, text, country }) => {
        const allowed = allowedNotices(country);
        const codes = computeDiagnostics(text).map((d) => d.code);
        assert.deepEqual(codes, allowed, text);
        assert.deepEqual(validateRequestObject(value).map((p) => p.code), allowed);
      }),
      { numRuns: 500 },
    );
  });

  it('breaking one thing in a valid request gives exactly that problem', () => {
    fc.assert(
      fc.property(validRequest, fc.constantFrom('reverse', 'product', 'country'), ({ value }, mistake) => {
        const broken = structuredClone(value) as { numberRangeList: NumberRange[]; productOffering: { name: string }; relatedParty: { reseller: { country: string } } };
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
        const codes = computeDiagnostics(JSON.stringify(broken, null, 2)).map((d) => d.code).filter((c) => c !== 'port-in-disputed');
        assert.deepEqual(codes, [expected]);
      }),
      { numRuns: 300 },
    );
  });
});
