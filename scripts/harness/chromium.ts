import * as fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { ProcessGroup } from './processGroup';

export const CHROMIUM_PATH = process.env.COLT_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, closed with `processes`. No browser is ever downloaded. */
export async function launchChromium(processes: ProcessGroup): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Run: bash scripts/installCodeServer.sh (as root), or: sudo apt-get install -y chromium`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: process.env.COLT_HEADED !== '1',
    // Signals are handled by ProcessGroup, which closes the browser in order.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  processes.onStop(() => browser.close());
  return browser;
}
