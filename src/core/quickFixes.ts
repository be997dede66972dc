// Quick fixes for the problems the core diagnostics find, as plain text edits.
// Pure, so each fix is tested in Node by applying it and validating the result again.
// Edits are built with jsonc-parser's `modify`, which keeps commas and indentation right.
import * as jsonc from 'jsonc-parser';
import { COUNTRIES, countryFromLooseText, countryOfNumber, isCountryCode, type CountryCode } from './countries';
import { addToE164, isE164, normaliseNumber, rangeSize } from './e164';
import { excerpt, quoted } from './excerpt';
import { computeDiagnostics, diagnosticLimits, type DiagnosticCode, type DiagnosticOptions, type ProblemData } from './diagnostics';
import { isNestedTooDeeply } from './jsonNesting';
import { LineIndex, type TextRange } from './requestAssist';
import { PRODUCT_NAME, type NumberRange } from './schemas';

/** What a fix needs of a diagnostic: its code, where it is, and the hints the diagnostics left. */
export interface FixableProblem {
  code: DiagnosticCode | string;
  path: readonly (string | number)[];
  data?: ProblemData;
}

export interface TextEdit {
  range: TextRange;
  newText: string;
}
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  isPreferred?: boolean;
}

type Path = (string | number)[];

export function quickFixesFor(text: string, problem: FixableProblem): QuickFix[] {
  // jsonc-parser's tree and edits recurse once per level: no fixes for a file nested that deep.
  if (isNestedTooDeeply(text)) return [];
  // The diagnostic may be stale (the text changed since it was computed) or made up by another
  // client: a fix that finds nothing to change is not offered.
  return fixesFor(new FixDocument(text), problem).filter((fix) => fix.edits.length > 0);
}

function fixesFor(doc: FixDocument, problem: FixableProblem): QuickFix[] {
  const path = [...problem.path];
  switch (problem.code) {
    case 'range-reversed':
      return maybe(swapRange(doc, rangeIndexOf(problem)));
    case 'invalid-e164':
    case 'e164-length':
    case 'wrong-type':
      return maybe(replaceNumber(doc, path, problem.data?.replacement));
    case 'wrong-product':
      return [doc.fix(`Set productOffering.name to "${PRODUCT_NAME}"`, doc.set(['productOffering', 'name'], PRODUCT_NAME))];
    case 'unknown-country':
      return maybe(replaceCountry(doc, path, problem.data?.replacement));
    case 'duplicate-range':
      return maybe(removeRange(doc, rangeIndexOf(problem), problem.data?.otherRangeIndex));
    case 'missing-property':
      return maybe(addMissing(doc, path, problem.data?.missing));
    case 'empty-service-profile':
      return [doc.fix('Remove the empty serviceProfile', doc.set(['relatedParty', 'reseller', 'serviceProfile'], undefined))];
    case 'unknown-property':
      return [...maybe(renameKey(doc, path, problem.data?.replacement)), ...maybe(removeUnknown(doc, path, !problem.data?.replacement))];
    case 'country-mismatch':
      return maybe(setCountryFromData(doc, problem.data?.replacement));
    default:
      return [];
  }
}

/** Applies edits to a text; used by tests and by anyone holding a fix outside an editor. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}

function maybe(fix: QuickFix | undefined): QuickFix[] {
  return fix ? [fix] : [];
}

function rangeIndexOf(problem: FixableProblem): number | undefined {
  if (typeof problem.data?.rangeIndex === 'number') return problem.data.rangeIndex;
  return problem.path[0] === 'numberRangeList' && typeof problem.path[1] === 'number' ? problem.path[1] : undefined;
}

class FixDocument {
  readonly tree: jsonc.Node | undefined;
  readonly index: LineIndex;
  private readonly formatting: jsonc.FormattingOptions;

  constructor(readonly text: string) {
    this.tree = jsonc.parseTree(text);
    this.index = new LineIndex(text);
    this.formatting = detectFormatting(text);
  }

  node(path: Path): jsonc.Node | undefined {
    return this.tree ? (path.length ? jsonc.findNodeAtLocation(this.tree, path) : this.tree) : undefined;
  }

  /** Edits that set (or, with undefined, remove) the value at a path, creating parents as needed. */
  set(path: Path, value: unknown): TextEdit[] {
    let edits: jsonc.Edit[];
    try {
      edits = jsonc.modify(this.text, path, value, { formattingOptions: this.formatting });
    } catch {
      // jsonc-parser cannot add a property under a string or a list: the text is not shaped as the diagnostic saw it.
      return [];
    }
    return edits.map((e) => ({ range: this.index.rangeOf(e.offset, e.length), newText: e.content }));
  }

  replaceNode(node: jsonc.Node, newText: string): TextEdit {
    return { range: this.index.rangeOf(node.offset, node.length), newText };
  }

  fix(title: string, edits: TextEdit[], isPreferred = true): QuickFix {
    return { title, edits, isPreferred };
  }

  /** Country of the first range whose start is a valid number of one of the 20 countries. */
  numbersCountry(): CountryCode | undefined {
    const list = this.node(['numberRangeList']);
    for (const item of list?.type === 'array' ? (list.children ?? []) : []) {
      const start = item.type === 'object' ? jsonc.findNodeAtLocation(item, ['numberRangeStart'])?.value : undefined;
      const country = typeof start === 'string' && isE164(start) ? countryOfNumber(start) : undefined;
      if (country) return country;
    }
    return undefined;
  }
}

function detectFormatting(text: string): jsonc.FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? Math.min(indent.length, 8) : 2, eol };
}

function swapRange(doc: FixDocument, rangeIndex: number | undefined): QuickFix | undefined {
  if (rangeIndex === undefined) return undefined;
  const start = doc.node(['numberRangeList', rangeIndex, 'numberRangeStart']);
  const end = doc.node(['numberRangeList', rangeIndex, 'numberRangeEnd']);
  if (!start || !end) return undefined;
  const startText = doc.text.slice(start.offset, start.offset + start.length);
  const endText = doc.text.slice(end.offset, end.offset + end.length);
  return doc.fix('Swap numberRangeStart and numberRangeEnd', [doc.replaceNode(start, endText), doc.replaceNode(end, startText)]);
}

function replaceNumber(doc: FixDocument, path: Path, replacement: string | undefined): QuickFix | undefined {
  const node = doc.node(path);
  if (!node) return undefined;
  const raw = node.type === 'string' ? String(node.value) : undefined;
  const value = replacement ?? (raw !== undefined ? normaliseNumber(raw) : undefined);
  if (!value || value === raw) return undefined;
  return doc.fix(`Change to ${quoted(value)}`, [doc.replaceNode(node, JSON.stringify(value))]);
}

function replaceCountry(doc: FixDocument, path: Path, replacement: string | undefined): QuickFix | undefined {
  const node = doc.node(path);
  if (!node) return undefined;
  const code = replacement && isCountryCode(replacement) ? replacement : typeof node.value === 'string' ? countryFromLooseText(node.value) : undefined;
  if (!code || code === node.value) return undefined;
  return doc.fix(`Change to "${code}" (${COUNTRIES[code].name})`, [doc.replaceNode(node, JSON.stringify(code))]);
}

function setCountryFromData(doc: FixDocument, replacement: string | undefined): QuickFix | undefined {
  if (!replacement || !isCountryCode(replacement)) return undefined;
  return doc.fix(
    `Set the reseller country to "${replacement}" (${COUNTRIES[replacement].name}, the numbers' country)`,
    doc.set(['relatedParty', 'reseller', 'country'], replacement),
    false,
  );
}

function removeRange(doc: FixDocument, rangeIndex: number | undefined, otherIndex: number | undefined): QuickFix | undefined {
  if (rangeIndex === undefined || !doc.node(['numberRangeList', rangeIndex])) return undefined;
  const same = otherIndex !== undefined ? ` (same as range ${otherIndex + 1})` : '';
  return doc.fix(`Remove duplicate range ${rangeIndex + 1}${same}`, doc.set(['numberRangeList', rangeIndex], undefined));
}

function removeUnknown(doc: FixDocument, path: Path, isPreferred: boolean): QuickFix | undefined {
  const name = path[path.length - 1];
  if (typeof name !== 'string' || !doc.node(path)) return undefined;
  return doc.fix(`Remove ${quoted(name)} (Colt does not know it)`, doc.set(path, undefined), isPreferred);
}

/** A misspelt key ("contry") renamed to the one the diagnostics suggest, keeping its value. */
function renameKey(doc: FixDocument, path: Path, replacement: string | undefined): QuickFix | undefined {
  const key = doc.node(path)?.parent?.children?.[0];
  if (!replacement || !key || key.type !== 'string') return undefined;
  return doc.fix(`Rename ${quoted(String(key.value))} to ${quoted(replacement)}`, [doc.replaceNode(key, JSON.stringify(replacement))]);
}

/** Skeletons for missing properties; a country is taken from the numbers, never invented. */
function addMissing(doc: FixDocument, path: Path, missingHint: string | undefined): QuickFix | undefined {
  const last = path[path.length - 1];
  const missing = missingHint ?? (typeof last === 'string' ? last : undefined);
  if (!missing) return undefined;
  const parentPath = last === missing ? path.slice(0, -1) : path;
  const parent = doc.node(parentPath);
  if (!parent || parent.type !== 'object') return undefined;
  const target = [...parentPath, missing];
  const country = doc.numbersCountry();
  // Without numbers to go by, an empty country leaves an error that asks for it, rather than a guess.
  const countryValue = country ?? '';
  const countryNote = country ? ` with country "${country}" (from the numbers)` : '';
  switch (missing) {
    case 'productOffering':
      return doc.fix(`Add "productOffering": {"name": "${PRODUCT_NAME}"}`, doc.set(target, { name: PRODUCT_NAME }));
    case 'name':
      return doc.fix(`Add "name": "${PRODUCT_NAME}"`, doc.set(target, PRODUCT_NAME));
    case 'relatedParty':
      return doc.fix(`Add "relatedParty"${countryNote}`, doc.set(target, { reseller: { country: countryValue } }));
    case 'reseller':
      return doc.fix(`Add "reseller"${countryNote}`, doc.set(target, { country: countryValue }));
    case 'country':
      return country ? doc.fix(`Add "country": "${country}" (from the numbers)`, doc.set(target, country)) : undefined;
    case 'numberRangeStart':
    case 'numberRangeEnd': {
      const otherName = missing === 'numberRangeStart' ? 'numberRangeEnd' : 'numberRangeStart';
      const other = doc.node([...parentPath, otherName]);
      if (!other || other.type !== 'string') return undefined;
      return doc.fix(`Add "${missing}": ${excerpt(JSON.stringify(other.value))} (a single number)`, doc.set(target, other.value));
    }
    default:
      return undefined;
  }
}

/** The parts of a request file above maxNumbersPerOrder, or why it is not split. */
export type SplitOutcome = { parts: string[]; maxNumbersPerOrder: number } | { refused: string };

/** A split that would cut ranges into more pieces than this is refused: maxNumbersPerRange is set too low for it. */
const MAX_SPLIT_RANGES = 100_000;

/**
 * Splits a request file whose numbers exceed maxNumbersPerOrder into the texts of request files of at most
 * that many numbers, in the file's order: the same fields (country, profile, product, $schema), ranges cut
 * where a part is full and into pieces of at most maxNumbersPerRange. Refused when the file has other errors
 * (each part would repeat them), or when it would take more than MAX_SPLIT_FILES files. Every part is
 * checked again and has no errors.
 */
export function splitRequestFile(text: string, options?: DiagnosticOptions): SplitOutcome {
  const { maxNumbersPerOrder, maxNumbersPerRange } = diagnosticLimits(options);
  const problems = computeDiagnostics(text, options);
  const order = problems.find((p) => p.code === 'order-too-large');
  if (!order) return { refused: `This request holds at most ${maxNumbersPerOrder.toLocaleString('en-GB')} numbers: it needs no split.` };
  const others = problems.filter((p) => p.severity === 'error' && p.code !== 'order-too-large').length;
  if (others > 0)
    return { refused: `Fix the file's other ${others === 1 ? 'error' : `${others} errors`} first: each part would repeat ${others === 1 ? 'it' : 'them'}.` };
  if (!order.data?.splitFiles) return { refused: order.message };

  const value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown> & { numberRangeList: NumberRange[] };
  const perOrder = BigInt(maxNumbersPerOrder);
  const perRange = BigInt(maxNumbersPerRange);
  const parts: NumberRange[][] = [[]];
  let room = perOrder;
  let pieces = 0;
  for (const range of value.numberRangeList) {
    let start = range.numberRangeStart;
    let left = rangeSize(range);
    while (left > 0n) {
      if (room === 0n) {
        parts.push([]);
        room = perOrder;
      }
      const take = [left, room, perRange].reduce((a, b) => (a < b ? a : b));
      parts[parts.length - 1]!.push({ numberRangeStart: start, numberRangeEnd: addToE164(start, take - 1n) });
      start = addToE164(start, take);
      left -= take;
      room -= take;
      if (++pieces > MAX_SPLIT_RANGES) {
        return { refused: `The split would make more than ${MAX_SPLIT_RANGES.toLocaleString('en-GB')} ranges: raise coltReactivate.maxNumbersPerRange first.` };
      }
    }
  }
  const formatting = detectFormatting(text);
  const indent = formatting.insertSpaces ? (formatting.tabSize ?? 2) : '\t';
  const eol = formatting.eol ?? '\n';
  const texts = parts.map((numberRangeList) => {
    // The same keys in the same order, with this part's ranges.
    const json = JSON.stringify({ ...value, numberRangeList }, null, indent);
    return (eol === '\n' ? json : json.replace(/\n/g, eol)) + eol;
  });
  if (texts.some((t) => computeDiagnostics(t, options).some((p) => p.severity === 'error'))) {
    return { refused: 'Could not split this request into valid request files. Please report this.' };
  }
  return { parts: texts, maxNumbersPerOrder };
}

/**
 * Names for the parts of `fileName`: `order-1.reactivate.json`, `order-2.reactivate.json`, ..., numbered after
 * the highest such part already in `taken` (the folder's file names), so that no existing file is overwritten.
 */
export function splitFileNames(fileName: string, count: number, taken: ReadonlySet<string>): string[] {
  const match = /^(.*?)(\.reactivate)?\.json$/i.exec(fileName);
  const base = match ? match[1]! : fileName;
  const suffix = '.reactivate.json';
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)\\.reactivate\\.json$`, 'i');
  let highest = 0;
  for (const name of taken) {
    const n = pattern.exec(name);
    if (n) highest = Math.max(highest, Number(n[1]));
  }
  return Array.from({ length: count }, (_, i) => `${base}-${highest + 1 + i}${suffix}`);
}
