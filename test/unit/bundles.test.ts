// What each bundle holds (ARCHITECTURE.md, "Bundles and what loads when"): the extension host's
// bundles are built here in memory exactly as `node esbuild.js --production` builds them, and
// esbuild's metafile says which modules went into which file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { deadline } from '../deadline';
import { PART_NAMES, partFile } from '../../src/extension/parts';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild.js is the build script itself (CommonJS); its options are what is tested.
const { extensionHost, server, webview } = require(path.join(ROOT, 'esbuild.js')) as Record<'extensionHost' | 'server' | 'webview', esbuild.BuildOptions>;

const KB = 1024;
/** What VS Code evaluates before activate() returns: dist/extension.js, and nothing else of ours. */
const STARTUP_BUDGET = 150 * KB;

async function production(options: esbuild.BuildOptions): Promise<esbuild.Metafile> {
  const result = await esbuild.build({ ...options, absWorkingDir: ROOT, minify: true, sourcemap: false, write: false, metafile: true, logLevel: 'silent' });
  return result.metafile;
}

/** Output file (by its name in dist/) → its size and the modules in it, paths relative to the project. */
function outputs(meta: esbuild.Metafile): Map<string, { bytes: number; inputs: string[] }> {
  return new Map(Object.entries(meta.outputs).map(([file, out]) => [path.basename(file), { bytes: out.bytes, inputs: Object.keys(out.inputs) }]));
}

describe('bundles: what loads at start-up and what on first use', function () {
  this.timeout(deadline(60_000));
  let host: Map<string, { bytes: number; inputs: string[] }>;

  before(async () => {
    host = outputs(await production(extensionHost));
  });

  it('builds one bundle per part, named as the loader asks for it', () => {
    const sources = fs
      .readdirSync(path.join(ROOT, 'src', 'extension', 'parts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    assert.deepEqual(sources, [...PART_NAMES].sort(), 'src/extension/parts/*.ts and PART_NAMES differ');
    for (const name of PART_NAMES) assert.ok(host.has(partFile(name)), `no ${partFile(name)} in the build`);
    assert.ok(host.has('extension.js'));
  });

  it('keeps the HTTP client, the language client, the emulator, the form, the submission path and the handlers out of the start-up bundle', () => {
    const startup = host.get('extension.js')!.inputs;
    const lazy = [
      /node_modules\/undici\//,
      /node_modules\/vscode-languageclient\//,
      /node_modules\/vscode-jsonrpc\//,
      /node_modules\/jsonc-parser\//,
      /^src\/emulator\/(?!demoCredentials\.ts$)/,
      /^src\/core\/(coltClient|diagnostics|requestDocument|jsonSchema|quickFixes)\.ts$/,
      /^src\/extension\/form\//,
      /^src\/extension\/submission\/submissionService\.ts$/,
      /^src\/extension\/targets\/proxyDispatcher\.ts$/,
      /^src\/extension\/commands\/(?!registerCommands\.ts$|openForm\.ts$)/,
    ];
    const found = startup.filter((input) => lazy.some((pattern) => pattern.test(input)));
    assert.deepEqual(found, [], `loaded at start-up, but belongs to a part: ${found.join(', ')}`);
  });

  it(`keeps the start-up bundle within ${STARTUP_BUDGET / KB} KB`, () => {
    const bytes = host.get('extension.js')!.bytes;
    assert.ok(bytes <= STARTUP_BUDGET, `dist/extension.js is ${(bytes / KB).toFixed(1)} KB`);
  });

  it("gives no part a copy of the start-up bundle's state: the store, the view, the poller, the log or the part loader", () => {
    const stateful = [
      'src/extension/extension.ts',
      'src/extension/parts.ts',
      'src/extension/log.ts',
      'src/extension/orders/orderStore.ts',
      'src/extension/orders/ordersTreeProvider.ts',
      'src/extension/orders/statusPoller.ts',
      'src/extension/targets/targetService.ts',
      'src/extension/secrets/credentialStore.ts',
    ];
    for (const name of PART_NAMES) {
      const copies = host.get(partFile(name))!.inputs.filter((input) => stateful.includes(input));
      assert.deepEqual(copies, [], `${partFile(name)} holds its own copy of ${copies.join(', ')}`);
    }
  });

  it('puts undici only in the client part and vscode-languageclient only in the languageClient part', () => {
    for (const [file, { inputs }] of host) {
      if (file !== partFile('client')) assert.ok(!inputs.some((i) => i.includes('node_modules/undici/')), `${file} holds undici`);
      if (file !== partFile('languageClient'))
        assert.ok(!inputs.some((i) => i.includes('node_modules/vscode-languageclient/')), `${file} holds vscode-languageclient`);
    }
  });

  it('builds webview.js within 80 KB and server.js within 300 KB, with zod in its tree-shakable form', async () => {
    const webviewJs = outputs(await production(webview)).get('webview.js')!;
    const serverJs = outputs(await production(server)).get('server.js')!;
    assert.ok(webviewJs.bytes <= 80 * KB, `webview.js is ${(webviewJs.bytes / KB).toFixed(1)} KB`);
    assert.ok(serverJs.bytes <= 300 * KB, `server.js is ${(serverJs.bytes / KB).toFixed(1)} KB`);
    for (const { inputs } of [webviewJs, serverJs, ...host.values()]) {
      assert.ok(!inputs.some((i) => /node_modules\/zod\/v4\/classic\//.test(i)), "zod's classic API is bundled");
    }
  });
});
