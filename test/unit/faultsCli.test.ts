// Faults, for the command line: `colt-reactivate submit` in-process against
// the emulator with each injected fault. What a CI log shows (stdout/stderr, exit code) must say
// what happened and what to do next; the emulator must never hold a duplicate order.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type FaultSpec } from '../../src/emulator/emulator';
import { EmulatorHarness, waitFor } from './clientHelpers';

const ENV = { COLT_CLIENT_ID: DEFAULT_CLIENT_ID, COLT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET };
const EXIT = { ok: 0, refused: 1, unknown: 3 };

async function submit(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['submit', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env: ENV });
  const all = [...out, ...err].join('\n');
  // Whatever happens, no stack trace and no secret reaches the terminal.
  assert.doesNotMatch(all, /\n\s+at |\bat [\w.<>]+ \(|TypeError|undefined/, all);
  assert.ok(!all.includes(DEFAULT_CLIENT_SECRET));
  const trackingId = out.find((l) => l.startsWith('tracking id: '))?.slice('tracking id: '.length);
  return { code, out, err, all, trackingId };
}

describe('faults: colt-reactivate submit', function () {
  let dir: string;
  let emu: EmulatorHarness;
  let file: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faults-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    emu = await EmulatorHarness.start({ completeAfterMs: 50 });
    file = join(dir, `order-${Date.now()}.reactivate.json`);
    await writeFile(file, JSON.stringify(emu.freshBody(), null, 2));
  });
  afterEach(async () => {
    await emu.close();
  });

  const base = () => [file, '--target', 'emulator', '--base-url', emu.url];

  for (const status of [500, 503]) {
    it(`HTTP ${status}: exit 1, "rejected" with the status and "try again later", nothing stored`, async () => {
      await emu.fault({ kind: 'status', status });
      const r = await submit(base());
      assert.equal(r.code, EXIT.refused, r.all);
      assert.match(r.err.join('\n'), new RegExp(`^rejected: Local emulator refused the order \\(HTTP ${status}\\): .*try again later\\.`, 'm'));
      assert.equal((await emu.ordersWith(r.trackingId!)).length, 0);
      // Trying again, as told, places the order once.
      const again = await submit(base());
      assert.equal(again.code, EXIT.ok, again.all);
      assert.equal((await emu.control<{ orders: unknown[] }>('GET', 'orders')).orders.length, 1);
    });
  }

  // --timeout also bounds the token request and the check's requests, which must succeed: one
  // second leaves a busy machine's loopback room, while the held request (60 s) surely times out.
  const unknowns: { name: string; fault: FaultSpec; stored: boolean; timeout?: string; says: RegExp }[] = [
    {
      name: 'a timeout before the order is stored',
      fault: { kind: 'delay', ms: 60_000, stage: 'beforeStore' },
      stored: false,
      timeout: '1',
      says: /no answer before the time limit/,
    },
    {
      name: 'a timeout after the order is stored',
      fault: { kind: 'delay', ms: 60_000, stage: 'afterStore' },
      stored: true,
      timeout: '1',
      says: /no answer before the time limit/,
    },
    { name: 'a reset before the order is stored', fault: { kind: 'reset', stage: 'beforeStore' }, stored: false, says: /connection was closed/ },
    { name: 'a reset after the order is stored', fault: { kind: 'reset', stage: 'afterStore' }, stored: true, says: /connection was closed/ },
    { name: 'malformed JSON in the answer', fault: { kind: 'malformedJson' }, stored: true, says: /could not be read/ },
  ];
  for (const c of unknowns) {
    it(`${c.name}: exit 3, "outcome unknown" and the exact command to check; running it ends with one order`, async () => {
      await emu.fault(c.fault);
      const r = await submit([...base(), ...(c.timeout ? ['--timeout', c.timeout] : [])]);
      assert.equal(r.code, EXIT.unknown, r.all);
      assert.match(r.err.join('\n'), /^outcome unknown: No definite answer from Colt/m);
      assert.match(r.all, c.says);
      const check = r.err.find((l) => l.startsWith('to check: colt-reactivate submit '));
      assert.ok(check, r.all);
      assert.ok(check.endsWith(`--tracking-id ${r.trackingId}`), check);
      if (c.timeout) assert.match(check, new RegExp(`--timeout ${c.timeout.replace('.', '\\.')} `), 'the check keeps the time limit');
      assert.equal((await emu.stats()).orderRequests, 1, 'no second POST on its own');
      assert.equal((await emu.ordersWith(r.trackingId!)).length, c.stored ? 1 : 0);

      const again = await submit(check.slice('to check: colt-reactivate submit '.length).split(' '));
      assert.equal(again.code, EXIT.ok, again.all);
      assert.equal(again.trackingId, r.trackingId);
      const stored = await emu.ordersWith(r.trackingId!);
      assert.equal(stored.length, 1);
      assert.ok(
        again.out.includes(`order id: ${stored[0]!.id}${c.stored ? ` (Colt already had tracking id ${r.trackingId}: this is that order, not a new one)` : ''}`),
        again.all,
      );
      assert.equal((await emu.control<{ orders: unknown[] }>('GET', 'orders')).orders.length, 1);
    });
  }

  it('a token that expires while --wait follows the status: refreshed once, ends Completed (exit 0)', async () => {
    await emu.close();
    // In progress until completed on cue below, so the expiry always falls between two lookups.
    emu = await EmulatorHarness.start({ completeAfterMs: 3_600_000 });
    await writeFile(file, JSON.stringify(emu.freshBody()));
    const running = submit([...base(), '--wait']);
    await waitFor(async () => ((await emu.stats()).statusRequests >= 1 ? true : undefined), 'the first status lookup');
    await emu.control('POST', 'expire-tokens');
    await emu.control('POST', 'complete-orders');
    const r = await running;
    assert.equal(r.code, EXIT.ok, r.all);
    assert.equal(r.out.at(-1), 'status: Completed');
    const stats = await emu.stats();
    assert.equal(stats.tokenRequests, 2, 'one token, then one refresh after the 401');
    assert.equal(stats.orderRequests, 1);
  });

  it('a token that expires before the POST: one 401, one refresh, the same tracking id, exit 0', async () => {
    // Held until released below, so the expiry always lands while the POST waits.
    await emu.fault({ kind: 'delay', ms: 600_000, stage: 'beforeStore' });
    const running = submit(base());
    await waitFor(async () => ((await emu.stats()).orderRequests === 1 ? true : undefined), 'the POST to arrive');
    await emu.control('POST', 'expire-tokens');
    await emu.control('POST', 'release-delays');
    const r = await running;
    assert.equal(r.code, EXIT.ok, r.all);
    assert.equal((await emu.stats()).orderRequests, 2);
    assert.equal((await emu.ordersWith(r.trackingId!)).length, 1);
  });

  it('an injected 409: exit 1 with the code and what to do next, nothing stored', async () => {
    await emu.fault({ kind: 'status', status: 409 });
    const r = await submit(base());
    assert.equal(r.code, EXIT.refused, r.all);
    assert.match(r.all, /^rejected: .*HTTP 409.*look that order up before sending again.*\[DUPLICATE_TRACKING_ID\]$/m);
    assert.equal((await emu.ordersWith(r.trackingId!)).length, 0);
  });

  it('a real 409 (a tracking id given twice): the second run reports the existing order, exit 0, one order', async () => {
    const first = await submit([...base(), '--tracking-id', 'ci-run-4711']);
    assert.equal(first.code, EXIT.ok, first.all);
    const second = await submit([...base(), '--tracking-id', 'ci-run-4711']);
    assert.equal(second.code, EXIT.ok, second.all);
    assert.match(second.all, /Colt already had tracking id ci-run-4711: this is that order, not a new one/);
    assert.equal((await emu.ordersWith('ci-run-4711')).length, 1);
  });

  it('a 503 from the token endpoint: exit 1, nothing reached the order endpoint, says to try again', async () => {
    await emu.fault({ on: 'token', kind: 'status', status: 503 });
    const r = await submit(base());
    assert.equal(r.code, EXIT.refused, r.all);
    assert.match(r.all, /did not issue a token \(HTTP 503.*try again/i);
    assert.equal((await emu.stats()).orderRequests, 0);
  });

  it('--timeout must be a positive number of seconds', async () => {
    for (const bad of ['0', '-1', 'soon', '601']) {
      const r = await submit([...base(), '--timeout', bad]);
      assert.equal(r.code, 2, bad);
      assert.match(r.all, /--timeout must be a number of seconds/);
    }
    assert.equal((await emu.stats()).tokenRequests, 0);
  });
});
