// The parts of the extension that load on first use (ARCHITECTURE.md, "Bundles and what loads when").
// Each is a bundle of its own, dist/<name>.part.js, built by esbuild.js from src/extension/parts/<name>.ts;
// the start-up bundle (dist/extension.js) holds only the wiring, the status bar, the Orders view,
// the command registrations and what restoring the orders needs. Parts share no state with it:
// what a part needs from the start-up side is handed to it (the services), never imported.
import * as path from 'node:path';
import type * as ClientPart from './parts/client';
import type * as CommandsPart from './parts/commands';
import type * as EmulatorPart from './parts/emulator';
import type * as FormPart from './parts/form';
import type * as LanguageClientPart from './parts/languageClient';
import type * as SubmissionPart from './parts/submission';

export interface Parts {
  /** The HTTP client (undici): token, order POST, status lookup, proxies. */
  client: typeof ClientPart;
  /** Every command's handler but the form's. */
  commands: typeof CommandsPart;
  /** The embedded emulator of Colt's API. */
  emulator: typeof EmulatorPart;
  /** The form's host side (the webview panel). */
  form: typeof FormPart;
  /** vscode-languageclient, which starts and talks to dist/server.js. */
  languageClient: typeof LanguageClientPart;
  /** The submission path: checks, confirmation, saved record, POST, outcome. */
  submission: typeof SubmissionPart;
}
export type PartName = keyof Parts;

export const PART_NAMES = ['client', 'commands', 'emulator', 'form', 'languageClient', 'submission'] as const satisfies readonly PartName[];

/** The file of a part in dist/, beside extension.js. */
export function partFile(name: PartName): string {
  return `${name}.part.js`;
}

const loaded: Partial<Parts> = {};
/** How long each part took to load in this extension host, ms (the log says it; npm run bench measures it apart). */
export const partLoadMs: Partial<Record<PartName, number>> = {};

/** The part, loaded on first call (synchronously, so a command that needs it still answers at once). */
export function loadPart<K extends PartName>(name: K): Parts[K] {
  const cached = loaded[name];
  if (cached) return cached as Parts[K];
  const started = performance.now();
  // A computed path, which esbuild leaves alone: the part stays out of the start-up bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS load of a bundle beside this one, on first use.
  const part = require(path.join(__dirname, partFile(name))) as Parts[K];
  loaded[name] = part;
  partLoadMs[name] = performance.now() - started;
  return part;
}

/** The part if something has loaded it already, else undefined (for disposal: never load a part to close it). */
export function loadedPart<K extends PartName>(name: K): Parts[K] | undefined {
  return loaded[name];
}
