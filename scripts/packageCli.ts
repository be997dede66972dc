// npm run package:cli: the command line (and with it the language server, `colt-reactivate lsp`)
// as an npm package of its own, for people without VS Code. Everything is bundled into cli.js, so
// the package has no dependencies. `--out DIR` puts the .tgz elsewhere than the project folder.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const STAGE = path.join(ROOT, 'build', 'cli-package');

interface Manifest {
  version: string;
  license: string;
  engines: { node: string };
}

function outDir(argv: readonly string[]): string {
  const i = argv.indexOf('--out');
  return i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]) : ROOT;
}

/** The package's own manifest: the extension's version, licence and Node range, nothing else. */
function cliManifest(extension: Manifest): object {
  return {
    name: 'colt-reactivate',
    version: extension.version,
    description:
      "Validate and submit Colt number reactivation requests, run a local emulator of Colt's API, and the request-file language server for any editor.",
    license: extension.license,
    bin: { 'colt-reactivate': 'cli.js' },
    files: ['cli.js'],
    // undici, bundled into cli.js, needs this Node: the same range as the extension's.
    engines: { node: extension.engines.node },
    keywords: ['colt', 'lsp', 'language-server', 'cli'],
  };
}

function stage(): void {
  const bundle = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(bundle)) throw new Error('dist/cli.js is missing: run `node esbuild.js --production` first (npm run package:cli does).');
  const extension = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.mkdirSync(STAGE, { recursive: true });
  fs.copyFileSync(bundle, path.join(STAGE, 'cli.js'));
  fs.chmodSync(path.join(STAGE, 'cli.js'), 0o755);
  fs.copyFileSync(path.join(ROOT, 'src', 'cli', 'README.md'), path.join(STAGE, 'README.md'));
  fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(STAGE, 'LICENSE'));
  fs.writeFileSync(path.join(STAGE, 'package.json'), JSON.stringify(cliManifest(extension), null, 2) + '\n');
}

/** npm pack of the staging folder; returns the path of the .tgz. */
function pack(out: string): string {
  fs.mkdirSync(out, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = execFileSync(npm, ['pack', '--json', '--pack-destination', out], { cwd: STAGE, encoding: 'utf8', shell: process.platform === 'win32' });
  const [{ filename }] = JSON.parse(result) as Array<{ filename: string }>;
  return path.join(out, filename);
}

stage();
console.log(`wrote ${pack(outDir(process.argv.slice(2)))}`);
