// npm start: the extension in a real VS Code (code-server) on the examples/ workspace, aimed
// at a local emulator with its demo inventory and demo credentials. Ctrl-C stops all.
// `npm start -- --check` opens the workbench in headless Chromium, checks that the extension
// is active, saves test-results/demo.png and stops (the fresh-clone check of the demo).
import * as path from 'node:path';
import { buildExtension } from './harness/build';
import { launchChromium } from './harness/chromium';
import { PROJECT_ROOT, startCodeServer } from './harness/codeServer';
import { ProcessGroup, withTimeout } from './harness/processGroup';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const PORT = Number(process.env.COLT_DEMO_PORT ?? 8080);
const CHECK = process.argv.includes('--check');

async function main(): Promise<void> {
  const processes = new ProcessGroup().stopOnSignals();
  try {
    buildExtension();
    const emulatorPort = await startEmulatorCli(processes);
    console.log(`[demo] emulator listening on http://127.0.0.1:${emulatorPort} (demo inventory)`);
    const server = await startCodeServer({
      workspace: EXAMPLES,
      port: CHECK ? 0 : PORT,
      processes,
      settings: {
        'coltReactivate.target': 'emulator',
        'coltReactivate.emulator.port': emulatorPort,
        'workbench.colorTheme': 'Default Light Modern',
      },
      env: { COLT_REACTIVATE_SEED_EMULATOR_CREDENTIALS: '1' },
    }).catch((err: Error) => {
      if (/EADDRINUSE|address already in use/i.test(err.message)) {
        throw new Error(`port ${PORT} is in use: stop what uses it, or pick another: COLT_DEMO_PORT=8081 npm start`);
      }
      throw err;
    });
    const url = server.workbenchUrl({ extensionDevelopmentPath: PROJECT_ROOT });
    if (CHECK) {
      await checkWorkbench(url, processes);
      return;
    }
    console.log(
      [
        '',
        'Colt Number Reactivation demo is running. Open this URL in a browser on this machine:',
        '',
        `  ${url}`,
        '',
        `(From another machine, forward the port first: ssh -L ${server.port}:127.0.0.1:${server.port} <this host>.)`,
        'The target is the local emulator and its demo credentials are stored; open',
        'seed-example-1.reactivate.json and run "Colt: Submit Reactivation Request" from the palette (F1).',
        'Press Ctrl-C to stop code-server and the emulator.',
      ].join('\n'),
    );
    await new Promise<never>(() => {
      // Runs until Ctrl-C; ProcessGroup stops everything and exits.
    });
  } catch (err) {
    await processes.stop();
    throw err;
  }
}

/** `colt-reactivate emulator --port 0`; resolves with the port from its "listening on" line. */
function startEmulatorCli(processes: ProcessGroup): Promise<number> {
  const child = processes.spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli.js'), 'emulator', '--port', '0', '--recycle-numbers']);
  let output = '';
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the emulator exited (code ${code}) before it was ready:\n${output}`)));
  });
  child.once('exit', (code, signal) => {
    if (signal === null && code !== 0) console.error(`[demo] the emulator stopped unexpectedly (exit ${code}). Stop with Ctrl-C and run npm start again.`);
  });
  return withTimeout(listening, 20_000, `the emulator did not start within 20 s:\n${output}`);
}

async function checkWorkbench(url: string, processes: ProcessGroup): Promise<void> {
  const browser = await launchChromium(processes);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  // The target's status bar item exists only once the extension has activated.
  await page.locator('.statusbar-item', { hasText: /Colt/ }).first().waitFor({ timeout: 90_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'seed-example-1.reactivate.json' }).waitFor({ timeout: 30_000 });
  const file = path.join(PROJECT_ROOT, 'test-results', 'demo.png');
  await page.screenshot({ path: file });
  console.log(`[demo] check passed: the workbench serves examples/ and the extension is active (${path.relative(PROJECT_ROOT, file)})`);
  await processes.stop();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
