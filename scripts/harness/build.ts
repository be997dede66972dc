import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT } from './codeServer';

/**
 * `node esbuild.js`, so each launcher tests what is in src/ now. COLT_SKIP_BUILD=1 skips it
 * when dist/ is known to be fresh (quick reruns while iterating on a test).
 */
export function buildExtension(extraArgs: string[] = []): void {
  if (process.env.COLT_SKIP_BUILD === '1') return;
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'esbuild.js'), ...extraArgs], { stdio: 'inherit', cwd: PROJECT_ROOT });
  if (r.status !== 0) throw new Error('the build failed (node esbuild.js); see the errors above.');
}
