// Editor assistance for `*.reactivate.json` as pure functions over the text: completion, hover,
// the list of ranges (outline, counts) and totals. The language server only maps these to LSP,
// so all of it is tested in plain Node (ARCHITECTURE.md, "Who may use whom").
import * as jsonc from 'jsonc-parser';
import { COUNTRIES, COUNTRY_CODES, countryOfNumber, isCountryCode, portInSupport, type CountryCode } from './countries';
import { rangeSize } from './e164';
import { excerpt } from './excerpt';
import { isNestedTooDeeply } from './jsonNesting';
import { E164_MAX_LENGTH, E164_MIN_LENGTH, PRODUCT_NAME } from './schemas';

// One definition of positions for every core module that reports places in the text.
import type { Position, TextRange } from './requestDocument';
export type { Position, TextRange };

/** Offsets ↔ 0-based line/character (UTF-16, as LSP counts), with a binary search over line starts. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const nextStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(lineStart + Math.max(0, position.character), nextStart);
  }

  rangeOf(offset: number, length: number): TextRange {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }
}

/** Each field's meaning, from Colt's API description (the seed), for hover and completion. */
export const FIELD_DOCS: Record<string, string> = {
  $schema: 'Editor hint only: lets editors find the JSON Schema. Never sent to Colt.',
  numberRangeList:
    'Mandatory. The numbers to reactivate, as a list of inclusive ranges. A single number has `numberRangeStart` = `numberRangeEnd`. ' +
    'Each number is reassigned to the same end user; name and address come from the previous record.',
  numberRangeStart:
    `Mandatory. First number of the range, in E.164 format: \`+\`, country code, number; pattern \`^[+]{1}[1-9]{1}[0-9]*$\`, ` +
    `${E164_MIN_LENGTH} to ${E164_MAX_LENGTH} characters (example \`+442081324758\`).`,
  numberRangeEnd:
    'Mandatory. Last number of the range, inclusive, in E.164 format; same length as the start, and not before it. ' +
    'Equal to the start for a single number.',
  productOffering: 'Mandatory. The product the numbers belong to.',
  name: `Mandatory, all countries. The product name: always \`"${PRODUCT_NAME}"\`.`,
  relatedParty: 'Mandatory. The party the request is made for: the reseller.',
  reseller: 'Mandatory. The reseller the numbers belong to: its country, and its service profile when it has several.',
  serviceProfile:
    'Optional. The service profile associated with the customer request (such as `"ANH"`); ' +
    'mandatory if the customer has more than one service profile per country.',
  country: `Mandatory. The reseller's country, as an ISO code: ${COUNTRY_CODES.join(', ')}.`,
};

/** Where each documented property lives, as the path of its parent object. */
const PROPERTIES_BY_PARENT: { parent: (path: jsonc.JSONPath) => boolean; names: string[] }[] = [
  { parent: (p) => p.length === 0, names: ['numberRangeList', 'productOffering', 'relatedParty', '$schema'] },
  { parent: (p) => p.length === 2 && p[0] === 'numberRangeList' && typeof p[1] === 'number', names: ['numberRangeStart', 'numberRangeEnd'] },
  { parent: (p) => p.length === 1 && p[0] === 'productOffering', names: ['name'] },
  { parent: (p) => p.length === 1 && p[0] === 'relatedParty', names: ['reseller'] },
  { parent: (p) => p.length === 2 && p[0] === 'relatedParty' && p[1] === 'reseller', names: ['country', 'serviceProfile'] },
];

function documentedProperties(parentPath: jsonc.JSONPath): string[] {
  return PROPERTIES_BY_PARENT.find((entry) => entry.parent(parentPath))?.names ?? [];
}

function isFieldPath(path: jsonc.JSONPath): boolean {
  const name = path[path.length - 1];
  return typeof name === 'string' && documentedProperties(path.slice(0, -1)).includes(name);
}

export function countryLabel(code: CountryCode): string {
  return `${COUNTRIES[code].name} (+${COUNTRIES[code].callingCode})`;
}

/**
 * jsonc-parser's tree, or undefined for a text nested too deeply to parse without exhausting the
 * stack (jsonc-parser recurses once per level); such a text has its diagnostic, and nothing else.
 */
function parseShallowTree(text: string): jsonc.Node | undefined {
  return isNestedTooDeeply(text) ? undefined : jsonc.parseTree(text);
}

// ---------------------------------------------------------------------------------------------
// Ranges: outline, counts, totals

export interface RangeEntry {
  index: number;
  start?: string;
  end?: string;
  /** Numbers in the range; 0 when it is incomplete, reversed or its ends differ in length. */
  count: bigint;
  /** Country whose calling code starts the range, when it is one of the 20. */
  country?: CountryCode;
  /** The whole range object, and just where its start value sits (for hints and symbols). */
  range: TextRange;
  selectionRange: TextRange;
  /** Offset just after the range object's closing brace. */
  endOffset: number;
}

export function listRanges(text: string, index = new LineIndex(text)): RangeEntry[] {
  const tree = parseShallowTree(text);
  const list = tree ? jsonc.findNodeAtLocation(tree, ['numberRangeList']) : undefined;
  if (!list || list.type !== 'array' || !list.children) return [];
  return list.children.map((item, i) => {
    const startNode = item.type === 'object' ? jsonc.findNodeAtLocation(item, ['numberRangeStart']) : undefined;
    const endNode = item.type === 'object' ? jsonc.findNodeAtLocation(item, ['numberRangeEnd']) : undefined;
    const start = typeof startNode?.value === 'string' ? startNode.value : undefined;
    const end = typeof endNode?.value === 'string' ? endNode.value : undefined;
    const count = start !== undefined && end !== undefined && start.length > 1 ? safeRangeSize(start, end) : 0n;
    const anchor = startNode ?? item;
    return {
      index: i,
      start,
      end,
      count,
      country: start ? countryOfNumber(start) : undefined,
      range: index.rangeOf(item.offset, item.length),
      selectionRange: index.rangeOf(anchor.offset, anchor.length),
      endOffset: item.offset + item.length,
    };
  });
}

function safeRangeSize(start: string, end: string): bigint {
  // rangeSize parses digits with BigInt: anything else (a pasted "+44 20 ...") counts as 0.
  if (!/^\+\d+$/.test(start) || !/^\+\d+$/.test(end)) return 0n;
  return rangeSize({ numberRangeStart: start, numberRangeEnd: end });
}

export function formatCount(count: bigint): string {
  return `${count.toLocaleString('en-GB')} ${count === 1n ? 'number' : 'numbers'}`;
}

/** The outline's and the hover's name for a range: its ends, each cut short if it is not a number. */
export function rangeLabel(entry: RangeEntry): string {
  if (entry.start && entry.end && entry.start !== entry.end) return `${excerpt(entry.start)} – ${excerpt(entry.end)}`;
  const known = entry.start ?? entry.end;
  return known === undefined ? `range ${entry.index + 1}` : excerpt(known);
}

export interface RequestTotals {
  ranges: number;
  numbers: bigint;
}

export function requestTotals(text: string): RequestTotals {
  const ranges = listRanges(text);
  return { ranges: ranges.length, numbers: ranges.reduce((sum, r) => sum + r.count, 0n) };
}

// ---------------------------------------------------------------------------------------------
// Hover

export interface AssistHover {
  markdown: string;
  range?: TextRange;
}

export function hoverAt(text: string, position: Position): AssistHover | undefined {
  const index = new LineIndex(text);
  const offset = index.offsetAt(position);
  const tree = parseShallowTree(text);
  if (!tree) return undefined;
  const node = jsonc.findNodeAtOffset(tree, offset, true);
  if (!node) return undefined;
  const path = jsonc.getNodePath(node);
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const sections: string[] = [];

  const fieldPath = isKey ? path : node.parent?.type === 'property' ? path : undefined;
  if (fieldPath && isFieldPath(fieldPath)) {
    const name = String(fieldPath[fieldPath.length - 1]);
    sections.push(`**${name}**: ${FIELD_DOCS[name]}`);
  }
  if (!isKey && path.join('.') === 'relatedParty.reseller.country' && typeof node.value === 'string' && isCountryCode(node.value)) {
    sections.push(countryHover(node.value));
  }
  if (path[0] === 'numberRangeList' && typeof path[1] === 'number') {
    const entry = listRanges(text, index)[path[1]];
    if (entry) sections.push(rangeHover(entry));
  }
  if (sections.length === 0) return undefined;
  return { markdown: sections.join('\n\n'), range: index.rangeOf(node.offset, node.length) };
}

function countryHover(code: CountryCode): string {
  const portIn = portInSupport(code);
  const portInText =
    portIn === 'yes'
      ? 'port-in numbers can be reactivated'
      : portIn === 'disputed'
        ? "port-in reactivation is disputed: Colt's API description lists this country in only one of its two lists"
        : 'port-in numbers cannot be reactivated';
  const nl = code === 'NL' ? ' Pre-activated numbers can be reclaimed within their first 60 days only.' : '';
  return `${code}: ${countryLabel(code)}; ${portInText}.${nl}`;
}

function rangeHover(entry: RangeEntry): string {
  const country = entry.country ? `${COUNTRIES[entry.country].name} (${entry.country}, +${COUNTRIES[entry.country].callingCode})` : undefined;
  const lines = [`Range ${entry.index + 1}: ${rangeLabel(entry)}`];
  lines.push(entry.count > 0n ? formatCount(entry.count) : 'no numbers counted: the range is incomplete, reversed or its ends differ in length');
  if (entry.start) lines.push(country ? `calling code of ${country}` : 'calling code not one of the 20 reseller countries');
  return lines.join(' · ');
}

// ---------------------------------------------------------------------------------------------
// Completion

export type CompletionKind = 'value' | 'property' | 'snippet' | 'country';

export interface AssistCompletion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert; a snippet (with $1 placeholders) when `isSnippet`. */
  insertText: string;
  isSnippet?: boolean;
  /** What the item replaces (an existing string or key under the cursor); the word at the cursor otherwise. */
  replace?: TextRange;
  /** Sort order: lower first. */
  sortText?: string;
}

const RANGE_SNIPPET = '{\n\t"numberRangeStart": "+${1:442081324758}",\n\t"numberRangeEnd": "+${2:442081324758}"\n}';

export function completionsAt(text: string, position: Position): AssistCompletion[] {
  // getLocation walks the text with jsonc-parser's recursive parser, like parseShallowTree.
  if (isNestedTooDeeply(text)) return [];
  const index = new LineIndex(text);
  const offset = index.offsetAt(position);
  const location = jsonc.getLocation(text, offset);
  const previous = location.previousNode;
  // A string under the cursor (key or value) is replaced whole, quotes included.
  const replace =
    previous && (previous.type === 'string' || previous.type === 'property') && offset > previous.offset && offset <= previous.offset + previous.length
      ? index.rangeOf(previous.offset, previous.length)
      : undefined;
  const path = location.path;

  if (location.isAtPropertyKey) {
    return propertyCompletions(text, path.slice(0, -1), replace);
  }
  const field = path.join('.');
  if (field === 'relatedParty.reseller.country') {
    return COUNTRY_CODES.map((code, i) => ({
      label: code,
      kind: 'country',
      detail: countryLabel(code),
      documentation: countryHover(code),
      insertText: JSON.stringify(code),
      replace,
      sortText: String(i).padStart(2, '0'),
    }));
  }
  if (field === 'productOffering.name') {
    return [{ label: PRODUCT_NAME, kind: 'value', detail: 'The only product name', insertText: JSON.stringify(PRODUCT_NAME), replace }];
  }
  if (path.length === 2 && path[0] === 'numberRangeList' && typeof path[1] === 'number' && !insideObject(text, offset, path)) {
    return [
      {
        label: 'New number range',
        kind: 'snippet',
        detail: 'numberRangeStart / numberRangeEnd',
        documentation: FIELD_DOCS.numberRangeList,
        insertText: RANGE_SNIPPET,
        isSnippet: true,
      },
    ];
  }
  return [];
}

/** getLocation reports ['numberRangeList', i] both between items and at an item's value; only the former wants a new range. */
function insideObject(text: string, offset: number, path: jsonc.JSONPath): boolean {
  const tree = jsonc.parseTree(text);
  const node = tree ? jsonc.findNodeAtLocation(tree, path) : undefined;
  return !!node && node.offset < offset && offset < node.offset + node.length;
}

function propertyCompletions(text: string, parentPath: jsonc.JSONPath, replace: TextRange | undefined): AssistCompletion[] {
  const names = documentedProperties(parentPath);
  if (names.length === 0) return [];
  const tree = jsonc.parseTree(text);
  const parent = tree ? (parentPath.length ? jsonc.findNodeAtLocation(tree, parentPath) : tree) : undefined;
  const present = new Set(
    (parent?.type === 'object' ? (parent.children ?? []) : [])
      .map((prop) => prop.children?.[0])
      // The key being typed counts as absent, or it would hide itself.
      .filter((key): key is jsonc.Node => !!key && !(replace && key.length > 0 && replaceCovers(text, key, replace)))
      .map((key) => String(key.value)),
  );
  return names
    .filter((name) => !present.has(name))
    .map((name, i) => ({
      label: name,
      kind: 'property' as const,
      documentation: FIELD_DOCS[name],
      insertText: `"${name}": ${PROPERTY_VALUE_SNIPPETS[name] ?? '"$1"'}`,
      isSnippet: true,
      replace,
      sortText: String(i).padStart(2, '0'),
    }));
}

function replaceCovers(text: string, key: jsonc.Node, replace: TextRange): boolean {
  const index = new LineIndex(text);
  return index.offsetAt(replace.start) === key.offset;
}

const PROPERTY_VALUE_SNIPPETS: Record<string, string> = {
  numberRangeList: `[\n\t${RANGE_SNIPPET.replace(/\n/g, '\n\t')}\n]`,
  productOffering: `{\n\t"name": "${PRODUCT_NAME}"\n}`,
  relatedParty: `{\n\t"reseller": {\n\t\t"country": "\${1|${COUNTRY_CODES.join(',')}|}"\n\t}\n}`,
  reseller: `{\n\t"country": "\${1|${COUNTRY_CODES.join(',')}|}"\n}`,
  country: `"\${1|${COUNTRY_CODES.join(',')}|}"`,
  name: `"${PRODUCT_NAME}"`,
  numberRangeStart: '"+$1"',
  numberRangeEnd: '"+$1"',
  serviceProfile: '"$1"',
  $schema: '"$1"',
};
