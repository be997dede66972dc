import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { computeDiagnostics } from '../../src/core/diagnostics';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join('test', 'fixtures', 'requests');
const fixture = (name: string) => path.join(FIXTURES, `${name}.reactivate.json`);

async function validate(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const code = await runCli(['validate', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
    return { code, out, err };
  } finally {
    process.chdir(cwd);
  }
}

describe('colt-reactivate validate', () => {
  it('prints nothing and exits 0 for the seed examples', async () => {
    const result = await validate(fixture('seed-example-1'), fixture('seed-example-2'));
    assert.deepEqual(result, { code: 0, out: [], err: [] });
  });

  it('prints FILE:LINE:COL: severity CODE message, 1-based, and exits 1 on errors', async () => {
    const file = fixture('range-reversed');
    const result = await validate(file);
    assert.equal(result.code, 1);
    assert.deepEqual(result.out, [`${file}:3:9: error range-reversed numberRangeStart +442081324760 comes after numberRangeEnd +442081324750: swap them.`]);
  });

  it('prints the diagnostics word for word, in order, for every fixture', async () => {
    const names = fs.readdirSync(path.join(ROOT, FIXTURES)).filter((f) => f.endsWith('.reactivate.json'));
    const result = await validate(...names.map((n) => path.join(FIXTURES, n)));
    const expected = names.flatMap((n) => {
      const file = path.join(FIXTURES, n);
      return computeDiagnostics(fs.readFileSync(path.join(ROOT, file), 'utf8')).map(
        (d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`,
      );
    });
    assert.deepEqual(result.out, expected);
    assert.ok(result.out.length > 40);
    assert.equal(result.code, 1);
  });

  it('exits 0 with warnings and infos alone', async () => {
    const result = await validate(fixture('country-mismatch'), fixture('unknown-property'), fixture('port-in-disputed-de'));
    assert.equal(result.code, 0);
    assert.deepEqual(
      result.out.map((l) => l.split(' ').slice(1, 3).join(' ')),
      ['warning country-mismatch', 'warning unknown-property', 'warning unknown-property', 'info port-in-disputed'],
    );
  });

  it('a file above the numbers per order is an error (exit 1); --max-numbers-per-order changes the limit', async () => {
    const huge = await validate(fixture('order-too-large'));
    assert.equal(huge.code, 1);
    assert.deepEqual(
      huge.out.map((l) => l.split(' ').slice(1, 3).join(' ')),
      ['error order-too-large', 'warning range-too-large'],
    );
    assert.match(huge.out[0]!, /holds 9,000,000,000,000 numbers, more than 10,000 per order .*a range end is surely mistyped/);
    const many = fixture('valid-two-ranges-fr');
    assert.equal((await validate(many)).code, 0);
    const tight = await validate('--max-numbers-per-order', '5', many);
    assert.equal(tight.code, 1);
    assert.match(tight.out[0]!, /error order-too-large This request holds 20 numbers, more than 5 per order .*split it into 4 request files/);
    assert.equal((await validate('--max-numbers-per-order=20', many)).code, 0);
    assert.equal((await validate('--max-numbers-per-order', '0', many)).code, 2);
  });

  it('--max-numbers-per-range changes the limit', async () => {
    assert.equal((await validate(fixture('range-too-large'))).out.length, 1);
    assert.deepEqual((await validate('--max-numbers-per-range', '10000', fixture('range-too-large'))).out, []);
    assert.deepEqual((await validate('--max-numbers-per-range=10000', fixture('range-too-large'))).out, []);
    const tight = await validate('--max-numbers-per-range', '5', fixture('valid-two-ranges-fr'));
    assert.equal(tight.out.length, 2);
    assert.match(tight.out[0]!, /holds 10 numbers, more than 5 /);
  });

  it('exits 2 for usage problems, with the usage', async () => {
    for (const args of [[], ['--max-numbers-per-range', 'lots', fixture('seed-example-1')], ['--max-numbers-per-range'], ['--frobnicate', 'x']]) {
      const result = await validate(...args);
      assert.equal(result.code, 2, JSON.stringify(args));
      assert.deepEqual(result.out, []);
      assert.match(result.err.join('\n'), /Usage: colt-reactivate validate/);
    }
  });

  it('exits 2 for a missing file, naming it, and still checks the others', async () => {
    const result = await validate('no/such.reactivate.json', fixture('range-reversed'));
    assert.equal(result.code, 2);
    assert.deepEqual(result.err, ['colt-reactivate validate: cannot read "no/such.reactivate.json": no such file; check the path.']);
    assert.equal(result.out.length, 1);
  });

  it('exits 2 for a directory', async () => {
    const result = await validate(FIXTURES);
    assert.equal(result.code, 2);
    assert.match(result.err[0]!, /is a directory/);
  });

  it('reports syntax errors with their place', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-validate-'));
    const file = path.join(dir, 'broken.reactivate.json');
    fs.writeFileSync(file, '{\n  "numberRangeList": [],\n}\n');
    const result = await validate(file);
    assert.equal(result.code, 1);
    assert.ok(
      result.out.includes(`${file}:2:24: error json-syntax Trailing comma: JSON does not allow a "," before "}". Remove the comma.`),
      result.out.join('\n'),
    );
    fs.rmSync(dir, { recursive: true });
  });

  it('works as a real process with real exit codes', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['-r', 'tsx/cjs', 'src/cli/main.ts', 'validate', ...args], { cwd: ROOT, encoding: 'utf8' });
    const clean = run(fixture('seed-example-1'), fixture('seed-example-2'));
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, '');
    const broken = run(fixture('many-mistakes'));
    assert.equal(broken.status, 1);
    assert.equal(broken.stdout.trim().split('\n').length, 14);
    assert.equal(run().status, 2);
  });

  it('stops quietly when its output pipe closes early (validate ... | head -1), with no stack trace', async () => {
    // Many files, so that output is still being written when the reader goes away.
    const files = Array.from({ length: 200 }, () => fixture('many-mistakes'));
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', 'src/cli/main.ts', 'validate', ...files], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.doesNotMatch(stderr, /EPIPE|at \w+ \(/, stderr);
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
  });
});
