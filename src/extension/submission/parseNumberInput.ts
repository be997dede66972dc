// What people type or paste into the "Reactivate Numbers" input box, as ranges. No vscode
// import: unit-tested in plain Node.
import { normaliseNumber, numbersToRanges } from '../../core/e164';
import type { NumberRange } from '../../core/schemas';

/** Explicit range separators: "a - b", "a..b", "a – b", "a to b", or "a-+b". */
const RANGE = /^(.+?)\s*(?:\.\.|–|—|\s-\s|\bto\b|-(?=\s*(?:\+|00)))\s*(.+)$/i;

/**
 * Numbers and ranges separated by commas, semicolons or new lines; single numbers in a row that
 * are consecutive become one range (numbersToRanges). Anything unreadable is returned in
 * `rejected`, never guessed.
 */
export function parseNumberInput(text: string): { ranges: NumberRange[]; rejected: string[] } {
  const ranges: NumberRange[] = [];
  const rejected: string[] = [];
  let singles: string[] = [];
  const flush = () => {
    ranges.push(...numbersToRanges(singles).ranges);
    singles = [];
  };
  for (const token of text
    .split(/[,;\r\n]+/)
    .map((t) => t.trim())
    .filter(Boolean)) {
    const single = normaliseNumber(token);
    if (single) {
      singles.push(single);
      continue;
    }
    const m = RANGE.exec(token);
    const start = m && normaliseNumber(m[1]);
    const end = m && normaliseNumber(m[2]);
    if (start && end) {
      flush();
      ranges.push({ numberRangeStart: start, numberRangeEnd: end });
      continue;
    }
    // Several numbers separated by spaces only ("+442081324758 +442081324759").
    const words = token.split(/\s+(?=\+|00)/);
    const numbers = words.map((w) => normaliseNumber(w));
    if (words.length > 1 && numbers.every(Boolean)) singles.push(...(numbers as string[]));
    else rejected.push(token);
  }
  flush();
  return { ranges, rejected };
}
