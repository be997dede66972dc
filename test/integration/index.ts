// Loaded by the extension host (extensionTestsPath) under both launchers: code-server
// (scripts/runIntegrationTests.ts) and desktop VS Code (scripts/runDesktopTests.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import { deadline } from '../deadline';
import { afterTest } from './failureReport';
import { EXTENSION_ID } from './harness';
import { RESULT_MARKER, START_MARKER } from './suiteMarkers';

export function run(): Promise<void> {
  // Stack traces of failures point into the test's .ts source (the bundles carry inline maps).
  process.setSourceMapsEnabled(true);
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.COLT_TEST_TIMEOUT_MS ?? deadline(60_000)),
    ...(process.env.COLT_TEST_GREP ? { grep: process.env.COLT_TEST_GREP } : {}),
  });
  // The launcher bundled every test/integration/**/*.test.ts beside this file.
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  let startedAt = Date.now();
  mocha.rootHooks({
    beforeEach() {
      startedAt = Date.now();
    },
    afterEach(this: Mocha.Context) {
      const api = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)?.exports;
      afterTest(this.currentTest, startedAt, () => api?.services.orders.list() ?? []);
    },
  });

  return new Promise((resolve, reject) => {
    console.log(START_MARKER);
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
        console.log(`${RESULT_MARKER} ${JSON.stringify({ passed: passes, failed, pending, files: files.length })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else if (passes === 0) reject(new Error('No integration test ran.'));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
