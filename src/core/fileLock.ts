// A file shared by several processes (the extension's windows over the Orders list, overlapping
// runs of the command line over one batch journal): replaced atomically, and read-merged-written by
// one process at a time under a lock file. Node built-ins only, so that both can use it.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A lock older than this was left by a process that crashed or hangs: a write holds it for well under a second. */
export const STALE_LOCK_MS = 10_000;
/** How long a write waits for another process's lock before giving up (the save fails and nothing is sent). */
export const LOCK_WAIT_MS = 5_000;

const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `file` with `text` so that a reader, or the next start after a crash, sees either the
 * old file whole or the new one whole: the text goes to a temporary file in the same directory
 * (a rename is atomic only within one file system), is flushed to the disk, and is renamed over
 * the file; then the directory is flushed so that the rename itself survives a power cut.
 */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(temp, 'wx', 0o600);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.promises.rename(temp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDirectory(path.dirname(file));
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory, and NTFS journals the rename anyway.
  if (process.platform === 'win32') return;
  const handle = await fs.promises.open(dir, 'r').catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Temporary files a write left behind when its process crashed between creating and renaming
 * them. Called with the lock held: a live writer only has a temporary file while it holds the lock.
 */
export async function removeLeftoverTempFiles(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  const leftovers = names.filter((n) => n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX));
  for (const name of leftovers) await fs.promises.rm(path.join(dir, name), { force: true }).catch(() => undefined);
  return leftovers;
}

export class LockTimeoutError extends Error {
  constructor(lock: string) {
    super(`another window or run kept ${lock} locked for over ${LOCK_WAIT_MS / 1000} s`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Runs `work` while holding `<file>.lock`, so that two processes never read-merge-write the file at
 * the same time (the second would write a list without the first one's new record). The lock is a
 * file created exclusively, naming its owner and a token of this one holding; a lock whose owner is
 * gone (same machine, process no longer running) or that is older than STALE_LOCK_MS is taken over
 * (see takeOver). The lock is removed at the end only if it is still this holding's.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>, options: { waitMs?: number } = {}): Promise<T> {
  const lock = `${file}.lock`;
  const until = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), at: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  for (;;) {
    try {
      await fs.promises.writeFile(lock, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if ((await isStale(lock)) && (await takeOver(lock))) continue;
    if (Date.now() > until) throw new LockTimeoutError(lock);
    await new Promise((resolve) => setTimeout(resolve, 15 + Math.random() * 20));
  }
  try {
    return await work();
  } finally {
    await release(lock, owner.token);
  }
}

interface LockOwner {
  pid: number;
  host: string;
  at: string;
  /** Which holding this is: two holders in one process share the pid. */
  token: string;
}

/**
 * Removes a stale lock, so that the caller may create its own with `wx`. Two contenders may judge
 * the same lock stale; if both simply removed it, the slower one would remove the lock the faster
 * one had just created, and both would hold it. So a takeover is itself exclusive: it needs
 * `<lock>.takeover` (created with `wx`), and under it the lock is judged again, so a lock created
 * meanwhile by another contender is fresh and stays. True when the lock is gone (try again now).
 */
async function takeOver(lock: string): Promise<boolean> {
  const guard = `${lock}.takeover`;
  try {
    await fs.promises.writeFile(guard, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Another contender is taking over; its guard lives for a few file operations. One older than
    // STALE_LOCK_MS was left by a crash in between: moved aside under a unique name, so that of two
    // contenders finding it only the one whose rename succeeds removes it.
    const stat = await fs.promises.stat(guard).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) {
      const aside = `${guard}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
      if (
        await fs.promises.rename(guard, aside).then(
          () => true,
          () => false,
        )
      )
        await fs.promises.rm(aside, { force: true }).catch(() => undefined);
    }
    return false;
  }
  try {
    if (!(await isStale(lock))) return !fs.existsSync(lock);
    await fs.promises.rm(lock, { force: true });
    return true;
  } finally {
    await fs.promises.rm(guard, { force: true }).catch(() => undefined);
  }
}

/** Removes the lock only if it is still `token`'s: after a takeover (this holder hung past STALE_LOCK_MS) it is another's. */
async function release(lock: string, token: string): Promise<void> {
  let owner: Partial<LockOwner> | undefined;
  try {
    owner = JSON.parse(await fs.promises.readFile(lock, 'utf8')) as Partial<LockOwner>;
  } catch {
    return; // gone, or another's half-written lock
  }
  if (owner?.token === token) await fs.promises.rm(lock, { force: true }).catch(() => undefined);
}

async function isStale(lock: string): Promise<boolean> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(lock);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false; // released meanwhile: try again
    throw err;
  }
  if (Date.now() - stat.mtimeMs > STALE_LOCK_MS) return true;
  let owner: Partial<LockOwner>;
  try {
    owner = JSON.parse(await fs.promises.readFile(lock, 'utf8')) as Partial<LockOwner>;
  } catch {
    return false; // just created and not written yet, or released: judged by age alone
  }
  return owner.host === os.hostname() && typeof owner.pid === 'number' && !isRunning(owner.pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
