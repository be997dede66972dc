import * as assert from 'node:assert/strict';
import { decodeText, importNumbers, type ImportProblemCode } from '../../src/core/bulkImport';

/** Each problem as `line code`, the shape the plan shows them in. */
const problemsOf = (text: string, fileName?: string) =>
  importNumbers(text, fileName === undefined ? {} : { fileName }).problems.map((p) => `${p.line} ${p.code}`);
const numbersOf = (text: string, fileName?: string) =>
  importNumbers(text, fileName === undefined ? {} : { fileName }).numbers.map(
    (n) => `${n.line} ${n.number} ${n.country}${n.serviceProfile ? ' ' + n.serviceProfile : ''}`,
  );

describe('importNumbers', () => {
  describe('formats and headers', () => {
    it('reads a plain list, one number per line, in the ways people write numbers', () => {
      const text = '+442081324758\n+44 20 8132 4759\n0044 (0)20 8132-4760\ntel:+49-30-123456\n  +33 1 23 45 67 89  \n';
      const result = importNumbers(text);
      assert.equal(result.header, undefined);
      assert.deepEqual(result.columns, { number: 0 });
      assert.deepEqual(numbersOf(text), ['1 +442081324758 GB', '2 +442081324759 GB', '3 +442081324760 GB', '4 +4930123456 DE', '5 +33123456789 FR']);
      assert.deepEqual(result.problems, []);
      assert.equal(result.rowCount, 5);
    });

    it('finds the columns by their header, in any order and common spellings', () => {
      for (const header of [
        'Service Profile,Country,Phone Number',
        'profile,ISO,MSISDN',
        'service_profile,reseller country,e164',
        'SP,Country Code,Telephone',
      ]) {
        const text = `${header}\nANH,GB,+442081324758\n,DE,+4930123456\n`;
        const result = importNumbers(text);
        assert.deepEqual(result.columns, { serviceProfile: 0, country: 1, number: 2 }, header);
        assert.deepEqual(numbersOf(text), ['2 +442081324758 GB ANH', '3 +4930123456 DE'], header);
        assert.deepEqual(result.header, header.split(','));
      }
    });

    it('takes the first column as the number when the header names none of its columns', () => {
      const text = 'Kunde,Bemerkung\n+442081324758,ok\n';
      const result = importNumbers(text);
      assert.deepEqual(result.header, ['Kunde', 'Bemerkung']);
      assert.deepEqual(result.columns, { number: 0 });
      assert.deepEqual(numbersOf(text), ['2 +442081324758 GB']);
    });

    it('reports a lone word on line 1 as a row, not a header taken silently', () => {
      assert.deepEqual(problemsOf('hello\n+442081324758\n'), ['1 not-a-number']);
      assert.deepEqual(problemsOf('numbers\n+442081324758\n'), []);
    });

    it('reads TSV, semicolon-separated CSV (European spreadsheets) and CRLF line ends', () => {
      assert.deepEqual(numbersOf('number\tcountry\r\n+442081324758\tGB\r\n', 'list.tsv'), ['2 +442081324758 GB']);
      assert.deepEqual(numbersOf('number\tcountry\n+442081324758\tGB\n'), ['2 +442081324758 GB']);
      assert.deepEqual(numbersOf('Nummer;Land\n+49 30 123456;Deutschland\n'), ['2 +4930123456 DE']);
      assert.equal(importNumbers('a;b\n').delimiter, ';');
    });

    it('reads a byte-order mark, quoted fields and a header-only or empty file', () => {
      assert.deepEqual(numbersOf('\uFEFFnumber,country\n"+44 20 8132 4758","GB"\n'), ['2 +442081324758 GB']);
      assert.deepEqual(importNumbers('number,country\n'), {
        numbers: [],
        problems: [],
        header: ['number', 'country'],
        columns: { number: 0, country: 1 },
        delimiter: ',',
        rowCount: 0,
      });
      assert.deepEqual(importNumbers('').numbers, []);
      assert.deepEqual(importNumbers('\n\n  \n').problems, []);
    });

    it('reads UTF-16 files by their byte-order mark (Excel\'s "Unicode Text", tab-separated), else UTF-8', () => {
      const text = 'Number\tCountry\r\n+49 30 123456\tÖsterreich\r\n+43 1 5123 4000\tÖsterreich\r\n';
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const be = Buffer.from(le);
      be.swap16();
      for (const bytes of [le, be, Buffer.from('\uFEFF' + text, 'utf8'), Buffer.from(text, 'utf8')]) {
        const decoded = decodeText(bytes);
        assert.deepEqual(numbersOf(decoded), ['3 +43151234000 AT']);
        assert.deepEqual(problemsOf(decoded), ['2 country-mismatch']);
      }
    });

    it('counts lines with the header, blank lines and line breaks inside quoted fields', () => {
      const text = 'number,country\n\n+442081324758,GB\n"+44 20\n8132 4759",GB\n\n+442081324760,GB\nnope,GB\n';
      assert.deepEqual(numbersOf(text), ['3 +442081324758 GB', '4 +442081324759 GB', '7 +442081324760 GB']);
      assert.deepEqual(problemsOf(text), ['8 not-a-number']);
    });

    it('takes the country from the calling code when the country cell is empty, and names as well as codes', () => {
      assert.deepEqual(numbersOf('number,country\n+442081324758,\n+4930123456,Germany\n+33123456789,fra\n+353123456789,IE\n'), [
        '2 +442081324758 GB',
        '3 +4930123456 DE',
        '4 +33123456789 FR',
        '5 +353123456789 IE',
      ]);
    });
  });

  describe('every kind of row problem, with its line number', () => {
    const cases: [string, string, ImportProblemCode, RegExp][] = [
      ['an empty number cell', ',GB', 'missing-number', /No number in this row \(column "number"\)/],
      ['words', 'call me', 'not-a-number', /"call me" is not a phone number in international format/],
      ['digits without "+" (a spreadsheet dropped it)', '442081324758,GB', 'not-a-number', /has no "\+" or "00".*"\+442081324758".*format the column as text/],
      [
        'a national number',
        '030 123456,DE',
        'not-a-number',
        /"030 123456" is a national number: write it with its country code, such as "\+49 30 123456" for a number of Germany/,
      ],
      ['a country not one of the 20', '+442081324758,Atlantis', 'unknown-country', /"Atlantis" is not one of the 20 countries/],
      ['a calling code not of the 20', '+12125550100,', 'country-not-served', /\+12125550100 is not a number of one of the 20 countries/],
      ['a country contradicting the calling code', '+442081324758,DE', 'country-mismatch', /is a number of United Kingdom \(\+44\), but the row says DE/],
      ['a country whose calling code is not the number', '+12125550100,GB', 'country-mismatch', /does not start with United Kingdom's calling code \+44/],
      ['a stray quote', '"+442081324758"x,GB', 'not-a-number', /is not a phone number/],
    ];
    for (const [what, row, code, message] of cases) {
      it(`${what}: ${code}`, () => {
        const result = importNumbers(`number,country\n+4930123456,DE\n${row}\n+4930123457,DE\n`);
        assert.deepEqual(
          result.problems.map((p) => `${p.line} ${p.code}`),
          [`3 ${code}`],
        );
        assert.match(result.problems[0]!.message, message);
        // The rows around it are read as usual.
        assert.deepEqual(
          result.numbers.map((n) => n.line),
          [2, 4],
        );
        assert.equal(result.rowCount, 3);
      });
    }

    it('a duplicate, however written, names the line of the first', () => {
      const result = importNumbers('number\n+442081324758\n+4930123456\n0044 20 8132 4758\n+44 (0)20 8132 4758\n');
      assert.deepEqual(
        result.problems.map((p) => `${p.line} ${p.code} ${p.message}`),
        [
          '4 duplicate +442081324758 is already on line 2: it is reactivated once; remove this row.',
          '5 duplicate +442081324758 is already on line 2: it is reactivated once; remove this row.',
        ],
      );
      assert.equal(result.numbers.length, 2);
    });

    it('an unreadable row: a quote never closed is reported with the lines it swallowed; rows before it are read', () => {
      const text = 'number,country\n+442081324758,GB\n\n"+442081324759,GB\n+442081324760,GB\n';
      const result = importNumbers(text);
      assert.deepEqual(numbersOf(text), ['2 +442081324758 GB']);
      assert.deepEqual(
        result.problems.map((p) => `${p.line} ${p.code} ${p.message}`),
        ['4 unreadable-row A quote (") opened on line 4 is never closed, so lines 4 to 5 were not read: close the quote or remove it.'],
      );
    });

    it('every row is either a number or a problem: none is dropped', () => {
      const rows = ['+442081324758,GB', ',GB', 'x', '+442081324758,GB', '+12125550100,', '+4930123456,GB', '+4930123456,Atlantis', '+4930123457,'];
      const result = importNumbers(`number,country\n${rows.join('\n')}\n\n`);
      const lines = [...result.numbers.map((n) => n.line), ...result.problems.map((p) => p.line)].sort((a, b) => a - b);
      assert.deepEqual(
        lines,
        rows.map((_, i) => i + 2),
      );
      assert.equal(result.rowCount, rows.length);
    });
  });

  it('keeps the service profile per row, trimmed, and leaves it out when empty', () => {
    const result = importNumbers('number,profile\n+442081324758, ANH \n+442081324759,\n');
    assert.deepEqual(result.numbers, [
      { number: '+442081324758', country: 'GB', serviceProfile: 'ANH', line: 2 },
      { number: '+442081324759', country: 'GB', line: 3 },
    ]);
  });
});
