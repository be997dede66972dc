// `npm run package` builds the .vsix from the allowlist in .vscodeignore.
// This runs the real command into a temporary folder and reads the archive's file list.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PART_NAMES, partFile } from '../../src/extension/parts';

const ROOT = path.resolve(__dirname, '..', '..');
/** The goal in README.md, "Packaging": what the extension runs, its README's screenshots, nothing of the command line. */
const MAX_BYTES = 600 * 1024;

/** Names in a zip archive, read from its central directory (no unzip tool needed). */
export function zipEntries(archive: Buffer): string[] {
  const eocd = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip archive (no end of central directory)');
  const count = archive.readUInt16LE(eocd + 10);
  let offset = archive.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(archive.readUInt32LE(offset), 0x02014b50, 'corrupt central directory');
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    names.push(archive.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('npm run package (.vsix)', function () {
  this.timeout(deadline(180_000));
  let dir: string;
  let vsix: string;
  let files: string[];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-vsix-'));
    vsix = path.join(dir, 'colt-number-reactivation.vsix');
    // The real script; npm appends `--out` to its last command (vsce package). stdin closed:
    // vsce must never stop to ask a question.
    execFileSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    files = zipEntries(fs.readFileSync(vsix))
      .filter((f) => f.startsWith('extension/'))
      .map((f) => f.slice('extension/'.length));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds only dist/, media/, package.json, README, CHANGELOG and LICENSE', () => {
    const allowed = /^(dist\/[^/]+\.(js|json)|media\/.+|package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/i;
    const unexpected = files.filter((f) => !allowed.test(f));
    assert.deepEqual(unexpected, [], `unexpected files in the .vsix: ${unexpected.join(', ')}`);
  });

  it('ships the bundles the manifest and the extension load', () => {
    for (const required of [
      'package.json',
      'dist/extension.js',
      'dist/server.js',
      'dist/webview.js',
      'dist/reactivate.schema.json',
      'readme.md',
      'changelog.md',
      'LICENSE.txt',
      // The parts the extension loads on first use (src/extension/parts.ts): one missing breaks its feature, not start-up.
      ...PART_NAMES.map((name) => `dist/${partFile(name)}`),
    ]) {
      assert.ok(files.includes(required), `${required} is missing from the .vsix`);
    }
  });

  it('leaves out the command line: it ships as an npm package of its own', () => {
    assert.ok(!files.includes('dist/cli.js'), 'dist/cli.js is in the .vsix');
  });

  it('has no source maps, no TypeScript source and no node_modules', () => {
    const bad = files.filter((f) => f.endsWith('.map') || f.endsWith('.ts') || f.includes('node_modules/') || f.startsWith('src/') || f.startsWith('test/'));
    assert.deepEqual(bad, []);
  });

  it('is at most 600 KB', () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size <= MAX_BYTES, `the .vsix is ${(size / 1024).toFixed(1)} KB: see what grew with unzip -lv`);
  });
});
