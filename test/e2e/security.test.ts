// Security checks on the whole e2e run (README.md, "Safety and security"): a known secret is typed into
// Colt: Set Credentials (the real SecretStorage), used for a submission, a status poll, the form
// and Copy as curl; then every byte code-server, Chromium and the workspace wrote is searched for
// it, as are IndexedDB and localStorage read through the page, the Output panel, the clipboard
// and every message a frame received. The form's real webview is checked for its CSP.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator, type RunningEmulator } from '../../src/emulator/emulator';
import { workbench } from './hooks';
import { chromiumProfileDirs, filesContaining, searchFiles, secretPatterns } from './securitySearch';

// Letters and digits only: the same in JSON, URLs and shell quoting, so one search finds them all.
const SECRET = `e2eSecret${randomBytes(12).toString('hex')}`;
const CLIENT_ID = `e2e-security-${randomBytes(3).toString('hex')}`;
const FILE = 'e2e-security.reactivate.json';
const NUMBER = '+442071839002'; // a quarantined demo number no other spec uses

declare global {
  interface Window {
    __coltSeen?: string[];
  }
}

/** Runs in every frame created from now on: keeps what each message event carried. */
function recordMessages(): void {
  // Called again once a webview's page is written: writing the page drops earlier listeners.
  if (!window.__coltSeen) Object.defineProperty(window, '__coltSeen', { value: [] });
  const seen = window.__coltSeen!;
  window.addEventListener(
    'message',
    (e) => {
      let text: string;
      try {
        text = typeof e.data === 'string' ? e.data : (JSON.stringify(e.data) ?? String(e.data));
      } catch {
        text = String(e.data);
      }
      seen.push(text);
      if (seen.length > 20_000) seen.shift();
    },
    true,
  );
}

/**
 * Sets the emulator port in the Settings editor, as a person would (the workbench does not pick
 * up a settings.json written behind its back).
 */
async function setEmulatorPort(port: number): Promise<void> {
  const wb = workbench();
  await wb.runCommand('Preferences: Open User Settings');
  const editor = wb.page.locator('.settings-editor');
  await editor.locator('.settings-header .suggest-input-container').click();
  await wb.page.keyboard.type('coltReactivate.emulator.port');
  // Wait for the search to narrow the list to this one setting (found by its description).
  const input = editor
    .locator('.setting-item-number', { hasText: /Port of the local emulator/ })
    .locator('input')
    .first();
  await input.waitFor();
  await input.fill(String(port));
  await wb.page.keyboard.press('Tab'); // commits the value
  await wb.runCommand('View: Close All Editors');
}

function targetItem() {
  return workbench().page.locator('.statusbar-item', { hasText: /Colt:/ }).first();
}

/** Waits until the status bar item's hover names `url` (the extension has read the new port). */
async function waitForTargetUrl(url: string): Promise<void> {
  const wb = workbench();
  await wb.poll(
    async () => {
      await targetItem().hover();
      const hover = wb.page
        .locator('.workbench-hover, .monaco-hover')
        .filter({ hasText: /Colt orders go to/ })
        .first();
      const text = await hover.innerText({ timeout: deadline(2_000) }).catch(() => '');
      await wb.page.mouse.move(700, 400);
      return text.includes(url) ? true : undefined;
    },
    `the target's URL to become ${url}`,
    deadline(30_000),
  );
}

async function setCredentials(clientId: string, secret: string): Promise<void> {
  const wb = workbench();
  await wb.runCommand('Colt: Set Credentials');
  await wb.answerQuickInput(clientId);
  // The secret goes into a masked box.
  await wb.page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor();
  await wb.answerQuickInput(secret);
  await wb.notification(/Credentials for Local emulator saved and checked/);
}

/** IndexedDB (global and workspace state, the browser's user data and logs) and localStorage, as text. */
async function browserStorage(): Promise<string[]> {
  // A string, not a function: the test runner's transform would add helpers the page lacks.
  return workbench().page.evaluate<string[]>(`(async () => {
    const decode = (v) => {
      if (v instanceof Uint8Array || v instanceof ArrayBuffer) return new TextDecoder().decode(v);
      if (v instanceof Blob) return '[blob ' + v.size + ']';
      try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
    };
    const done = (req) => new Promise((ok, ko) => { req.onsuccess = () => ok(req.result); req.onerror = () => ko(req.error); });
    const out = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await done(indexedDB.open(info.name));
      for (const store of Array.from(db.objectStoreNames)) {
        const keys = await done(db.transaction(store, 'readonly').objectStore(store).getAllKeys());
        const values = await done(db.transaction(store, 'readonly').objectStore(store).getAll());
        keys.forEach((k, i) => out.push('indexedDB ' + info.name + '/' + store + '/' + decode(k) + ': ' + decode(values[i])));
      }
      db.close();
    }
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      out.push('localStorage ' + key + ': ' + localStorage.getItem(key));
    }
    return out;
  })()`);
}

async function cspOfForm(frame: Frame) {
  return frame.evaluate(() => {
    const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
    const handlers: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of el.getAttributeNames()) if (/^on/i.test(attr)) handlers.push(`${el.tagName}[${attr}]`);
      if (/^\s*javascript:/i.test(el.getAttribute('href') ?? '')) handlers.push(`${el.tagName}[href=javascript:]`);
    }
    return {
      csp: meta?.getAttribute('content') ?? '',
      // The nonce attribute reads back empty (browsers hide it); the property keeps it.
      // VS Code's webview host puts one script of its own (acquireVsCodeApi) BEFORE the page's
      // CSP meta, where a meta CSP does not reach; the page's own scripts are those after it.
      scripts: Array.from(document.scripts).map((s) => ({
        src: s.getAttribute('src') ?? '',
        nonce: s.nonce,
        inline: (s.textContent ?? '').trim().length,
        afterCsp: !!meta && (meta.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
      })),
      handlers,
      html: document.documentElement.outerHTML,
    };
  });
}

describe('security (e2e): a known secret through a whole flow, then the disk of the run', function () {
  let emulator: RunningEmulator;

  before(async function () {
    this.timeout(deadline(60_000));
    const wb = workbench();
    await wb.page.context().addInitScript(recordMessages);
    // An emulator that only accepts this run's secret: a successful flow proves the secret was used.
    emulator = await startEmulator({ port: 0, clientId: CLIENT_ID, clientSecret: SECRET, completeAfterMs: 1000 });
    await setEmulatorPort(emulator.port);
    await waitForTargetUrl(emulator.url);
  });

  after(async function () {
    this.timeout(deadline(60_000));
    const wb = workbench();
    // Leave the shared workbench as the other specs found it: its own emulator and credentials.
    await setEmulatorPort(wb.emulator.port);
    await waitForTargetUrl(wb.emulator.url).catch(() => undefined);
    await setCredentials(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET).catch((e) => console.warn(`could not restore the credentials: ${e}`));
    await emulator?.close();
  });

  it('the form runs in a webview whose CSP allows no inline script, handler or network', async function () {
    this.timeout(deadline(60_000));
    const wb = workbench();
    await wb.runCommand('Colt: Open Reactivation Form');
    const frame = await wb.webviewFrame('#submit');
    const { csp, scripts, handlers } = await cspOfForm(frame);
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"], csp);
    const scriptSrc = directives.get('script-src') ?? [];
    assert.equal(scriptSrc.length, 1, csp);
    const nonce = /^'nonce-([A-Za-z0-9_-]{16,})'$/.exec(scriptSrc[0])?.[1];
    assert.ok(nonce, `script-src is a nonce only: ${csp}`);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), csp);
    const own = scripts.filter((s) => s.afterCsp);
    assert.ok(own.length > 0, JSON.stringify(scripts));
    assert.ok(scripts.filter((s) => !s.afterCsp).length <= 1, `only VS Code's own script precedes the CSP: ${JSON.stringify(scripts)}`);
    for (const s of own) {
      assert.equal(s.nonce, nonce, `every script carries the nonce: ${JSON.stringify(s)}`);
      assert.equal(s.inline, 0, `no inline script: ${JSON.stringify(s)}`);
    }
    assert.deepEqual(handlers, [], 'no inline event handlers or javascript: links');
    await wb.runCommand('View: Close All Editors');
  });

  it('a secret set through the UI and used for a submission appears nowhere the extension writes', async function () {
    this.timeout(deadline(240_000));
    const wb = workbench();
    await setCredentials(CLIENT_ID, SECRET);

    // Submit a request file; the emulator only takes tokens asked for with SECRET.
    fs.writeFileSync(
      path.join(wb.workspace, FILE),
      JSON.stringify(
        {
          numberRangeList: [{ numberRangeStart: NUMBER, numberRangeEnd: NUMBER }],
          productOffering: { name: 'Wholesale SIP' },
          relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
        },
        null,
        2,
      ) + '\n',
    );
    await wb.runCommand('Refresh Explorer');
    await wb.openFileFromExplorer(FILE);
    await wb.runCommand('Colt: Submit Reactivation Request');
    // Read from the emulator, not from toasts: a quick "completed" toast can push "accepted" away.
    const emulatorJson = async (what: string) => (await fetch(`${emulator.url}/__emulator/${what}`)).json();
    const order = await wb.orderFor(NUMBER, emulator.url);
    assert.ok(order.id);
    // The status poll used the token too: wait until the extension asked for the status.
    await wb.poll(async () => ((await emulatorJson('stats')).statusRequests > 0 ? true : undefined), 'a status request from the extension');

    // Copy as curl from the command, then read the clipboard.
    await wb.openFileFromExplorer(FILE);
    await wb.runCommand('Colt: Copy Request as curl');
    await wb.notification(/curl command for Local emulator copied/);
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.server.url).origin });
    const clipboard = await wb.page.evaluate(() => navigator.clipboard.readText());
    assert.match(clipboard, /curl -sS -X POST/);
    assert.match(clipboard, /\$COLT_CLIENT_SECRET/, 'the secret is a shell variable in the curl text');

    // The form, opened after the credentials exist: filled, copied as curl and submitted, with a
    // recorder of the messages its page receives installed once VS Code has written the page.
    await wb.runCommand('Colt: Open Reactivation Form');
    const form = await wb.webviewFrame('#submit');
    await form.evaluate(recordMessages).catch(() => undefined); // already there if the frame kept it
    await form.locator('#f-row-r0-start').fill('+442071839003');
    await form
      .locator('#f-country')
      .selectOption('GB')
      .catch(async () => form.locator('#f-country').fill('GB'));
    await form.locator('#f-serviceProfile').fill('ANH');
    await wb.poll(async () => (!(await form.locator('#submit').isDisabled()) ? true : undefined), 'the form to be valid');
    await form.locator('#copy-curl').click();
    await wb.poll(
      async () => ((await wb.page.evaluate(() => navigator.clipboard.readText())).includes('+442071839003') ? true : undefined),
      "the form's curl text on the clipboard",
    );
    const formClipboard = await wb.page.evaluate(() => navigator.clipboard.readText());
    await form.locator('#submit').click();
    // The submission's own line: the curl copy above also shows a success line.
    await form.locator('#status.success', { hasText: /^Order \S+ accepted/ }).waitFor({ timeout: deadline(30_000) });
    const formHtml = (await cspOfForm(form)).html;

    // The log, in the Output panel and on disk (the client id is logged: a positive control).
    await wb.runCommand('Colt: Show Log');
    const output = await wb.outputContaining(/Submitting to Local emulator/);
    const scratch = path.dirname(wb.server.userDataDir); // user-data, extensions, code-server's log
    const logFiles = await wb.poll(
      async () => {
        const files = filesContaining([path.join(wb.server.userDataDir, 'logs')], CLIENT_ID);
        return files.length ? files : undefined;
      },
      'the extension log on disk to name the client id',
      deadline(30_000),
    );
    assert.ok(
      logFiles.some((f) => f.endsWith('Colt Reactivation.log')),
      logFiles.join('\n'),
    );

    // Everything the browser side holds, read through the page.
    const storage = await browserStorage();
    assert.ok(storage.length > 0, "the workbench's browser storage was read");
    // The orders are in a file under the extension's global storage, which the search of the disk
    // below reads as plain text: its positive control.
    assert.ok(
      filesContaining([wb.server.userDataDir], order.id).some((f) => path.basename(f) === 'orders.json'),
      'the Orders list file holds the order',
    );
    const messages: string[] = [];
    for (const frame of wb.page.frames()) messages.push(...(await frame.evaluate(() => window.__coltSeen ?? []).catch(() => [])));
    assert.ok(
      messages.some((m) => /submitResult/.test(m)),
      "the form's messages were recorded",
    );

    const leaks: string[] = [];
    const look = (where: string, text: string) => {
      if (text.includes(SECRET) || text.includes(Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64'))) leaks.push(where);
    };
    look('Output panel', output);
    look('clipboard (Copy as curl)', clipboard);
    look("clipboard (the form's Copy as curl)", formClipboard);
    look('form webview HTML', formHtml);
    messages.forEach((m, i) => look(`message #${i} received by a frame: ${m.slice(0, 80)}`, m));
    storage.forEach((s) => look(s.slice(0, 120), s));
    for (const n of await wb.notifications().allInnerTexts()) look(`notification "${n}"`, n);

    // The raw bytes of every file of the run: code-server's user data (logs, settings, state,
    // caches) and extensions dir, Chromium's profile (IndexedDB, localStorage, caches), the workspace.
    const profiles = chromiumProfileDirs();
    assert.ok(profiles.length > 0, "Chromium's profile folder was found");
    // Chromium may compress IndexedDB values on disk, so the raw search of its profile is a
    // complement; IndexedDB and localStorage read through the page above are the authoritative check.
    const roots = [scratch, ...profiles, wb.workspace];
    const disk = searchFiles(roots, secretPatterns(SECRET, CLIENT_ID));
    console.log(`      searched ${disk.files} files (${(disk.bytes / 1e6).toFixed(1)} MB), ${storage.length} storage entries, ${messages.length} messages`);
    assert.ok(disk.files > 50, `only ${disk.files} files searched`);
    leaks.push(...disk.hits.map((h) => `${h.file} (${h.pattern})`));
    assert.deepEqual(leaks, [], `the secret was found in:\n${leaks.join('\n')}`);
    await wb.runCommand('View: Close All Editors');
  });
});
