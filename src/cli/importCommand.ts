// colt-reactivate import FILE --out DIR: a spreadsheet export or a list of numbers becomes one request
// file per order, after the plan is printed. Nothing is written when a row is refused (unless
// --allow-partial) or when a file would be overwritten (unless --force): a batch that silently misses
// numbers, or replaces request files already reviewed, is worse than no batch.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { plannedFiles } from '../core/bulkFiles';
import { decodeText, importNumbers, SPREADSHEET_FILE } from '../core/bulkImport';
import { formatPlan, planBatch } from '../core/bulkPlan';
import { DEFAULT_MAX_NUMBERS_PER_ORDER, DEFAULT_MAX_NUMBERS_PER_RANGE } from '../core/diagnostics';
import { quoted, quotedList } from '../core/excerpt';
import type { CliIo } from './main';

export const IMPORT_USAGE = `Usage: colt-reactivate import FILE --out DIR [--max-numbers-per-order N] [--max-numbers-per-range N] [--allow-partial] [--force]

Reads numbers from FILE (CSV, TSV or a plain list, one number per line, with or without a header),
groups them by country and service profile into orders, prints the plan, and writes one request file
per order into DIR (such as DIR/GB-ANH-1.reactivate.json), ready for colt-reactivate submit.

Options:
  --out DIR                     the folder for the request files (made if missing)
  --max-numbers-per-order N     at most N numbers per order (default ${DEFAULT_MAX_NUMBERS_PER_ORDER})
  --max-numbers-per-range N     at most N numbers per range (default ${DEFAULT_MAX_NUMBERS_PER_RANGE})
  --allow-partial               write the orders even if some rows were refused (they are in no order)
  --force                       overwrite request files already in DIR

Exit codes: 0 files written; 1 rows refused or nothing to write (no file written); 2 usage, I/O,
or files already in DIR (no file written).`;

interface ImportArgs {
  file: string;
  out: string;
  maxNumbersPerOrder?: number;
  maxNumbersPerRange?: number;
  allowPartial: boolean;
  force: boolean;
}

export async function runImportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(parsed === 'help' ? IMPORT_USAGE : `colt-reactivate import: ${parsed}\n\n${IMPORT_USAGE}`);
    return parsed === 'help' ? 0 : 2;
  }
  if (SPREADSHEET_FILE.test(parsed.file)) {
    io.err(`colt-reactivate import: ${quoted(parsed.file)} is a spreadsheet: save the sheet as CSV (UTF-8) and import that file.`);
    return 2;
  }
  let text: string;
  try {
    text = decodeText(await fs.readFile(parsed.file));
  } catch (error) {
    io.err(`colt-reactivate import: cannot read ${quoted(parsed.file)}: ${describeIoError(error)}.`);
    return 2;
  }
  const plan = planBatch(importNumbers(text, { fileName: path.basename(parsed.file) }), {
    ...(parsed.maxNumbersPerOrder === undefined ? {} : { maxNumbersPerOrder: parsed.maxNumbersPerOrder }),
    ...(parsed.maxNumbersPerRange === undefined ? {} : { maxNumbersPerRange: parsed.maxNumbersPerRange }),
  });
  io.out(formatPlan(plan).trimEnd());

  if (plan.orders.length === 0) {
    io.err(`colt-reactivate import: no number in ${quoted(parsed.file)} can be reactivated; no file written.`);
    return 1;
  }
  if (plan.refusedRows > 0 && !parsed.allowPartial) {
    io.err(
      `colt-reactivate import: ${plan.refusedRows} ${plan.refusedRows === 1 ? 'row was' : 'rows were'} refused (see Problems above); no file written. ` +
        'Correct the file, or run again with --allow-partial to write the orders of the other rows.',
    );
    return 1;
  }

  let files;
  try {
    await fs.mkdir(parsed.out, { recursive: true });
    files = await plannedFiles(plan, parsed.out);
  } catch (error) {
    io.err(`colt-reactivate import: cannot use the folder ${quoted(parsed.out)}: ${describeIoError(error)}.`);
    return 2;
  }
  const existing = files.filter((f) => f.exists);
  if (existing.length > 0 && !parsed.force) {
    io.err(
      `colt-reactivate import: ${existing.length} of the request files already ${existing.length === 1 ? 'exists' : 'exist'} in ${quoted(parsed.out)} ` +
        `(${quotedList(existing.map((f) => path.basename(f.path)))}); no file written. Choose another --out folder, or add --force to overwrite them.`,
    );
    return 2;
  }
  try {
    for (const file of files) {
      // 'wx' fails rather than overwrite a file that appeared since the check; --force replaces it.
      await fs.writeFile(file.path, file.text, { encoding: 'utf8', flag: parsed.force ? 'w' : 'wx' });
    }
  } catch (error) {
    io.err(
      `colt-reactivate import: cannot write into ${quoted(parsed.out)}: ${describeIoError(error)}. Some request files may have been written; run again with --force once fixed.`,
    );
    return 2;
  }
  io.out('');
  io.out(
    `Wrote ${files.length} request ${files.length === 1 ? 'file' : 'files'} to ${parsed.out}` +
      `${existing.length > 0 ? ` (${existing.length} overwritten)` : ''}. Submit them with: colt-reactivate submit ${parsed.out} --target emulator|sandbox|production`,
  );
  // `submit FOLDER` sends every request file in it: files left from an earlier import would go too.
  const mine = new Set(files.map((f) => path.basename(f.path)));
  const others = (await fs.readdir(parsed.out).catch(() => [] as string[])).filter((n) => n.endsWith('.reactivate.json') && !mine.has(n)).sort();
  if (others.length > 0) {
    io.err(
      `warning: ${quoted(parsed.out)} also holds ${others.length} request ${others.length === 1 ? 'file' : 'files'} this import did not write ` +
        `(${quotedList(others)}); submitting the folder sends ${others.length === 1 ? 'it' : 'them'} too. Move ${others.length === 1 ? 'it' : 'them'} away first, or import into an empty --out folder.`,
    );
  }
  return 0;
}

function parseArgs(args: readonly string[]): ImportArgs | string {
  const files: string[] = [];
  let out: string | undefined;
  let maxNumbersPerOrder: number | undefined;
  let maxNumbersPerRange: number | undefined;
  let allowPartial = false;
  let force = false;
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    const value = () => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i]);
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      files.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '--help' || arg === '-h') {
      return 'help';
    } else if (name === '--out') {
      out = value();
      if (!out) return '--out needs a folder.';
    } else if (name === '--max-numbers-per-order' || name === '--max-numbers-per-range') {
      const v = value();
      if (v === undefined || !/^[1-9][0-9]*$/.test(v)) return `${name} needs a whole number of at least 1${v === undefined ? '' : `, not ${quoted(v)}`}.`;
      if (name === '--max-numbers-per-order') maxNumbersPerOrder = Number(v);
      else maxNumbersPerRange = Number(v);
    } else if (arg === '--allow-partial') {
      allowPartial = true;
    } else if (arg === '--force') {
      force = true;
    } else {
      return `unknown option ${quoted(arg)}.`;
    }
  }
  if (files.length !== 1) return files.length === 0 ? 'give the file of numbers to import.' : `give one file of numbers, not ${files.length}.`;
  if (out === undefined) return 'give the folder for the request files with --out DIR.';
  const result: ImportArgs = { file: files[0]!, out, allowPartial, force };
  if (maxNumbersPerOrder !== undefined) result.maxNumbersPerOrder = maxNumbersPerOrder;
  if (maxNumbersPerRange !== undefined) result.maxNumbersPerRange = maxNumbersPerRange;
  return result;
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder; check the path';
    case 'EISDIR':
      return 'it is a folder; give the file of numbers';
    case 'ENOTDIR':
      return 'a file is in the way of that folder';
    case 'EEXIST':
      return 'a file appeared there meanwhile';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
