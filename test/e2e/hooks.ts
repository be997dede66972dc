// Root hooks (mocha --require): one live workbench for the whole e2e run, stopped at the end,
// on Ctrl-C, and when the run overstays its time limit.
import { deadline } from '../deadline';
import { buildExtension } from '../../scripts/harness/build';
import { startWorkbench, type Workbench } from './workbench';

const RUN_TIMEOUT_MS = Number(process.env.COLT_E2E_TIMEOUT_MS ?? deadline(10 * 60_000));
let current: Workbench | undefined;
let starting: Promise<Workbench> | undefined;

/** A spec's own workbench (the untrusted one) whose screen and logs a failure should keep. */
let failuresFrom: Workbench | undefined;

/** Makes a failing test keep `wb`'s screenshot and logs instead of the shared workbench's; undefined ends it. */
export function reportFailuresFrom(wb: Workbench | undefined): void {
  failuresFrom = wb;
}

/** The shared workbench; e2e specs call this in their tests or before hooks. */
export function workbench(): Workbench {
  if (!current) throw new Error('the e2e workbench is not running (test/e2e/hooks.ts starts it in beforeAll)');
  return current;
}

async function stop(): Promise<void> {
  const running = current ?? (await starting?.catch(() => undefined));
  current = undefined;
  await running?.stop();
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    console.error(`\n${signal} received: stopping code-server, Chromium and the emulator...`);
    void stop().finally(() => process.exit(code));
  });
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(deadline(120_000));
    const guard = setTimeout(() => {
      console.error(`\nThe e2e run did not finish within ${Math.round(RUN_TIMEOUT_MS / 1000)} s: stopping code-server and Chromium.`);
      void stop().finally(() => process.exit(1));
    }, RUN_TIMEOUT_MS);
    guard.unref();
    buildExtension();
    starting = startWorkbench();
    current = await starting;
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(deadline(60_000));
    await stop();
  },
  async afterEach(this: Mocha.Context) {
    // A failing test leaves a picture of the screen and the workbench's logs behind: the
    // run's own folders are removed when it stops.
    const test = this.currentTest;
    const failed = failuresFrom ?? current;
    if (failed && test?.state === 'failed') {
      const name = `failed-${test
        .fullTitle()
        .replace(/[^\w-]+/g, '-')
        .slice(0, 80)}`;
      const file = await failed.screenshot(name).catch(() => undefined);
      if (file) console.log(`      screenshot: ${file}`);
      const logs = failed.keepLogs(name);
      if (logs) console.log(`      workbench logs: ${logs}`);
    }
    // Leave no palette or quick pick open, and no notification that a later test could take
    // for its own.
    await current?.page.keyboard.press('Escape').catch(() => undefined);
    await current?.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
  },
};
