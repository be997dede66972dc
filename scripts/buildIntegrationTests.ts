import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './harness/codeServer';

export const INTEGRATION_OUT = path.join(PROJECT_ROOT, 'out', 'integration');
/** The module whose run() the extension host calls (extensionTestsPath, without `.js`). */
export const INTEGRATION_ENTRY = path.join(INTEGRATION_OUT, 'index');

/**
 * Bundles test/integration: index.ts (the mocha runner) and every *.test.ts, one file each,
 * so index.js can add them to mocha by name. `vscode` comes from the extension host and
 * mocha from node_modules (it must be the same instance the runner uses).
 */
export async function buildIntegrationTests(): Promise<string[]> {
  const source = path.join(PROJECT_ROOT, 'test', 'integration');
  const tests = fs
    .readdirSync(source, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(source, f));
  fs.rmSync(INTEGRATION_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(source, 'index.ts'), ...tests],
    outdir: INTEGRATION_OUT,
    outbase: source,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    // As in esbuild.js: jsonc-parser's UMD build (the "main" field) uses requires esbuild cannot follow.
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
  });
  return tests;
}

if (require.main === module) {
  buildIntegrationTests().then(
    (tests) => console.log(`built ${tests.length} integration test file(s) into ${path.relative(PROJECT_ROOT, INTEGRATION_OUT)}`),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
