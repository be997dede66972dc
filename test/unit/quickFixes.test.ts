import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeDiagnostics, type DiagnosticOptions, type RequestDiagnostic } from '../../src/core/diagnostics';
import { applyTextEdits, quickFixesFor, splitFileNames, splitRequestFile } from '../../src/core/quickFixes';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'requests');

const SEED = {
  numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
  productOffering: { name: 'Wholesale SIP' },
  relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
};

function json(value: unknown, indent: number | string = 4): string {
  return JSON.stringify(value, null, indent) + '\n';
}

function only(text: string, code: string): RequestDiagnostic {
  const found = computeDiagnostics(text).filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code} in ${JSON.stringify(computeDiagnostics(text).map((d) => d.code))}`);
  return found[0];
}

/** Applies the fix with this title (or the preferred/first one) and returns the new text. */
function fix(text: string, diagnostic: RequestDiagnostic, title?: RegExp): string {
  const fixes = quickFixesFor(text, diagnostic);
  const chosen = title ? fixes.find((f) => title.test(f.title)) : fixes[0];
  assert.ok(chosen, `no fix ${title ?? ''} among ${JSON.stringify(fixes.map((f) => f.title))}`);
  return applyTextEdits(text, chosen.edits);
}

function codes(text: string): string[] {
  return computeDiagnostics(text).map((d) => d.code);
}

describe('quick fixes', () => {
  it('swaps a reversed start and end', () => {
    const text = json({ ...SEED, numberRangeList: [{ numberRangeStart: '+442081324790', numberRangeEnd: '+442081324780' }] });
    const result = fix(text, only(text, 'range-reversed'), /^Swap/);
    assert.deepEqual(codes(result), []);
    assert.deepEqual(JSON.parse(result).numberRangeList[0], { numberRangeStart: '+442081324780', numberRangeEnd: '+442081324790' });
  });

  it('normalises a pasted number, and a number written as a JSON number', () => {
    const pasted = json({ ...SEED, numberRangeList: [{ numberRangeStart: '+44 (0)20 8132-4758', numberRangeEnd: '+442081324758' }] });
    const fixed = fix(pasted, only(pasted, 'invalid-e164'));
    assert.deepEqual(codes(fixed), []);
    assert.equal(JSON.parse(fixed).numberRangeList[0].numberRangeStart, '+442081324758');

    const bare = json(SEED).replace('"numberRangeStart": "+442081324758"', '"numberRangeStart": 442081324758');
    assert.deepEqual(codes(fix(bare, only(bare, 'wrong-type'))), []);
  });

  it('sets productOffering.name to "Wholesale SIP"', () => {
    const text = json({ ...SEED, productOffering: { name: 'Wholesale Voice' } });
    const fixes = quickFixesFor(text, only(text, 'wrong-product'));
    assert.equal(fixes[0].title, 'Set productOffering.name to "Wholesale SIP"');
    assert.deepEqual(codes(applyTextEdits(text, fixes[0].edits)), []);
  });

  for (const [typed, code] of [
    ['UK', 'GB'],
    ['Germany', 'DE'],
    ['gb', 'GB'],
    ['DEU', 'DE'],
  ] as const) {
    it(`turns the country "${typed}" into "${code}"`, () => {
      const numbers = code === 'DE' ? [{ numberRangeStart: '+4930123456', numberRangeEnd: '+4930123456' }] : SEED.numberRangeList;
      const text = json({ ...SEED, numberRangeList: numbers, relatedParty: { reseller: { country: typed } } });
      const result = fix(text, only(text, 'unknown-country'));
      assert.equal(JSON.parse(result).relatedParty.reseller.country, code);
      assert.deepEqual(
        codes(result).filter((c) => c !== 'port-in-disputed'),
        [],
      );
    });
  }

  it('removes a duplicate range with its comma, whichever place it has', () => {
    const a = { numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' };
    const b = { numberRangeStart: '+442081324760', numberRangeEnd: '+442081324760' };
    for (const list of [
      [a, b, a],
      [a, a, b],
      [b, a, a],
    ]) {
      const text = json({ ...SEED, numberRangeList: list });
      const result = fix(text, only(text, 'duplicate-range'), /^Remove duplicate range/);
      assert.deepEqual(codes(result), [], result);
      assert.equal(JSON.parse(result).numberRangeList.length, 2);
    }
  });

  it('adds a missing productOffering', () => {
    const { productOffering: _, ...rest } = SEED;
    const text = json(rest);
    const result = fix(text, only(text, 'missing-property'));
    assert.deepEqual(codes(result), []);
    assert.deepEqual(JSON.parse(result).productOffering, { name: 'Wholesale SIP' });
  });

  it("adds a missing relatedParty with the numbers' country, or an empty one to fill in", () => {
    const { relatedParty: _, ...rest } = SEED;
    const text = json({ ...rest, numberRangeList: [{ numberRangeStart: '+33142685300', numberRangeEnd: '+33142685300' }] });
    const fixes = quickFixesFor(text, only(text, 'missing-property'));
    assert.equal(fixes[0].title, 'Add "relatedParty" with country "FR" (from the numbers)');
    const result = applyTextEdits(text, fixes[0].edits);
    assert.deepEqual(codes(result), []);
    assert.deepEqual(JSON.parse(result).relatedParty, { reseller: { country: 'FR' } });

    const unknown = json({ ...rest, numberRangeList: [{ numberRangeStart: '+12025550123', numberRangeEnd: '+12025550123' }] });
    const guessless = fix(unknown, only(unknown, 'missing-property'));
    assert.equal(JSON.parse(guessless).relatedParty.reseller.country, '', 'never a guessed country');
    assert.ok(!codes(guessless).includes('missing-property'));
  });

  it("keeps the file's indentation and line endings", () => {
    const { productOffering: _, ...rest } = SEED;
    const text = json(rest, '\t').replace(/\n/g, '\r\n');
    const result = fix(text, only(text, 'missing-property'));
    assert.match(result, /\r\n\t"productOffering": \{\r\n\t\t"name": "Wholesale SIP"\r\n\t\}/);
    assert.ok(!/[^\r]\n/.test(result), 'no bare \\n');
  });

  it('renames a misspelt key, or removes an unknown one', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'unknown-property.reactivate.json'), 'utf8');
    const [contry, note] = computeDiagnostics(text).filter((d) => d.code === 'unknown-property');
    // "country" is already there, so the diagnostics suggest no rename: removing is the fix.
    assert.deepEqual(
      quickFixesFor(text, contry).map((f) => f.title),
      ['Remove "contry" (Colt does not know it)'],
    );
    const typo = text.replace('"country": "GB",\n', '');
    const typoProblem = computeDiagnostics(typo).find((d) => d.code === 'unknown-property' && d.path.at(-1) === 'contry');
    assert.ok(typoProblem);
    const renamed = fix(typo, typoProblem, /^Rename "contry" to "country"/);
    assert.deepEqual(JSON.parse(renamed).relatedParty.reseller, { serviceProfile: 'ANH', country: 'GB' });
    const withoutContry = fix(text, contry, /^Remove/);
    const removed = fix(withoutContry, only(withoutContry, 'unknown-property'), /^Remove "note"/);
    assert.deepEqual(codes(removed), []);
    assert.ok(note);
  });

  it('removes an empty serviceProfile', () => {
    const text = json({ ...SEED, relatedParty: { reseller: { serviceProfile: '', country: 'GB' } } });
    assert.deepEqual(codes(fix(text, only(text, 'empty-service-profile'))), []);
  });

  it('adds a missing range end as a single number', () => {
    const text = json({ ...SEED, numberRangeList: [{ numberRangeStart: '+442081324758' }] });
    assert.deepEqual(codes(fix(text, only(text, 'missing-property'))), []);
  });

  it('offers nothing for a stale diagnostic whose place the text no longer has', () => {
    // The editor sends back the diagnostics it shows, which may be older than the text.
    assert.deepEqual(quickFixesFor('"numberRangeEnd"', { code: 'wrong-product', path: ['productOffering', 'name'] }), []);
    assert.deepEqual(quickFixesFor('{"relatedParty": "GB"}', { code: 'country-mismatch', path: [], data: { replacement: 'GB' } }), []);
    assert.deepEqual(
      quickFixesFor('{"relatedParty": {"reseller": {}}}', { code: 'empty-service-profile', path: ['relatedParty', 'reseller', 'serviceProfile'] }),
      [],
    );
  });

  describe('on every fixture', () => {
    const files = fs.existsSync(FIXTURES) ? fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.reactivate.json')) : [];
    it('has fixtures to work on', () => assert.ok(files.length > 10));
    for (const file of files) {
      it(`each fix of ${file} removes its problem and adds no new error`, () => {
        const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
        const before = computeDiagnostics(text);
        for (const diagnostic of before) {
          for (const quickFix of quickFixesFor(text, diagnostic)) {
            const after = computeDiagnostics(applyTextEdits(text, quickFix.edits));
            assert.doesNotThrow(() => JSON.parse(applyTextEdits(text, quickFix.edits)), `${quickFix.title} keeps valid JSON`);
            const same = after.filter(
              (d) => d.code === diagnostic.code && JSON.stringify(d.path) === JSON.stringify(diagnostic.path) && d.message === diagnostic.message,
            );
            assert.deepEqual(same, [], `"${quickFix.title}" left ${diagnostic.code} at ${JSON.stringify(diagnostic.path)}`);
            const errorsBefore = before.filter((d) => d.severity === 'error').length;
            const errorsAfter = after.filter((d) => d.severity === 'error').length;
            // Removing a range renumbers those after it; the count of errors is what must not grow.
            assert.ok(errorsAfter < errorsBefore || diagnostic.severity !== 'error', `"${quickFix.title}": ${errorsBefore} → ${errorsAfter} errors`);
          }
        }
      });
    }
  });
});

describe('splitRequestFile (the order-too-large quick fix)', () => {
  const body = (ranges: [string, string][]) => ({
    $schema: './reactivate.schema.json',
    numberRangeList: ranges.map(([numberRangeStart, numberRangeEnd]) => ({ numberRangeStart, numberRangeEnd })),
    productOffering: { name: 'Wholesale SIP' },
    relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
  });
  const numbersOf = (text: string) =>
    (JSON.parse(text) as ReturnType<typeof body>).numberRangeList.reduce((n, r) => n + Number(r.numberRangeEnd) - Number(r.numberRangeStart) + 1, 0);

  it('makes parts of at most maxNumbersPerOrder numbers, in order, each valid, with the same other fields and layout', () => {
    // 2,500 + 1,500 + 700 numbers, at most 2,000 per order and 1,000 per range.
    const text = json(
      body([
        ['+442081320000', '+442081322499'],
        ['+442081330000', '+442081331499'],
        ['+442081340000', '+442081340699'],
      ]),
      2,
    ).replace(/\n/g, '\r\n');
    const options = { maxNumbersPerOrder: 2000 };
    assert.equal(only2(text, options).data?.splitFiles, 3);
    const outcome = splitRequestFile(text, options);
    assert.ok('parts' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.parts.length, 3);
    assert.deepEqual(outcome.parts.map(numbersOf), [2000, 2000, 700]);
    assert.deepEqual(
      outcome.parts.map((p) => (JSON.parse(p) as ReturnType<typeof body>).numberRangeList.map((r) => `${r.numberRangeStart}-${r.numberRangeEnd}`)),
      [
        ['+442081320000-+442081320999', '+442081321000-+442081321999'],
        // A range above maxNumbersPerRange (1,500 numbers) is cut into pieces of at most 1,000 as well.
        ['+442081322000-+442081322499', '+442081330000-+442081330999', '+442081331000-+442081331499'],
        ['+442081340000-+442081340699'],
      ],
    );
    for (const part of outcome.parts) {
      assert.deepEqual(computeDiagnostics(part, options), []);
      const { numberRangeList: _ranges, ...rest } = JSON.parse(part) as ReturnType<typeof body>;
      const { numberRangeList: _original, ...originalRest } = JSON.parse(text) as ReturnType<typeof body>;
      assert.deepEqual(rest, originalRest);
      assert.ok(part.includes('\r\n  "numberRangeList"') && part.endsWith('}\r\n'), part);
    }
  });

  it('is offered up to 100 files; beyond, and for a file with other errors or within the limit, it is refused', () => {
    const text = json(body([['+442081320000', '+442081329999']]));
    assert.equal((splitRequestFile(text, { maxNumbersPerOrder: 100, maxNumbersPerRange: 100 }) as { parts: string[] }).parts.length, 100);
    const beyond = splitRequestFile(text, { maxNumbersPerOrder: 99, maxNumbersPerRange: 99 });
    assert.ok('refused' in beyond && /surely mistyped/.test(beyond.refused), JSON.stringify(beyond));
    const within = splitRequestFile(text, { maxNumbersPerRange: 10_000 });
    assert.ok('refused' in within && /needs no split/.test(within.refused));
    const broken = json({ ...body([['+442081320000', '+442081329999']]), productOffering: { name: 'Other' } });
    const refused = splitRequestFile(broken, { maxNumbersPerOrder: 5000 });
    assert.ok('refused' in refused && /other error first/.test(refused.refused), JSON.stringify(refused));
  });

  it('names the parts after the file, numbered after any part already there', () => {
    assert.deepEqual(splitFileNames('order.reactivate.json', 3, new Set()), ['order-1.reactivate.json', 'order-2.reactivate.json', 'order-3.reactivate.json']);
    assert.deepEqual(splitFileNames('order.reactivate.json', 2, new Set(['order-1.reactivate.json', 'order-7.reactivate.json', 'other-9.reactivate.json'])), [
      'order-8.reactivate.json',
      'order-9.reactivate.json',
    ]);
    assert.deepEqual(splitFileNames('a+b (1).reactivate.json', 1, new Set(['a+b (1)-1.reactivate.json'])), ['a+b (1)-2.reactivate.json']);
  });
});

function only2(text: string, options: DiagnosticOptions): RequestDiagnostic {
  const found = computeDiagnostics(text, options).filter((d) => d.code === 'order-too-large');
  assert.equal(found.length, 1);
  return found[0]!;
}
