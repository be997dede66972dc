// How deeply a JSON text nests, measured by a loop rather than by recursion. jsonc-parser's parser,
// the tree walks built on it and our own scanner all recurse once per level, so a file of
// 100,000 "[" would exhaust the call stack in each of them: every entry point that hands a text to
// them asks here first, and gives up with a diagnostic (or no answer) above the limit.

/**
 * The deepest nesting accepted. A request nests 3 levels (the request, numberRangeList, a range);
 * 64 leaves room for whatever is pasted into unknown properties, and stays far below the few
 * thousand levels at which the recursive walkers run out of stack, even when the language server
 * calls them from deep inside its own stack.
 */
export const MAX_NESTING_DEPTH = 64;

const QUOTE = 34;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/**
 * The offset of the first "[" or "{" that opens more than `limit` levels, or undefined.
 *
 * Strings and comments are skipped exactly as jsonc-parser's scanner skips them (a string also
 * ends at a line break), and a closing bracket only closes a level of its own kind. jsonc-parser
 * too leaves a level only at its own closing bracket, and opens levels only at brackets this
 * loop sees, so its depth never exceeds the one measured here, even in broken text.
 */
export function findTooDeepNesting(text: string, limit = MAX_NESTING_DEPTH): number | undefined {
  // The closing character each open level waits for.
  const closers: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i + 1);
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      i = endOfLine(text, i + 2);
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else {
      if (c === OPEN_BRACKET || c === OPEN_BRACE) {
        if (closers.length >= limit) return i;
        closers.push(c === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE);
      } else if (c === closers[closers.length - 1]) {
        closers.pop();
      }
      i++;
    }
  }
  return undefined;
}

/** True when the text nests more than MAX_NESTING_DEPTH levels: too deep to build a tree of. */
export function isNestedTooDeeply(text: string): boolean {
  return findTooDeepNesting(text) !== undefined;
}

/** Just after the closing quote of a string whose content starts at `from`. */
function endOfString(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === 10 || c === 13) return i;
    // An escape takes the next character whatever it is, as jsonc-parser's scanner does.
    i += c === BACKSLASH ? 2 : 1;
  }
  return text.length;
}

function endOfLine(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}
