// A generic LSP client for `colt-reactivate lsp --stdio` in its own process: plain JSON-RPC over
// the child's stdin and stdout (vscode-jsonrpc), as Neovim, Helix or any other editor speaks it.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{ code?: string | number; range: { start: { line: number; character: number } }; source?: string; message: string }>;
}

export class StdioLspClient {
  readonly published: PublishedDiagnostics[] = [];
  /** Errors of the message stream, e.g. bytes on stdout that are not an LSP message. */
  readonly streamErrors: unknown[] = [];
  /** Everything the server wrote to stderr, for failure messages. */
  stderr = '';
  /** Set once the process has exited: its exit code, or the signal that ended it. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      this.published.push(params);
      this.notify();
    });
    // Requests a generic client may be sent; answering them keeps the server from waiting.
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.onRequest('workspace/inlayHint/refresh', () => null);
    connection.onError(([error]) => this.streamErrors.push(error));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.notify();
    });
  }

  /** Starts `command args` (ending in `lsp --stdio`) and listens; call initialize() next. */
  static spawn(command: string, args: readonly string[], cwd: string): StdioLspClient {
    const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    return new StdioLspClient(child, connection);
  }

  /** initialize and initialized, as a client that is not VS Code (no initializationOptions). */
  async initialize(): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'stdio-test-client' },
      rootUri: null,
      capabilities: { workspace: { codeLens: { refreshSupport: true } } },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** shutdown then exit; resolves with the process's exit code. */
  async shutdownAndExit(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const exit = await this.waitFor(() => this.exit, 'the server process to exit');
    return exit.code;
  }

  /** Resolves with the first truthy value of `probe`, re-checked whenever a message or the exit arrives. */
  waitFor<T>(probe: () => T | undefined | false, what: string, ms = deadline(10_000)): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (!value) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; server stderr:\n${this.stderr}`));
      }, ms);
      if (!check()) this.waiters.add(check);
    });
  }

  /** The diagnostics of `uri` at `version`, once published. */
  diagnostics(uri: string, version: number): Promise<PublishedDiagnostics> {
    return this.waitFor(() => this.published.find((p) => p.uri === uri && p.version === version), `diagnostics of ${uri} version ${version}`);
  }

  /** Ends the process if a test failed before `exit`; a no-op once it has exited. */
  dispose(): void {
    this.connection.dispose();
    if (!this.exit) this.child.kill();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Exit code 0, and stdout carried nothing but LSP messages (the reader reports anything else). */
export function assertCleanExit(client: StdioLspClient, code: number | null): void {
  assert.equal(code, 0, `exit code ${code}; stderr:\n${client.stderr}`);
  assert.deepEqual(client.streamErrors, []);
}
