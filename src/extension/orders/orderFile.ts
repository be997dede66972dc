// The Orders list's file under globalStorageUri, shared by every window: read whole, replaced
// atomically, and written by one window at a time. The atomic replace and the lock are core's
// (src/core/fileLock.ts), shared with the command line's batch journal. No vscode import, so it is
// tested in plain Node.
import * as fs from 'node:fs';

export { LOCK_WAIT_MS, LockTimeoutError, removeLeftoverTempFiles, STALE_LOCK_MS, withFileLock, writeFileAtomically } from '../../core/fileLock';

export const ORDERS_FILE_NAME = 'orders.json';

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
