import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { plannedFiles } from '../../src/core/bulkFiles';
import { importNumbers, type ImportedNumber } from '../../src/core/bulkImport';
import { formatPlan, planBatch, requestFileText } from '../../src/core/bulkPlan';
import { computeDiagnostics, DEFAULT_MAX_NUMBERS_PER_ORDER, DEFAULT_MAX_NUMBERS_PER_RANGE } from '../../src/core/diagnostics';
import { addToE164, rangeSize } from '../../src/core/e164';
import { requestJsonSchema } from '../../src/core/jsonSchema';
import { requestFileSchema, toRequestBody } from '../../src/core/schemas';

const gb = (n: number, serviceProfile?: string): ImportedNumber => ({
  number: addToE164('+442081320000', BigInt(n)),
  country: 'GB',
  line: n + 2,
  ...(serviceProfile ? { serviceProfile } : {}),
});
const summary = (plan: ReturnType<typeof planBatch>) =>
  plan.orders.map(
    (o) =>
      `${o.fileName} ${o.numberCount} ${o.ranges.map((r) => (r.numberRangeStart === r.numberRangeEnd ? r.numberRangeStart : `${r.numberRangeStart}-${r.numberRangeEnd}`)).join(' ')}`,
  );

describe('planBatch', () => {
  it('groups by country and service profile, in the usual order of the countries, without a profile first', () => {
    const text = [
      'number,country,profile',
      '+4930123456,DE,',
      '+442081324758,GB,XYZ',
      '+442081324759,GB,',
      '+442081324760,GB,ANH',
      '+33123456789,FR,',
      '+4930123457,DE,',
    ].join('\n');
    const plan = planBatch(importNumbers(text));
    assert.deepEqual(summary(plan), [
      'GB-1.reactivate.json 1 +442081324759',
      'GB-ANH-1.reactivate.json 1 +442081324760',
      'GB-XYZ-1.reactivate.json 1 +442081324758',
      'DE-1.reactivate.json 2 +4930123456-+4930123457',
      'FR-1.reactivate.json 1 +33123456789',
    ]);
    assert.deepEqual(plan.countries, ['GB', 'DE', 'FR']);
    assert.equal(plan.totalNumbers, 6);
    assert.equal(plan.totalRanges, 5);
    assert.deepEqual(plan.limits, { maxNumbersPerOrder: DEFAULT_MAX_NUMBERS_PER_ORDER, maxNumbersPerRange: DEFAULT_MAX_NUMBERS_PER_RANGE });
  });

  it('turns consecutive numbers into ranges whatever the row order, and never a gap into a range', () => {
    const numbers = [5, 1, 2, 3, 9, 4, 11, 10].map((n) => gb(n));
    assert.deepEqual(summary(planBatch(numbers)), ['GB-1.reactivate.json 8 +442081320001-+442081320005 +442081320009-+442081320011']);
  });

  it('keeps numbers of different lengths apart, and carries across digits (…0999 then …1000)', () => {
    const numbers: ImportedNumber[] = [
      { number: '+4930120999', country: 'DE', line: 1 },
      { number: '+4930121000', country: 'DE', line: 2 },
      { number: '+493012100', country: 'DE', line: 3 },
      { number: '+493012101', country: 'DE', line: 4 },
    ];
    assert.deepEqual(summary(planBatch(numbers)), ['DE-1.reactivate.json 4 +493012100-+493012101 +4930120999-+4930121000']);
  });

  it('splits ranges at maxNumbersPerRange', () => {
    const numbers = Array.from({ length: 25 }, (_, i) => gb(i));
    assert.deepEqual(summary(planBatch(numbers, { maxNumbersPerRange: 10 })), [
      'GB-1.reactivate.json 25 +442081320000-+442081320009 +442081320010-+442081320019 +442081320020-+442081320024',
    ]);
  });

  it('fills orders up to maxNumbersPerOrder, splitting a range at the limit, numbering the parts', () => {
    const numbers = [...Array.from({ length: 7 }, (_, i) => gb(i, 'ANH')), gb(20, 'ANH'), gb(21, 'ANH')];
    const plan = planBatch(numbers, { maxNumbersPerOrder: 4, maxNumbersPerRange: 3 });
    assert.deepEqual(summary(plan), [
      'GB-ANH-1.reactivate.json 4 +442081320000-+442081320002 +442081320003',
      'GB-ANH-2.reactivate.json 4 +442081320004-+442081320005 +442081320006 +442081320020',
      'GB-ANH-3.reactivate.json 1 +442081320021',
    ]);
    assert.deepEqual(
      plan.orders.map((o) => `${o.part}/${o.parts}`),
      ['1/3', '2/3', '3/3'],
    );
  });

  it('keeps every number exactly once, within both limits, for a large mixed import', () => {
    const numbers: ImportedNumber[] = [];
    for (let i = 0; i < 5000; i++) numbers.push(gb(i * (i % 3 === 0 ? 1 : 2), i % 4 === 0 ? 'ANH' : undefined));
    const unique = new Set(numbers.map((n) => n.number));
    const plan = planBatch(numbers, { maxNumbersPerOrder: 700, maxNumbersPerRange: 50 });
    let total = 0n;
    const covered = new Set<string>();
    for (const order of plan.orders) {
      const size = order.ranges.reduce((sum, r) => sum + rangeSize(r), 0n);
      assert.equal(size, BigInt(order.numberCount));
      assert.ok(order.numberCount <= 700);
      for (const r of order.ranges) {
        assert.ok(rangeSize(r) <= 50n);
        for (let k = 0n; k < rangeSize(r); k++) covered.add(addToE164(r.numberRangeStart, k));
      }
      total += size;
    }
    assert.equal(total, BigInt(unique.size));
    assert.deepEqual([...covered].sort(), [...unique].sort());
    assert.equal(plan.totalNumbers, unique.size);
  });

  it("writes request files of exactly today's shape, valid under the diagnostics without a warning", () => {
    const text = 'number,country,service profile\n+442081324758,GB,ANH\n+442081324759,GB,ANH\n+4930123456,DE,\n+33123456789,FR,\n';
    const plan = planBatch(importNumbers(text));
    for (const order of plan.orders) {
      const fileText = requestFileText(order);
      // An info (DE's disputed port-in support) is fine; no error, no warning.
      assert.deepEqual(
        computeDiagnostics(fileText).filter((d) => d.severity !== 'info'),
        [],
        order.fileName,
      );
      // Nothing but the body Colt receives: the schema's parse keeps every key.
      const parsed = JSON.parse(fileText) as Record<string, unknown>;
      assert.deepEqual(parsed, requestFileSchema.parse(parsed));
      assert.deepEqual(Object.keys(parsed), ['$schema', 'numberRangeList', 'productOffering', 'relatedParty']);
      assert.equal(parsed.$schema, requestJsonSchema().$id);
      assert.deepEqual(toRequestBody(parsed), order.body);
    }
    assert.deepEqual(plan.orders[0]!.body, {
      numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324759' }],
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
    });
    assert.deepEqual(plan.orders[1]!.body.relatedParty, { reseller: { country: 'DE' } });
  });

  it('names files after country, profile and part; a profile unfit for a file name is made safe and kept distinct', () => {
    const numbers: ImportedNumber[] = [
      { number: '+442081324758', country: 'GB', serviceProfile: 'A/B', line: 2 },
      { number: '+442081324760', country: 'GB', serviceProfile: 'A_B', line: 3 },
      { number: '+442081324762', country: 'GB', serviceProfile: '../x', line: 4 },
    ];
    const plan = planBatch(numbers);
    assert.deepEqual(
      plan.orders.map((o) => `${o.fileName} ${o.serviceProfile}`),
      ['GB-___x-1.reactivate.json ../x', 'GB-A_B-1.reactivate.json A/B', 'GB-A_B_2-1.reactivate.json A_B'],
    );
    // The profile itself goes to Colt unchanged.
    assert.equal(plan.orders[1]!.body.relatedParty.reseller.serviceProfile, 'A/B');
  });

  it("carries the import's problems and counts the refused rows", () => {
    const result = importNumbers('number,country\n+442081324758,GB\nnope\n+442081324758,GB\n+12125550100,\n', { fileName: 'list.csv' });
    const plan = planBatch(result);
    assert.deepEqual(
      plan.problems.map((p) => `${p.line} ${p.code}`),
      ['3 not-a-number', '4 duplicate', '5 country-not-served'],
    );
    assert.equal(plan.refusedRows, 3);
    assert.equal(plan.fileName, 'list.csv');
    assert.deepEqual(plan.header, ['number', 'country']);
  });

  it('falls back to the default limits for values that are not whole numbers of at least 1', () => {
    for (const bad of [0, -5, NaN, Infinity]) {
      assert.deepEqual(planBatch([], { maxNumbersPerOrder: bad, maxNumbersPerRange: bad }).limits, {
        maxNumbersPerOrder: DEFAULT_MAX_NUMBERS_PER_ORDER,
        maxNumbersPerRange: DEFAULT_MAX_NUMBERS_PER_RANGE,
      });
    }
  });

  it('sends a number listed twice by a caller only once', () => {
    assert.deepEqual(summary(planBatch([gb(1), gb(1), gb(2)])), ['GB-1.reactivate.json 2 +442081320001-+442081320002']);
  });
});

describe('formatPlan', () => {
  it('lists the orders, the countries and every problem with its line number', () => {
    const text = 'number,country,service profile\n+442081324758,GB,ANH\n+442081324759,GB,ANH\n+4930123456,DE,\nnope,,\n+442081324758,GB,ANH\n';
    const shown = formatPlan(planBatch(importNumbers(text, { fileName: 'numbers.csv' }), { maxNumbersPerOrder: 5000 }));
    assert.equal(
      shown,
      [
        'Bulk reactivation plan from numbers.csv',
        '',
        '3 numbers in 2 ranges, as 2 orders in 2 countries.',
        '2 rows refused: they are in no order (see Problems below).',
        'At most 5,000 numbers per order (coltReactivate.maxNumbersPerOrder) and 1,000 per range (coltReactivate.maxNumbersPerRange).',
        'Line 1 is a header: "number", "country", "service profile".',
        '',
        'Orders (one request file each)',
        '  GB-ANH-1.reactivate.json  GB  profile ANH     2 numbers in 1 range, +442081324758 to +442081324759',
        '  DE-1.reactivate.json      DE  profile (none)  1 number  in 1 range, +4930123456',
        '',
        'Countries',
        '  GB United Kingdom: 2 numbers in 1 order; service profile ANH',
        '  DE Germany: 1 number in 1 order; service profile (none)',
        '',
        'Problems (2 rows refused, in no order)',
        '  line 5: not-a-number: "nope" is not a phone number in international format (such as "+44 20 8132 4758").',
        '  line 6: duplicate: +442081324758 is already on line 2: it is reactivated once; remove this row.',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing can be reactivated, and when every row was read', () => {
    assert.match(formatPlan(planBatch(importNumbers('nope\n'))), /No order: no number in the file can be reactivated\.\n1 row refused: it is in no order/);
    assert.match(formatPlan(planBatch(importNumbers('+442081324758\n'))), /Every row was read: no row refused\./);
  });
});

describe('plannedFiles', () => {
  it("lists each order's path in the folder and which already exist", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-plan-'));
    try {
      const plan = planBatch(importNumbers('+442081324758\n+4930123456\n'));
      fs.writeFileSync(path.join(folder, 'DE-1.reactivate.json'), '{}');
      const files = await plannedFiles(plan, folder);
      assert.deepEqual(
        files.map((f) => [path.basename(f.path), path.dirname(f.path), f.exists]),
        [
          ['GB-1.reactivate.json', folder, false],
          ['DE-1.reactivate.json', folder, true],
        ],
      );
      assert.equal(files[0]!.text, requestFileText(plan.orders[0]!));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
