import type { Dispatcher } from 'undici';
import * as vscode from 'vscode';
import type { ColtClient, Credentials } from '../../core/coltClient';
import { resolveBaseUrl, TARGETS, type TargetName } from '../../core/targets';
import { ContextKeys } from '../constants';
import type { EmbeddedEmulator } from '../emulator/embeddedEmulator';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import { loadPart } from '../parts';
import type { CredentialStore } from '../secrets/credentialStore';
import type { ExtensionSettings } from '../settings';

/** The current target, its base URL and a client for it; keeps the context keys in step. */
export class TargetService extends Disposable {
  private readonly clients = new Map<string, { client: ColtClient; dispatcher?: Dispatcher }>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the target, its base URL or its credentials change. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly settings: ExtensionSettings,
    private readonly credentials: CredentialStore,
    private readonly emulator: EmbeddedEmulator,
    private readonly log: Log,
  ) {
    super();
    this._register(settings.onDidChange(() => this.update()));
    this._register(credentials.onDidChange(() => this.update()));
    this._register(emulator.onDidChange(() => this.update()));
    void this.update();
  }

  get target(): TargetName {
    return this.settings.target;
  }

  get label(): string {
    return TARGETS[this.target].label;
  }

  /** The embedded emulator's URL while it runs, else the configured emulator port. */
  baseUrlOf(target: TargetName): string {
    if (target === 'emulator') {
      return resolveBaseUrl('emulator', this.emulator.url ?? `http://127.0.0.1:${this.settings.emulatorPort}`);
    }
    return resolveBaseUrl(target);
  }

  get baseUrl(): string {
    return this.baseUrlOf(this.target);
  }

  host(target: TargetName = this.target): string {
    return new URL(this.baseUrlOf(target)).host;
  }

  async setTarget(target: TargetName): Promise<void> {
    await this.settings.setTarget(target);
    await this.update();
  }

  /**
   * A client for `target` (default: the current one), following VS Code's proxy settings. Clients
   * are kept per configuration so that their connections (and the proxy agent) are reused.
   */
  client(target: TargetName = this.target, baseUrl: string = this.baseUrlOf(target)): ColtClient {
    const key = JSON.stringify([target, baseUrl, this.settings.proxy, this.settings.requestTimeoutSeconds]);
    const cached = this.clients.get(key);
    if (cached) return cached.client;
    const built = this.build(target, baseUrl, async () => {
      const creds = await this.credentials.get(target);
      this.log.addSecret(creds?.clientSecret);
      return creds;
    });
    this.clients.set(key, built);
    return built.client;
  }

  /**
   * Asks `target`'s token endpoint whether `credentials` (not yet stored) work, through the same
   * proxy, TLS and timeout settings as a submission, so the check says what a submission will meet.
   */
  async checkCredentials(target: TargetName, credentials: Credentials): Promise<{ ok: true } | { ok: false; message: string }> {
    this.log.addSecret(credentials.clientSecret);
    const { client, dispatcher } = this.build(target, this.baseUrlOf(target), async () => credentials);
    try {
      return await client.checkCredentials();
    } finally {
      await client.close();
      await dispatcher?.close().catch(() => undefined);
    }
  }

  /** The HTTP client is a part of its own (undici): it loads with the first client built. */
  private build(target: TargetName, baseUrl: string, credentials: () => Promise<Credentials | undefined>): { client: ColtClient; dispatcher?: Dispatcher } {
    return loadPart('client').buildClient({
      target,
      baseUrl,
      credentials,
      proxy: this.settings.proxy,
      timeoutMs: this.settings.requestTimeoutSeconds * 1000,
      log: (entry) => this.log[entry.level](entry.message),
    });
  }

  override dispose(): void {
    for (const { dispatcher } of this.clients.values()) void dispatcher?.close().catch(() => undefined);
    this.clients.clear();
    super.dispose();
  }

  private async update(): Promise<void> {
    const target = this.target;
    const has = await this.credentials.has(target);
    await vscode.commands.executeCommand('setContext', ContextKeys.target, target);
    await vscode.commands.executeCommand('setContext', ContextKeys.hasCredentials, has);
    await vscode.commands.executeCommand('setContext', ContextKeys.emulatorRunning, this.emulator.isRunning);
    this.changed.fire();
  }
}
