// The Orders list's file, in plain Node: the atomic replace, the cross-window lock and its
// takeover after a crash, and the clean-up of what a crashed write leaves. The store over it
// (merging, migration, saving before a POST) is tested in the extension host
// (test/integration/orderStore.test.ts).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  LockTimeoutError,
  readOrderFile,
  readOrderFileSync,
  removeLeftoverTempFiles,
  STALE_LOCK_MS,
  withFileLock,
  writeFileAtomically,
} from '../../src/extension/orders/orderFile';

describe('orders file: atomic replace, lock, leftovers', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-order-file-'));
    file = path.join(dir, 'orders.json');
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tempFiles = () => fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));

  it('reads nothing when there is no file yet, and the text once written', async () => {
    assert.equal(readOrderFileSync(file), undefined);
    assert.equal(await readOrderFile(file), undefined);
    await writeFileAtomically(file, '{"version":1,"records":[]}');
    assert.equal(readOrderFileSync(file), '{"version":1,"records":[]}');
    assert.equal(await readOrderFile(file), '{"version":1,"records":[]}');
  });

  it('replaces the file whole and leaves no temporary file behind', async () => {
    await writeFileAtomically(file, 'first');
    const big = 'x'.repeat(5_000_000);
    await writeFileAtomically(file, big);
    assert.equal(fs.readFileSync(file, 'utf8'), big);
    assert.deepEqual(tempFiles(), []);
  });

  it('a write that fails leaves the old file as it was and no temporary file', async () => {
    await writeFileAtomically(file, 'kept');
    fs.mkdirSync(path.join(dir, 'blocker'));
    fs.writeFileSync(path.join(dir, 'blocker', 'inside'), '');
    // Renaming a file over a non-empty directory fails after the temporary file was written.
    await assert.rejects(writeFileAtomically(path.join(dir, 'blocker'), 'new'), (err: NodeJS.ErrnoException) => typeof err.code === 'string');
    assert.equal(fs.readFileSync(file, 'utf8'), 'kept');
    assert.deepEqual(tempFiles(), []);
  });

  it('reading a directory or a path through a file is an error, not "no file"', () => {
    fs.mkdirSync(file);
    assert.throws(
      () => readOrderFileSync(file),
      (err: NodeJS.ErrnoException) => err.code === 'EISDIR',
    );
    const notADir = path.join(dir, 'plain');
    fs.writeFileSync(notADir, '');
    assert.throws(
      () => readOrderFileSync(path.join(notADir, 'orders.json')),
      (err: NodeJS.ErrnoException) => err.code === 'ENOTDIR',
    );
  });

  it('removes only temporary files of this list that a crashed write left', async () => {
    fs.writeFileSync(file, 'list');
    fs.writeFileSync(`${file}.123.deadbeef.tmp`, '{"version":1,"rec');
    fs.writeFileSync(`${file}.456.00000000.tmp`, '');
    fs.writeFileSync(path.join(dir, 'other.json.1.abcdef01.tmp'), 'not ours');
    fs.writeFileSync(`${file}.lock`, '{}');
    const removed = await removeLeftoverTempFiles(file);
    assert.deepEqual(removed.sort(), ['orders.json.123.deadbeef.tmp', 'orders.json.456.00000000.tmp']);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['orders.json', 'orders.json.lock', 'other.json.1.abcdef01.tmp']);
    assert.equal(fs.readFileSync(file, 'utf8'), 'list');
  });

  it('one holder at a time: critical sections of concurrent callers never overlap, and the lock is released', async () => {
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const work = (n: number) =>
      withFileLock(file, async () => {
        inside++;
        most = Math.max(most, inside);
        // Yield to the others while holding the lock: they must wait, not enter.
        await new Promise((resolve) => setImmediate(resolve));
        await fs.promises.appendFile(path.join(dir, 'log'), `${n}\n`);
        order.push(n);
        inside--;
        return n;
      });
    const results = await Promise.all([1, 2, 3, 4, 5].map(work));
    assert.deepEqual(results, [1, 2, 3, 4, 5]);
    assert.equal(most, 1);
    assert.equal(order.length, 5);
    assert.equal(fs.existsSync(`${file}.lock`), false);
  });

  it('the lock is released when the work throws', async () => {
    await assert.rejects(
      withFileLock(file, async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(fs.existsSync(`${file}.lock`), false);
    assert.equal(await withFileLock(file, async () => 'again'), 'again');
  });

  it('takes over a lock whose owner has ended (a window that crashed mid-write)', async () => {
    const child = spawnSync(process.execPath, ['-e', '']);
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: child.pid, host: os.hostname(), at: new Date().toISOString() }));
    assert.equal(await withFileLock(file, async () => 'taken over'), 'taken over');
    assert.equal(fs.existsSync(`${file}.lock`), false);
  });

  it('takes over a lock older than STALE_LOCK_MS, even one it cannot read', async () => {
    fs.writeFileSync(`${file}.lock`, '');
    const old = (Date.now() - STALE_LOCK_MS - 60_000) / 1000;
    fs.utimesSync(`${file}.lock`, old, old);
    assert.equal(await withFileLock(file, async () => 'taken over'), 'taken over');
  });

  it('waits for a live owner and gives up with LockTimeoutError, leaving its lock alone', async () => {
    const live = JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() });
    fs.writeFileSync(`${file}.lock`, live);
    let ran = false;
    await assert.rejects(
      withFileLock(
        file,
        async () => {
          ran = true;
        },
        { waitMs: 0 },
      ),
      LockTimeoutError,
    );
    assert.equal(ran, false);
    assert.equal(fs.readFileSync(`${file}.lock`, 'utf8'), live);
  });

  it('a lock on another machine is not judged by its pid', async () => {
    // Same pid as a process that ended here, but another host: only its age can make it stale.
    const child = spawnSync(process.execPath, ['-e', '']);
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: child.pid, host: `not-${os.hostname()}`, at: new Date().toISOString() }));
    await assert.rejects(
      withFileLock(file, async () => undefined, { waitMs: 0 }),
      LockTimeoutError,
    );
  });
});
