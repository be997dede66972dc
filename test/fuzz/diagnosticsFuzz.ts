// Fuzz properties of the request-file diagnostics (computeDiagnostics, validateRequestObject) and of
// the nesting measure that guards every recursive walk over a request's JSON. Used by
// test/unit/diagnosticsProperties.test.ts and deepNesting.test.ts, and by `npm run fuzz`.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { COUNTRIES, COUNTRY_CODES, type CountryCode } from '../../src/core/countries';
import { computeDiagnostics, validateRequestObject, type DiagnosticOptions } from '../../src/core/diagnostics';
import { DiagnosticsSession, type UpdateKind } from '../../src/core/diagnosticsSession';
import { findTooDeepNesting, isNestedTooDeeply } from '../../src/core/jsonNesting';
import { E164_MAX_LENGTH, E164_MIN_LENGTH, type NumberRange } from '../../src/core/schemas';
import type { FuzzGroup, FuzzOptions } from './fuzzOptions';

/**
 * A valid request built from the rules, not from the code under test: one country, numbers with
 * its calling code, equal-length ends with start <= end, laid out one after another with gaps so
 * that no two ranges overlap, then shuffled. Ranges stay well under the 1,000-number limit.
 */
export const validRequest = fc
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
export function assertNoInternalError(found: readonly { message: string }[]): void {
  assert.ok(!found.some((d) => d.message.startsWith('Could not check this request')), JSON.stringify(found));
}

/** Pieces of JSON, some of them deep enough in a few pieces to pass the nesting limit. */
const JSONISH_TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '"numberRangeList"',
  '"country"',
  '"GB"',
  '"+442081324758"',
  '1',
  '-',
  'e',
  'true',
  'null',
  ' ',
  '\n',
  '//',
  '/*',
  '*/',
  '\\',
  '\\u12',
  "'",
  '\u0000',
  '\uFEFF',
  '"__proto__"',
  '[[[[[[[[[[[[[[[[',
  '{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":',
];

const jsonish = fc.array(fc.constantFrom(...JSONISH_TOKENS), { maxLength: 60 }).map((parts) => parts.join(''));

/** Any string: computeDiagnostics never throws and returns well-formed ranges. */
export function fuzzAnyText({ numRuns, seed }: FuzzOptions): void {
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
    { numRuns, seed },
  );
}

/** JSON-like text, deeply nested at times: never an internal error. */
export function fuzzJsonishText({ numRuns, seed }: FuzzOptions): void {
  fc.assert(
    fc.property(jsonish, (text) => assertNoInternalError(computeDiagnostics(text))),
    { numRuns, seed },
  );
}

/** A valid request with random edits: never an internal error. */
export function fuzzEditedRequest({ numRuns, seed }: FuzzOptions): void {
  fc.assert(
    fc.property(validRequest, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 4 })), { maxLength: 4 }), ({ text }, edits) => {
      let edited = text;
      for (const [at, remove, insert] of edits) {
        const i = at % (edited.length + 1);
        edited = edited.slice(0, i) + insert + edited.slice(i + remove);
      }
      assertNoInternalError(computeDiagnostics(edited));
    }),
    { numRuns, seed },
  );
}

/** Any JSON value: validateRequestObject (the form) never throws and finds what computeDiagnostics finds in its text. */
export function fuzzAnyJsonValue({ numRuns, seed }: FuzzOptions): void {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value) ?? 'null';
      // Too deep to check as text (the file gets its own problem), but fine as an object.
      fc.pre(!isNestedTooDeeply(text));
      const problems = validateRequestObject(value);
      assertNoInternalError(problems);
      const fromText = computeDiagnostics(text)
        .map((d) => d.code)
        .sort();
      assert.deepEqual(problems.map((p) => p.code).sort(), fromText);
    }),
    { numRuns, seed },
  );
}

const MAX_MESSAGE_LENGTH = 300;

/** A valid request with one field (or a key) replaced by a long string: every message stays short. */
export function fuzzLongValues({ numRuns, seed }: FuzzOptions): void {
  const long = fc
    .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min: 41, max: 20_000 }))
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));
  const where = fc.constantFrom('numberRangeStart', 'numberRangeEnd', 'name', 'country', 'serviceProfile', 'key', 'rangeKey');
  fc.assert(
    fc.property(validRequest, long, where, fc.boolean(), ({ value }, text, field, asNumber) => {
      const request = structuredClone(value) as {
        numberRangeList: Record<string, unknown>[];
        productOffering: { name: string };
        relatedParty: { reseller: Record<string, unknown> };
      } & Record<string, unknown>;
      const filler = asNumber ? `+44${text.replace(/\D/g, '9')}` : text;
      if (field === 'numberRangeStart' || field === 'numberRangeEnd') request.numberRangeList[0]![field] = filler;
      else if (field === 'name') request.productOffering.name = filler;
      else if (field === 'country' || field === 'serviceProfile') request.relatedParty.reseller[field] = filler;
      else if (field === 'key') request[filler] = 1;
      else request.numberRangeList[0]![filler] = 1;
      const messages = [...computeDiagnostics(JSON.stringify(request)), ...validateRequestObject(request)].map((d) => d.message);
      for (const message of messages) assert.ok(message.length < MAX_MESSAGE_LENGTH, `${message.length} characters: ${message.slice(0, 400)}`);
    }),
    { numRuns, seed },
  );
}

/** How deep jsonc-parser's recursive parser goes on a text: what the nesting limit protects. */
function jsoncParserDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  const enter = () => void (deepest = Math.max(deepest, ++depth));
  const leave = () => void depth--;
  visit(text, { onArrayBegin: enter, onObjectBegin: enter, onArrayEnd: leave, onObjectEnd: leave });
  return deepest;
}

/** The nesting measure is never below jsonc-parser's depth, even in broken text. */
export function fuzzNestingMeasure({ numRuns, seed }: FuzzOptions): void {
  const token = fc.constantFrom('[', ']', '{', '}', ',', ':', '"', '"a"', '\\', '\\"', '\n', '\r', '//', '/*', '*/', '/', '1', 'x', ' ', "'");
  fc.assert(
    fc.property(
      fc.array(token, { maxLength: 80 }).map((parts) => parts.join('')),
      (text) => {
        const depth = jsoncParserDepth(text);
        if (depth > 0) assert.notEqual(findTooDeepNesting(text, depth - 1), undefined, JSON.stringify(text));
      },
    ),
    { numRuns, seed },
  );
}

/** One edit of a request file, as a person or a paste makes it; most land inside a phone number. */
const sessionEdit = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('digit' as const),
      which: fc.nat(),
      at: fc.nat(),
      remove: fc.nat({ max: 2 }),
      insert: fc.stringMatching(/^[0-9]{0,2}$/),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('copy' as const), which: fc.nat(), from: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('any' as const),
      at: fc.nat(),
      remove: fc.nat({ max: 6 }),
      insert: fc
        .array(fc.constantFrom(...JSONISH_TOKENS, ' ', '\n', '\r\n', '\r', '"+4420', '9', '}, {', '"numberRangeEnd": '), { maxLength: 3 })
        .map((p) => p.join('')),
    }),
  },
);
type SessionEdit = typeof sessionEdit extends fc.Arbitrary<infer T> ? T : never;

function applySessionEdit(text: string, edit: SessionEdit): string {
  const numbers = [...text.matchAll(/"\+[0-9]*"/g)];
  if (edit.kind === 'any' || numbers.length === 0) {
    const at = edit.kind === 'any' ? edit.at % (text.length + 1) : 0;
    const remove = edit.kind === 'any' ? edit.remove : 0;
    const insert = edit.kind === 'any' ? edit.insert : '';
    return text.slice(0, at) + insert + text.slice(at + remove);
  }
  const target = numbers[edit.which % numbers.length]!;
  const start = target.index + 1;
  const end = target.index + target[0].length - 1;
  if (edit.kind === 'copy') {
    // Another number of the file put here: duplicates, overlaps and reversed ranges.
    const source = numbers[edit.from % numbers.length]![0];
    return text.slice(0, target.index) + source + text.slice(target.index + target[0].length);
  }
  const at = start + 1 + (edit.at % Math.max(1, end - start));
  return text.slice(0, at) + edit.insert + text.slice(Math.min(at + edit.remove, end));
}

/**
 * A request edited again and again: the session that re-checks only what an edit changed gives exactly
 * what a full check of the same text gives, after every edit. Returns how each update was made.
 */
export function fuzzDiagnosticsSession({ numRuns, seed }: FuzzOptions): Record<UpdateKind, number> {
  const kinds: Record<UpdateKind, number> = { full: 0, incremental: 0, unchanged: 0 };
  fc.assert(
    fc.property(
      validRequest,
      fc.array(sessionEdit, { minLength: 1, maxLength: 25 }),
      fc.constantFrom<DiagnosticOptions | undefined>(
        undefined,
        { maxNumbersPerRange: 5 },
        { maxNumbersPerRange: 30, maxNumbersPerOrder: 60 },
        { maxNumbersPerOrder: 1 },
      ),
      ({ text }, edits, options) => {
        const session = new DiagnosticsSession();
        let current = text;
        assert.deepEqual(session.update(current, options), computeDiagnostics(current, options));
        for (const edit of edits) {
          current = applySessionEdit(current, edit);
          const incremental = session.update(current, options);
          kinds[session.lastUpdate]++;
          assert.deepEqual(incremental, computeDiagnostics(current, options), `after an edit (${session.lastUpdate}) of:\n${current}`);
        }
      },
    ),
    { numRuns, seed },
  );
  return kinds;
}

export const diagnosticsFuzz: FuzzGroup = {
  targets: [
    { name: 'diagnostics: any text', run: async (o) => fuzzAnyText(o) },
    { name: 'diagnostics: JSON-like text', run: async (o) => fuzzJsonishText(o) },
    { name: 'diagnostics: edited valid requests', run: async (o) => fuzzEditedRequest(o) },
    { name: 'diagnostics: any JSON value', run: async (o) => fuzzAnyJsonValue(o) },
    { name: 'diagnostics: long values', run: async (o) => fuzzLongValues(o) },
    { name: 'diagnostics: nesting measure', run: async (o) => fuzzNestingMeasure(o) },
    { name: 'diagnostics: edits re-checked incrementally = full check', run: async (o) => void fuzzDiagnosticsSession(o) },
  ],
};
