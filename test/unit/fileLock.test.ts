// The lock shared by the Orders list and the command line's batch journal (src/core/fileLock.ts):
// what its takeover of a stale lock and its release do when two contenders meet. The plain cases
// (one holder at a time, waiting, the atomic replace) are in orderFile.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { STALE_LOCK_MS, withFileLock } from '../../src/core/fileLock';
import { deadline } from '../deadline';

describe('file lock: two contenders and a stale lock', () => {
  let dir: string;
  let file: string;
  let lock: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-file-lock-'));
    file = path.join(dir, 'shared.json');
    lock = `${file}.lock`;
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const makeStale = (at: string) => {
    fs.writeFileSync(at, JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date(0).toISOString(), token: 'crashed' }));
    const old = (Date.now() - STALE_LOCK_MS - 60_000) / 1000;
    fs.utimesSync(at, old, old);
  };

  it('rounds of two contenders at a stale lock: one takes it over, the other waits for it; never both inside, nothing left behind', async () => {
    // Many rounds of the real interleaving; the exact race is forced in the next test.
    for (let round = 0; round < 30; round++) {
      makeStale(lock);
      let inside = 0;
      let most = 0;
      const contender = () =>
        withFileLock(file, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setImmediate(resolve));
          await fs.promises.appendFile(path.join(dir, 'log'), 'x');
          inside--;
        });
      await Promise.all([contender(), contender()]);
      assert.equal(most, 1, `round ${round}: two holders at once`);
      assert.equal(fs.existsSync(lock), false);
    }
    assert.equal(fs.readFileSync(path.join(dir, 'log'), 'utf8').length, 60);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['log']);
  });

  it('the slower of two contenders that judged the same lock stale does not remove the lock the faster one took', async () => {
    // The file system is slowed at one point only: the second contender's look at the stale lock
    // answers after the first has already taken the lock over, the moment of the race.
    makeStale(lock);
    const realStat = fs.promises.stat;
    let calls = 0;
    let secondAnswered = false;
    let arrived!: () => void;
    const bothArrived = new Promise<void>((r) => (arrived = r));
    let waiting!: () => void;
    const secondWaits = new Promise<void>((r) => (waiting = r));
    let entered!: () => void;
    const secondEntered = new Promise<void>((r) => (entered = r));
    const lockIsFresh = async () => {
      const until = Date.now() + deadline(5_000);
      while (!(fs.existsSync(lock) && !fs.readFileSync(lock, 'utf8').includes('crashed'))) {
        if (Date.now() > until) throw new Error('the first contender never took the lock');
        await new Promise((r) => setImmediate(r));
      }
    };
    (fs.promises as { stat: unknown }).stat = async (...args: Parameters<typeof realStat>) => {
      const result = await realStat(...args);
      if (args[0] !== lock) return result;
      calls++;
      if (secondAnswered)
        waiting(); // the second contender looks again: it found the new lock live and waits
      else if (calls === 1) await bothArrived;
      else if (calls === 2) {
        arrived();
        await lockIsFresh();
        secondAnswered = true;
      }
      return result;
    };
    try {
      let inside = 0;
      let most = 0;
      // The second contender's wait includes the time it is held inside stat (above), so on a busy
      // machine the production limit (5 s) would time it out: this test is about both holding at
      // once, not about how long a contender waits.
      const waitMs = deadline(60_000);
      const first = withFileLock(
        file,
        async () => {
          inside++;
          most = Math.max(most, inside);
          await Promise.race([secondWaits, secondEntered]);
          inside--;
        },
        { waitMs },
      );
      const second = withFileLock(
        file,
        async () => {
          inside++;
          most = Math.max(most, inside);
          entered();
          inside--;
        },
        { waitMs },
      );
      await Promise.all([first, second]);
      assert.equal(most, 1, 'both held the lock at once');
    } finally {
      (fs.promises as { stat: unknown }).stat = realStat;
    }
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it("a holder whose lock was taken over meanwhile leaves the new owner's lock in place", async () => {
    const other = JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString(), token: 'the-new-owner' });
    await withFileLock(file, async () => {
      // As if this holder had hung past STALE_LOCK_MS and another process had taken the lock over.
      fs.writeFileSync(lock, other);
    });
    assert.equal(fs.readFileSync(lock, 'utf8'), other);
  });

  it('the second contender waits while the first holds a lock it took over, then gets it', async () => {
    makeStale(lock);
    let firstInside = false;
    let releaseFirst!: () => void;
    const firstEntered = new Promise<void>((entered) => {
      void withFileLock(file, async () => {
        firstInside = true;
        entered();
        await new Promise<void>((r) => (releaseFirst = r));
        firstInside = false;
      });
    });
    await firstEntered;
    const second = withFileLock(file, async () => firstInside);
    // The first one's fresh lock is not stale: the second one must not take it over.
    assert.equal(JSON.parse(fs.readFileSync(lock, 'utf8')).token !== 'crashed', true);
    releaseFirst();
    assert.equal(await second, false);
  });

  it('a takeover guard left by a crash (older than STALE_LOCK_MS) does not block the takeover for ever', async () => {
    makeStale(lock);
    makeStale(`${lock}.takeover`);
    assert.equal(await withFileLock(file, async () => 'in'), 'in');
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
