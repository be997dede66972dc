import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorBodySchema, orderAnswerSchema, orderStatusAnswerSchema, tokenAnswerSchema } from '../../src/core/answerSchemas';
import { requestBodySchema, requestFileSchema, toRequestBody, trackingIdSchema } from '../../src/core/schemas';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'requests');
const seed1 = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'seed-example-1.reactivate.json'), 'utf8'));
const seed2 = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'seed-example-2.reactivate.json'), 'utf8'));

/** The message zod gives for the one problem of `value`, with its path. */
function problem(value: unknown): { path: string; message: string } {
  const result = requestFileSchema.safeParse(value);
  assert.equal(result.success, false, 'expected a rejection');
  const issues = result.error!.issues;
  assert.equal(issues.length, 1, JSON.stringify(issues));
  return { path: issues[0]!.path.join('.'), message: issues[0]!.message };
}

const withRange = (numberRangeStart: unknown, numberRangeEnd: unknown = '+442081324758') => ({
  ...seed1,
  numberRangeList: [{ numberRangeStart, numberRangeEnd }],
});
const withReseller = (reseller: unknown) => ({ ...seed1, relatedParty: { reseller } });

describe('schemas', () => {
  describe('request body', () => {
    it("accepts the seed's two examples, exactly as given", () => {
      assert.deepEqual(requestBodySchema.parse(seed1), seed1);
      assert.deepEqual(requestBodySchema.parse(seed2), seed2);
      assert.equal(seed1.relatedParty.reseller.serviceProfile, 'ANH');
      assert.equal(seed2.relatedParty.reseller.serviceProfile, undefined);
    });

    it('accepts every one of the 20 countries and E.164 lengths 6 and 16', () => {
      for (const country of ['GB', 'DE', 'ES', 'FR', 'AT', 'BE', 'NL', 'IE', 'IT', 'SE', 'DK', 'PT', 'CH', 'CZ', 'NO', 'RO', 'PL', 'FI', 'LU', 'SK']) {
        assert.ok(requestBodySchema.safeParse(withReseller({ country })).success, country);
      }
      assert.ok(requestBodySchema.safeParse(withRange('+12345', '+12345')).success);
      assert.ok(requestBodySchema.safeParse(withRange('+123456789012345', '+123456789012345')).success);
    });

    const bad: [string, unknown, string, RegExp][] = [
      ['no numberRangeList', { productOffering: seed1.productOffering, relatedParty: seed1.relatedParty }, 'numberRangeList', /list of ranges/],
      ['an empty numberRangeList', { ...seed1, numberRangeList: [] }, 'numberRangeList', /at least one range/],
      ['a range that is a string', { ...seed1, numberRangeList: ['+442081324758'] }, 'numberRangeList.0', /Each range is an object/],
      ['no numberRangeStart', { ...seed1, numberRangeList: [{ numberRangeEnd: '+442081324758' }] }, 'numberRangeList.0.numberRangeStart', /E\.164/],
      ['no numberRangeEnd', { ...seed1, numberRangeList: [{ numberRangeStart: '+442081324758' }] }, 'numberRangeList.0.numberRangeEnd', /E\.164/],
      ['a number without "+"', withRange('442081324758'), 'numberRangeList.0.numberRangeStart', /Not an E\.164 number/],
      ['a number with a leading zero', withRange('+0442081324758'), 'numberRangeList.0.numberRangeStart', /no leading zero/],
      ['a number with spaces', withRange('+44 20 8132 47'), 'numberRangeList.0.numberRangeStart', /digits only/],
      ['a number too short', withRange('+1234'), 'numberRangeList.0.numberRangeStart', /Too short.*at least 6/],
      ['a number too long', withRange('+1234567890123456'), 'numberRangeList.0.numberRangeStart', /Too long.*at most 16/],
      ['a number as a JSON number', withRange(442081324758), 'numberRangeList.0.numberRangeStart', /as a string/],
      ['no productOffering', { numberRangeList: seed1.numberRangeList, relatedParty: seed1.relatedParty }, 'productOffering', /Expected an object/],
      ['another product', { ...seed1, productOffering: { name: 'Wholesale Voice' } }, 'productOffering.name', /must be "Wholesale SIP"/],
      ['no relatedParty', { numberRangeList: seed1.numberRangeList, productOffering: seed1.productOffering }, 'relatedParty', /"relatedParty": \{"reseller"/],
      ['no reseller', { ...seed1, relatedParty: {} }, 'relatedParty.reseller', /"reseller": \{"country"/],
      ['no country', withReseller({ serviceProfile: 'ANH' }), 'relatedParty.reseller.country', /Unknown country: use one of the ISO codes GB, DE/],
      ['an unknown country', withReseller({ country: 'US' }), 'relatedParty.reseller.country', /Unknown country/],
      ['a lower-case country', withReseller({ country: 'gb' }), 'relatedParty.reseller.country', /Unknown country/],
      ['an empty serviceProfile', withReseller({ serviceProfile: '', country: 'GB' }), 'relatedParty.reseller.serviceProfile', /must not be empty/],
      ['a serviceProfile that is not a string', withReseller({ serviceProfile: 3, country: 'GB' }), 'relatedParty.reseller.serviceProfile', /must be a string/],
    ];
    for (const [what, value, where, message] of bad) {
      it(`rejects ${what}, at ${where}, saying how to fix it`, () => {
        const found = problem(value);
        assert.equal(found.path, where);
        assert.match(found.message, message);
      });
    }

    it('requestFileSchema allows "$schema" (a string only); toRequestBody strips it and unknown keys', () => {
      const file = { $schema: './reactivate.schema.json', ...seed1, note: 'kept in git' };
      assert.ok(requestFileSchema.safeParse(file).success);
      assert.deepEqual(problem({ ...seed1, $schema: 42 }), {
        path: '$schema',
        message: '"$schema" must be a string (the JSON Schema\'s URL or path), or remove it.',
      });
      assert.deepEqual(toRequestBody(file), seed1);
      assert.throws(() => toRequestBody({ ...seed1, productOffering: { name: 'x' } }));
    });
  });

  describe('x-tracking-id', () => {
    it("accepts the seed's example, UUIDs and the allowed punctuation, up to 255 characters", () => {
      for (const id of ['abcd456e-d45645-dfaafda-1232345667dd', '8700206f-c3b3-4c10-8cc2-2490f41eedc0', 'a_b.c~d:e@f-g', 'x'.repeat(255)]) {
        assert.ok(trackingIdSchema.safeParse(id).success, id);
      }
    });

    it('rejects empty, too long and other characters', () => {
      for (const id of ['', 'x'.repeat(256), 'has space', 'slash/no', 'ümlaut', 'semi;colon']) {
        assert.equal(trackingIdSchema.safeParse(id).success, false, id);
      }
    });
  });

  describe('answers', () => {
    it("accepts the seed's order answers, including the id that is not a UUID", () => {
      assert.deepEqual(orderAnswerSchema.parse({ order: { id: '8700206f-c3b3-4c10-8cc2-2490f41eedc0' } }), {
        order: { id: '8700206f-c3b3-4c10-8cc2-2490f41eedc0' },
      });
      assert.equal(orderAnswerSchema.parse({ order: { id: '34aaa520-fg16-3456-a45d-9fe6e060ed43' } }).order.id, '34aaa520-fg16-3456-a45d-9fe6e060ed43');
    });

    it('rejects an order answer without an id', () => {
      for (const body of [
        {},
        { order: {} },
        { order: { id: '' } },
        { order: { id: ' \t' } },
        { order: { id: 7 } },
        { order: { id: null } },
        { id: 'x' },
        { order: 'x' },
      ]) {
        assert.equal(orderAnswerSchema.safeParse(body).success, false, JSON.stringify(body));
      }
    });

    it('keeps an unexpected order status as a string and extra fields', () => {
      const parsed = orderStatusAnswerSchema.parse({ order: { id: 'x', orderStatus: 'acknowledged', orderType: 'Number Reactivation' } });
      assert.equal(parsed.order.orderStatus, 'acknowledged');
      assert.equal((parsed.order as Record<string, unknown>).orderType, 'Number Reactivation');
      assert.equal(orderStatusAnswerSchema.safeParse({ order: { id: 'x' } }).success, false);
    });

    it("parses Colt's and TM Forum's error bodies leniently", () => {
      const colt = errorBodySchema.parse({
        code: 'REACTIVATION_NOT_ALLOWED',
        reason: 'Unprocessable Entity',
        message: 'no',
        status: 422,
        details: ['+442081324758'],
      });
      assert.equal(colt.message, 'no');
      const tmf = errorBodySchema.parse({ code: '60', reason: 'Bad request', message: 'x', status: '400', referenceError: 'https://example.com/e' });
      assert.equal(tmf.referenceError, 'https://example.com/e');
      assert.ok(errorBodySchema.safeParse({ unexpected: true }).success);
      assert.equal(errorBodySchema.safeParse('text').success, false);
    });

    it('reads OAuth error bodies, and drops a field of an unexpected type rather than the whole body', () => {
      const oauth = errorBodySchema.parse({ error: 'invalid_client', error_description: 'Client authentication failed.', error_uri: 'https://example.com' });
      assert.equal(oauth.error, 'invalid_client');
      assert.equal(oauth.error_description, 'Client authentication failed.');
      const odd = errorBodySchema.parse({ code: null, reason: 'Bad Request', message: null, status: {}, referenceError: 3, error: ['x'] });
      assert.deepEqual(
        [odd.code, odd.reason, odd.message, odd.status, odd.referenceError, odd.error],
        [undefined, 'Bad Request', undefined, undefined, undefined, undefined],
      );
    });

    it('accepts an order answer with extra fields, and keeps only the id', () => {
      assert.deepEqual(orderAnswerSchema.parse({ order: { id: 'x', orderStatus: 'In progress', href: '/o/x' }, '@type': 'ReactivateOrder' }), {
        order: { id: 'x' },
      });
    });

    it('parses the OAuth token answer, with expires_in as a number or a numeric string', () => {
      assert.equal(tokenAnswerSchema.parse({ access_token: 'a.b.c', token_type: 'Bearer', expires_in: 1800 }).expires_in, 1800);
      assert.equal(tokenAnswerSchema.parse({ access_token: 'a.b.c', expires_in: '1800' }).expires_in, 1800);
      assert.equal(tokenAnswerSchema.parse({ access_token: 'a.b.c', expires_in: ' 90.5 ' }).expires_in, 90.5);
    });

    it('accepts every token answer RFC 6749 allows: expires_in left out or unreadable, any case of Bearer, extra fields', () => {
      for (const expires_in of [undefined, null, 'soon', '', true, [], {}, '1e3', Number.NaN]) {
        const parsed = tokenAnswerSchema.safeParse({ access_token: 'a', token_type: 'Bearer', expires_in });
        assert.equal(parsed.success && parsed.data.expires_in, undefined, `expires_in ${JSON.stringify(expires_in)} counts as not given`);
      }
      for (const expires_in of [0, -5, '-5']) {
        assert.equal(
          tokenAnswerSchema.parse({ access_token: 'a', expires_in }).expires_in,
          Number(expires_in),
          'read as given; tokenFromAnswer does not believe it',
        );
      }
      for (const token_type of ['Bearer', 'bearer', 'BEARER', ' Bearer ', undefined, null]) {
        assert.ok(tokenAnswerSchema.safeParse({ access_token: 'a', token_type }).success, String(token_type));
      }
      const extra = { access_token: 'a', token_type: 'Bearer', expires_in: 60, scope: 'x y', refresh_token: 'r', id_token: 'i.d.t' };
      assert.deepEqual(tokenAnswerSchema.parse(extra), { access_token: 'a', token_type: 'Bearer', expires_in: 60 });
    });

    it('refuses a token answer without a usable access token or of another type, saying which', () => {
      const refusal = (body: unknown) => tokenAnswerSchema.safeParse(body).error?.issues[0]?.message;
      assert.equal(refusal({ expires_in: 1800 }), 'without an access token');
      assert.equal(refusal({ access_token: null }), 'without an access token');
      assert.equal(refusal({ access_token: 42 }), 'without an access token');
      assert.equal(refusal({ access_token: '' }), 'with an empty access token');
      assert.equal(refusal({ access_token: '  ' }), 'with an empty access token');
      assert.equal(refusal({ access_token: 'a', token_type: 'mac' }), 'with a token of type "mac", but only Bearer tokens can be sent to Colt');
      assert.equal(refusal({ access_token: 'a', token_type: 'DPoP' }), 'with a token of type "DPoP", but only Bearer tokens can be sent to Colt');
      assert.equal(refusal({ access_token: 'a', token_type: 7 }), 'with a token of type 7, but only Bearer tokens can be sent to Colt');
      assert.equal(refusal({ token_type: 'mac' }), 'without an access token', 'the missing token is named first');
      for (const body of ['token', ['a'], null, undefined]) assert.equal(tokenAnswerSchema.safeParse(body).success, false);
    });
  });
});
