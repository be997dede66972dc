// npm run test:integration: the test/integration mocha suite inside a real VS Code extension
// host, served by code-server and driven by headless Chromium (ARCHITECTURE.md, "Tests"; the
// offline install is scripts/installCodeServer.sh). Exit code = the suite's result.
import * as path from 'node:path';
import { format } from 'node:util';
import { buildIntegrationTests, INTEGRATION_ENTRY } from './buildIntegrationTests';
import { buildExtension } from './harness/build';
import { launchChromium } from './harness/chromium';
import { PROJECT_ROOT, startCodeServer } from './harness/codeServer';
import { ProcessGroup } from './harness/processGroup';
import { copyWorkspace } from './harness/workspaceCopy';
import { deadline } from '../test/deadline';
import { RESULT_MARKER, START_MARKER } from '../test/integration/suiteMarkers';

const TIMEOUT_MS = Number(process.env.COLT_INTEGRATION_TIMEOUT_MS ?? deadline(10 * 60_000));
const FIXTURE_WORKSPACE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workspace');

interface Result {
  passed: number;
  failed: number;
  pending: number;
}

async function main(): Promise<number> {
  const started = Date.now();
  const processes = new ProcessGroup().stopOnSignals();
  const timer = setTimeout(() => {
    console.error(
      `\nIntegration tests did not finish within ${Math.round(TIMEOUT_MS / 1000)} s: stopping code-server and Chromium.` +
        '\nA test is probably waiting for something that never happens; run a subset with COLT_TEST_GREP=<part of a test title> to find it.',
    );
    void processes.stop().finally(() => process.exit(1));
  }, TIMEOUT_MS);
  timer.unref();

  try {
    buildExtension();
    const tests = await buildIntegrationTests();
    console.log(`[integration] ${tests.length} test file(s); starting code-server...`);
    const workspace = copyWorkspace(FIXTURE_WORKSPACE, processes);
    const server = await startCodeServer({ workspace, processes });
    const browser = await launchChromium(processes);
    const page = await browser.newPage();

    let finish: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    // The log carries the workbench's own chatter too; relay from the suite's start marker on.
    const log = new SuiteLog();
    await page.exposeFunction('codeAutomationLog', (_level: string, args: unknown) => log.add(args));
    page.on('crash', () => {
      console.error('[integration] the workbench page crashed; stopping.');
      finish(1);
    });
    if (process.env.COLT_HARNESS_DEBUG === '1') page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));

    console.log(`[integration] code-server at ${server.url}; running the suite in the extension host...`);
    await page.goto(server.workbenchUrl({ extensionDevelopmentPath: PROJECT_ROOT, extensionTestsPath: INTEGRATION_ENTRY }));
    const code = await exitCode;
    clearTimeout(timer);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const result = log.result;
    if (result) {
      // The plain summary line CI reads, alone on its line.
      console.log(`\n[integration] finished in ${seconds} s\nintegration: ${result.passed} passed, ${result.failed} failed, ${result.pending} skipped`);
    } else {
      console.error(`\n[integration] the suite ended (exit ${code}) without a report. Workbench log:\n${log.beforeStart.join('\n')}`);
      console.error(`code-server's log:\n${server.tail()}`);
    }
    return code;
  } finally {
    await processes.stop();
  }
}

/** codeAutomationLog receives console arguments (mocha's format strings and their values). */
class SuiteLog {
  readonly beforeStart: string[] = [];
  result: Result | undefined;
  private started = false;

  add(args: unknown): void {
    const text = Array.isArray(args) ? format(...args) : String(args);
    if (process.env.COLT_HARNESS_DEBUG === '1') console.log(`[workbench] ${text}`);
    if (text.startsWith(RESULT_MARKER)) {
      this.result = JSON.parse(text.slice(RESULT_MARKER.length));
    } else if (text.startsWith(START_MARKER)) {
      this.started = true;
    } else if (this.started) {
      console.log(text);
    } else {
      this.beforeStart.push(text);
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[integration] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
