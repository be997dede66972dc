// Starts the language server for `*.reactivate.json` the first time such a file is open, never at
// VS Code start-up, in its own Node process over IPC; vscode-languageclient restarts it if it
// crashes. Settings the server needs are pushed to it whenever they change. vscode-languageclient
// itself is a part of its own (src/extension/parts.ts): it loads with that first request file.
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import {
  DidChangeServerSettings,
  LANGUAGE_ID,
  SERVER_EXEC_ARGV,
  ServerProcessRequest,
  SubmitRequestFileCommand,
  type ServerInitializationOptions,
  type ServerProcessResult,
  type ServerSettings,
} from '../shared/lspProtocol';
import { Disposable } from './lifecycle';
import type { Log } from './log';
import { loadPart } from './parts';
import type { ExtensionSettings } from './settings';
import type { TargetService } from './targets/targetService';

export type LanguageClientState = 'notStarted' | 'starting' | 'running' | 'stopped';

export interface LanguageClientDeps {
  extensionUri: vscode.Uri;
  settings: ExtensionSettings;
  targets: TargetService;
  log: Log;
}

export class LanguageClientFeature extends Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private lastSent: string | undefined;
  private readonly stateChanged = this._register(new vscode.EventEmitter<LanguageClientState>());
  /** Fires on every state change; tests wait on it instead of sleeping. */
  readonly onDidChangeState = this.stateChanged.event;
  /** The document that made the server start, for the log and for tests of lazy start. */
  startedFor: vscode.Uri | undefined;

  constructor(private readonly deps: LanguageClientDeps) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.startIfRequestFile(document)));
    // A request file restored with the window starts the server just after activate() returns, not
    // within it: the language client is a part of its own, and start-up evaluates none of them.
    const restored = setTimeout(() => {
      for (const document of vscode.workspace.textDocuments) this.startIfRequestFile(document);
    }, 0);
    this._register({ dispose: () => clearTimeout(restored) });
    this._register(deps.settings.onDidChange(() => this.sendSettings()));
    this._register(deps.targets.onDidChange(() => this.sendSettings()));
    this._register({ dispose: () => void this.client?.stop().catch(() => undefined) });
  }

  get state(): LanguageClientState {
    if (!this.client) return this.starting ? 'starting' : 'notStarted';
    const { State } = loadPart('languageClient');
    switch (this.client.state) {
      case State.Running:
        return 'running';
      case State.Starting:
        return 'starting';
      default:
        return 'stopped';
    }
  }

  /** The server's process id and memory, asked of the server itself (so it proves it answers). */
  async serverProcess(): Promise<ServerProcessResult | undefined> {
    if (!this.client || this.state !== 'running') return undefined;
    return this.client.sendRequest<ServerProcessResult>(ServerProcessRequest, {});
  }

  /** Starts the server if it is not running yet; resolves once it answers. */
  start(reason?: vscode.Uri): Promise<LanguageClient> {
    this.starting ??= this.createAndStart(reason).catch((error: unknown) => {
      this.starting = undefined;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.error(`The request-file language server did not start: ${message}`);
      void vscode.window.showErrorMessage(`Colt Reactivation: checking request files is unavailable (${message}). Run "Colt: Show Log" for details.`);
      throw error;
    });
    return this.starting;
  }

  private startIfRequestFile(document: vscode.TextDocument): void {
    if (document.languageId === LANGUAGE_ID && !this.starting && !this.isDisposed) void this.start(document.uri).catch(() => undefined);
  }

  private async createAndStart(reason: vscode.Uri | undefined): Promise<LanguageClient> {
    const { LanguageClient, TransportKind } = loadPart('languageClient');
    const module = vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: LANGUAGE_ID }],
      // A function: read again at each (re)start, so a restarted server gets today's settings.
      initializationOptions: (): ServerInitializationOptions => ({ ...this.currentSettings(), submitCommand: true }),
      middleware: {
        // The server only knows URIs as strings; the submit command takes a vscode.Uri.
        provideCodeLenses: async (document, token, next) => {
          const lenses = await next(document, token);
          for (const lens of lenses ?? []) {
            if (lens.command?.command === SubmitRequestFileCommand) lens.command.arguments = [document.uri];
          }
          return lenses;
        },
      },
    };
    const client = new LanguageClient('coltReactivateLanguageServer', 'Colt Reactivation Language Server', serverOptions, clientOptions);
    this.client = client;
    this.startedFor = reason;
    this._register(
      client.onDidChangeState(({ newState }) => {
        // After a crash the library restarts the server: the settings go again with initializationOptions.
        if (newState === loadPart('languageClient').State.Running) this.lastSent = JSON.stringify(this.currentSettings());
        this.deps.log.info(`Request-file language server: ${this.state}.`);
        this.stateChanged.fire(this.state);
      }),
    );
    this.stateChanged.fire('starting');
    this.deps.log.info(`Starting the request-file language server for ${reason ? vscode.workspace.asRelativePath(reason) : 'a request file'}.`);
    await client.start();
    this.lastSent = JSON.stringify(this.currentSettings());
    return client;
  }

  private currentSettings(): ServerSettings {
    return {
      maxNumbersPerRange: this.deps.settings.maxNumbersPerRange,
      maxNumbersPerOrder: this.deps.settings.maxNumbersPerOrder,
      targetLabel: this.deps.targets.label,
    };
  }

  private sendSettings(): void {
    const client = this.client;
    if (!client || this.state !== 'running') return;
    const settings = this.currentSettings();
    const serialised = JSON.stringify(settings);
    if (serialised === this.lastSent) return;
    this.lastSent = serialised;
    void client.sendNotification(DidChangeServerSettings, settings).catch(() => undefined);
  }
}
