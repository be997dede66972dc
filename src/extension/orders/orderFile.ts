// The Orders list's file under globalStorageUri, shared by every window: read whole, replaced
// atomically, and written by one window at a time. No vscode import, so it is tested in plain Node.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ORDERS_FILE_NAME = 'orders.json';

/** A lock older than this was left by a window that crashed or hangs: a write holds it for well under a second. */
export const STALE_LOCK_MS = 10_000;
/** How long a write waits for another window's lock before giving up (the save fails and nothing is sent). */
export const LOCK_WAIT_MS = 5_000;

const TEMP_SUFFIX = '.tmp';

/** The file's text, or undefined when there is none yet. Anything else (a directory, no permission) throws. */
export function readOrderFileSync(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function readOrderFile(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

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
 * Temporary files a write left behind when its window crashed between creating and renaming
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
    super(`another window kept the Orders list locked for over ${LOCK_WAIT_MS / 1000} s (${lock})`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Runs `work` while holding `<file>.lock`, so that two windows never read-merge-write the file at
 * the same time (the second would write a list without the first one's new record). The lock is a
 * file created exclusively, naming its owner; a lock whose owner is gone (same machine, process
 * no longer running) or that is older than STALE_LOCK_MS is taken over.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>, options: { waitMs?: number } = {}): Promise<T> {
  const lock = `${file}.lock`;
  const until = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), at: new Date().toISOString() };
  for (;;) {
    try {
      await fs.promises.writeFile(lock, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await isStale(lock)) {
      // Two windows may both find it stale and both remove it; the cost is at most one of them
      // writing without the other's newest record, which that window still holds and writes next time.
      await fs.promises.rm(lock, { force: true });
      continue;
    }
    if (Date.now() > until) throw new LockTimeoutError(lock);
    await new Promise((resolve) => setTimeout(resolve, 15 + Math.random() * 20));
  }
  try {
    return await work();
  } finally {
    await fs.promises.rm(lock, { force: true }).catch(() => undefined);
  }
}

interface LockOwner {
  pid: number;
  host: string;
  at: string;
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
