import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProcessGroup } from './processGroup';

/** A fresh copy of a workspace folder, so tests that write files never dirty the repository. */
export function copyWorkspace(source: string, processes: ProcessGroup): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-workspace-'));
  const target = path.join(parent, 'workspace');
  fs.cpSync(source, target, { recursive: true });
  processes.onStop(() => fs.rmSync(parent, { recursive: true, force: true, maxRetries: 3 }));
  return target;
}
