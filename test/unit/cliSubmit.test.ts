import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/main';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator, type RunningEmulator } from '../../src/emulator/emulator';
import { ACTIVATED_NUMBER, EmulatorHarness, singleNumberBody } from './clientHelpers';

const run = promisify(execFile);

// The seed's two examples, verbatim (with and without a service profile).
const SEED_1 = `{
    "numberRangeList": [
        { "numberRangeStart": "+442081324758", "numberRangeEnd": "+442081324758" }
    ],
    "productOffering": { "name": "Wholesale SIP" },
    "relatedParty": { "reseller": { "serviceProfile": "ANH", "country": "GB" } }
}
`;
const SEED_2 = `{
    "numberRangeList": [
        { "numberRangeStart": "+442081324759", "numberRangeEnd": "+442081324759" }
    ],
    "productOffering": { "name": "Wholesale SIP" },
    "relatedParty": { "reseller": { "country": "GB" } }
}
`;

const CREDENTIALS = { COLT_CLIENT_ID: DEFAULT_CLIENT_ID, COLT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET };

async function cli(args: string[], env: NodeJS.ProcessEnv = CREDENTIALS) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['submit', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err, all: [...out, ...err].join('\n') };
}

describe('colt-reactivate submit', function () {
  let dir: string;
  let emu: RunningEmulator;
  let harness: EmulatorHarness;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-submit-'));
    await writeFile(join(dir, 'seed-1.reactivate.json'), SEED_1);
    await writeFile(join(dir, 'seed-2.reactivate.json'), SEED_2);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await emu?.close();
    await harness?.close();
  });

  async function stats(url: string) {
    const res = await fetch(`${url}/__emulator/stats`);
    return (await res.json()) as { tokenRequests: number; orderRequests: number };
  }

  for (const name of ['seed-1', 'seed-2']) {
    it(`${name} with --wait ends Completed (exit 0), printing the tracking id before the order id`, async () => {
      emu = await startEmulator({ port: 0, completeAfterMs: 50 });
      const r = await cli([join(dir, `${name}.reactivate.json`), '--target', 'emulator', '--base-url', emu.url, '--wait']);
      assert.equal(r.code, 0, r.all);
      const trackingLine = r.out.findIndex((l) => l.startsWith('tracking id: '));
      const orderLine = r.out.findIndex((l) => l.startsWith('order id: '));
      assert.ok(trackingLine >= 0 && orderLine > trackingLine, r.all);
      assert.equal(r.out.at(-1), 'status: Completed');
      const trackingId = r.out[trackingLine]!.slice('tracking id: '.length);
      const orders = ((await (await fetch(`${emu.url}/__emulator/orders`)).json()) as { orders: { id: string; trackingId: string; orderStatus: string }[] })
        .orders;
      assert.deepEqual(
        orders.map((o) => [o.trackingId, `order id: ${o.id}`, o.orderStatus]),
        [[trackingId, r.out[orderLine], 'Completed']],
      );
    });
  }

  it('without --wait: exit 0 after the order id', async () => {
    emu = await startEmulator({ port: 0 });
    const r = await cli([join(dir, 'seed-1.reactivate.json'), '--target=emulator', `--base-url=${emu.url}`]);
    assert.equal(r.code, 0, r.all);
    assert.match(r.out.at(-1)!, /^order id: /);
  });

  it('missing credentials: exit 2 with a clear message, nothing sent', async () => {
    emu = await startEmulator({ port: 0 });
    const r = await cli([join(dir, 'seed-1.reactivate.json'), '--target', 'emulator', '--base-url', emu.url], { COLT_CLIENT_ID: 'x' });
    assert.equal(r.code, 2);
    assert.match(r.all, /set COLT_CLIENT_ID and COLT_CLIENT_SECRET/);
    assert.deepEqual(await stats(emu.url), { tokenRequests: 0, orderRequests: 0, statusRequests: 0 });
  });

  it('production without --yes-production: refused, exit 2, nothing sent', async () => {
    emu = await startEmulator({ port: 0 });
    const r = await cli([join(dir, 'seed-1.reactivate.json'), '--target', 'production', '--base-url', emu.url]);
    assert.equal(r.code, 2);
    assert.match(r.all, /--yes-production/);
    assert.match(r.all, /Nothing was sent/);
    assert.deepEqual(await stats(emu.url), { tokenRequests: 0, orderRequests: 0, statusRequests: 0 });
  });

  describe('production cannot be reached under another target name', () => {
    // A stand-in proxy on loopback: every connection the CLI opens towards apis.colt.net shows up
    // here as a CONNECT, and is refused (403) so that nothing goes further.
    let proxy: Server;
    let connects: string[];
    before(async () => {
      connects = [];
      proxy = createServer((socket) => {
        socket.once('data', (chunk) => {
          connects.push(chunk.toString('latin1').split('\r\n')[0]!);
          socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
        });
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    });
    after(async () => {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    });
    beforeEach(() => {
      connects.length = 0;
    });
    const env = () => ({ ...CREDENTIALS, HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
    const seed = () => join(dir, 'seed-1.reactivate.json');

    for (const target of ['sandbox', 'emulator']) {
      for (const url of ['https://apis.colt.net', 'https://APIS.colt.net./', 'https://user@apis.colt.net:443']) {
        it(`--target ${target} --base-url ${url} without --yes-production: exit 2, nothing leaves`, async () => {
          const r = await cli([seed(), '--target', target, '--base-url', url], env());
          assert.equal(r.code, 2, r.all);
          assert.match(
            r.all,
            target === 'emulator'
              ? /with --target emulator, --base-url must be a loopback http\(s\) URL \(127\.0\.0\.0\/8, localhost or \[::1\]\)/
              : /refusing to send to Colt production \(--base-url .* is Colt's production host, whatever --target says\) without --yes-production.*Nothing was sent/,
          );
          assert.equal(r.out.length, 0, 'not even a tracking id was made');
          assert.deepEqual(connects, []);
        });
      }
    }

    it('--target emulator accepts only loopback base URLs (127.0.0.0/8, localhost, [::1])', async () => {
      for (const url of [
        'http://192.0.2.10:4010',
        'https://sandbox.apis.colt.net',
        'http://127.0.0.1.example.com',
        'http://localhost.example.com:4010',
        'http://127.0.0.1@example.com',
      ]) {
        const r = await cli([seed(), '--target', 'emulator', '--base-url', url], env());
        assert.equal(r.code, 2, url);
        assert.match(r.all, /must be a loopback http\(s\) URL/, url);
      }
      assert.deepEqual(connects, []);
      emu = await startEmulator({ port: 0 });
      const port = new URL(emu.url).port;
      for (const url of [emu.url, `http://localhost:${port}`, `http://127.0.0.1:${port}/`]) {
        const r = await cli([seed(), '--target', 'emulator', '--base-url', url]);
        // The second and third submissions of the same number are refused by the emulator (422): it was reached.
        assert.ok(r.code === 0 || /HTTP 422/.test(r.all), `${url}: ${r.all}`);
      }
      assert.equal((await stats(emu.url)).orderRequests, 3);
    });

    it('--target sandbox --base-url https://apis.colt.net with --yes-production is production: it does go out (to the stand-in proxy)', async () => {
      const r = await cli([seed(), '--target', 'sandbox', '--base-url', 'https://apis.colt.net', '--yes-production'], env());
      assert.match(r.out[0]!, /^target: Colt sandbox \(https:\/\/apis\.colt\.net\): Colt's production host$/);
      assert.equal(r.code, 1, r.all);
      assert.match(r.all, /not (sent|issue)|Could not reach/);
      assert.deepEqual(connects, ['CONNECT apis.colt.net:443 HTTP/1.1']);
    });
  });

  it('a file with errors is refused like validate prints it (FILE:LINE:COL), exit 1, nothing sent', async () => {
    emu = await startEmulator({ port: 0 });
    const file = join(dir, 'bad.reactivate.json');
    await writeFile(file, SEED_1.replace('"+442081324758" }', '"+4420813247" }'));
    const r = await cli([file, '--target', 'emulator', '--base-url', emu.url]);
    assert.equal(r.code, 1, r.all);
    assert.match(r.err[0]!, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: error range-length-mismatch `));
    assert.deepEqual(await stats(emu.url), { tokenRequests: 0, orderRequests: 0, statusRequests: 0 });
  });

  it('a file above 10,000 numbers in all (order-too-large) is refused, exit 1, nothing sent', async () => {
    emu = await startEmulator({ port: 0 });
    const file = join(dir, 'huge.reactivate.json');
    await writeFile(file, SEED_1.replace('"+442081324758",', '"+441000000000000",').replace('"+442081324758" }', '"+449999999999999" }'));
    const r = await cli([file, '--target', 'emulator', '--base-url', emu.url]);
    assert.equal(r.code, 1, r.all);
    assert.ok(
      r.err.some((l) => / error order-too-large This request holds 9,000,000,000,000 numbers/.test(l)),
      r.all,
    );
    assert.deepEqual(await stats(emu.url), { tokenRequests: 0, orderRequests: 0, statusRequests: 0 });
  });

  it('a refusal: exit 1 with the message', async () => {
    harness = await EmulatorHarness.start();
    const file = join(dir, 'activated.reactivate.json');
    await writeFile(file, JSON.stringify(singleNumberBody(ACTIVATED_NUMBER)));
    const r = await cli([file, '--target', 'emulator', '--base-url', harness.url]);
    assert.equal(r.code, 1, r.all);
    assert.match(r.all, /rejected: .*HTTP 422.*\[REACTIVATION_NOT_ALLOWED\]/);
  });

  it('an unknown outcome: exit 3 with the command to check; that command finds the order (409 → exit 0)', async () => {
    harness = await EmulatorHarness.start();
    const file = join(dir, 'fresh.reactivate.json');
    await writeFile(file, JSON.stringify(harness.freshBody()));
    await harness.fault({ kind: 'reset', stage: 'afterStore' });
    const r = await cli([file, '--target', 'emulator', '--base-url', harness.url]);
    assert.equal(r.code, 3, r.all);
    assert.match(r.all, /may exist/);
    const check = r.err.find((l) => l.startsWith('to check: '))!;
    const args = check.slice('to check: colt-reactivate submit '.length).split(' ');
    const again = await cli(args);
    assert.equal(again.code, 0, again.all);
    assert.match(again.all, /order id: .*Colt already had tracking id/);
    assert.equal((await harness.stats()).orderRequests, 2);
  });

  it('a check whose answer is not definitive (503 on the re-run): still unknown, exit 3, the same advice; the next check finds the order', async () => {
    harness = await EmulatorHarness.start();
    const file = join(dir, 'fresh.reactivate.json');
    await writeFile(file, JSON.stringify(harness.freshBody()));
    await harness.fault({ kind: 'reset', stage: 'afterStore' });
    const first = await cli([file, '--target', 'emulator', '--base-url', harness.url]);
    assert.equal(first.code, 3, first.all);
    const check = first.err.find((l) => l.startsWith('to check: '))!;
    const args = check.slice('to check: colt-reactivate submit '.length).split(' ');

    await harness.fault({ kind: 'status', status: 503 });
    const second = await cli(args);
    assert.equal(second.code, 3, second.all);
    assert.doesNotMatch(second.all, /^rejected:/m);
    assert.match(
      second.err[0]!,
      /^outcome unknown: the check was answered HTTP 503( \[\w+\])?, which does not say whether the first send got through, so the order may exist\.$/,
    );
    assert.match(second.all, /HTTP 503/);
    assert.ok(second.err.includes(check), `the same command to check:\n${second.all}`);

    const third = await cli(args);
    assert.equal(third.code, 0, third.all);
    assert.match(third.all, /order id: .*Colt already had tracking id/);
    const trackingId = args.at(-1)!;
    assert.equal((await harness.ordersWith(trackingId)).length, 1);
    assert.equal((await harness.stats()).orderRequests, 3);
  });

  it('a check answered 409 without an order id: still unknown, exit 3, told to ask Colt rather than submit anew', async () => {
    harness = await EmulatorHarness.start();
    const file = join(dir, 'fresh.reactivate.json');
    await writeFile(file, JSON.stringify(harness.freshBody()));
    await harness.fault({ kind: 'status', status: 409 });
    const r = await cli([file, '--target', 'emulator', '--base-url', harness.url, '--tracking-id', 'ci-check-409']);
    assert.equal(r.code, 3, r.all);
    assert.match(r.all, /^outcome unknown: the check was answered HTTP 409 \[DUPLICATE_TRACKING_ID\]/m);
    assert.match(r.all, /^to check: look the order up with Colt by tracking id ci-check-409 before doing anything else/m);
    assert.doesNotMatch(r.all, /submit anew/);
  });

  it('a check refused for its body (422): rejected, exit 1', async () => {
    harness = await EmulatorHarness.start();
    const file = join(dir, 'activated.reactivate.json');
    await writeFile(file, JSON.stringify(singleNumberBody(ACTIVATED_NUMBER)));
    const r = await cli([file, '--target', 'emulator', '--base-url', harness.url, '--tracking-id', 'ci-check-422']);
    assert.equal(r.code, 1, r.all);
    assert.match(r.all, /^rejected: .*HTTP 422.*\[REACTIVATION_NOT_ALLOWED\]/m);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await cli([])).code, 2);
    assert.equal((await cli([join(dir, 'seed-1.reactivate.json')])).code, 2);
    assert.equal((await cli([join(dir, 'seed-1.reactivate.json'), '--target', 'moon'])).code, 2);
    assert.equal((await cli([join(dir, 'seed-1.reactivate.json'), '--target', 'emulator', '--tracking-id', 'no spaces'])).code, 2);
    assert.equal((await cli([join(dir, 'missing.json'), '--target', 'emulator'])).code, 2);
  });

  it('runs as a process: credentials from the environment, exit code from the outcome', async function () {
    this.timeout(deadline(30_000));
    emu = await startEmulator({ port: 0, completeAfterMs: 50 });
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'submit', join(dir, 'seed-2.reactivate.json'), '--target', 'emulator', '--base-url', emu.url, '--wait'],
      {
        env: { ...process.env, ...CREDENTIALS },
      },
    );
    assert.match(stdout, /tracking id: .*\norder id: .*\n(status: In progress\n)?status: Completed\n$/);
  });
});
