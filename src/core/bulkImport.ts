// Numbers for a bulk reactivation, read from a spreadsheet export (CSV, TSV) or a plain list, one per line.
// Every row either becomes a number with its country, or a problem with its line number: nothing is
// dropped silently, because a number left out of a batch is a number the user believes was reactivated.
import { parse } from 'csv-parse/sync';
import { COUNTRIES, countryFromLooseText, countryOfNumber, type CountryCode } from './countries';
import { isE164, normaliseNumber } from './e164';
import { quoted } from './excerpt';

export type ImportProblemCode =
  /** The CSV cannot be read from here on (a quote that is never closed). */
  | 'unreadable-row'
  /** The row has no number in the number column. */
  | 'missing-number'
  /** The number column holds something that is not a number in international format. */
  | 'not-a-number'
  /** The country column holds something that is not one of the 20 countries. */
  | 'unknown-country'
  /** The number's calling code is not one of the 20 countries'. */
  | 'country-not-served'
  /** The country column and the number's calling code disagree. */
  | 'country-mismatch'
  /** The same number on an earlier row. */
  | 'duplicate';

export interface ImportProblem {
  /** 1-based line in the file, the header included: where the row starts. */
  line: number;
  code: ImportProblemCode;
  message: string;
}

export interface ImportedNumber {
  /** E.164. */
  number: string;
  country: CountryCode;
  /** Absent when the row gives none. */
  serviceProfile?: string;
  /** 1-based line in the file. */
  line: number;
}

export type ImportColumn = 'number' | 'country' | 'serviceProfile';

export interface ImportResult {
  /** The numbers that can be planned, in file order. */
  numbers: ImportedNumber[];
  /** Every row that could not be taken, in file order. */
  problems: ImportProblem[];
  /** The header row's cells, when the first row is a header. */
  header?: string[];
  /** 0-based column of each recognised column; without a header only the number, in the first column. */
  columns: Partial<Record<ImportColumn, number>> & { number: number };
  delimiter: ',' | ';' | '\t';
  /** Rows read that hold something (header excluded, blank lines excluded). */
  rowCount: number;
  fileName?: string;
}

/**
 * A file's bytes as text: UTF-16 when it starts with a UTF-16 byte-order mark (Excel's "Unicode Text"
 * export, tab-separated), else UTF-8 (a UTF-8 byte-order mark is dropped by the import).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Big-endian: swap each pair and read it as little-endian, which every Node build can decode.
    const swapped = new Uint8Array(bytes.length - 2 - (bytes.length % 2));
    for (let i = 0; i < swapped.length; i += 2) {
      swapped[i] = bytes[i + 3]!;
      swapped[i + 1] = bytes[i + 2]!;
    }
    return new TextDecoder('utf-16le').decode(swapped);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Spreadsheet files, which are not text: the user saves the sheet as CSV first. */
export const SPREADSHEET_FILE = /\.(xlsx|xlsm|xlsb|xls|ods|numbers)$/i;

export interface ImportOptions {
  /** Only its extension is used: `.tsv` means tab-separated. Shown in the plan. */
  fileName?: string;
}

/** Header spellings, compared in lower case without spaces, dots, dashes or underscores. */
const HEADER_NAMES: Readonly<Record<ImportColumn, readonly string[]>> = {
  number: [
    'number',
    'numbers',
    'phone',
    'phonenumber',
    'phonenumbers',
    'telephone',
    'telephonenumber',
    'tel',
    'telno',
    'phoneno',
    'msisdn',
    'e164',
    'e164number',
    'did',
    'ddi',
    'dialnumber',
    'numberrange',
    'nummer',
    'rufnummer',
    'numero',
    'número',
  ],
  country: ['country', 'countrycode', 'countryiso', 'iso', 'isocode', 'iso2', 'resellercountry', 'reseller', 'land', 'pays', 'pais', 'país'],
  serviceProfile: ['serviceprofile', 'profile', 'serviceprofilename', 'resellerserviceprofile', 'sp'],
};

const HEADER_LOOKUP: ReadonlyMap<string, ImportColumn> = new Map(
  (Object.entries(HEADER_NAMES) as [ImportColumn, readonly string[]][]).flatMap(([column, names]) => names.map((name) => [name, column] as const)),
);

function headerColumn(cell: string): ImportColumn | undefined {
  return HEADER_LOOKUP.get(cell.toLowerCase().replace(/[\s._\-#()]/g, ''));
}

/**
 * Reads numbers from CSV, TSV or a plain list (one per line), with or without a header. Columns are
 * found by their header (number, country, service profile, in common spellings); without one, the
 * first column is the number and the country comes from its calling code. Never throws.
 */
export function importNumbers(text: string, options: ImportOptions = {}): ImportResult {
  const delimiter = detectDelimiter(text, options.fileName);
  const { rows, unreadable } = readRows(text, delimiter);
  const problems: ImportProblem[] = [];
  const numbers: ImportedNumber[] = [];

  const first = rows.find((row) => !isBlank(row.cells));
  let header: string[] | undefined;
  let columns: ImportResult['columns'] = { number: 0 };
  if (first && isHeader(first.cells)) {
    header = first.cells.map((cell) => cell.trim());
    columns = columnsOf(header);
  }

  const firstLineOf = new Map<string, number>();
  // A column of 100,000 rows holds a handful of distinct country spellings: each is looked up once.
  const countryCache = new Map<string, CountryCode | undefined>();
  const countryNamed = (text: string) => {
    if (!countryCache.has(text)) countryCache.set(text, countryFromLooseText(text));
    return countryCache.get(text);
  };
  let rowCount = 0;
  let line = 0;
  const problem = (code: ImportProblemCode, message: string) => problems.push({ line, code, message });
  for (const row of rows) {
    if (row === first && header) continue;
    if (isBlank(row.cells)) continue;
    rowCount++;
    const cells = row.cells;
    line = row.line;

    const raw = (cells[columns.number] ?? '').trim();
    if (!raw) {
      problem('missing-number', `No number in this row${header ? ` (column ${quoted(header[columns.number] ?? '')})` : ''}: add it or remove the row.`);
      continue;
    }
    const countryText = columns.country === undefined ? '' : (cells[columns.country] ?? '').trim();
    // Most rows are already E.164, which normaliseNumber would return unchanged.
    const number = isE164(raw) ? raw : normaliseNumber(raw);
    if (!number) {
      problem('not-a-number', notANumberMessage(raw, countryNamed(countryText)));
      continue;
    }
    const called = countryOfNumber(number);
    let country: CountryCode;
    if (countryText) {
      const named = countryNamed(countryText);
      if (!named) {
        problem('unknown-country', `${quoted(countryText)} is not one of the 20 countries Colt reactivates numbers in: use an ISO code such as GB or DE.`);
        continue;
      }
      if (named !== called) {
        problem(
          'country-mismatch',
          called
            ? `${number} is a number of ${COUNTRIES[called].name} (+${COUNTRIES[called].callingCode}), but the row says ${named}: correct the number or the country.`
            : `${number} does not start with ${COUNTRIES[named].name}'s calling code +${COUNTRIES[named].callingCode}, but the row says ${named}: correct the number or the country.`,
        );
        continue;
      }
      country = named;
    } else if (called) {
      country = called;
    } else {
      problem('country-not-served', `${number} is not a number of one of the 20 countries Colt reactivates numbers in (its calling code is none of theirs).`);
      continue;
    }
    const earlier = firstLineOf.get(number);
    if (earlier !== undefined) {
      problem('duplicate', `${number} is already on line ${earlier}: it is reactivated once; remove this row.`);
      continue;
    }
    firstLineOf.set(number, line);
    const serviceProfile = columns.serviceProfile === undefined ? '' : (cells[columns.serviceProfile] ?? '').trim();
    numbers.push(serviceProfile ? { number, country, serviceProfile, line } : { number, country, line });
  }

  for (const u of unreadable) problems.push(u);
  problems.sort((a, b) => a.line - b.line);
  const result: ImportResult = { numbers, problems, columns, delimiter, rowCount: rowCount + unreadable.length };
  if (header) result.header = header;
  if (options.fileName !== undefined) result.fileName = options.fileName;
  return result;
}

function notANumberMessage(raw: string, country: CountryCode | undefined): string {
  const digits = raw.replace(/[\s().\-/\u00a0]/g, '');
  if (/^[1-9][0-9]{5,14}$/.test(digits)) {
    // Spreadsheets drop the "+" of a number stored as a number.
    return `${quoted(raw)} has no "+" or "00": write it with its country code, such as "+${digits}" (in a spreadsheet, format the column as text so the "+" stays).`;
  }
  if (/^0[1-9][0-9]{4,}$/.test(digits)) {
    const { callingCode, name } = COUNTRIES[country ?? 'GB'];
    // Italian numbers keep their leading 0 after the country code; elsewhere it is the trunk prefix, dropped.
    const national = country === 'IT' ? raw.trim() : raw.trim().slice(1);
    return `${quoted(raw)} is a national number: write it with its country code, such as "+${callingCode} ${national}" for a number of ${name}.`;
  }
  return `${quoted(raw)} is not a phone number in international format (such as "+44 20 8132 4758").`;
}

interface Row {
  /** 1-based line where the row starts. */
  line: number;
  cells: string[];
}

const BASE_OPTIONS = {
  bom: true,
  // A stray quote inside a field is kept as text (and the value is then reported as not a number)
  // rather than making the parser lose its place for the rest of the file.
  relax_quotes: true,
  relax_column_count: true,
  // Blank lines stay as records, so that the n-th record starts on line n (plus the line breaks inside
  // quoted fields before it): line numbers without csv-parse's per-record `info`, which triples its time.
  skip_empty_lines: false,
  skip_records_with_error: true,
} as const;

function readRows(text: string, delimiter: string): { rows: Row[]; unreadable: ImportProblem[] } {
  const skipped: { lines: number; message: string }[] = [];
  const records = parse(text, {
    ...BASE_OPTIONS,
    delimiter,
    on_skip: (error: Error | undefined) => {
      if (error) skipped.push({ lines: (error as Error & { lines?: number }).lines ?? 0, message: error.message });
    },
  }) as string[][];
  if (skipped.length === 0) {
    const rows: Row[] = [];
    let line = 1;
    for (const cells of records) {
      rows.push({ line, cells });
      line += 1 + newlinesIn(cells);
    }
    return { rows, unreadable: [] };
  }
  return readRowsExactly(text, delimiter);
}

/** The slower reading, with csv-parse's count of lines per record, for a file where some record could not be read. */
function readRowsExactly(text: string, delimiter: string): { rows: Row[]; unreadable: ImportProblem[] } {
  const rows: Row[] = [];
  const unreadable: ImportProblem[] = [];
  // Both callbacks run during the parse, in file order, so lastEnd is the line the previous record ended on.
  let lastEnd = 0;
  const totalLines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  parse(text, {
    ...BASE_OPTIONS,
    delimiter,
    on_record: (record: string[], context: { lines: number }) => {
      rows.push({ line: context.lines - newlinesIn(record), cells: record });
      lastEnd = context.lines;
      return null;
    },
    on_skip: (error: (Error & { lines?: number; code?: string }) | undefined) => {
      const start = lastEnd + 1;
      const end = Math.max(start, Math.min(error?.lines ?? start, totalLines));
      unreadable.push({
        line: start,
        code: 'unreadable-row',
        message:
          error?.code === 'CSV_QUOTE_NOT_CLOSED'
            ? `A quote (") opened on line ${start} is never closed, so ${end > start ? `lines ${start} to ${end} were` : 'this line was'} not read: close the quote or remove it.`
            : `This row cannot be read as CSV${end > start ? ` (lines ${start} to ${end})` : ''}: ${error?.message ?? 'unknown reason'}.`,
      });
      lastEnd = end;
    },
  });
  return { rows, unreadable };
}

function newlinesIn(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) {
    if (cell.includes('\n')) n += cell.split('\n').length - 1;
  }
  return n;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/**
 * A header names a known column, or is several cells of words without digits (a header in a language we
 * do not know). A lone word on line 1 is a row, reported as not a number, not a header taken silently.
 */
function isHeader(cells: readonly string[]): boolean {
  if (cells.some((cell) => headerColumn(cell.trim()) !== undefined)) return true;
  const filled = cells.filter((cell) => cell.trim() !== '');
  return filled.length >= 2 && filled.every((cell) => /\p{L}/u.test(cell) && !/\d/.test(cell));
}

function columnsOf(header: readonly string[]): ImportResult['columns'] {
  const found: Partial<Record<ImportColumn, number>> = {};
  header.forEach((cell, index) => {
    const column = headerColumn(cell);
    if (column && found[column] === undefined) found[column] = index;
  });
  return { ...found, number: found.number ?? 0 };
}

/** Tab for .tsv; otherwise the separator the first non-blank line uses most (numbers hold none of them). */
function detectDelimiter(text: string, fileName: string | undefined): ImportResult['delimiter'] {
  if (fileName && /\.tsv$/i.test(fileName)) return '\t';
  const match = /^[^\S\r\n]*\S.*$/m.exec(text.slice(0, 64 * 1024));
  const line = match ? match[0] : '';
  const counts = (['\t', ';', ','] as const).map((d) => [d, line.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}
