// npm run test:desktop: the same test/integration suite in desktop VS Code, through
// @vscode/test-electron (2.x: 3.x needs Node 22). It downloads VS Code into .vscode-test/,
// so it needs internet access; on this offline machine use npm run test:integration.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildIntegrationTests, INTEGRATION_ENTRY } from './buildIntegrationTests';
import { buildExtension } from './harness/build';
import { PROJECT_ROOT } from './harness/codeServer';
import { ProcessGroup } from './harness/processGroup';
import { copyWorkspace } from './harness/workspaceCopy';

// The oldest VS Code that engines.vscode (^1.100.0) accepts; COLT_VSCODE_VERSION=stable for the newest.
const VERSION = process.env.COLT_VSCODE_VERSION ?? '1.100.3';

async function main(): Promise<number> {
  const processes = new ProcessGroup();
  try {
    buildExtension();
    await buildIntegrationTests();
    const workspace = copyWorkspace(path.join(PROJECT_ROOT, 'test', 'fixtures', 'workspace'), processes);
    // On a Linux machine without a display, run this under xvfb-run.
    await runTests({
      version: VERSION,
      extensionDevelopmentPath: PROJECT_ROOT,
      extensionTestsPath: INTEGRATION_ENTRY,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/getaddrinfo|ENOTFOUND|ECONNREFUSED|download/i.test(message)) {
      console.error(
        `[desktop] could not download VS Code ${VERSION} (${message}). This launcher needs internet access; offline, run: npm run test:integration`,
      );
    } else {
      console.error(`[desktop] ${message}`);
    }
    return 1;
  } finally {
    await processes.stop();
  }
}

void main().then((code) => process.exit(code));
