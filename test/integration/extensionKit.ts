// Shared set-up for the extension's integration tests: the real extension's services, an
// emulator started by the test, and a scripted Prompter answering the dialogs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import * as vscodeApi from 'vscode';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/emulator';
import { EmulatorControl } from '../../src/emulator/emulatorControl';
import type { ExtensionApi } from '../../src/extension/extension';
import type { OrderStore } from '../../src/extension/orders/orderStore';
import type { Prompter } from '../../src/extension/prompter';
import { testRegistry } from './failureReport';
import { activateExtension, waitFor } from './harness';

export async function extensionApi(): Promise<ExtensionApi> {
  const extension = await activateExtension<ExtensionApi>();
  return extension.exports;
}

export interface ShownMessage {
  kind: 'info' | 'warning' | 'error';
  message: string;
  options: vscode.MessageOptions;
  items: string[];
}

/**
 * Answers dialogs from queues, and records every message shown. An input box or pick with no
 * scripted answer is cancelled (undefined), as if the user pressed Escape.
 */
export class ScriptedPrompter implements Prompter {
  readonly shown: ShownMessage[] = [];
  /** `name` labels its messages in the report of a failing test. */
  constructor(name = 'dialogs') {
    testRegistry().seams.push({ name, shown: this.shown });
  }
  readonly inputBoxes: vscode.InputBoxOptions[] = [];
  readonly validations: (string | vscode.InputBoxValidationMessage | undefined | null)[] = [];
  inputs: (string | undefined)[] = [];
  picks: ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined)[] = [];
  /** Answer to a modal warning (the confirmation); undefined declines. */
  modalAnswer: (message: string, detail: string | undefined, items: string[]) => string | undefined = () => undefined;

  async showInputBox(options: vscode.InputBoxOptions) {
    this.inputBoxes.push(options);
    const value = this.inputs.shift();
    if (value !== undefined && options.validateInput) {
      const verdict = await options.validateInput(value);
      this.validations.push(verdict);
      const blocking = typeof verdict === 'string' || (verdict && verdict.severity === vscodeApi.InputBoxValidationSeverity.Error);
      if (blocking) return undefined; // VS Code would not accept it; the user gives up
    }
    return value;
  }
  async showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[]) {
    const pick = this.picks.shift();
    return pick ? (pick(items) as T | undefined) : undefined;
  }
  async showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]) {
    this.shown.push({ kind: 'warning', message, options, items });
    return options.modal ? this.modalAnswer(message, options.detail, items) : undefined;
  }
  async showInformationMessage(message: string, options: vscode.MessageOptions, ...items: string[]) {
    this.shown.push({ kind: 'info', message, options, items });
    return undefined;
  }
  async showErrorMessage(message: string, options: vscode.MessageOptions, ...items: string[]) {
    this.shown.push({ kind: 'error', message, options, items });
    return undefined;
  }
  messages(kind?: ShownMessage['kind']): string[] {
    return this.shown.filter((m) => !kind || m.kind === kind).map((m) => m.message);
  }
}

export const TEST_CLIENT_ID = 'integration-client';
/** A secret no code path should ever write anywhere but SecretStorage. */
export const TEST_SECRET = 'S3cret-Integration-7f3a9c2e-do-not-log';

export interface EmulatorStats {
  tokenRequests: number;
  orderRequests: number;
  statusRequests: number;
}

export class TestEmulator {
  private constructor(readonly running: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<TestEmulator> {
    return new TestEmulator(
      // Orders stay in progress until a test completes them (completeOrders): a test's check of
      // "in progress" never races a short timer and the poller on a busy machine.
      await startEmulator({ port: 0, clientId: TEST_CLIENT_ID, clientSecret: TEST_SECRET, completeAfterMs: 3_600_000, ...options }),
    );
  }
  get url(): string {
    return this.running.url;
  }
  get port(): number {
    return this.running.port;
  }
  async stats(): Promise<EmulatorStats> {
    return (await (await fetch(`${this.url}/__emulator/stats`)).json()) as EmulatorStats;
  }
  async orders(): Promise<{ id: string; trackingId: string; orderStatus: string }[]> {
    return ((await (await fetch(`${this.url}/__emulator/orders`)).json()) as { orders: { id: string; trackingId: string; orderStatus: string }[] }).orders;
  }
  /** Completes every order still in progress at the emulator; the poller sees it on its next lookup. */
  async completeOrders(): Promise<void> {
    await new EmulatorControl(this.url).completeOrders();
  }
  /** Lets every request held by a delay fault go on now. */
  async releaseDelays(): Promise<void> {
    await new EmulatorControl(this.url).releaseDelays();
  }
  async fault(...faults: unknown[]): Promise<void> {
    const res = await fetch(`${this.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults }),
    });
    if (!res.ok) throw new Error(`faults not queued: HTTP ${res.status}`);
  }
  close(): Promise<void> {
    return this.running.close();
  }

  /** Completes this emulator's orders and waits until the poller has seen them final (polled now, not after its growing interval). */
  async settle(api: ExtensionApi): Promise<void> {
    await this.completeOrders();
    await api.services.poller.refreshAll();
    await waitFor(() => api.services.orders.list().every((r) => r.baseUrl !== this.url || r.state !== 'inProgress'), `the orders at ${this.url} to be final`);
  }

  /**
   * Closes the emulator once its orders are final: an order left in progress would be polled at
   * this address for the rest of the run, and a later emulator given the same port would answer
   * those lookups (and take its faults).
   */
  async settleAndClose(api: ExtensionApi): Promise<void> {
    await this.settle(api);
    await this.close();
  }
}

/** Points the extension at `emulator` (target emulator, its port), with fast status polling. */
export async function useEmulatorTarget(api: ExtensionApi, emulator: TestEmulator): Promise<void> {
  const { services } = api;
  await services.emulator.stop(); // the embedded one would take precedence over the port setting
  const config = vscodeApi.workspace.getConfiguration('coltReactivate');
  await config.update('emulator.port', emulator.port, vscodeApi.ConfigurationTarget.Global);
  await config.update('statusPollSeconds', 1, vscodeApi.ConfigurationTarget.Global);
  await services.targets.setTarget('emulator');
  await waitFor(() => services.targets.baseUrl === emulator.url, 'the emulator target to point at the test emulator');
  await services.credentials.set('emulator', { clientId: TEST_CLIENT_ID, clientSecret: TEST_SECRET });
}

/**
 * Replaces the dialogs (or, with 'notifications', the background news such as an order
 * completing) for one test; returns the prompter and the restore function. Whatever the test
 * does not restore is restored after it (failureReport.ts).
 */
export function scriptDialogs(api: ExtensionApi, seam: 'prompter' | 'notifications' = 'prompter'): { prompter: ScriptedPrompter; restore: vscode.Disposable } {
  const prompter = new ScriptedPrompter(seam === 'prompter' ? 'dialogs' : 'notifications');
  const restore = api.services[seam].use(prompter);
  testRegistry().restores.push(restore);
  return { prompter, restore };
}

export const SEED_BODY = {
  numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
  productOffering: { name: 'Wholesale SIP' as const },
  relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' as const } },
};

/** A view of the real globalState under a key prefix, so tests never touch the extension's own list. */
export class PrefixedMemento implements vscode.Memento {
  constructor(
    private readonly inner: vscode.Memento,
    private readonly prefix: string,
  ) {}
  keys() {
    return this.inner
      .keys()
      .filter((k) => k.startsWith(this.prefix))
      .map((k) => k.slice(this.prefix.length));
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.inner.get<T>(this.prefix + key) ?? fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    return this.inner.update(this.prefix + key, value);
  }
}

/** A path for an Orders list file of a test's own, in a fresh directory, so tests never touch the extension's own list. */
export function freshOrderFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'colt-orders-')), 'orders.json');
}

/** A copy of the extension's Orders list file as it is now: what a window opened at this moment reads. */
export function copiedOrderFile(api: ExtensionApi): string {
  const file = freshOrderFile();
  if (fs.existsSync(api.services.orders.file)) fs.copyFileSync(api.services.orders.file, file);
  return file;
}

/** Disposes a store over a test's own file (never the extension's) once its writes are done, and removes the file's directory. */
export async function disposeTestStore(store: OrderStore): Promise<void> {
  await store.flushed();
  store.dispose();
  fs.rmSync(path.dirname(store.file), { recursive: true, force: true });
}

/** The real extension with its target on a fresh emulator (SecretStorage holds the test credentials). */
export async function extensionOnEmulator(options: EmulatorOptions = {}): Promise<{ api: ExtensionApi; emulator: TestEmulator }> {
  const api = await extensionApi();
  const emulator = await TestEmulator.start(options);
  await useEmulatorTarget(api, emulator);
  return { api, emulator };
}

/**
 * Fresh numbers of the demo inventory's 10,000-number block (+442071830000...), one per order:
 * each test file takes its own offset so that no two files ask for the same number.
 */
export function freshNumbers(offset: number): () => string {
  let next = 0;
  return () => `+44207183${String(offset + next++).padStart(4, '0')}`;
}

/** The seed's request for one range (a single number when `end` is left out). */
export function bodyFor(start: string, end = start): typeof SEED_BODY {
  return { ...SEED_BODY, numberRangeList: [{ numberRangeStart: start, numberRangeEnd: end }] };
}
