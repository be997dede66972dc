import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  computeDiagnostics,
  DIAGNOSTIC_SEVERITY,
  validateRequestObject,
  type DiagnosticCode,
  type DiagnosticOptions,
  type RequestDiagnostic,
  type TextRange,
} from '../../src/core/diagnostics';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'requests');
const expectations = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expectations.json'), 'utf8')) as Record<
  string,
  { schema: string; codes: DiagnosticCode[] }
>;

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, `${name}.reactivate.json`), 'utf8');
}

/** The range of the `occurrence`-th match of `needle` in `text`, computed independently of the code under test. */
function rangeOf(text: string, needle: string, occurrence = 1): TextRange {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.notEqual(offset, -1, `"${needle}" (occurrence ${occurrence}) not in the text`);
  }
  const position = (at: number) => {
    const before = text.slice(0, at).split('\n');
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };
  return { start: position(offset), end: position(offset + needle.length) };
}

function only(text: string, code: DiagnosticCode, options?: DiagnosticOptions): RequestDiagnostic {
  const found = computeDiagnostics(text, options);
  const matching = found.filter((d) => d.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got ${JSON.stringify(found.map((d) => d.code))}`);
  return matching[0]!;
}

function request(ranges: string, reseller = '{"serviceProfile": "ANH", "country": "GB"}', product = '"Wholesale SIP"'): string {
  return `{
  "numberRangeList": [
${ranges}
  ],
  "productOffering": {"name": ${product}},
  "relatedParty": {"reseller": ${reseller}}
}
`;
}
const ONE = '    {"numberRangeStart": "+442081324758", "numberRangeEnd": "+442081324758"}';

describe('computeDiagnostics', () => {
  describe('fixtures', () => {
    for (const [name, expected] of Object.entries(expectations)) {
      it(`${name}: ${expected.codes.length ? expected.codes.join(', ') : 'clean'}`, () => {
        const found = computeDiagnostics(fixture(name));
        assert.deepEqual(
          found.map((d) => d.code),
          expected.codes,
        );
        for (const d of found) assert.equal(d.severity, DIAGNOSTIC_SEVERITY[d.code]);
      });
    }

    it('the seed examples are clean', () => {
      assert.deepEqual(computeDiagnostics(fixture('seed-example-1')), []);
      assert.deepEqual(computeDiagnostics(fixture('seed-example-2')), []);
    });

    it('orders problems by position', () => {
      const found = computeDiagnostics(fixture('many-mistakes'));
      const keys = found.map((d) => d.range.start.line * 10_000 + d.range.start.character);
      assert.deepEqual(
        keys,
        [...keys].sort((a, b) => a - b),
      );
    });
  });

  describe('JSON syntax', () => {
    it('reports a trailing comma on the comma', () => {
      const text = '{"numberRangeList": [],\n}';
      const d = only(text, 'json-syntax');
      assert.deepEqual(d.range, { start: { line: 0, character: 22 }, end: { line: 0, character: 23 } });
      assert.match(d.message, /Trailing comma/);
    });

    it('reports a comment as not allowed, over the comment', () => {
      const text = '// note\n{}';
      const d = computeDiagnostics(text).find((x) => x.code === 'json-syntax')!;
      assert.deepEqual(d.range, rangeOf(text, '// note'));
      assert.match(d.message, /Comments are not allowed/);
    });

    it('explains single quotes', () => {
      const d = computeDiagnostics("{'country': 'GB'}")[0]!;
      assert.equal(d.code, 'json-syntax');
      assert.match(d.message, /double quotes/);
      assert.deepEqual(d.range.start, { line: 0, character: 1 });
    });

    it('reports an empty file once, at the start', () => {
      const found = computeDiagnostics('  \n');
      assert.equal(found.length, 1);
      assert.equal(found[0]!.code, 'json-syntax');
      assert.match(found[0]!.message, /empty/);
    });

    it('reports a missing closing bracket at the end, without "missing property" noise', () => {
      const text = '{"numberRangeList": [\n';
      const found = computeDiagnostics(text);
      assert.ok(found.some((d) => d.code === 'json-syntax'));
      assert.ok(!found.some((d) => d.code === 'missing-property'));
    });

    it('still checks values in a file with a syntax error', () => {
      const text = request(ONE, '{"country": "UK",}');
      const codes = computeDiagnostics(text).map((d) => d.code);
      assert.deepEqual(codes, ['unknown-country', 'json-syntax']);
    });

    it('tolerates a byte-order mark without moving positions', () => {
      const text = '\uFEFF' + request(ONE, '{"country": "UK"}');
      const d = only(text, 'unknown-country');
      assert.deepEqual(d.range, rangeOf(text, '"UK"'));
    });

    it('reports text after the object', () => {
      const text = fixture('seed-example-1') + '{}';
      const d = only(text, 'json-syntax');
      assert.match(d.message, /exactly one JSON object/);
    });
  });

  describe('shape', () => {
    it('not-an-object covers the whole value', () => {
      const text = '[1, 2]';
      const d = only(text, 'not-an-object');
      assert.deepEqual(d.range, rangeOf(text, '[1, 2]'));
      assert.match(d.message, /a list/);
    });

    it('a missing top-level property points at the opening brace', () => {
      const text = '{\n  "productOffering": {"name": "Wholesale SIP"},\n  "relatedParty": {"reseller": {"country": "GB"}}\n}';
      const d = only(text, 'missing-property');
      assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
      assert.deepEqual(d.data, { missing: 'numberRangeList' });
      assert.deepEqual(d.path, ['numberRangeList']);
    });

    it('a missing productOffering says what to add', () => {
      const text =
        '{"numberRangeList": [{"numberRangeStart": "+442081324758", "numberRangeEnd": "+442081324758"}], "relatedParty": {"reseller": {"country": "GB"}}}';
      const d = only(text, 'missing-property');
      assert.equal(d.message, 'Missing "productOffering": add "productOffering": {"name": "Wholesale SIP"}.');
    });

    it("a missing nested property points at its parent's key", () => {
      const text = request(ONE, '{"serviceProfile": "ANH"}');
      const d = only(text, 'missing-property');
      assert.deepEqual(d.range, rangeOf(text, '"reseller"'));
      assert.deepEqual(d.path, ['relatedParty', 'reseller', 'country']);
      assert.deepEqual(d.data, { missing: 'country' });
    });

    it("a missing range end points at the range's brace and suggests the start", () => {
      const text = request('    {"numberRangeStart": "+442081324758"}');
      const d = only(text, 'missing-property');
      const brace = rangeOf(text, '{"numberRangeStart"').start;
      assert.deepEqual(d.range, { start: brace, end: { line: brace.line, character: brace.character + 1 } });
      assert.match(d.message, /add "numberRangeEnd": "\+442081324758"/);
    });

    it('a wrong type points at the value', () => {
      const text = request(ONE).replace('"productOffering": {"name": "Wholesale SIP"}', '"productOffering": "Wholesale SIP"');
      const d = only(text, 'wrong-type');
      assert.deepEqual(d.range, rangeOf(text, '"Wholesale SIP"'));
      assert.deepEqual(d.path, ['productOffering']);
    });

    it('a number written as a JSON number is wrong-type with the string as replacement', () => {
      const text = request('    {"numberRangeStart": 442081324758, "numberRangeEnd": "+442081324758"}');
      const d = only(text, 'wrong-type');
      assert.deepEqual(d.range, rangeOf(text, '442081324758'));
      assert.equal(d.data?.replacement, '+442081324758');
    });

    it('an empty numberRangeList points at the list', () => {
      const text = '{"numberRangeList": [ ], "productOffering": {"name": "Wholesale SIP"}, "relatedParty": {"reseller": {"country": "GB"}}}';
      const d = only(text, 'empty-range-list');
      assert.deepEqual(d.range, rangeOf(text, '[ ]'));
    });

    it('an unknown property is a warning on its key, with a suggestion when it is a typo', () => {
      const text = request(ONE, '{"contry": "GB", "country": "GB"}');
      const typo = computeDiagnostics(text).filter((d) => d.code === 'unknown-property');
      assert.equal(typo.length, 1);
      assert.equal(typo[0]!.severity, 'warning');
      assert.deepEqual(typo[0]!.range, rangeOf(text, '"contry"'));
      // "country" is present, so "contry" is not suggested as a rename.
      assert.equal(typo[0]!.data, undefined);

      const renamed = request(ONE, '{"Country": "GB"}');
      const found = computeDiagnostics(renamed);
      const unknown = found.find((d) => d.code === 'unknown-property')!;
      assert.equal(unknown.data?.replacement, 'country');
      assert.match(unknown.message, /not sent to Colt\. Did you mean "country"\?/);
    });
  });

  describe('numbers', () => {
    it('invalid-e164 on the value, with the normalised number as replacement', () => {
      const text = request('    {"numberRangeStart": "+44 (0)20 8132 4758", "numberRangeEnd": "+442081324758"}');
      const d = only(text, 'invalid-e164');
      assert.deepEqual(d.range, rangeOf(text, '"+44 (0)20 8132 4758"'));
      assert.equal(d.data?.replacement, '+442081324758');
      assert.deepEqual(d.path, ['numberRangeList', 0, 'numberRangeStart']);
    });

    it('invalid-e164 without a replacement when nothing sensible exists', () => {
      const d = only(request('    {"numberRangeStart": "020 8132 4758", "numberRangeEnd": "+442081324758"}'), 'invalid-e164');
      assert.equal(d.data, undefined);
    });

    it('e164-length for too short and too long numbers', () => {
      const text = request('    {"numberRangeStart": "+4420", "numberRangeEnd": "+44208132475812345"}');
      const found = computeDiagnostics(text).filter((d) => d.code === 'e164-length');
      assert.equal(found.length, 2);
      assert.deepEqual(found[0]!.range, rangeOf(text, '"+4420"'));
      assert.match(found[0]!.message, /too short/);
      assert.match(found[1]!.message, /too long/);
    });

    it('range-reversed on the range, with its index', () => {
      const text = request(`${ONE},\n    {"numberRangeStart": "+442081324799", "numberRangeEnd": "+442081324790"}`);
      const d = only(text, 'range-reversed');
      assert.deepEqual(d.range, rangeOf(text, '{"numberRangeStart": "+442081324799", "numberRangeEnd": "+442081324790"}'));
      assert.deepEqual(d.data, { rangeIndex: 1 });
      assert.match(d.message, /swap them/);
    });

    it('range-length-mismatch on the range', () => {
      const text = request('    {"numberRangeStart": "+44208132475", "numberRangeEnd": "+442081324758"}');
      const d = only(text, 'range-length-mismatch');
      assert.deepEqual(d.data, { rangeIndex: 0 });
      assert.match(d.message, /11 digits but numberRangeEnd \+442081324758 has 12/);
    });

    it('duplicate-range on the later range, naming the earlier one', () => {
      const later = '{"numberRangeStart": "+442081324758", "numberRangeEnd": "+442081324758"}';
      const text = request(`${ONE},\n    {"numberRangeStart": "+442081324700", "numberRangeEnd": "+442081324701"},\n    ${later}`);
      const d = only(text, 'duplicate-range');
      assert.deepEqual(d.range, rangeOf(text, later, 2));
      assert.deepEqual(d.data, { rangeIndex: 2, otherRangeIndex: 0 });
      assert.match(d.message, /numberRangeList\[0\] \(\+442081324758\)/);
    });

    it('overlapping-range on the later range, naming both', () => {
      const text = request(
        '    {"numberRangeStart": "+442081324750", "numberRangeEnd": "+442081324760"},\n    {"numberRangeStart": "+442081324700", "numberRangeEnd": "+442081324755"}',
      );
      const d = only(text, 'overlapping-range');
      assert.deepEqual(d.data, { rangeIndex: 1, otherRangeIndex: 0 });
      assert.deepEqual(d.range, rangeOf(text, '{"numberRangeStart": "+442081324700", "numberRangeEnd": "+442081324755"}'));
      assert.match(d.message, /\+442081324700 to \+442081324755\) overlaps numberRangeList\[0\] \(\+442081324750 to \+442081324760\)/);
    });

    it('range-too-large is a warning that honours the limit and names the setting', () => {
      const text = request('    {"numberRangeStart": "+442081320000", "numberRangeEnd": "+442081321000"}');
      const d = only(text, 'range-too-large');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /holds 1,001 numbers, more than 1,000 \(the coltReactivate\.maxNumbersPerRange setting\)/);
      assert.deepEqual(computeDiagnostics(text, { maxNumbersPerRange: 1001 }), []);
      assert.match(only(text, 'range-too-large', { maxNumbersPerRange: 10 }).message, /more than 10 /);
      // Nonsense limits fall back to the default rather than flagging everything.
      assert.equal(computeDiagnostics(text, { maxNumbersPerRange: -5 }).length, 1);
    });

    it('counts 15-digit ranges exactly', () => {
      const text = request('    {"numberRangeStart": "+441234567890000", "numberRangeEnd": "+441234567899999"}');
      assert.match(only(text, 'range-too-large').message, /holds 10,000 numbers/);
    });

    it('order-too-large is an error on numberRangeList above maxNumbersPerOrder, saying how many files a split makes', () => {
      // 6,000 + 4,001 numbers: one more than the default 10,000 per order.
      const text = request(
        '    {"numberRangeStart": "+442081320000", "numberRangeEnd": "+442081325999"},\n    {"numberRangeStart": "+442081330000", "numberRangeEnd": "+442081334000"}',
      );
      const d = only(text, 'order-too-large', { maxNumbersPerRange: 10_000 });
      assert.equal(d.severity, 'error');
      assert.deepEqual(d.path, ['numberRangeList']);
      assert.deepEqual(d.range, rangeOf(text, '"numberRangeList"'));
      assert.deepEqual(d.data, { splitFiles: 2 });
      assert.equal(
        d.message,
        'This request holds 10,001 numbers, more than 10,000 per order (the coltReactivate.maxNumbersPerOrder setting): split it into 2 request files of at most 10,000 numbers, or raise the setting if Colt has agreed to larger orders.',
      );
      assert.ok(!computeDiagnostics(text, { maxNumbersPerRange: 10_000, maxNumbersPerOrder: 10_001 }).some((d) => d.code === 'order-too-large'));
      assert.deepEqual(only(text, 'order-too-large', { maxNumbersPerOrder: 3000 }).data, { splitFiles: 4 });
      // Nonsense limits fall back to the default.
      assert.deepEqual(only(text, 'order-too-large', { maxNumbersPerOrder: 0 }).data, { splitFiles: 2 });
      // The form checks a request object with the same rule.
      const [problem] = validateRequestObject(JSON.parse(text)).filter((p) => p.code === 'order-too-large');
      assert.equal(problem?.severity, 'error');
    });

    it('order-too-large offers a split up to 100 files; beyond, it names the largest range as surely mistyped', () => {
      const text = request('    {"numberRangeStart": "+442081320000", "numberRangeEnd": "+442081329999"}');
      assert.equal(only(text, 'order-too-large', { maxNumbersPerOrder: 100 }).data?.splitFiles, 100);
      const beyond = only(text, 'order-too-large', { maxNumbersPerOrder: 99 });
      assert.deepEqual(beyond.data, { rangeIndex: 0 });
      assert.match(
        beyond.message,
        /would need 102 orders: a range end is surely mistyped\. Check numberRangeList\[0\] \(\+442081320000 to \+442081329999\), which holds 10,000 numbers\./,
      );
      // The range of the README: 9,000,000,000,000 numbers in one range.
      const huge = only(request('    {"numberRangeStart": "+441000000000000", "numberRangeEnd": "+449999999999999"}'), 'order-too-large');
      assert.match(
        huge.message,
        /^This request holds 9,000,000,000,000 numbers, more than 10,000 per order .* would need 900,000,000 orders: a range end is surely mistyped/,
      );
    });

    it('order-too-large counts only valid ranges, and counts 15-digit ranges exactly', () => {
      const text = request(
        '    {"numberRangeStart": "+441234567890000", "numberRangeEnd": "+441234567899999"},\n    {"numberRangeStart": "+441234567900000", "numberRangeEnd": "+441234567800000"},\n    {"numberRangeStart": "+4412345679", "numberRangeEnd": "+441234567999999"}',
      );
      assert.ok(!computeDiagnostics(text).some((d) => d.code === 'order-too-large'));
      assert.match(only(text, 'order-too-large', { maxNumbersPerOrder: 9999 }).message, /holds 10,000 numbers, more than 9,999 per order/);
    });

    it('country-mismatch on the number, naming both countries', () => {
      const text = request('    {"numberRangeStart": "+33142685300", "numberRangeEnd": "+33142685300"}');
      const d = only(text, 'country-mismatch');
      assert.equal(d.severity, 'warning');
      assert.deepEqual(d.range, rangeOf(text, '"+33142685300"'));
      assert.equal(d.message, '+33142685300 has calling code 33 (France), but the reseller country is GB (calling code 44): check the number or the country.');
    });

    it('country-mismatch on the end only when the start is fine', () => {
      const text = request('    {"numberRangeStart": "+441426853000", "numberRangeEnd": "+331426853000"}');
      const found = computeDiagnostics(text).filter((d) => d.code === 'country-mismatch');
      assert.deepEqual(
        found.map((d) => d.path),
        [['numberRangeList', 0, 'numberRangeEnd']],
      );
    });

    it('country-mismatch for a calling code outside the 20 countries', () => {
      const d = only(request('    {"numberRangeStart": "+12125550100", "numberRangeEnd": "+12125550100"}'), 'country-mismatch');
      assert.match(d.message, /does not start with a calling code of the 20 supported countries/);
    });
  });

  describe('product and reseller', () => {
    it('wrong-product with the product as replacement', () => {
      const text = request(ONE, undefined, '"Wholesale Voice"');
      const d = only(text, 'wrong-product');
      assert.deepEqual(d.range, rangeOf(text, '"Wholesale Voice"'));
      assert.equal(d.data?.replacement, 'Wholesale SIP');
    });

    for (const [typed, code] of [
      ['UK', 'GB'],
      ['Germany', 'DE'],
      ['gb', 'GB'],
      ['DEU', 'DE'],
    ] as const) {
      it(`unknown-country "${typed}" suggests ${code}`, () => {
        const text = request(ONE, `{"country": "${typed}"}`);
        const d = only(text, 'unknown-country');
        assert.deepEqual(d.range, rangeOf(text, `"${typed}"`));
        assert.equal(d.data?.replacement, code);
      });
    }

    it('unknown-country without a guess lists the codes', () => {
      const d = only(request(ONE, '{"country": "Atlantis"}'), 'unknown-country');
      assert.equal(d.data, undefined);
      assert.match(d.message, /GB, DE, ES/);
    });

    it('empty-service-profile on the value', () => {
      const text = request(ONE, '{"serviceProfile": "", "country": "GB"}');
      assert.deepEqual(only(text, 'empty-service-profile').range, rangeOf(text, '""'));
    });

    for (const [country, list] of [
      ['DE', 'text'],
      ['ES', 'table'],
    ] as const) {
      it(`port-in-disputed is an info on ${country}, naming the list that has it`, () => {
        const number = country === 'DE' ? '+493012345678' : '+34912345678';
        const text = request(`    {"numberRangeStart": "${number}", "numberRangeEnd": "${number}"}`, `{"country": "${country}"}`);
        const d = only(text, 'port-in-disputed');
        assert.equal(d.severity, 'info');
        assert.deepEqual(d.range, rangeOf(text, `"${country}"`));
        assert.match(d.message, new RegExp(`seed's ${list} (of port-in countries )?lists it`));
        assert.match(d.message, /PortIn_Quarantined/);
      });
    }

    it('no port-in note for countries both lists agree on', () => {
      const text = request('    {"numberRangeStart": "+33142685300", "numberRangeEnd": "+33142685300"}', '{"country": "FR"}');
      assert.deepEqual(computeDiagnostics(text), []);
    });
  });

  it('positions count UTF-16 code units and handle CRLF', () => {
    const text = request(ONE, '{"country": "UK", "ñote😀": 1}').replace(/\n/g, '\r\n');
    const d = computeDiagnostics(text).find((x) => x.code === 'unknown-property')!;
    const lines = text.split('\r\n');
    const line = lines.findIndex((l) => l.includes('ñote'));
    assert.deepEqual(d.range.start, { line, character: lines[line]!.indexOf('"ñote') });
    assert.equal(d.range.end.character - d.range.start.character, '"ñote😀"'.length);
  });

  it('handles a 10,000-range file with a problem on every range', () => {
    const ranges = Array.from({ length: 10_000 }, (_, i) => {
      const n = `+4420${String(10_000_000 + i * 10).padStart(8, '0')}`;
      return `    {"numberRangeStart": "${n}", "numberRangeEnd": "+33${n.slice(3)}"}`;
    });
    const found = computeDiagnostics(request(ranges.join(',\n')));
    assert.equal(found.filter((d) => d.code === 'country-mismatch').length, 10_000);
    assert.equal(found[found.length - 1]!.range.start.line, 10_001);
  });
});

describe('validateRequestObject', () => {
  const seed = JSON.parse(fixture('seed-example-1')) as Record<string, unknown>;

  it('accepts the seed examples', () => {
    assert.deepEqual(validateRequestObject(seed), []);
    assert.deepEqual(validateRequestObject(JSON.parse(fixture('seed-example-2'))), []);
  });

  it('gives the same problems as the text, without ranges', () => {
    for (const name of Object.keys(expectations)) {
      if (expectations[name]!.schema === 'unparseable') continue;
      const text = fixture(name);
      const fromText = computeDiagnostics(text).map(({ range: _range, ...problem }) => problem);
      const fromObject = validateRequestObject(JSON.parse(text));
      const key = (p: { code: string; path: unknown[] }) => `${JSON.stringify(p.path)} ${p.code}`;
      assert.deepEqual(fromObject.map(key).sort(), fromText.map(key).sort(), name);
    }
  });

  it('paths point into the object, ordered by range index', () => {
    const value = {
      ...seed,
      numberRangeList: Array.from({ length: 12 }, () => ({ numberRangeStart: 'x', numberRangeEnd: '+442081324758' })),
    };
    const paths = validateRequestObject(value).map((p) => p.path);
    assert.deepEqual(paths.slice(0, 3), [
      ['numberRangeList', 0, 'numberRangeStart'],
      ['numberRangeList', 1, 'numberRangeStart'],
      ['numberRangeList', 2, 'numberRangeStart'],
    ]);
    assert.deepEqual(paths[11], ['numberRangeList', 11, 'numberRangeStart']);
  });

  it('treats undefined properties (as a form sends them) as missing', () => {
    const problems = validateRequestObject({ ...seed, productOffering: undefined });
    assert.deepEqual(
      problems.map((p) => [p.code, p.data?.missing]),
      [['missing-property', 'productOffering']],
    );
  });

  it('never throws, even on hostile objects', () => {
    const cyclic: Record<string, unknown> = { ...seed };
    cyclic.self = cyclic;
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    for (const value of [undefined, null, 1n, () => 1, Symbol('x'), cyclic, throwing, Object.create(null), []]) {
      assert.ok(Array.isArray(validateRequestObject(value)));
    }
  });
});
