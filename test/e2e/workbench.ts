// A live VS Code workbench (code-server + headless Chromium) with the extension loaded from
// this checkout, and the helpers e2e tests use to drive it as a person would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../src/emulator/emulator';
import { EmulatorControl, type EmulatorOrderView } from '../../src/emulator/emulatorControl';
import { launchChromium } from '../../scripts/harness/chromium';
import { PROJECT_ROOT, type RunningCodeServer, startCodeServer } from '../../scripts/harness/codeServer';
import { ProcessGroup } from '../../scripts/harness/processGroup';
import { copyWorkspace } from '../../scripts/harness/workspaceCopy';

export const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');
export const FIXTURE_WORKSPACE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workspace');
import { deadline } from '../deadline';

/** Every wait on the workbench: generous, since a wait ends as soon as its condition holds. */
export const DEFAULT_TIMEOUT_MS = deadline(30_000);

export interface WorkbenchOptions {
  /** Extra user settings (the emulator target and port are always set). */
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /**
   * What "ready" means: 'explorer' (default) waits for the Explorer's rows; 'workbench' only for
   * the workbench, for starts that open a dialog first (the workspace trust prompt).
   */
  readyWhen?: 'explorer' | 'workbench';
}

/** Starts everything one e2e run needs; `stop()` ends all of it. */
export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const processes = new ProcessGroup();
  try {
    const emulator = await startEmulator({ port: 0 });
    processes.onStop(() => emulator.close());
    const workspace = copyWorkspace(FIXTURE_WORKSPACE, processes);
    const server = await startCodeServer({
      workspace,
      processes,
      settings: { 'coltReactivate.target': 'emulator', 'coltReactivate.emulator.port': emulator.port, ...options.settings },
      env: { COLT_REACTIVATE_SEED_EMULATOR_CREDENTIALS: '1', ...options.env },
    });
    const browser = await launchChromium(processes);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
    await page.goto(server.workbenchUrl({ extensionDevelopmentPath: PROJECT_ROOT }));
    const workbench = new Workbench(page, browser, server, emulator, workspace, processes);
    if (options.readyWhen === 'workbench') await page.locator('.monaco-workbench').waitFor({ timeout: deadline(60_000) });
    else await workbench.waitUntilReady();
    return workbench;
  } catch (err) {
    await processes.stop();
    throw err;
  }
}

export class Workbench {
  constructor(
    readonly page: Page,
    readonly browser: Browser,
    readonly server: RunningCodeServer,
    readonly emulator: RunningEmulator,
    /** The temporary copy of test/fixtures/workspace that the workbench has open. */
    readonly workspace: string,
    private readonly processes: ProcessGroup,
  ) {}

  stop(): Promise<void> {
    return this.processes.stop();
  }

  /** The workbench is restored and the explorer shows the workspace's files. */
  async waitUntilReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: deadline(60_000) });
    await this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout: deadline(60_000) });
  }

  // ---- command palette -------------------------------------------------------------------

  /**
   * Opens the palette (F1), types `title`, and runs the entry with exactly that label. With
   * `then: 'quickInput'` it returns once the command's own quick input has replaced the palette
   * (e.g. "Welcome: Open Walkthrough..."), rather than waiting for a palette that stays open.
   */
  async runCommand(title: string, options: { then?: 'quickInput' } = {}): Promise<void> {
    // Exactly this label: "View: Close All Editors" must not run "... Editors in Group".
    const label = this.page.locator('.quick-input-list-entry .label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) });
    const widget = this.page.locator('.quick-input-widget');
    const step = deadline(5_000);
    await this.poll(async () => {
      try {
        const input = await this.openPalette(step);
        await input.fill(`>${title}`, { timeout: step });
        await this.paletteRows().filter({ has: label }).first().click({ timeout: step });
        return true;
      } catch (err) {
        // The palette closes when it loses the focus, which a late effect of the previous
        // command can take (the Explorer refreshing, an editor opening): seen in a soak as a
        // palette input "not visible" for 30 s. A person opens it again; so does this loop.
        // A palette still open means the entry itself is missing: that is a real failure.
        if (await widget.isVisible()) throw err;
        return undefined;
      }
    }, `the command palette to run "${title}"`);
    if (options.then === 'quickInput') {
      const input = widget.locator('.quick-input-box input');
      await this.poll(async () => {
        if (!(await widget.isVisible())) return undefined;
        const value = await input.inputValue({ timeout: deadline(1_000) }).catch(() => undefined);
        return value !== undefined && value !== `>${title}` ? true : undefined;
      }, `the quick input of "${title}"`);
      return;
    }
    await widget.waitFor({ state: 'hidden' }).catch(() => {
      // Some commands open a follow-up quick pick; that is the caller's to handle.
    });
  }

  /** Every palette entry matching `query` (e.g. "Colt:"), as their full labels. */
  async paletteCommands(query: string): Promise<string[]> {
    let input = await this.openPalette();
    await input.fill(`>${query}`);
    const first = this.paletteRows().first();
    // The list filters as it is typed into: count its rows only once a matching row is shown and
    // the count has stopped changing between two looks.
    let lastSize: string | null = null;
    await this.poll(async () => {
      const size = await first.getAttribute('aria-setsize');
      const settled = size !== null && size === lastSize;
      lastSize = size;
      if (!settled) return undefined;
      if ((await this.paletteRows().filter({ hasText: query }).count()) > 0) return true;
      // The palette takes its list of commands when it opens: one opened before a fresh workbench
      // had read the extension's contributions never shows them. Reopen it, as a person would.
      input = await this.openPalette();
      await input.fill(`>${query}`);
      lastSize = null;
      return undefined;
    }, `the palette to list "${query}"`);
    // The list is virtualised: walk it with the keyboard, reading each focused row.
    const total = Number(await first.getAttribute('aria-setsize'));
    const labels = new Set<string>();
    for (let i = 0; i < total; i++) {
      const focused = this.page.locator('.quick-input-list .monaco-list-row.focused');
      await focused.waitFor();
      labels.add(((await focused.getAttribute('aria-label')) ?? '').trim());
      if (i < total - 1) {
        const before = await focused.getAttribute('aria-posinset');
        await this.page.keyboard.press('ArrowDown');
        await this.page.waitForFunction(
          (pos) => document.querySelector('.quick-input-list .monaco-list-row.focused')?.getAttribute('aria-posinset') !== pos,
          before,
        );
      }
    }
    await this.page.keyboard.press('Escape');
    return [...labels].map((l) => l.replace(/,\s*(?:recently used|other commands|similar commands)?$/i, '').trim());
  }

  /**
   * A fresh command palette with its input ready for typing. A quick input that is still open
   * (a leftover pick) or still closing is dismissed first: F1 on it, or typing into it, goes
   * nowhere (the palette input was seen "not visible" for 20 s on a busy machine).
   */
  private async openPalette(timeout = DEFAULT_TIMEOUT_MS): Promise<Locator> {
    const widget = this.page.locator('.quick-input-widget');
    await this.poll(async () => {
      if (!(await widget.isVisible())) return true;
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: deadline(2_000) }).catch(() => undefined);
      return undefined;
    }, 'open quick inputs to close');
    await this.page.locator('.monaco-workbench').focus();
    await this.page.keyboard.press('F1');
    const input = widget.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout });
    return input;
  }

  private paletteRows(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  }

  /** Answers an open quick pick or input box: types `text` and presses Enter. */
  async answerQuickInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  // ---- views -----------------------------------------------------------------------------

  /** Clicks an activity bar entry (e.g. "Colt Reactivation") and waits for its side bar. */
  async openViewContainer(title: string): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
    await item.waitFor();
    const sidebarTitle = this.page.locator('.sidebar .composite.title h2');
    if (!((await sidebarTitle.textContent()) ?? '').toUpperCase().includes(title.toUpperCase())) await item.click();
    await this.page.locator('.sidebar .composite.title h2', { hasText: new RegExp(title, 'i') }).waitFor();
  }

  /** The pane (view) with this title in the side bar or panel. */
  view(title: string): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}`, 'i') }) });
  }

  /** A view's tree items, by their labels; waits until at least `atLeast` are shown. */
  async viewItems(title: string, atLeast = 1): Promise<string[]> {
    const rows = this.view(title).locator('.pane-body .monaco-list-row');
    if (atLeast > 0) await rows.nth(atLeast - 1).waitFor();
    return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** The view's welcome content (viewsWelcome), e.g. when the tree is empty. */
  viewWelcome(title: string): Locator {
    return this.view(title).locator('.welcome-view-content');
  }

  // ---- webviews --------------------------------------------------------------------------

  /** The innermost webview frame containing `selector` (webviews sit in nested iframes). */
  async webviewFrame(selector: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Frame> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        if (
          (await frame
            .locator(selector)
            .count()
            .catch(() => 0)) > 0
        )
          return frame;
      }
      if (Date.now() > until) throw new Error(`no webview frame shows ${selector} after ${timeoutMs} ms`);
      await this.page.waitForTimeout(100); // polling interval while frames load
    }
  }

  // ---- the emulator behind the workbench --------------------------------------------------

  /**
   * The order the emulator received for `number`: how a test learns which order is its own,
   * rather than trusting the first toast shown (other specs' orders show toasts too).
   */
  async orderFor(number: string, emulatorUrl = this.emulator.url): Promise<EmulatorOrderView> {
    const control = new EmulatorControl(emulatorUrl);
    return this.poll(
      async () => (await control.orders()).find((o) => JSON.stringify(o.body).includes(`"${number}"`)),
      `the emulator to receive the order for ${number}`,
    );
  }

  // ---- problems, notifications, output, editors -----------------------------------------

  /** Opens the Problems panel and returns its rows' labels once `until` holds for them. */
  async problems(until: (rows: string[]) => boolean = (rows) => rows.length > 0, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    return this.poll(
      async () => {
        const rows = await panel.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
        return until(rows) ? rows : undefined;
      },
      'the Problems panel',
      timeoutMs,
    );
  }

  /** Visible notification toasts' messages. */
  notifications(): Locator {
    return this.page.locator('.notifications-toasts .notification-list-item-message');
  }

  /**
   * Waits for a notification whose message matches. Newer toasts can push a toast away before
   * the test looks (it flaked so once in five runs), so after a while the notification centre,
   * which keeps every notification, is opened and searched too.
   */
  async notification(text: string | RegExp): Promise<Locator> {
    const toast = this.notifications().filter({ hasText: text }).first();
    try {
      await toast.waitFor({ timeout: DEFAULT_TIMEOUT_MS / 2 });
      return toast;
    } catch {
      await this.runCommand('Notifications: Show Notifications');
      const listed = this.page.locator('.notifications-center .notification-list-item-message').filter({ hasText: text }).first();
      await listed.waitFor({ timeout: DEFAULT_TIMEOUT_MS / 2 });
      return listed;
    }
  }

  /** The text shown in the Output panel, once it matches `text` (Monaco renders spaces as U+00A0). */
  async outputContaining(text: string | RegExp, o: { filter?: string; timeoutMs?: number } = {}): Promise<string> {
    const lines = this.page.locator('.panel .output-view .view-lines').first();
    await lines.waitFor();
    // Only the lines on screen are in the page: a line written long ago (the activation line in a
    // busy log) has scrolled away. The panel's own Filter box, as a person would use it, keeps
    // just the lines that match on screen.
    const filterBox = this.page.locator('.panel input[placeholder="Filter"]').first();
    if (o.filter !== undefined) await filterBox.fill(o.filter);
    try {
      return await this.poll(
        async () => {
          const shown = (await lines.innerText()).replace(/\u00a0/g, ' ');
          return (typeof text === 'string' ? shown.includes(text) : text.test(shown)) ? shown : undefined;
        },
        `the Output panel to show ${String(text)}${o.filter === undefined ? '' : ` (filtered on "${o.filter}")`}`,
        o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
    } finally {
      if (o.filter !== undefined) await filterBox.fill('');
    }
  }

  /**
   * Opens a workspace file through Quick Open, as a person would: waits for the file to be
   * listed (the file search is asynchronous; a file created moments ago may take a while).
   */
  async openFile(relativePath: string): Promise<void> {
    const name = path.basename(relativePath);
    await this.runCommand('Go to File...');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(relativePath);
    await this.paletteRows()
      .filter({ has: this.page.locator('.quick-input-list-entry', { hasText: name }) })
      .first()
      .click({ timeout: deadline(30_000) });
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  }

  /** Shows the Explorer and opens a file from it (a double click: a pinned editor, not a preview). */
  async openFileFromExplorer(relativePath: string): Promise<void> {
    await this.runCommand('View: Show Explorer');
    const name = path.basename(relativePath);
    await this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).dblclick();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  }

  /** Switches between the preferred light and dark themes (Light Modern / Dark Modern by default). */
  async setTheme(kind: 'dark' | 'light'): Promise<void> {
    const isDark = async () => (await this.page.locator('.monaco-workbench.vs-dark').count()) > 0;
    if ((await isDark()) === (kind === 'dark')) return;
    await this.runCommand('Preferences: Toggle between Light/Dark Themes');
    await this.poll(async () => ((await isDark()) === (kind === 'dark') ? true : undefined), `the ${kind} theme`);
  }

  /** Copies code-server's log and the workbench's logs (extension host included) to test-results/NAME-logs. */
  keepLogs(name: string): string | undefined {
    const to = path.join(RESULTS_DIR, `${name}-logs`);
    try {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(this.server.logFile, path.join(to, 'code-server.log'));
      const logs = path.join(this.server.userDataDir, 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(to, 'workbench'), { recursive: true });
      return to;
    } catch (err) {
      console.log(`      (logs not kept: ${(err as Error).message})`);
      return undefined;
    }
  }

  /** Screenshot into test-results/ (git-ignored); returns the file path. */
  async screenshot(name: string, target?: Locator): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}.png`);
    if (target) await target.screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }

  /** Polls an async probe until it returns a value (tests wait for conditions, not for time). */
  async poll<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await this.page.waitForTimeout(100); // polling interval
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
