// `colt-reactivate emulator`, in-process and as a real process, and --inventory loading.
import { deadline } from '../deadline';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runEmulatorCommand } from '../../src/cli/emulatorCommand';
import type { CliIo } from '../../src/cli/main';
import { InventoryError, loadInventoryFile, ORDER_PATH, parseInventory, type RunningEmulator, TOKEN_PATH } from '../../src/emulator/emulator';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/inventories');

function captureIo(): CliIo & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l), env: {} };
}

/** Runs the command in-process until `use` is done, then stops it through the AbortSignal. */
async function withCommand(args: string[], use: (emu: RunningEmulator, io: ReturnType<typeof captureIo>) => Promise<void>): Promise<number> {
  const io = captureIo();
  const stop = new AbortController();
  let used: Promise<void> | undefined;
  const exit = runEmulatorCommand(args, io, {
    signal: stop.signal,
    onListening: (emu) => {
      used = use(emu, io).finally(() => stop.abort());
    },
  });
  const code = await exit;
  await used;
  return code;
}

async function token(url: string, id = 'emulator-client', secret = 'emulator-secret'): Promise<Response> {
  return fetch(url + TOKEN_PATH, {
    method: 'POST',
    headers: {
      authorization: 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64'),
      'content-type': 'application/x-www-form-urlencoded',
      'x-tracking-id': 'cli-test',
    },
    body: 'grant_type=client_credentials',
  });
}

describe('colt-reactivate emulator', () => {
  it('prints the listening line, serves, logs requests, and stops with exit code 0', async () => {
    const code = await withCommand(['--port', '0', '--complete-after-ms', '10'], async (emu, io) => {
      assert.equal(io.outLines[0], `listening on ${emu.url}`);
      assert.match(io.outLines[0]!, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal((await token(emu.url)).status, 200);
      assert.ok(io.outLines.some((l) => /^POST \/authentication\/v1\/oauth\/token 200 /.test(l)));
      assert.ok(!io.outLines.join('\n').includes('emulator-secret'), 'the secret is never printed');
    });
    assert.equal(code, 0);
  });

  it('takes --client-id, --client-secret and --quiet', async () => {
    const code = await withCommand(['--port=0', '--client-id', 'ci-id', '--client-secret', 'ci-secret', '--quiet'], async (emu, io) => {
      assert.equal((await token(emu.url)).status, 401);
      assert.equal((await token(emu.url, 'ci-id', 'ci-secret')).status, 200);
      assert.ok(!io.outLines.join('\n').includes('ci-secret'));
      assert.ok(!io.outLines.some((l) => l.startsWith('POST ')), '--quiet logs no requests');
    });
    assert.equal(code, 0);
  });

  it('takes --recycle-numbers: the same demo request completes twice (npm start uses it)', async () => {
    await withCommand(['--port', '0', '--quiet', '--complete-after-ms', '10', '--recycle-numbers'], async (emu) => {
      const accessToken = ((await (await token(emu.url)).json()) as { access_token: string }).access_token;
      const auth = { authorization: `Bearer ${accessToken}` };
      const submit = async (trackingId: string) => {
        const res = await fetch(emu.url + ORDER_PATH, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'x-tracking-id': trackingId },
          body: JSON.stringify({
            numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
            productOffering: { name: 'Wholesale SIP' },
            relatedParty: { reseller: { country: 'GB', serviceProfile: 'ANH' } },
          }),
        });
        assert.equal(res.status, 201, await res.clone().text());
        return ((await res.json()) as { order: { id: string } }).order.id;
      };
      const completed = async (id: string) => {
        for (const until = Date.now() + deadline(15_000); Date.now() < until; await new Promise((r) => setImmediate(r))) {
          const order = ((await (await fetch(`${emu.url}${ORDER_PATH}/${id}`, { headers: auth })).json()) as { order: { orderStatus: string } }).order;
          if (order.orderStatus === 'Completed') return;
        }
        assert.fail(`order ${id} did not complete`);
      };
      await completed(await submit('recycle-1'));
      await completed(await submit('recycle-2'));
    });
  });

  it('serves the numbers of --inventory FILE', async () => {
    await withCommand(['--port', '0', '--quiet', '--inventory', path.join(FIXTURES, 'small.json'), '--now', '2026-11-01'], async (emu) => {
      const accessToken = ((await (await token(emu.url)).json()) as { access_token: string }).access_token;
      const order = async (n: string, country: string) =>
        (
          await fetch(emu.url + ORDER_PATH, {
            method: 'POST',
            headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', 'x-tracking-id': `inv-${n.slice(1)}` },
            body: JSON.stringify({
              numberRangeList: [{ numberRangeStart: n, numberRangeEnd: n }],
              productOffering: { name: 'Wholesale SIP' },
              relatedParty: { reseller: { country } },
            }),
          })
        ).status;
      assert.equal(await order('+442081324758', 'GB'), 201);
      assert.equal(await order('+442081324759', 'GB'), 422, 'Activated in the file');
      assert.equal(await order('+31201234570', 'NL'), 201, 'pre-activated 31 days before --now');
      assert.equal(await order('+33140000099', 'FR'), 201);
      assert.equal(await order('+442081324760', 'GB'), 422, 'the demo numbers are not there');
    });
  });

  it('refuses a bad inventory file with exit code 2 and a message naming the problem', async () => {
    const cases: [string, RegExp][] = [
      ['bad-status.json', /bad-status\.json: numbers\[1\]\.status: status must be one of Quarantined, PortIn_Quarantined, Activated, PortIn_Activated, Free\./],
      ['duplicate-number.json', /numbers\[1\]\.number: \+442081324758 is listed twice/],
      ['not-json.json', /not-json\.json: not valid JSON/],
      ['missing.json', /Cannot read the inventory file .*missing\.json \(ENOENT\)/],
    ];
    for (const [file, message] of cases) {
      const io = captureIo();
      assert.equal(await runEmulatorCommand(['--port', '0', '--inventory', path.join(FIXTURES, file)], io), 2, file);
      assert.match(io.errLines.join('\n'), message);
      assert.deepEqual(io.outLines, [], 'no listening line');
    }
  });

  it('refuses bad flags with exit code 2 and the usage', async () => {
    for (const args of [['--bogus'], ['--port', 'x'], ['--port'], ['--now', 'yesterday'], ['--complete-after-ms', '-1']]) {
      const io = captureIo();
      assert.equal(await runEmulatorCommand(args, io), 2, args.join(' '));
      assert.match(io.errLines.join('\n'), /Usage: colt-reactivate emulator/);
    }
  });

  it('reports a port in use clearly', async () => {
    await withCommand(['--port', '0', '--quiet'], async (emu) => {
      const io = captureIo();
      assert.equal(await runEmulatorCommand(['--port', String(emu.port)], io), 2);
      assert.match(io.errLines.join('\n'), /already in use/);
    });
  });

  it('runs as a real process: prints the listening line and stops on SIGTERM', async function () {
    this.timeout(deadline(30_000));
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/main.ts', 'emulator', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
      });
      assert.equal((await token(url)).status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stderr);
  });
});

describe('emulator inventory', () => {
  it('loads a valid file', async () => {
    const inv = await loadInventoryFile(path.join(FIXTURES, 'small.json'));
    assert.equal(inv.numbers.length, 4);
    assert.deepEqual(inv.numbers[2], { number: '+31201234570', country: 'NL', status: 'Quarantined', preActivatedOn: '2026-10-01' });
  });

  it('names the field of every kind of mistake', () => {
    const bad: [unknown, RegExp][] = [
      [[], /^inventory: \(root\): Expected an object/],
      [{ numbers: [{ number: '0044208', country: 'GB', status: 'Quarantined' }] }, /numbers\[0\]\.number: Not an E\.164 number/],
      [{ numbers: [{ number: '+442081324758', country: 'UK', status: 'Quarantined' }] }, /numbers\[0\]\.country: Unknown country/],
      [
        { numbers: [{ number: '+442081324758', country: 'GB', status: 'Quarantined', preActivatedOn: 'soon' }] },
        /numbers\[0\]\.preActivatedOn: preActivatedOn must be an ISO date/,
      ],
      [{ numbers: [{ number: '+442081324758', country: 'GB', status: 'Quarantined', serviceprofile: 'ANH' }] }, /numbers\[0\]: Unknown field "serviceprofile"/],
      [{ numbers: [{ number: '+442081324758', country: 'GB', status: 'Quarantined', serviceProfile: '' }] }, /numbers\[0\]\.serviceProfile: /],
    ];
    for (const [value, message] of bad) {
      assert.throws(
        () => parseInventory(value),
        (e: unknown) => e instanceof InventoryError && message.test(e.message),
        JSON.stringify(value),
      );
    }
  });
});
