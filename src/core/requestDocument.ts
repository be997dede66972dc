// A request file's text parsed twice over only when needed: JSON.parse gives the value fast,
// and jsonc-parser's tree (with offsets) is built only when a problem needs a position or the
// text is not valid JSON. A clean 10,000-range file never pays for the tree.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { findTooDeepNesting, MAX_NESTING_DEPTH } from './jsonNesting';

export interface Position {
  line: number;
  character: number;
}
export interface TextRange {
  start: Position;
  end: Position;
}

/** One JSON syntax problem, already worded for users, with offsets into the text. */
export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
}

/** Where on a node a problem is shown: the value itself, its property key, or (for a missing property) the parent. */
export type Anchor = 'value' | 'key' | 'parent';

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

export class RequestDocument {
  private tree: Node | undefined;
  private treeBuilt = false;
  private lineStarts: number[] | undefined;
  private readonly source: string;
  readonly value: unknown;
  readonly syntaxProblems: SyntaxProblem[];

  constructor(readonly text: string) {
    // A UTF-8 byte-order mark is not JSON, but editors write it; a space keeps every offset.
    const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    this.source = source;
    const tooDeep = findTooDeepNesting(source);
    if (tooDeep !== undefined) {
      // No value and no tree: every walk over them would recurse once per level.
      this.value = undefined;
      this.syntaxProblems = [tooDeepProblem(tooDeep)];
      this.treeBuilt = true;
      return;
    }
    const fast = tryJsonParse(source);
    if (fast.ok) {
      this.value = fast.value;
      this.syntaxProblems = [];
      return;
    }
    const errors: ParseError[] = [];
    this.tree = parseTree(source, errors, PARSE_OPTIONS);
    this.treeBuilt = true;
    this.syntaxProblems = describeSyntaxErrors(source, errors, fast.message);
    this.value = this.tree ? nodeValue(this.tree) : undefined;
  }

  /** True when the text parsed only with error recovery: the value may be incomplete. */
  get hasSyntaxErrors(): boolean {
    return this.syntaxProblems.length > 0;
  }

  root(): Node | undefined {
    if (!this.treeBuilt) {
      // The text is valid JSON here (JSON.parse took it): a plain scanner is several times faster than
      // jsonc-parser's visitor, which matters when each of 10,000 ranges has a problem to place.
      this.tree = scanValidJson(this.source) ?? parseTree(this.source, [], PARSE_OPTIONS);
      this.treeBuilt = true;
    }
    return this.tree;
  }

  /** The node at a path; with duplicate keys the last one wins, as in JSON.parse. */
  nodeAt(path: readonly (string | number)[]): Node | undefined {
    let node = this.root();
    for (const segment of path) {
      if (!node) return undefined;
      node = childNode(node, segment);
    }
    return node;
  }

  /** The offsets where a problem on `path` is shown, falling back to the nearest existing ancestor. */
  anchorOffsets(path: readonly (string | number)[], anchor: Anchor): { offset: number; length: number } {
    if (anchor === 'parent') return this.parentAnchor(path.slice(0, -1));
    const node = this.nodeAt(path);
    if (!node) {
      // The value was built from a recovered tree and this node is not in it: point at the closest parent.
      return path.length > 0 ? this.anchorOffsets(path.slice(0, -1), 'value') : { offset: 0, length: Math.min(1, this.source.length) };
    }
    if (anchor === 'key' && node.parent?.type === 'property' && node.parent.children?.[0]) {
      const key = node.parent.children[0];
      return { offset: key.offset, length: key.length };
    }
    return { offset: node.offset, length: node.length };
  }

  private parentAnchor(parentPath: readonly (string | number)[]): { offset: number; length: number } {
    const parent = this.nodeAt(parentPath);
    if (!parent) return this.anchorOffsets(parentPath, 'value');
    const property = parent.parent;
    if (property?.type === 'property' && property.children?.[0]) {
      const key = property.children[0];
      return { offset: key.offset, length: key.length };
    }
    // No key (the root, or an element of a list): the opening brace.
    return { offset: parent.offset, length: 1 };
  }

  rangeOf(offset: number, length: number): TextRange {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  positionAt(offset: number): Position {
    const starts = this.getLineStarts();
    const clamped = Math.max(0, Math.min(offset, this.source.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - starts[low]! };
  }

  private getLineStarts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.source;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        } else if (c === 10 /* \n */) {
          starts.push(i + 1);
        }
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

function tryJsonParse(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function childNode(node: Node, segment: string | number): Node | undefined {
  if (node.type === 'array' && typeof segment === 'number') return node.children?.[segment];
  if (node.type !== 'object' || typeof segment !== 'string') return undefined;
  let found: Node | undefined;
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key?.value === segment && value) found = value;
  }
  return found;
}

/** The value of a recovered tree. Keys become own properties, even "__proto__". */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || typeof key.value !== 'string' || !value) continue;
        Object.defineProperty(result, key.value, { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character: JSON allows only objects, lists, "double-quoted" strings, numbers, true, false and null here.',
  InvalidNumberFormat: 'Not a valid JSON number (no leading zeros, no "+"). Phone numbers are strings: write "+442081324758".',
  PropertyNameExpected: 'Expected a property name in double quotes, such as "country".',
  ValueExpected: 'Expected a value here: a "double-quoted" string, a number, an object, a list, true, false or null.',
  ColonExpected: 'Expected ":" between the property name and its value.',
  CommaExpected: 'Expected "," between two items.',
  CloseBraceExpected: 'Expected "}" to close this object.',
  CloseBracketExpected: 'Expected "]" to close this list.',
  EndOfFileExpected: 'Unexpected text after the end of the request: a request file holds exactly one JSON object.',
  InvalidCommentToken: 'Comments are not allowed: the file is sent to Colt as JSON. Remove the comment.',
  UnexpectedEndOfComment: 'Unterminated comment: comments are not allowed in a request file. Remove it.',
  UnexpectedEndOfString: 'Unterminated string: add the closing double quote.',
  UnexpectedEndOfNumber: 'Incomplete number: add the digits after the sign, decimal point or exponent.',
  InvalidUnicode: 'Invalid \\u escape: write exactly four hex digits, such as \\u00e9.',
  InvalidEscapeCharacter: 'Invalid escape in a string: only \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX are allowed.',
  InvalidCharacter: 'Invalid character in a string: tabs, line breaks and other control characters must be escaped (\\t, \\n).',
};

function tooDeepProblem(offset: number): SyntaxProblem {
  return {
    offset,
    length: 1,
    message: `Nested too deeply: more than ${MAX_NESTING_DEPTH} levels of lists and objects, where a request file needs 3. Check for "[" or "{" that are never closed.`,
  };
}

function describeSyntaxErrors(text: string, errors: readonly ParseError[], jsonParseMessage: string): SyntaxProblem[] {
  if (text.trim() === '') {
    return [
      {
        offset: 0,
        length: 0,
        message:
          'The file is empty: a request file holds one JSON object, such as {"numberRangeList": [...], "productOffering": {...}, "relatedParty": {...}}.',
      },
    ];
  }
  const problems: SyntaxProblem[] = [];
  const seenOffsets = new Set<number>();
  for (const error of errors) {
    // jsonc-parser often reports two errors for one mistake at the same place; the first says it best.
    if (seenOffsets.has(error.offset)) continue;
    seenOffsets.add(error.offset);
    problems.push(describeOne(text, error));
  }
  if (problems.length === 0) {
    // JSON.parse refused what jsonc-parser accepted: say what JSON.parse said, at the start.
    problems.push({ offset: 0, length: Math.min(1, text.length), message: `Not valid JSON: ${jsonParseMessage}` });
  }
  return problems;
}

function describeOne(text: string, error: ParseError): SyntaxProblem {
  const name = printParseErrorCode(error.error);
  const char = text[error.offset];
  if ((name === 'PropertyNameExpected' || name === 'ValueExpected') && (char === '}' || char === ']')) {
    const comma = previousNonSpace(text, error.offset);
    if (comma !== undefined && text[comma] === ',') {
      return { offset: comma, length: 1, message: `Trailing comma: JSON does not allow a "," before "${char}". Remove the comma.` };
    }
  }
  if (name === 'InvalidSymbol' && char === "'") {
    return { offset: error.offset, length: Math.max(error.length, 1), message: 'Strings need double quotes in JSON: write "GB", not \'GB\'.' };
  }
  const length = error.length > 0 || error.offset >= text.length ? error.length : 1;
  return { offset: error.offset, length, message: SYNTAX_MESSAGES[name] ?? `Not valid JSON (${name}).` };
}

function previousNonSpace(text: string, offset: number): number | undefined {
  for (let i = offset - 1; i >= 0; i--) {
    if (!/\s/.test(text[i]!)) return i;
  }
  return undefined;
}

/**
 * A jsonc-parser-shaped tree of text that JSON.parse accepted, built with one pass of charCodeAt.
 * Returns undefined on anything unexpected, so that the caller falls back to jsonc-parser.
 */
export function scanValidJson(text: string): Node | undefined {
  let pos = 0;
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else return;
    }
  };
  const fail = (): never => {
    throw new ScanFailure();
  };
  const scanString = (parent: Node | undefined, type: 'string'): Node => {
    const start = pos;
    let escaped = false;
    pos++; // opening quote
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) fail();
      if (c === 92 /* \ */) {
        escaped = true;
        pos += 2;
      } else if (c === 34 /* " */) {
        pos++;
        break;
      } else {
        pos++;
      }
    }
    const raw = text.slice(start, pos);
    return { type, offset: start, length: pos - start, parent, value: escaped ? JSON.parse(raw) : raw.slice(1, -1) } as Node;
  };
  const scanValue = (parent: Node | undefined): Node => {
    skipSpace();
    const start = pos;
    const c = text.charCodeAt(pos);
    if (c === 123 /* { */) {
      const node = { type: 'object', offset: start, length: 0, parent, children: [] as Node[] } as BuildingNode;
      pos++;
      skipSpace();
      if (text.charCodeAt(pos) === 125) pos++;
      else {
        for (;;) {
          skipSpace();
          const propertyStart = pos;
          const property = { type: 'property', offset: propertyStart, length: 0, parent: node, children: [] as Node[] } as BuildingNode;
          if (text.charCodeAt(pos) !== 34) fail();
          const key = scanString(property, 'string');
          skipSpace();
          if (text.charCodeAt(pos) !== 58 /* : */) fail();
          property.colonOffset = pos;
          pos++;
          const value = scanValue(property);
          property.children!.push(key, value);
          property.length = pos - propertyStart;
          node.children!.push(property);
          skipSpace();
          const next = text.charCodeAt(pos++);
          if (next === 125) break;
          if (next !== 44) fail();
        }
      }
      node.length = pos - start;
      return node;
    }
    if (c === 91 /* [ */) {
      const node = { type: 'array', offset: start, length: 0, parent, children: [] as Node[] } as BuildingNode;
      pos++;
      skipSpace();
      if (text.charCodeAt(pos) === 93) pos++;
      else {
        for (;;) {
          node.children!.push(scanValue(node));
          skipSpace();
          const next = text.charCodeAt(pos++);
          if (next === 93) break;
          if (next !== 44) fail();
        }
      }
      node.length = pos - start;
      return node;
    }
    if (c === 34) return scanString(parent, 'string');
    // Numbers and the three keywords: up to the next delimiter.
    for (;;) {
      const d = text.charCodeAt(pos);
      if (Number.isNaN(d) || d === 44 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9) break;
      pos++;
    }
    const raw = text.slice(start, pos);
    if (raw === 'true' || raw === 'false') return { type: 'boolean', offset: start, length: pos - start, parent, value: raw === 'true' } as Node;
    if (raw === 'null') return { type: 'null', offset: start, length: pos - start, parent, value: null } as Node;
    const number = Number(raw);
    if (raw === '' || Number.isNaN(number)) fail();
    return { type: 'number', offset: start, length: pos - start, parent, value: number } as Node;
  };
  try {
    const root = scanValue(undefined);
    skipSpace();
    return pos === text.length ? root : undefined;
  } catch (error) {
    if (error instanceof ScanFailure) return undefined;
    throw error;
  }
}

class ScanFailure extends Error {}

/** A node whose length is known only once its closing bracket is reached. */
type BuildingNode = { -readonly [K in keyof Node]: Node[K] };
