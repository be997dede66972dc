// `colt-reactivate lsp --stdio`: the extension's language server for any editor with an LSP
// client. It runs in this process (the server is bundled into the CLI), so the command line ships
// as one file; VS Code still starts dist/server.js over IPC.
import { Console } from 'node:console';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from '../server/languageServer';
import type { CliIo } from './main';

export const LSP_USAGE = 'Usage: colt-reactivate lsp --stdio';

/** Never resolves: the process ends on the client's `exit` notification, or when stdin closes. */
export function runLspCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    io.out(LSP_USAGE);
    return Promise.resolve(0);
  }
  if (args.length !== 1 || args[0] !== '--stdio') {
    io.err(`colt-reactivate lsp speaks LSP over stdin and stdout only: pass --stdio.\n\n${LSP_USAGE}`);
    return Promise.resolve(2);
  }
  keepStdoutForMessages();
  // The raw streams, not readers over them: then the library exits when stdin ends, with code 0
  // after a `shutdown` request and 1 otherwise, as the protocol asks.
  startLanguageServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
  return new Promise<number>(() => undefined);
}

/** Any stray console output would corrupt the message stream: it goes to stderr instead. */
function keepStdoutForMessages(): void {
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
}
