import type { CliIo } from './main';

// Placeholder until the validate command lands; it says so rather than pretending.
export async function runValidateCommand(_args: readonly string[], io: CliIo): Promise<number> {
  io.err('colt-reactivate validate: not implemented yet.');
  return 2;
}
