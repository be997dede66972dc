import type { CliIo } from './main';

// Placeholder until the submit command lands; it says so rather than pretending.
export async function runSubmitCommand(_args: readonly string[], io: CliIo): Promise<number> {
  io.err('colt-reactivate submit: not implemented yet.');
  return 2;
}
