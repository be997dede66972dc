// `colt-reactivate emulator`: runs the local Colt API emulator until stopped (Ctrl+C, SIGTERM,
// or the caller's AbortSignal when run in-process by tests and the demo launcher).
import { quoted } from '../core/excerpt';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_COMPLETE_AFTER_MS,
  type EmulatorOptions,
  InventoryError,
  loadInventoryFile,
  type RunningEmulator,
  startEmulator,
} from '../emulator/emulator';
import type { CliIo } from './main';

/** The port of the `emulator` target (src/core/targets.ts). */
export const DEFAULT_EMULATOR_PORT = 4010;

const FLAGS = ['--port', '--inventory', '--client-id', '--client-secret', '--complete-after-ms', '--now'] as const;
type Flag = (typeof FLAGS)[number];

const USAGE = `Usage: colt-reactivate emulator [--port N] [--inventory FILE] [--client-id ID] [--client-secret S] [--complete-after-ms N] [--now ISO-DATE] [--recycle-numbers] [--quiet]`;

export interface EmulatorCommandControl {
  /** Stops the emulator when aborted; without it, SIGINT and SIGTERM stop it. */
  signal?: AbortSignal;
  /** Called once the emulator listens. */
  onListening?: (emulator: RunningEmulator) => void;
}

class UsageError extends Error {}

interface ParsedArgs {
  values: Partial<Record<Flag, string>>;
  quiet: boolean;
  recycleNumbers: boolean;
}

function parseArgs(args: readonly string[]): ParsedArgs {
  const values: Partial<Record<Flag, string>> = {};
  let quiet = false;
  let recycleNumbers = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--quiet') {
      quiet = true;
      continue;
    }
    if (arg === '--recycle-numbers') {
      recycleNumbers = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(FLAGS as readonly string[]).includes(name)) throw new UsageError(`Unknown option ${quoted(arg)}.`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value.`);
    values[name as Flag] = value;
  }
  return { values, quiet, recycleNumbers };
}

function integer(flag: Flag, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, not ${quoted(value)}.`);
  return Number(value);
}

async function toOptions(parsed: ParsedArgs, io: CliIo): Promise<EmulatorOptions> {
  const v = parsed.values;
  const now = v['--now'];
  if (now !== undefined && Number.isNaN(Date.parse(now))) throw new UsageError(`--now must be an ISO date such as 2026-11-26, not ${quoted(now)}.`);
  return {
    port: integer('--port', v['--port'], DEFAULT_EMULATOR_PORT, 65535),
    completeAfterMs: integer('--complete-after-ms', v['--complete-after-ms'], DEFAULT_COMPLETE_AFTER_MS, 86_400_000),
    clientId: v['--client-id'],
    clientSecret: v['--client-secret'],
    now,
    inventory: v['--inventory'] ? await loadInventoryFile(v['--inventory']) : undefined,
    recycleNumbers: parsed.recycleNumbers,
    log: parsed.quiet ? undefined : io.out,
  };
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runEmulatorCommand(args: readonly string[], io: CliIo, control: EmulatorCommandControl = {}): Promise<number> {
  let options: EmulatorOptions;
  let inventoryFile: string | undefined;
  try {
    const parsed = parseArgs(args);
    inventoryFile = parsed.values['--inventory'];
    options = await toOptions(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`colt-reactivate emulator: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof InventoryError) {
      io.err(`colt-reactivate emulator: ${error.message}`);
      return 2;
    }
    throw error;
  }

  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    io.err(`colt-reactivate emulator: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  io.out(`listening on ${emulator.url}`);
  // The secret is never printed, not even the default one: README.md documents it.
  io.out(
    `client id: ${options.clientId ?? DEFAULT_CLIENT_ID} (secret: ${options.clientSecret ? 'from --client-secret' : 'the default, see README.md'}); ` +
      `inventory: ${inventoryFile ?? 'built-in demo'}; press Ctrl+C to stop.`,
  );
  control.onListening?.(emulator);
  await waitForStop(control.signal);
  await emulator.close();
  return 0;
}
