// colt-reactivate validate FILE...: the editor's diagnostics, word for word, for CI pipelines.
// One line per problem, `FILE:LINE:COL: severity CODE message` (1-based), the format compilers
// use, so that editors and CI annotators can link to the place.
import { promises as fs } from 'node:fs';
import {
  computeDiagnostics,
  DEFAULT_MAX_NUMBERS_PER_ORDER,
  DEFAULT_MAX_NUMBERS_PER_RANGE,
  type DiagnosticOptions,
  type RequestDiagnostic,
} from '../core/diagnostics';
import { quoted } from '../core/excerpt';
import type { CliIo } from './main';

export const VALIDATE_USAGE = `Usage: colt-reactivate validate [--max-numbers-per-range N] [--max-numbers-per-order N] FILE...

Checks request files (*.reactivate.json) and prints one line per problem:
  FILE:LINE:COL: error|warning|info CODE message
Nothing is printed for a clean file.

Options:
  --max-numbers-per-range N   warn about ranges of more than N numbers (default ${DEFAULT_MAX_NUMBERS_PER_RANGE})
  --max-numbers-per-order N   a file of more than N numbers in all is an error (default ${DEFAULT_MAX_NUMBERS_PER_ORDER})

Exit codes: 0 no errors (warnings alone are fine), 1 errors found, 2 usage or file problems.`;

interface ValidateArgs {
  files: string[];
  options: DiagnosticOptions;
}

export async function runValidateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(parsed === 'help' ? VALIDATE_USAGE : `colt-reactivate validate: ${parsed}\n\n${VALIDATE_USAGE}`);
    return parsed === 'help' ? 0 : 2;
  }
  let ioProblem = false;
  let errors = false;
  for (const file of parsed.files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      io.err(`colt-reactivate validate: cannot read "${file}": ${describeIoError(error)}.`);
      ioProblem = true;
      continue;
    }
    for (const diagnostic of computeDiagnostics(text, parsed.options)) {
      io.out(formatDiagnostic(file, diagnostic));
      if (diagnostic.severity === 'error') errors = true;
    }
  }
  return ioProblem ? 2 : errors ? 1 : 0;
}

/** `FILE:LINE:COL: severity CODE message`, 1-based, on one line whatever the message holds. */
export function formatDiagnostic(file: string, diagnostic: RequestDiagnostic): string {
  const { line, character } = diagnostic.range.start;
  const message = diagnostic.message.replace(/\s*[\r\n]+\s*/g, ' ');
  return `${file}:${line + 1}:${character + 1}: ${diagnostic.severity} ${diagnostic.code} ${message}`;
}

function parseArgs(args: readonly string[]): ValidateArgs | string {
  const files: string[] = [];
  const options: DiagnosticOptions = {};
  const limits = { '--max-numbers-per-range': 'maxNumbersPerRange', '--max-numbers-per-order': 'maxNumbersPerOrder' } as const;
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      files.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '--help' || arg === '-h') {
      return 'help';
    } else if (arg.split('=')[0]! in limits) {
      const name = arg.split('=')[0] as keyof typeof limits;
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value === undefined || !/^[1-9][0-9]*$/.test(value)) {
        return `${name} needs a whole number of at least 1${value === undefined ? '' : `, not ${quoted(value)}`}.`;
      }
      options[limits[name]] = Number(value);
    } else {
      return `unknown option ${quoted(arg)}.`;
    }
  }
  if (files.length === 0) return 'give at least one request file to check.';
  return { files, options };
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file; check the path';
    case 'EISDIR':
      return 'it is a directory; give the request files inside it';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
