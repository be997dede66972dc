// `npm run package:cli` makes the command line's own npm package. This packs it for real,
// installs the .tgz into a scratch prefix without the network (it has no dependencies) and runs
// the installed `colt-reactivate` as a user would.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { assertCleanExit, StdioLspClient } from './stdioLspClient';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'requests');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Names in a .tgz made by npm pack (no tar tool needed: ustar headers, gzip-compressed). */
function tarEntries(tgz: string): string[] {
  const tar = gunzipSync(fs.readFileSync(tgz));
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length && tar[offset] !== 0;) {
    names.push(tar.toString('utf8', offset, offset + 100).replace(/\0.*$/s, ''));
    const size = parseInt(
      tar
        .toString('utf8', offset + 124, offset + 136)
        .replace(/\0.*$/s, '')
        .trim(),
      8,
    );
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

describe('npm run package:cli (the colt-reactivate npm package)', function () {
  this.timeout(deadline(180_000));
  let dir: string;
  let tgz: string;
  let bin: string;
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-cli-package-'));
    execFileSync(npm, ['run', 'package:cli', '--silent', '--', '--out', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    tgz = path.join(dir, `colt-reactivate-${version}.tgz`);
    const prefix = path.join(dir, 'prefix');
    execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tgz], { stdio: ['ignore', 'pipe', 'pipe'] });
    bin = path.join(prefix, 'node_modules', '.bin', 'colt-reactivate');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds the bundle, its manifest, README and LICENSE only, with no dependencies', () => {
    assert.deepEqual(tarEntries(tgz).sort(), ['package/LICENSE', 'package/README.md', 'package/cli.js', 'package/package.json']);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'build', 'cli-package', 'package.json'), 'utf8'));
    assert.deepEqual(manifest.bin, { 'colt-reactivate': 'cli.js' });
    assert.equal(manifest.dependencies, undefined);
    assert.match(manifest.engines.node, /^>=20/);
  });

  it('installs a working colt-reactivate: --version, validate', () => {
    const run = (...args: string[]) => spawnSync(bin, args, { cwd: FIXTURES, encoding: 'utf8' });
    const versionRun = run('--version');
    assert.deepEqual([versionRun.status, versionRun.stdout, versionRun.stderr], [0, `${version}\n`, '']);
    assert.match(run('--help').stdout, /colt-reactivate lsp --stdio/);
    const clean = run('validate', 'seed-example-1.reactivate.json');
    assert.deepEqual([clean.status, clean.stdout], [0, '']);
    const reversed = run('validate', 'range-reversed.reactivate.json');
    assert.equal(reversed.status, 1);
    assert.match(reversed.stdout, /^range-reversed\.reactivate\.json:3:9: error range-reversed /);
  });

  it('installs a working language server: lsp --stdio', async () => {
    const client = StdioLspClient.spawn(bin, ['lsp', '--stdio'], dir);
    try {
      const init = await client.initialize();
      assert.ok(init.capabilities.hoverProvider);
      assertCleanExit(client, await client.shutdownAndExit());
    } finally {
      client.dispose();
    }
  });
});
