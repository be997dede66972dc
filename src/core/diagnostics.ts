// Request-file diagnostics as pure data: text or object in, problems out.
// The language server, the command line and the form all show these messages word for word,
// so each one says what is wrong and how to fix it.
import { COUNTRIES, countryFromLooseText, countryOfNumber, isCountryCode, portInSupport, PORT_IN_COUNTRIES_TABLE, type CountryCode } from './countries';
import { findRangeClashes, isE164, normaliseNumber, rangeSize, type RangeClash } from './e164';
import { quoted } from './excerpt';
import { RequestDocument, type Anchor, type Position, type TextRange } from './requestDocument';
import { E164_MAX_LENGTH, E164_MIN_LENGTH, PRODUCT_NAME, requestFileSchema, type NumberRange } from './schemas';

export type { Position, TextRange };

export type Severity = 'error' | 'warning' | 'info';

export type DiagnosticCode =
  | 'json-syntax'
  | 'not-an-object'
  | 'missing-property'
  | 'wrong-type'
  | 'invalid-e164'
  | 'e164-length'
  | 'empty-range-list'
  | 'wrong-product'
  | 'unknown-country'
  | 'empty-service-profile'
  | 'range-reversed'
  | 'range-length-mismatch'
  | 'duplicate-range'
  | 'overlapping-range'
  | 'range-too-large'
  | 'order-too-large'
  | 'country-mismatch'
  | 'unknown-property'
  | 'port-in-disputed';

export interface ProblemData {
  replacement?: string;
  rangeIndex?: number;
  otherRangeIndex?: number;
  missing?: string;
  /** order-too-large: how many request files of at most maxNumbersPerOrder numbers the split makes, when at most MAX_SPLIT_FILES. */
  splitFiles?: number;
}
export interface RequestProblem {
  path: (string | number)[];
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  data?: ProblemData;
}
export interface RequestDiagnostic extends RequestProblem {
  range: TextRange;
}
export interface DiagnosticOptions {
  maxNumbersPerRange?: number;
  maxNumbersPerOrder?: number;
}

export const DEFAULT_MAX_NUMBERS_PER_RANGE = 1000;
export const MAX_NUMBERS_SETTING = 'coltReactivate.maxNumbersPerRange';
/**
 * Colt publishes no limit per order. Ten ranges' worth keeps an order that is refused or whose answer is
 * lost small enough to check by hand, and stays far below the emulator's 100,000 (docs/colt-api.md, "Limits").
 */
export const DEFAULT_MAX_NUMBERS_PER_ORDER = 10_000;
export const MAX_NUMBERS_PER_ORDER_SETTING = 'coltReactivate.maxNumbersPerOrder';
/** Past this many request files, a file above maxNumbersPerOrder is not split: one of its range ends is surely mistyped. */
export const MAX_SPLIT_FILES = 100;

/** The limits of options as numbers, each a whole number of at least 1, or its default. */
export function diagnosticLimits(options: DiagnosticOptions | undefined): { maxNumbersPerRange: number; maxNumbersPerOrder: number } {
  const whole = (value: number | undefined, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
  return {
    maxNumbersPerRange: whole(options?.maxNumbersPerRange, DEFAULT_MAX_NUMBERS_PER_RANGE),
    maxNumbersPerOrder: whole(options?.maxNumbersPerOrder, DEFAULT_MAX_NUMBERS_PER_ORDER),
  };
}

/** Every code with its severity: the README's table and the LSP's mapping read from here. */
export const DIAGNOSTIC_SEVERITY: Readonly<Record<DiagnosticCode, Severity>> = {
  'json-syntax': 'error',
  'not-an-object': 'error',
  'missing-property': 'error',
  'wrong-type': 'error',
  'invalid-e164': 'error',
  'e164-length': 'error',
  'empty-range-list': 'error',
  'wrong-product': 'error',
  'unknown-country': 'error',
  'empty-service-profile': 'error',
  'range-reversed': 'error',
  'range-length-mismatch': 'error',
  'duplicate-range': 'error',
  'overlapping-range': 'error',
  'range-too-large': 'warning',
  'order-too-large': 'error',
  'country-mismatch': 'warning',
  'unknown-property': 'warning',
  'port-in-disputed': 'info',
};

/** The smallest valid value of each property, for "add the missing ..." quick fixes. */
export const MISSING_PROPERTY_SKELETONS: Readonly<Record<string, unknown>> = {
  numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
  productOffering: { name: PRODUCT_NAME },
  name: PRODUCT_NAME,
  relatedParty: { reseller: { country: 'GB' } },
  reseller: { country: 'GB' },
  country: 'GB',
  numberRangeStart: '+442081324758',
  numberRangeEnd: '+442081324758',
};

/** Keys each object of a request file may hold; anything else is not sent to Colt. */
const KNOWN_KEYS = {
  root: ['numberRangeList', 'productOffering', 'relatedParty', '$schema'],
  range: ['numberRangeStart', 'numberRangeEnd'],
  productOffering: ['name'],
  relatedParty: ['reseller'],
  reseller: ['serviceProfile', 'country'],
} as const;

type Path = (string | number)[];

/**
 * Which rule found a problem, in the order the rules run. Two problems shown at the same place are
 * listed in this order, so that a re-check of one range (diagnosticsSession.ts) sorts them as a full check does.
 */
export const CheckPhase = { schema: 1, keys: 2, range: 3, clash: 4, country: 5, order: 6 } as const;
export type CheckPhase = (typeof CheckPhase)[keyof typeof CheckPhase];

export interface Found {
  problem: RequestProblem;
  anchor: Anchor;
  phase: CheckPhase;
}

/** Problems of a request given as a plain object (the form's live validation). Never throws. */
export function validateRequestObject(value: unknown, options?: DiagnosticOptions): RequestProblem[] {
  try {
    return new RequestChecker(value, options)
      .check()
      .map((found) => found.problem)
      .sort((a, b) => comparePaths(a.path, b.path));
  } catch (error) {
    return [internalProblem(error)];
  }
}

/** Problems of a request file's text, each with its 0-based range, ordered by position. Never throws. */
export function computeDiagnostics(text: string, options?: DiagnosticOptions): RequestDiagnostic[] {
  try {
    return diagnoseText(String(text), options);
  } catch (error) {
    return [{ ...internalProblem(error), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  }
}

function diagnoseText(text: string, options: DiagnosticOptions | undefined): RequestDiagnostic[] {
  const doc = new RequestDocument(text);
  const placed: { offset: number; length: number; order: number; diagnostic: RequestDiagnostic }[] = [];
  for (const syntax of doc.syntaxProblems) {
    placed.push({
      offset: syntax.offset,
      length: syntax.length,
      order: placed.length,
      diagnostic: { path: [], severity: 'error', code: 'json-syntax', message: syntax.message, range: doc.rangeOf(syntax.offset, syntax.length) },
    });
  }
  if (!(doc.hasSyntaxErrors && doc.value === undefined)) {
    for (const { problem, anchor } of new RequestChecker(doc.value, options).check()) {
      // A half-typed file misses properties only because the parser stopped early: say nothing yet.
      if (doc.hasSyntaxErrors && problem.code === 'missing-property') continue;
      const { offset, length } = doc.anchorOffsets(problem.path, anchor);
      // The problem object is fresh and ours: adding the range in place spares 10,000 copies.
      const diagnostic = problem as RequestDiagnostic;
      diagnostic.range = doc.rangeOf(offset, length);
      placed.push({ offset, length, order: placed.length, diagnostic });
    }
  }
  placed.sort((a, b) => a.offset - b.offset || a.length - b.length || a.order - b.order);
  return placed.map((p) => p.diagnostic);
}

function internalProblem(error: unknown): RequestProblem {
  const detail = error instanceof Error ? error.message : String(error);
  return { path: [], severity: 'error', code: 'json-syntax', message: `Could not check this request (${detail}). Please report this.` };
}

/**
 * Walks one request value once: zod for the schema rules, then the rules zod cannot express.
 * `checkRange` re-checks a single entry of numberRangeList with the same rules, for diagnosticsSession.ts.
 */
export class RequestChecker {
  private found: Found[] = [];
  private phase: CheckPhase = CheckPhase.schema;
  private readonly maxNumbers: bigint;
  private readonly maxPerOrder: number;
  /** numberRangeList's entries as ranges after `check()`: a valid range, or a placeholder with empty ends. */
  ranges: NumberRange[] = [];
  /** How many numbers each entry of numberRangeList holds (0 for one that is not a valid range), after `check()`. */
  counts: number[] = [];

  constructor(
    private readonly root: unknown,
    options: DiagnosticOptions | undefined,
  ) {
    const limits = diagnosticLimits(options);
    this.maxNumbers = BigInt(limits.maxNumbersPerRange);
    this.maxPerOrder = limits.maxNumbersPerOrder;
  }

  check(): Found[] {
    if (!isPlainObject(this.root)) {
      const kind = Array.isArray(this.root) ? 'a list' : this.root === null ? 'null' : `a ${typeof this.root}`;
      this.add(
        [],
        'not-an-object',
        `A request file holds one JSON object, but this is ${kind}: write {"numberRangeList": [...], "productOffering": {"name": "${PRODUCT_NAME}"}, "relatedParty": {"reseller": {"country": "GB"}}}.`,
      );
      return this.found;
    }
    this.phase = CheckPhase.schema;
    this.checkSchema();
    this.phase = CheckPhase.keys;
    this.checkUnknownKeys();
    this.phase = CheckPhase.range;
    this.checkRanges();
    this.phase = CheckPhase.country;
    this.checkCountry();
    const order = orderLimitProblem(this.ranges, this.counts, this.maxPerOrder);
    if (order) this.found.push({ problem: order, anchor: 'key', phase: CheckPhase.order });
    return this.found;
  }

  /**
   * The problems of numberRangeList[index] alone, as `check()` finds them for that entry, clashes with
   * other ranges excepted. The root must be a request object whose numberRangeList holds the entry.
   */
  checkRange(index: number): Found[] {
    this.found = [];
    const list = (this.root as Record<string, unknown>).numberRangeList as unknown[];
    const item = list[index];
    this.phase = CheckPhase.schema;
    // The file's schema on a request of this one entry: only the entry's issues are kept, moved to its index.
    const result = requestFileSchema.safeParse({ numberRangeList: [item] });
    if (!result.success)
      this.addIssues(result.error.issues, (path) =>
        path[0] === 'numberRangeList' && path[1] === 0 && path.length >= 2 ? ['numberRangeList', index, ...path.slice(2)] : undefined,
      );
    this.phase = CheckPhase.keys;
    if (isPlainObject(item)) this.checkKeys(item, ['numberRangeList', index], KNOWN_KEYS.range);
    this.phase = CheckPhase.range;
    this.checkOneRange(validRange(item) ?? PLACEHOLDER_RANGE, index);
    this.phase = CheckPhase.country;
    const country = this.resellerCountry();
    if (country) this.checkRangeCountry(item, index, country);
    return this.found;
  }

  private add(path: Path, code: DiagnosticCode, message: string, data?: ProblemData, anchor: Anchor = 'value'): void {
    const problem: RequestProblem = { path, severity: DIAGNOSTIC_SEVERITY[code], code, message };
    if (data) problem.data = data;
    this.found.push({ problem, anchor, phase: this.phase });
  }

  private checkSchema(): void {
    const result = requestFileSchema.safeParse(this.root);
    if (result.success) return;
    this.addIssues(result.error.issues, (path) => path);
  }

  private addIssues(issues: readonly { path: PropertyKey[]; code: string; message: string }[], place: (path: Path) => Path | undefined): void {
    const seen = new Set<string>();
    for (const issue of issues) {
      const path = place(issue.path.filter((s): s is string | number => typeof s !== 'symbol'));
      if (!path) continue;
      // One problem per node: "+44 (0)20 8132 4758" breaks both the pattern and the length.
      const key = JSON.stringify(path);
      if (seen.has(key)) continue;
      seen.add(key);
      this.addIssue(path, issue.code, issue.message);
    }
  }

  private addIssue(path: Path, code: string, zodMessage: string): void {
    const key = path[path.length - 1];
    const parent = valueAt(this.root, path.slice(0, -1));
    const value = valueAt(this.root, path);
    const isNumberField = key === 'numberRangeStart' || key === 'numberRangeEnd';

    if (path.length > 0 && value === undefined && isPlainObject(parent)) {
      this.addMissing(path, String(key), parent);
    } else if (code === 'invalid_type' && isNumberField && typeof value === 'number') {
      const candidate = Number.isSafeInteger(value) && value > 0 ? `+${value}` : undefined;
      if (candidate && isE164(candidate)) {
        this.add(path, 'wrong-type', `Phone numbers are strings: write "${candidate}" in double quotes.`, { replacement: candidate });
      } else {
        this.add(
          path,
          'wrong-type',
          `Phone numbers are strings in E.164 format, such as "+442081324758": write the number in double quotes, starting with "+".`,
        );
      }
    } else if (code === 'invalid_format' && isNumberField && typeof value === 'string') {
      this.addBadNumber(path, value);
    } else if ((code === 'too_small' || code === 'too_big') && isNumberField && typeof value === 'string') {
      this.addBadLength(path, value);
    } else if (code === 'too_small' && key === 'numberRangeList') {
      this.add(
        path,
        'empty-range-list',
        'numberRangeList is empty: add at least one range, such as {"numberRangeStart": "+442081324758", "numberRangeEnd": "+442081324758"}.',
      );
    } else if (code === 'too_small' && key === 'serviceProfile') {
      this.add(path, 'empty-service-profile', zodMessage);
    } else if (code === 'invalid_value' && key === 'name' && path[0] === 'productOffering') {
      const found = typeof value === 'string' ? ` (found ${quoted(value)})` : '';
      this.add(path, 'wrong-product', `productOffering.name must be "${PRODUCT_NAME}"${found}: it is the only product this API reactivates.`, {
        replacement: PRODUCT_NAME,
      });
    } else if (code === 'invalid_value' && key === 'country') {
      this.addUnknownCountry(path, value, zodMessage);
    } else {
      this.add(path, 'wrong-type', zodMessage);
    }
  }

  private addMissing(path: Path, name: string, parent: Record<string, unknown>): void {
    let example = inlineJson(MISSING_PROPERTY_SKELETONS[name] ?? '');
    if (name === 'numberRangeEnd' && typeof parent.numberRangeStart === 'string' && isE164(parent.numberRangeStart)) {
      example = JSON.stringify(parent.numberRangeStart);
    } else if (name === 'numberRangeStart' && typeof parent.numberRangeEnd === 'string' && isE164(parent.numberRangeEnd)) {
      example = JSON.stringify(parent.numberRangeEnd);
    }
    const hint =
      name === 'numberRangeEnd'
        ? ' (the last number of the range; the start again for a single number)'
        : name === 'numberRangeStart'
          ? ' (the first number of the range)'
          : name === 'country'
            ? " (the reseller's ISO country code)"
            : '';
    this.add(path, 'missing-property', `Missing "${name}": add "${name}": ${example}${hint}.`, { missing: name }, 'parent');
  }

  private addBadNumber(path: Path, value: string): void {
    const replacement = normaliseNumber(value);
    const fix = replacement && replacement !== value ? ` Did you mean "${replacement}"?` : '';
    this.add(
      path,
      'invalid-e164',
      `${quoted(value)} is not an E.164 number: write "+", then the country code and the number, digits only, no leading zero (such as "+442081324758").${fix}`,
      replacement && replacement !== value ? { replacement } : undefined,
    );
  }

  private addBadLength(path: Path, value: string): void {
    const tooShort = value.length < E164_MIN_LENGTH;
    const advice = tooShort ? 'check for missing digits' : 'check for extra digits';
    this.add(
      path,
      'e164-length',
      `${quoted(value)} is ${tooShort ? 'too short' : 'too long'} for an E.164 number: it has ${groupDigits(BigInt(value.length))} characters, and E.164 numbers have ${E164_MIN_LENGTH} to ${E164_MAX_LENGTH} counting the "+"; ${advice}.`,
    );
  }

  private addUnknownCountry(path: Path, value: unknown, zodMessage: string): void {
    const guess = typeof value === 'string' ? countryFromLooseText(value) : undefined;
    if (guess && guess !== value) {
      this.add(
        path,
        'unknown-country',
        `${quoted(String(value))} is not a country code Colt accepts: write "${guess}" (${COUNTRIES[guess].name}). The reseller country is an ISO code.`,
        { replacement: guess },
      );
    } else {
      this.add(path, 'unknown-country', typeof value === 'string' ? `${quoted(value)}: ${zodMessage}` : zodMessage);
    }
  }

  private checkUnknownKeys(): void {
    const root = this.root as Record<string, unknown>;
    this.checkKeys(root, [], KNOWN_KEYS.root);
    if (isPlainObject(root.productOffering)) this.checkKeys(root.productOffering, ['productOffering'], KNOWN_KEYS.productOffering);
    if (isPlainObject(root.relatedParty)) {
      this.checkKeys(root.relatedParty, ['relatedParty'], KNOWN_KEYS.relatedParty);
      const reseller = root.relatedParty.reseller;
      if (isPlainObject(reseller)) this.checkKeys(reseller, ['relatedParty', 'reseller'], KNOWN_KEYS.reseller);
    }
    if (Array.isArray(root.numberRangeList)) {
      root.numberRangeList.forEach((range, index) => {
        if (isPlainObject(range)) this.checkKeys(range, ['numberRangeList', index], KNOWN_KEYS.range);
      });
    }
  }

  private checkKeys(object: Record<string, unknown>, path: Path, known: readonly string[]): void {
    for (const key of Object.keys(object)) {
      if (known.includes(key)) continue;
      const suggestion = closestKey(
        key,
        known.filter((k) => !Object.prototype.hasOwnProperty.call(object, k)),
      );
      const advice = suggestion ? `Did you mean "${suggestion}"?` : 'Remove it, or check its spelling.';
      this.add(
        [...path, key],
        'unknown-property',
        `Unknown property ${quoted(key)}: it is not sent to Colt. ${advice}`,
        suggestion ? { replacement: suggestion } : undefined,
        'key',
      );
    }
  }

  private checkRanges(): void {
    const list = (this.root as Record<string, unknown>).numberRangeList;
    if (!Array.isArray(list)) return;
    // Placeholders keep the indexes of findRangeClashes aligned with the list; it skips invalid ranges.
    const ranges: NumberRange[] = list.map((item) => validRange(item) ?? PLACEHOLDER_RANGE);
    this.ranges = ranges;
    this.counts = ranges.map(rangeCount);
    ranges.forEach((range, index) => this.checkOneRange(range, index));
    this.phase = CheckPhase.clash;
    for (const clash of findRangeClashes(ranges)) this.found.push({ problem: clashProblem(ranges, clash), anchor: 'value', phase: this.phase });
  }

  private checkOneRange(range: NumberRange, index: number): void {
    const { numberRangeStart: start, numberRangeEnd: end } = range;
    if (!start) return;
    const path = ['numberRangeList', index];
    if (start.length !== end.length) {
      this.add(
        path,
        'range-length-mismatch',
        `numberRangeStart ${start} has ${start.length - 1} digits but numberRangeEnd ${end} has ${end.length - 1}: both ends of a range have the same number of digits.`,
        { rangeIndex: index },
      );
      return;
    }
    if (start > end) {
      this.add(path, 'range-reversed', `numberRangeStart ${start} comes after numberRangeEnd ${end}: swap them.`, { rangeIndex: index });
      return;
    }
    // Most ranges differ in their last few digits only: no bigint needed to know they are small.
    if (10n ** BigInt(start.length - commonPrefixLength(start, end)) <= this.maxNumbers) return;
    const size = rangeSize(range);
    if (size > this.maxNumbers) {
      this.add(
        path,
        'range-too-large',
        `This range holds ${groupDigits(size)} numbers, more than ${groupDigits(this.maxNumbers)} (the ${MAX_NUMBERS_SETTING} setting): split it into smaller ranges, or raise the setting if this is intended.`,
        { rangeIndex: index },
      );
    }
  }

  private resellerCountry(): CountryCode | undefined {
    const root = this.root as Record<string, unknown>;
    const reseller = isPlainObject(root.relatedParty) ? root.relatedParty.reseller : undefined;
    const country = isPlainObject(reseller) ? reseller.country : undefined;
    return typeof country === 'string' && isCountryCode(country) ? country : undefined;
  }

  private checkCountry(): void {
    const country = this.resellerCountry();
    if (!country) return;
    this.checkPortIn(country);
    const list = (this.root as Record<string, unknown>).numberRangeList;
    if (!Array.isArray(list)) return;
    list.forEach((item, index) => this.checkRangeCountry(item, index, country));
  }

  private checkRangeCountry(item: unknown, index: number, country: CountryCode): void {
    if (!isPlainObject(item)) return;
    const start = isE164String(item.numberRangeStart) ? item.numberRangeStart : undefined;
    const end = isE164String(item.numberRangeEnd) ? item.numberRangeEnd : undefined;
    const startCountry = start ? countryOfNumber(start) : undefined;
    if (start && startCountry !== country) this.addCountryMismatch(['numberRangeList', index, 'numberRangeStart'], start, country);
    // The end is reported only when it tells something new: the start was fine, or it points elsewhere.
    const endCountry = end ? countryOfNumber(end) : undefined;
    if (end && endCountry !== country && (!start || startCountry === country || endCountry !== startCountry)) {
      this.addCountryMismatch(['numberRangeList', index, 'numberRangeEnd'], end, country);
    }
  }

  private addCountryMismatch(path: Path, number: string, country: CountryCode): void {
    const numberCountry = countryOfNumber(number);
    const expected = `the reseller country is ${country} (calling code ${COUNTRIES[country].callingCode})`;
    const message = numberCountry
      ? `${number} has calling code ${COUNTRIES[numberCountry].callingCode} (${COUNTRIES[numberCountry].name}), but ${expected}: check the number or the country.`
      : `${number} does not start with a calling code of the 20 supported countries, and ${expected}: check the number or the country.`;
    this.add(path, 'country-mismatch', message);
  }

  private checkPortIn(country: CountryCode): void {
    if (portInSupport(country) !== 'disputed') return;
    const inTable = PORT_IN_COUNTRIES_TABLE.includes(country);
    const where = inTable
      ? "the seed's table of port-in countries lists it but its text does not"
      : "the seed's text lists it but its table of port-in countries does not";
    this.add(
      ['relatedParty', 'reseller', 'country'],
      'port-in-disputed',
      `Port-in reactivation in ${country} (${COUNTRIES[country].name}) is disputed: ${where}. Colt may refuse PortIn_Quarantined numbers in ${country}; Quarantined numbers are not affected.`,
    );
  }
}

/** The duplicate or overlap problem of a clash that findRangeClashes found, reported on the later range. */
export function clashProblem(ranges: readonly NumberRange[], clash: RangeClash): RequestProblem {
  const later = ranges[clash.index]!;
  const other = ranges[clash.otherIndex]!;
  const otherText = `numberRangeList[${clash.otherIndex}] (${describeRange(other)})`;
  const data = { rangeIndex: clash.index, otherRangeIndex: clash.otherIndex };
  const path = ['numberRangeList', clash.index];
  if (clash.kind === 'duplicate') {
    return {
      path,
      severity: DIAGNOSTIC_SEVERITY['duplicate-range'],
      code: 'duplicate-range',
      message: `This range repeats ${otherText}: remove one of them.`,
      data,
    };
  }
  return {
    path,
    severity: DIAGNOSTIC_SEVERITY['overlapping-range'],
    code: 'overlapping-range',
    message: `This range (${describeRange(later)}) overlaps ${otherText}: a number may appear in only one range, so shorten or merge them.`,
    data,
  };
}

/**
 * How many numbers a valid range holds, 0 for a reversed one or a placeholder. Exact as a float: both ends
 * have at most 15 digits, and only the digits after their common prefix are read (one or two for most ranges).
 */
export function rangeCount(range: NumberRange): number {
  const { numberRangeStart: start, numberRangeEnd: end } = range;
  if (start === '' || start.length !== end.length || start > end) return 0;
  const common = commonPrefixLength(start, end);
  return common === start.length ? 1 : Number(end.slice(common)) - Number(start.slice(common)) + 1;
}

/**
 * The request holds more numbers than one order should: an error on numberRangeList, with the number of request
 * files a split makes (data.splitFiles) when that is at most MAX_SPLIT_FILES; beyond, a range end is surely mistyped.
 */
export function orderLimitProblem(ranges: readonly NumberRange[], counts: readonly number[], maxPerOrder: number): RequestProblem | undefined {
  let total = 0n;
  let small = 0;
  let largest = -1;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i]!;
    if (count === 0) continue;
    if (largest < 0 || count > counts[largest]!) largest = i;
    // A float sum stays exact below 2^53; bigint only when it could grow past that.
    small += count;
    if (small >= 2 ** 52) {
      total += BigInt(small);
      small = 0;
    }
  }
  total += BigInt(small);
  const max = BigInt(maxPerOrder);
  if (total <= max) return undefined;
  const files = (total + max - 1n) / max;
  const holds = `This request holds ${groupDigits(total)} numbers, more than ${groupDigits(max)} per order (the ${MAX_NUMBERS_PER_ORDER_SETTING} setting)`;
  const path = ['numberRangeList'];
  const severity = DIAGNOSTIC_SEVERITY['order-too-large'];
  if (files <= BigInt(MAX_SPLIT_FILES)) {
    return {
      path,
      severity,
      code: 'order-too-large',
      message: `${holds}: split it into ${files} request files of at most ${groupDigits(max)} numbers, or raise the setting if Colt has agreed to larger orders.`,
      data: { splitFiles: Number(files) },
    };
  }
  const range = ranges[largest]!;
  return {
    path,
    severity,
    code: 'order-too-large',
    message: `${holds}, and would need ${groupDigits(files)} orders: a range end is surely mistyped. Check numberRangeList[${largest}] (${describeRange(range)}), which holds ${groupDigits(BigInt(counts[largest]!))} numbers.`,
    data: { rangeIndex: largest },
  };
}

/** Stands for an entry of numberRangeList that is not a valid range, keeping the indexes aligned. */
export const PLACEHOLDER_RANGE: NumberRange = Object.freeze({ numberRangeStart: '', numberRangeEnd: '' });

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isE164String(value: unknown): value is string {
  return typeof value === 'string' && isE164(value);
}

export function validRange(item: unknown): NumberRange | undefined {
  if (!isPlainObject(item) || !isE164String(item.numberRangeStart) || !isE164String(item.numberRangeEnd)) return undefined;
  return { numberRangeStart: item.numberRangeStart, numberRangeEnd: item.numberRangeEnd };
}

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function describeRange(range: NumberRange): string {
  return range.numberRangeStart === range.numberRangeEnd ? range.numberRangeStart : `${range.numberRangeStart} to ${range.numberRangeEnd}`;
}

/** JSON on one line, spaced as people write it: {"name": "Wholesale SIP"}. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value, null, 1)
    .replace(/,\n\s*/g, ', ')
    .replace(/\n\s*/g, '');
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function groupDigits(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A known key the user probably meant: same letters in another case, or at most two typos away. */
function closestKey(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase(), 2);
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best && (best.distance === 0 || key.length >= 4) ? best.key : undefined;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Numbers before strings, numbers numerically: problems of range 2 come before those of range 10. */
function comparePaths(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
