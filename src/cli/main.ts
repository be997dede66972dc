// colt-reactivate: the same core as the extension, for CI pipelines.
// Exit codes: 0 success, 1 problems found or order not accepted, 2 usage or I/O problems.
import { version } from '../../package.json';
import { quoted } from '../core/excerpt';
import { runEmulatorCommand } from './emulatorCommand';
import { runImportCommand } from './importCommand';
import { runSubmitCommand } from './submitCommand';
import { runValidateCommand } from './validateCommand';

export const USAGE = `Usage:
  colt-reactivate --version
  colt-reactivate validate [--max-numbers-per-range N] [--max-numbers-per-order N] FILE...
  colt-reactivate submit FILE --target emulator|sandbox|production [--base-url URL] [--wait] [--yes-production] [--tracking-id ID] [--timeout SECONDS] [--verbose]
  colt-reactivate submit FILE... | FOLDER --target ... [--concurrency N] [--state FILE] [--check-unknown] [--wait]    a batch, resumable
  colt-reactivate import FILE --out DIR [--max-numbers-per-order N] [--max-numbers-per-range N] [--allow-partial] [--force]    CSV, TSV or a list of numbers to request files, one per order
  colt-reactivate emulator [--port N] [--inventory FILE] [--client-id ID] [--client-secret S] [--complete-after-ms N] [--now ISO-DATE] [--recycle-numbers] [--quiet]
  colt-reactivate lsp --stdio    the language server for request files, for any editor's LSP client

Credentials for submit come from COLT_CLIENT_ID and COLT_CLIENT_SECRET.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Stops a batch before its next order (tests); without it, a batch listens for Ctrl-C itself. */
  signal?: AbortSignal;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return runValidateCommand(rest, io);
    case 'submit':
      return runSubmitCommand(rest, io);
    case 'import':
      return runImportCommand(rest, io);
    case 'emulator':
      return runEmulatorCommand(rest, io);
    case 'lsp':
      // Loaded on demand: validate and submit need not pay for the language server's libraries.
      return (await import('./lspCommand.js')).runLspCommand(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.out(USAGE);
      return 0;
    case '--version':
    case '-v':
      io.out(version);
      return 0;
    default:
      io.err(command ? `Unknown command ${quoted(command)}.\n\n${USAGE}` : USAGE);
      return 2;
  }
}

if (require.main === module) {
  // `colt-reactivate validate *.json | head` closes the pipe early: stop quietly, as Unix tools do,
  // instead of dying with an EPIPE stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    env: process.env,
  }).then(
    (code) => {
      // The emulator command keeps running: it resolves only when stopped.
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`colt-reactivate: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
