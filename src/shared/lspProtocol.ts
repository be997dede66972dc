// What the language client and the language server share (ARCHITECTURE.md, `src/shared`): the language
// id, the settings the server needs, and the custom messages. Plain strings and types only,
// so both bundles can import it without pulling in either side's library.

// constants.ts imports nothing (no vscode), so the server bundle can take the command id from it.
import { Commands } from '../extension/constants';

/** Dedicated language id, so VS Code's own JSON validation never reports our problems twice. */
export const LANGUAGE_ID = 'colt-reactivate-json';
export const FILE_SUFFIX = '.reactivate.json';
/** `source` of every diagnostic we publish: the Problems panel shows it beside the code. */
export const DIAGNOSTIC_SOURCE = 'colt-reactivate';

/** The settings the server reacts to; the client sends them at start and on every change. */
export interface ServerSettings {
  maxNumbersPerRange: number;
  /** A request file holding more numbers than this is an error, which the split quick fix resolves. */
  maxNumbersPerOrder: number;
  /** Shown in the "Submit to <target>" CodeLens, such as "Colt sandbox". */
  targetLabel: string;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { maxNumbersPerRange: 1000, maxNumbersPerOrder: 10_000, targetLabel: 'Colt sandbox' };

/** initializationOptions of the `initialize` request: the settings, and what the client can run. */
export interface ServerInitializationOptions extends Partial<ServerSettings> {
  /**
   * Set by the extension's client only: it runs the Submit command of the CodeLens. Any other
   * editor (`colt-reactivate lsp --stdio`) gets no Submit lens, since it has no such command.
   */
  submitCommand?: boolean;
}

/** Custom notification, client → server: the settings changed (also sent as initializationOptions). */
export const DidChangeServerSettings = 'coltReactivate/didChangeSettings';
export type DidChangeServerSettingsParams = ServerSettings;

/** Custom request, client → server: which process the server runs in (tests kill it to check restarts). */
export const ServerProcessRequest = 'coltReactivate/serverProcess';
export interface ServerProcessResult {
  pid: number;
  /** Resident set size in bytes, for the benchmark and the log. */
  rss: number;
}

/** Command the "Validate" CodeLens runs, with the document URI as its argument; the server executes it (workspace/executeCommand). */
export const ValidateCommand = 'colt-reactivate-json.validate';
export interface ValidationSummary {
  uri: string;
  errors: number;
  warnings: number;
  infos: number;
  ranges: number;
  /** As a decimal string: a request may hold more numbers than a float counts exactly. */
  numbers: string;
}

/**
 * Command of the quick fix for order-too-large, with the document URI as its argument; the server executes it
 * (workspace/executeCommand): it writes the parts next to the file, never over an existing file.
 */
export const SplitRequestFileCommand = 'colt-reactivate-json.splitRequestFile';
export interface SplitResult {
  /** URIs of the request files written, in order. */
  files: string[];
  /** Why nothing was written, when nothing was. */
  refused?: string;
}

/** The extension command the "Submit" CodeLens runs, with the document URI as its argument. */
export const SubmitRequestFileCommand = Commands.submitRequestFile;

/**
 * V8 flags of the server process. A 10,000-range file leaves ~20 MB live, but by default the heap
 * grows to ~80 MB between collections (RSS ~140 MB at peak). A smaller young generation and slower
 * heap growth collect sooner: peak RSS ~110 MB for ~15 ms more per edit (`npm run bench`). No hard
 * heap limit, so a larger file still works.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=10'];

/** Delay between the last keystroke and the diagnostics run; opening a file computes at once. */
export const DIAGNOSTICS_DEBOUNCE_MS = 60;
