import type { CliIo } from './main';

// Placeholder until the emulator command lands; it says so rather than pretending.
export async function runEmulatorCommand(_args: readonly string[], io: CliIo): Promise<number> {
  io.err('colt-reactivate emulator: not implemented yet.');
  return 2;
}
