// The bundles as they ship (`node esbuild.js --production`, as `npm run package` builds them), built
// in a scratch copy of the project so that the benchmark neither races nor disturbs other builds
// of dist/ in the checkout. The result holds what the .vsix holds (.vscodeignore): package.json,
// dist/*.js but cli.js, dist/*.json, media/ and the documents; no node_modules, no source maps.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const BUILD_INPUTS = ['esbuild.js', 'package.json', 'tsconfig.json', 'src'];
const SHIPPED = ['package.json', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE'];

export interface ProductionBuild {
  /** An extension folder: load it with extensionDevelopmentPath. */
  root: string;
  dist: string;
  /** Bytes of each shipped file in dist/, by name. */
  bundleSizes: Record<string, number>;
  remove(): void;
}

export function buildProduction(): ProductionBuild {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-bench-build-'));
  const remove = () => fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  try {
    for (const entry of BUILD_INPUTS) fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(scratch, entry), { recursive: true });
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
    const r = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: scratch, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the production build failed (node esbuild.js --production); see the errors above.');

    const root = path.join(scratch, 'extension');
    const dist = path.join(root, 'dist');
    fs.mkdirSync(dist, { recursive: true });
    for (const entry of SHIPPED) {
      const from = path.join(PROJECT_ROOT, entry);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(root, entry), { recursive: true });
    }
    const bundleSizes: Record<string, number> = {};
    for (const name of fs.readdirSync(path.join(scratch, 'dist')).sort()) {
      // .vscodeignore ships dist's .js and .json files, except the command line (its own npm package).
      if (!/\.(js|json)$/.test(name) || name === 'cli.js') continue;
      fs.copyFileSync(path.join(scratch, 'dist', name), path.join(dist, name));
      bundleSizes[name] = fs.statSync(path.join(dist, name)).size;
    }
    return { root, dist, bundleSizes, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
