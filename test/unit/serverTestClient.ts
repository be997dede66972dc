// An LSP client talking to the real language server over in-memory streams, in this process:
// the server's handlers run exactly as in VS Code, without a VS Code.
import { deadline } from '../deadline';
import { PassThrough } from 'node:stream';
import {
  CodeLensRefreshRequest,
  createConnection,
  createProtocolConnection,
  InlayHintRefreshRequest,
  ProposedFeatures,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type ShowMessageParams,
} from 'vscode-languageserver/node';
import { startLanguageServer } from '../../src/server/languageServer';
import { LANGUAGE_ID, type ServerInitializationOptions } from '../../src/shared/lspProtocol';

export interface Published {
  version?: number;
  diagnostics: Diagnostic[];
  at: number;
}

export class ServerTestClient {
  readonly published = new Map<string, Published[]>();
  readonly messages: ShowMessageParams[] = [];
  codeLensRefreshes = 0;
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();

  private constructor(readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.published.get(params.uri) ?? [];
      list.push({ version: params.version, diagnostics: params.diagnostics, at: performance.now() });
      this.published.set(params.uri, list);
      this.notify();
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
      this.notify();
    });
    connection.onRequest(CodeLensRefreshRequest.type, () => {
      this.codeLensRefreshes++;
      this.notify();
    });
    connection.onRequest(InlayHintRefreshRequest.type, () => undefined);
  }

  static async start(settings?: ServerInitializationOptions, debounceMs?: number): Promise<ServerTestClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // Readers and writers, not raw streams: with raw streams the library exits the process when they close.
    startLanguageServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), { debounceMs });
    const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    connection.listen();
    const client = new ServerTestClient(connection);
    await connection.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: { workspace: { codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } } },
      initializationOptions: settings,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  open(uri: string, text: string): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: LANGUAGE_ID, version: 1, text } });
  }

  /** Replaces the whole text (a full-document change), returning the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental change, as VS Code sends when typing. */
  edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** The diagnostics published for a version of the document (the latest when no version is given). */
  async diagnostics(uri: string, version?: number, timeoutMs = deadline(15_000)): Promise<Diagnostic[]> {
    const found = await this.waitFor(
      () => {
        const list = this.published.get(uri) ?? [];
        return version === undefined ? list[list.length - 1] : list.find((p) => p.version === version);
      },
      timeoutMs,
      `diagnostics for ${uri}${version === undefined ? '' : ` v${version}`}`,
    );
    return found.diagnostics;
  }

  waitFor<T>(probe: () => T | undefined | false, timeoutMs = deadline(15_000), what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value === undefined || value === false) return false;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(value);
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      check();
    });
  }

  dispose(): void {
    this.connection.dispose();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
