import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { addToE164, compareE164, findRangeClashes, isE164, normaliseNumber, numbersInRange, numbersToRanges, rangeSize } from '../../src/core/e164';

const range = (numberRangeStart: string, numberRangeEnd = numberRangeStart) => ({ numberRangeStart, numberRangeEnd });

describe('e164', () => {
  it('isE164 follows the seed: "+", no leading zero, 6 to 16 characters', () => {
    for (const ok of ['+442081324758', '+12345', '+123456789012345']) assert.equal(isE164(ok), true, ok);
    for (const bad of ['442081324758', '+0442081324758', '+1234', '+1234567890123456', '+44 20', '+44-20-8132', '', '+']) assert.equal(isE164(bad), false, bad);
  });

  it('compareE164 compares digit strings of equal length exactly, even at 15 digits', () => {
    assert.equal(compareE164('+442081324758', '+442081324758'), 0);
    assert.ok(compareE164('+442081324758', '+442081324759') < 0);
    assert.ok(compareE164('+999999999999999', '+999999999999998') > 0);
    // 2^53 + 1 and 2^53 are equal as doubles; not here.
    assert.ok(compareE164('+9007199254740993', '+9007199254740992') > 0);
  });

  it('rangeSize counts inclusive ranges with bigint, 0 when reversed or of different lengths', () => {
    assert.equal(rangeSize(range('+442081324758')), 1n);
    assert.equal(rangeSize(range('+442081324700', '+442081324799')), 100n);
    assert.equal(rangeSize(range('+100000000000000', '+999999999999999')), 900_000_000_000_000n);
    assert.equal(rangeSize(range('+442081324799', '+442081324700')), 0n);
    assert.equal(rangeSize(range('+44208132470', '+442081324799')), 0n);
  });

  it('addToE164 keeps the length and carries', () => {
    assert.equal(addToE164('+442081320009', 1n), '+442081320010');
    assert.equal(addToE164('+999999999999998', 1n), '+999999999999999');
  });

  it('numbersInRange lists every number lazily', () => {
    assert.deepEqual([...numbersInRange(range('+442081324798', '+442081324801'))], ['+442081324798', '+442081324799', '+442081324800', '+442081324801']);
    const huge = numbersInRange(range('+100000000000000', '+999999999999999'));
    assert.equal(huge.next().value, '+100000000000000');
  });

  describe('findRangeClashes', () => {
    it('finds duplicates and overlaps, once, on the later range', () => {
      const ranges = [
        range('+442081324700', '+442081324799'),
        range('+442081324758'),
        range('+442081324800', '+442081324810'),
        range('+442081324700', '+442081324799'),
        range('+442081324810', '+442081324820'),
      ];
      assert.deepEqual(findRangeClashes(ranges), [
        { index: 1, otherIndex: 0, kind: 'overlap' },
        { index: 3, otherIndex: 0, kind: 'duplicate' },
        { index: 4, otherIndex: 2, kind: 'overlap' },
      ]);
    });

    it('reports on the later range even when it sorts first', () => {
      assert.deepEqual(findRangeClashes([range('+442081324750', '+442081324760'), range('+442081324700', '+442081324755')]), [
        { index: 1, otherIndex: 0, kind: 'overlap' },
      ]);
    });

    it('ignores adjacent ranges, other lengths and invalid ranges', () => {
      assert.deepEqual(findRangeClashes([range('+442081324700', '+442081324709'), range('+442081324710', '+442081324719')]), []);
      assert.deepEqual(findRangeClashes([range('+44208132470'), range('+442081324700')]), []);
      assert.deepEqual(findRangeClashes([range('x'), range('x'), range('+442081324799', '+442081324700'), range('+442081324750')]), []);
    });

    it('finds an overlap hidden behind a long earlier range', () => {
      const ranges = [range('+442081320000', '+442081329999'), range('+442081321000', '+442081321001'), range('+442081325000')];
      assert.deepEqual(
        findRangeClashes(ranges).map((c) => [c.index, c.otherIndex]),
        [
          [1, 0],
          [2, 0],
        ],
      );
    });

    it('agrees with a brute-force check (property)', () => {
      const arbitraryRange = fc
        .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 8 }))
        .map(([start, size]) => range(`+4420813247${String(start).padStart(2, '0')}`, `+4420813247${String(start + size).padStart(2, '0')}`));
      fc.assert(
        fc.property(fc.array(arbitraryRange, { maxLength: 15 }), (ranges) => {
          const bounds = ranges.map((r) => [Number(r.numberRangeStart.slice(-2)), Number(r.numberRangeEnd.slice(-2))] as const);
          // An identical earlier range if any, else the earliest overlapping one.
          const expected = bounds.flatMap(([s, e], i) => {
            const same = bounds.slice(0, i).findIndex(([s2, e2]) => s2 === s && e2 === e);
            if (same >= 0) return [{ index: i, otherIndex: same, kind: 'duplicate' }];
            const other = bounds.slice(0, i).findIndex(([s2, e2]) => s <= e2 && s2 <= e);
            return other >= 0 ? [{ index: i, otherIndex: other, kind: 'overlap' }] : [];
          });
          assert.deepEqual(findRangeClashes(ranges), expected);
        }),
        { numRuns: 2000 },
      );
    });

    it('handles 10,000 ranges quickly enough to run as you type', () => {
      const ranges = Array.from({ length: 10_000 }, (_, i) => range(`+4420${String(10_000_000 + i * 10).padStart(8, '0')}`));
      ranges.push(range('+442010000000'));
      assert.deepEqual(findRangeClashes(ranges), [{ index: 10_000, otherIndex: 0, kind: 'duplicate' }]);
    });
  });

  describe('normaliseNumber', () => {
    for (const pasted of [
      '+44 20 8132 4758',
      '0044 20 8132 4758',
      '+44 (0)20 8132 4758',
      '+44-20-8132-4758',
      'tel:+44.20.8132.4758',
      ' +44\u00a020 8132 4758 ',
    ]) {
      it(`"${pasted}" → +442081324758`, () => assert.equal(normaliseNumber(pasted), '+442081324758'));
    }
    it('keeps a 0 after the country code: Italian numbers have one (+39 06 ...)', () => {
      assert.equal(normaliseNumber('+39 06 1234 5678'), '+390612345678');
      assert.equal(normaliseNumber('+4402081324758'), '+4402081324758');
    });
    for (const unsure of ['020 8132 4758', '', 'call me', '+44', '+44 20 8132 4758 ext 12']) {
      it(`"${unsure}" → undefined (not guessed)`, () => assert.equal(normaliseNumber(unsure), undefined));
    }
  });

  describe('numbersToRanges', () => {
    it('groups consecutive numbers in the order given and returns the rejected lines', () => {
      const { ranges, rejected } = numbersToRanges([
        '+44 20 8132 4758',
        '+442081324759',
        '0044 20 8132 4760',
        '',
        '+442081324700',
        'not a number',
        '+33 1 42 68 53 00',
        '+33142685301',
        '+442081324761',
      ]);
      assert.deepEqual(ranges, [
        range('+442081324758', '+442081324760'),
        range('+442081324700'),
        range('+33142685300', '+33142685301'),
        range('+442081324761'),
      ]);
      assert.deepEqual(rejected, ['not a number']);
    });

    it('carries across a decade and never joins numbers of different lengths', () => {
      assert.deepEqual(numbersToRanges(['+442081324759', '+442081324760']).ranges, [range('+442081324759', '+442081324760')]);
      assert.deepEqual(numbersToRanges(['+99999999', '+100000000']).ranges, [range('+99999999'), range('+100000000')]);
    });
  });
});
