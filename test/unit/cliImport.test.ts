import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { computeDiagnostics } from '../../src/core/diagnostics';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('colt-reactivate import', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-import-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const written = (out: string) => (fs.existsSync(out) ? fs.readdirSync(out).sort() : []);

  const GOOD = 'number,country,service profile\n+442081324758,GB,ANH\n+442081324759,GB,ANH\n+4930123456,DE,\n+33123456789,FR,\n';

  it('prints the plan and writes one valid request file per order', async () => {
    const out = path.join(dir, 'bulk');
    const result = await cli('import', write('numbers.csv', GOOD), '--out', out);
    assert.equal(result.code, 0, result.err);
    assert.equal(result.err, '');
    assert.match(result.out, /^Bulk reactivation plan from numbers\.csv\n/);
    assert.match(result.out, /4 numbers in 3 ranges, as 3 orders in 3 countries\./);
    assert.match(result.out, /Wrote 3 request files to .*bulk\. Submit them with: colt-reactivate submit /);
    assert.deepEqual(written(out), ['DE-1.reactivate.json', 'FR-1.reactivate.json', 'GB-ANH-1.reactivate.json']);
    for (const name of written(out)) {
      const text = fs.readFileSync(path.join(out, name), 'utf8');
      assert.deepEqual(
        computeDiagnostics(text).filter((d) => d.severity !== 'info'),
        [],
        name,
      );
    }
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, 'GB-ANH-1.reactivate.json'), 'utf8')), {
      $schema: 'https://colt-reactivate.local/reactivate.schema.json',
      numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324759' }],
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
    });
  });

  it('splits at --max-numbers-per-order', async () => {
    const out = path.join(dir, 'bulk');
    const list = Array.from({ length: 25 }, (_, i) => `+4420813247${String(10 + i)}`).join('\n');
    const result = await cli('import', write('list.txt', list), '--out', out, '--max-numbers-per-order', '10');
    assert.equal(result.code, 0, result.err);
    assert.deepEqual(written(out), ['GB-1.reactivate.json', 'GB-2.reactivate.json', 'GB-3.reactivate.json']);
    assert.match(result.out, /At most 10 numbers per order/);
  });

  it('writes nothing and exits 1 when a row is refused, naming its line; --allow-partial writes the rest', async () => {
    const out = path.join(dir, 'bulk');
    const file = write('numbers.csv', GOOD + 'nope,GB,\n+442081324758,GB,\n');
    const refused = await cli('import', file, '--out', out);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /line 6: not-a-number: "nope"/);
    assert.match(refused.out, /line 7: duplicate: \+442081324758 is already on line 2/);
    assert.match(refused.err, /2 rows were refused \(see Problems above\); no file written\. .*--allow-partial/);
    assert.deepEqual(written(out), []);

    const partial = await cli('import', file, '--out', out, '--allow-partial');
    assert.equal(partial.code, 0, partial.err);
    assert.deepEqual(written(out), ['DE-1.reactivate.json', 'FR-1.reactivate.json', 'GB-ANH-1.reactivate.json']);
  });

  it('never overwrites existing request files without --force, and says so', async () => {
    const out = path.join(dir, 'bulk');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'DE-1.reactivate.json'), 'reviewed by hand\n');
    const file = write('numbers.csv', GOOD);
    const refused = await cli('import', file, '--out', out);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /1 of the request files already exists in ".*bulk" \("DE-1\.reactivate\.json"\); no file written\. .*--force/);
    assert.deepEqual(written(out), ['DE-1.reactivate.json']);
    assert.equal(fs.readFileSync(path.join(out, 'DE-1.reactivate.json'), 'utf8'), 'reviewed by hand\n');

    const forced = await cli('import', file, '--out', out, '--force');
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /Wrote 3 request files to .* \(1 overwritten\)/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'DE-1.reactivate.json'), 'utf8')).relatedParty.reseller.country, 'DE');
  });

  it('warns when the folder holds request files it did not write, which submitting the folder would send too', async () => {
    const out = path.join(dir, 'bulk');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'IT-1.reactivate.json'), '{}');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'not a request');
    const result = await cli('import', write('numbers.csv', GOOD), '--out', out);
    assert.equal(result.code, 0, result.err);
    assert.match(
      result.err,
      /^warning: .*bulk.* also holds 1 request file this import did not write \(.*IT-1\.reactivate\.json.*\); submitting the folder sends it too\./m,
    );
    const clean = await cli('import', write('numbers.csv', GOOD), '--out', path.join(dir, 'fresh'));
    assert.equal(clean.err, '');
  });

  it('exits 1 when nothing can be reactivated', async () => {
    const result = await cli('import', write('bad.txt', 'nope\n'), '--out', path.join(dir, 'bulk'));
    assert.equal(result.code, 1);
    assert.match(result.err, /no number in ".*bad\.txt" can be reactivated; no file written/);
    assert.deepEqual(written(path.join(dir, 'bulk')), []);
  });

  it('exits 2 on usage and I/O problems', async () => {
    const cases: [string[], RegExp][] = [
      [['import'], /give the file of numbers to import/],
      [['import', 'a.csv'], /give the folder for the request files with --out DIR/],
      [['import', 'a.csv', 'b.csv', '--out', dir], /give one file of numbers, not 2/],
      [['import', 'a.csv', '--out', dir, '--max-numbers-per-order', '0'], /--max-numbers-per-order needs a whole number of at least 1, not "0"/],
      [['import', 'a.csv', '--out', dir, '--frobnicate'], /unknown option "--frobnicate"/],
      [['import', path.join(dir, 'missing.csv'), '--out', dir], /cannot read ".*missing\.csv": no such file or folder; check the path/],
      [['import', 'numbers.xlsx', '--out', dir], /"numbers\.xlsx" is a spreadsheet: save the sheet as CSV \(UTF-8\) and import that file\./],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, message);
    }
    const help = await cli('import', '--help');
    assert.equal(help.code, 0);
    assert.match(help.err, /^Usage: colt-reactivate import FILE --out DIR/);
  });
});
