// colt-reactivate submit with several files or a folder: one line per order, the summary, the
// worst exit code, and the journal that lets the same batch run again send only what is missing.
// In-process against the real emulator over loopback.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOURNAL_FILE_NAME } from '../../src/cli/batchJournal';
import { runCli } from '../../src/cli/main';
import { submitBatch } from '../../src/cli/submitBatch';
import { createDraft, markSending, parseRecords, serializeRecords } from '../../src/core/orderRecord';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulator/emulator';
import { ACTIVATED_NUMBER, EmulatorHarness, singleNumberBody } from './clientHelpers';

const CREDENTIALS = { COLT_CLIENT_ID: DEFAULT_CLIENT_ID, COLT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET };

async function cli(args: string[], o: { signal?: AbortSignal; onLine?: (line: string) => void } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['submit', ...args], {
    out: (l) => {
      out.push(l);
      o.onLine?.(l);
    },
    err: (l) => err.push(l),
    env: CREDENTIALS,
    signal: o.signal,
  });
  return { code, out, err, all: [...out, ...err].join('\n') };
}

describe('colt-reactivate submit: a batch', function () {
  let root: string;
  let harness: EmulatorHarness;
  let folders = 0;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'cli-batch-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    harness = await EmulatorHarness.start({ completeAfterMs: 3_600_000 });
  });
  afterEach(async () => {
    await harness?.close();
  });

  /** A folder with one request file per number, named in the order given. */
  async function folderOf(numbers: string[]): Promise<string> {
    const dir = join(root, `batch-${folders++}`);
    await mkdir(dir);
    for (const [i, n] of numbers.entries()) {
      await writeFile(join(dir, `GB-ANH-${String(i + 1).padStart(2, '0')}.reactivate.json`), JSON.stringify(singleNumberBody(n), null, 2));
    }
    return dir;
  }
  const fresh = (count: number) => Array.from({ length: count }, () => harness.freshBody().numberRangeList[0]!.numberRangeStart);
  const target = () => ['--target', 'emulator', '--base-url', harness.url];
  const orderRequests = async () => (await harness.stats()).orderRequests;

  it('a folder: one line per order, the summary, exit 0, the journal beside the files; the same batch again sends nothing', async () => {
    const dir = await folderOf(fresh(6));
    const first = await cli([dir, ...target(), '--concurrency', '3']);
    assert.equal(first.code, 0, first.all);
    const lines = first.out.filter((l) => /\.reactivate\.json: accepted, order id \S+ \(tracking id \S+\)$/.test(l));
    assert.equal(lines.length, 6, first.all);
    assert.match(first.out.at(-1)!, /^summary: 6 orders: 6 accepted\.$/);
    assert.match(first.all, new RegExp(`journal ${join(dir, JOURNAL_FILE_NAME).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const atEmulator = await harness.control<{ orders: { trackingId: string }[] }>('GET', 'orders');
    assert.equal(new Set(atEmulator.orders.map((o) => o.trackingId)).size, 6);

    const journal = parseRecords(await readFile(join(dir, JOURNAL_FILE_NAME), 'utf8')).records;
    assert.equal(journal.length, 6);
    assert.ok(journal.every((r) => r.state === 'inProgress' && r.batchId && r.sourceFile?.startsWith(dir)));
    assert.equal(new Set(journal.map((r) => r.batchId)).size, 1, 'one batch');

    const before = await orderRequests();
    const again = await cli([dir, ...target()]);
    assert.equal(again.code, 0, again.all);
    assert.equal(await orderRequests(), before, 'nothing sent the second time');
    assert.equal(again.out.filter((l) => /: already sent: order \S+, in progress; not resent$/.test(l)).length, 6, again.all);
    assert.match(again.out.at(-1)!, /^summary: 6 orders: 0 accepted, 6 already sent before\.$/);
  });

  it('a refused order and an unknown outcome do not stop the others; exit 3; a re-run resends only the refused one; --check-unknown settles the unknown', async () => {
    const [a, c, d] = fresh(3);
    const dir = await folderOf([a!, ACTIVATED_NUMBER, c!, d!]);
    // Concurrency 1, so the fault meets the first file's POST: stored at the emulator, then the connection drops.
    await harness.fault({ on: 'order', kind: 'reset', stage: 'afterStore' });
    const first = await cli([dir, ...target(), '--concurrency', '1']);
    assert.equal(first.code, 3, first.all);
    assert.match(first.all, /GB-ANH-01\.reactivate\.json: outcome unknown \(tracking id (\S+)\)/);
    assert.match(first.all, /GB-ANH-02\.reactivate\.json: refused: .*HTTP 422/);
    assert.match(first.all, /GB-ANH-03\.reactivate\.json: accepted/);
    assert.match(first.all, /GB-ANH-04\.reactivate\.json: accepted/);
    assert.match(first.all, /^refused: .*GB-ANH-02\.reactivate\.json: .*HTTP 422/m);
    assert.match(first.all, /^to check: colt-reactivate submit .* --check-unknown$/m);
    assert.match(first.out.at(-1)!, /^summary: 4 orders: 2 accepted, 1 refused, 1 unknown \(--check-unknown\)\.$/);

    const before = await orderRequests();
    const again = await cli([dir, ...target()]);
    assert.equal(again.code, 3, again.all);
    assert.equal((await orderRequests()) - before, 1, 'only the refused one is sent again (a refusal placed nothing)');
    assert.match(again.all, /GB-ANH-01\.reactivate\.json: outcome unknown since an earlier run .*not resent/);

    const checked = await cli([dir, ...target(), '--check-unknown']);
    assert.match(checked.all, /GB-ANH-01\.reactivate\.json: accepted, order id/, checked.all);
    assert.equal(checked.code, 1, 'the refused one is still refused');
    const orders = (await harness.control<{ orders: { trackingId: string; body: unknown }[] }>('GET', 'orders')).orders;
    assert.equal(orders.length, 3, 'three orders placed, each once');
    assert.equal(new Set(orders.map((o) => JSON.stringify(o.body))).size, 3);
  });

  it('a cancel stops before the next order; running the batch again sends only the rest', async () => {
    const dir = await folderOf(fresh(5));
    const stop = new AbortController();
    let accepted = 0;
    const first = await cli([dir, ...target(), '--concurrency', '1'], {
      signal: stop.signal,
      onLine: (line) => {
        if (/: accepted,/.test(line) && ++accepted === 2) stop.abort();
      },
    });
    assert.equal(first.code, 1, first.all);
    assert.equal(accepted, 2, first.all);
    assert.equal((await harness.control<{ orders: unknown[] }>('GET', 'orders')).orders.length, 2);
    assert.match(first.all, /cancelled: 3 order\(s\) were not sent; run the same command again to send them/);
    assert.match(first.out.at(-1)!, /^summary: 5 orders: 2 accepted, 3 not sent\.$/);

    const before = await orderRequests();
    const again = await cli([dir, ...target()]);
    assert.equal(again.code, 0, again.all);
    assert.equal((await orderRequests()) - before, 3);
    assert.match(again.out.at(-1)!, /^summary: 5 orders: 3 accepted, 2 already sent before\.$/);
  });

  it('after a crash mid-request (a record left "sending" in the journal) that order is reported unknown and not resent', async () => {
    const [a, b] = fresh(2);
    const dir = await folderOf([a!, b!]);
    const crashed = markSending(createDraft({ target: 'emulator', baseUrl: harness.url, body: singleNumberBody(a!), batchId: 'batch-x' }));
    await writeFile(join(dir, JOURNAL_FILE_NAME), serializeRecords([crashed]));
    const before = await orderRequests();
    const run = await cli([dir, ...target()]);
    assert.equal(run.code, 3, run.all);
    assert.equal((await orderRequests()) - before, 1, 'only the file without a record');
    assert.match(run.all, /were being sent when a run stopped \(or by a run still going\); their outcome is unknown/);
    assert.match(run.all, new RegExp(`GB-ANH-01\\.reactivate\\.json: outcome unknown since an earlier run \\(tracking id ${crashed.trackingId}\\)`));
    const journal = parseRecords(await readFile(join(dir, JOURNAL_FILE_NAME), 'utf8')).records;
    assert.ok(
      journal.every((r) => r.batchId === 'batch-x'),
      'resumed orders join the batch they began in',
    );
  });

  it('a file with errors: nothing of the batch is sent (exit 1); files in two folders need --state (exit 2)', async () => {
    const dir = await folderOf(fresh(2));
    await writeFile(join(dir, 'broken.reactivate.json'), '{ "numberRangeList": [ ');
    const before = await orderRequests();
    const run = await cli([dir, ...target()]);
    assert.equal(run.code, 1, run.all);
    assert.match(run.all, /broken\.reactivate\.json:1:\d+: error json-syntax/);
    assert.match(run.all, /1 of 3 files have errors; fix them .* Nothing was sent\.$/m);
    assert.equal(await orderRequests(), before);

    const other = await folderOf(fresh(1));
    const two = await cli([join(other, 'GB-ANH-01.reactivate.json'), join(dir, 'GB-ANH-01.reactivate.json'), ...target()]);
    assert.equal(two.code, 2, two.all);
    assert.match(two.all, /several folders: say where to keep the batch journal with --state FILE/);
    const withState = await cli([
      join(other, 'GB-ANH-01.reactivate.json'),
      join(dir, 'GB-ANH-01.reactivate.json'),
      ...target(),
      '--state',
      join(root, 'two.json'),
    ]);
    assert.equal(withState.code, 0, withState.all);
  });

  it('--wait follows every accepted order until Completed and keeps the final states in the journal', async () => {
    await harness.close();
    harness = await EmulatorHarness.start({ completeAfterMs: 50 });
    const dir = await folderOf(fresh(3));
    const run = await cli([dir, ...target(), '--wait']);
    assert.equal(run.code, 0, run.all);
    assert.equal(run.out.filter((l) => /\.reactivate\.json: status: Completed$/.test(l)).length, 3, run.all);
    const journal = parseRecords(await readFile(join(dir, JOURNAL_FILE_NAME), 'utf8')).records;
    assert.deepEqual(
      journal.map((r) => r.state),
      ['completed', 'completed', 'completed'],
    );
  });

  it('one file stays a single submission (no journal); usage errors name the option', async () => {
    const dir = await folderOf(fresh(1));
    const one = await cli([join(dir, 'GB-ANH-01.reactivate.json'), ...target()]);
    assert.equal(one.code, 0, one.all);
    assert.match(one.out.join('\n'), /^tracking id: /m);
    await assert.rejects(readFile(join(dir, JOURNAL_FILE_NAME)), /ENOENT/);
    assert.match((await cli([dir, ...target(), '--concurrency', '0'])).all, /--concurrency must be a whole number from 1 to 16/);
    assert.match((await cli([dir, ...target(), '--tracking-id', 'abc'])).all, /--tracking-id is for one file/);
    assert.match((await cli([join(dir, 'GB-ANH-01.reactivate.json'), ...target(), '--check-unknown'])).all, /--check-unknown is for a batch/);
  });

  it('a request file saved with a byte-order mark is sent, in a batch and alone, as validate accepts it', async () => {
    const [a, b, c] = fresh(3);
    const dir = await folderOf([a!, b!]);
    await writeFile(join(dir, 'GB-ANH-01.reactivate.json'), '\ufeff' + JSON.stringify(singleNumberBody(a!), null, 2));
    const batch = await cli([dir, ...target()]);
    assert.equal(batch.code, 0, batch.all);
    assert.match(batch.out.at(-1)!, /^summary: 2 orders: 2 accepted\.$/);
    const single = join(root, 'bom-single.reactivate.json');
    await writeFile(single, '\ufeff' + JSON.stringify(singleNumberBody(c!)));
    const one = await cli([single, ...target()]);
    assert.equal(one.code, 0, one.all);
    assert.equal((await harness.control<{ orders: unknown[] }>('GET', 'orders')).orders.length, 3);
  });

  it("two runs of the same folder at once (a retried CI job, two terminals): each order is sent once, and the journal keeps both runs' records", async () => {
    const dir = await folderOf(fresh(8));
    const [one, two] = await Promise.all([cli([dir, ...target(), '--concurrency', '4']), cli([dir, ...target(), '--concurrency', '4'])]);
    const orders = (await harness.control<{ orders: { trackingId: string; body: unknown }[] }>('GET', 'orders')).orders;
    assert.equal(orders.length, 8, `${one.all}\n---\n${two.all}`);
    assert.equal(new Set(orders.map((o) => JSON.stringify(o.body))).size, 8, 'no order twice');
    const accepted = (r: { out: string[] }) => r.out.filter((l) => /: accepted, order id /.test(l)).length;
    assert.equal(accepted(one) + accepted(two), 8, `${one.all}\n---\n${two.all}`);
    for (const run of [one, two]) assert.ok(run.code === 0 || run.code === 3, run.all); // 3: the other run's order was still being sent
    const journal = parseRecords(await readFile(join(dir, JOURNAL_FILE_NAME), 'utf8')).records;
    assert.deepEqual(journal.map((r) => r.trackingId).sort(), orders.map((o) => o.trackingId).sort());
    assert.ok(
      journal.every((r) => r.state === 'inProgress'),
      JSON.stringify(journal.map((r) => r.state)),
    );

    const before = await orderRequests();
    const third = await cli([dir, ...target()]);
    assert.equal(third.code, 0, third.all);
    assert.equal(await orderRequests(), before, 'a later run finds every order in the journal');
  });

  it('an unexpected error while sending one order: counted unknown (its tracking id journaled), the others sent, the summary printed, exit 3', async () => {
    const dir = await folderOf(fresh(3));
    const client = harness.client();
    const real = client.submitOrder.bind(client);
    let calls = 0;
    client.submitOrder = async (...args: Parameters<typeof real>) => {
      if (++calls === 2) throw new Error('boom');
      return real(...args);
    };
    const out: string[] = [];
    const files = (await readdir(dir)).filter((n) => n.endsWith('.reactivate.json')).map((n) => join(dir, n));
    const journalPath = join(dir, JOURNAL_FILE_NAME);
    const args = { files, target: 'emulator' as const, wait: false, yesProduction: false, verbose: false, concurrency: 1, checkUnknown: false, journalPath };
    const code = await submitBatch(client, args, { out: (l) => out.push(l), err: (l) => out.push(l), env: {} });
    const all = out.join('\n');
    assert.equal(code, 3, all);
    assert.match(all, /GB-ANH-02\.reactivate\.json: outcome unknown \(tracking id \S+\): unexpected error while sending: boom/);
    assert.match(all, /^summary: 3 orders: 2 accepted, 1 unknown \(--check-unknown\)\.$/m);
    assert.doesNotMatch(all, /at .*\.ts:\d+/, 'no stack trace');
    const journal = parseRecords(await readFile(journalPath, 'utf8')).records;
    assert.deepEqual(journal.map((r) => r.state).sort(), ['inProgress', 'inProgress', 'unknown']);
  });
});
