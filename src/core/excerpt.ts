// How messages quote the user's own values. Those can be anything: a 5,000,000-digit number pasted
// by mistake, quoted whole, made a 5 MB line in the terminal and the Problems panel. Every message
// that repeats a value from a request, a command line or an HTTP request goes through here.

/** Values up to this length are shown whole: every valid number (16 characters at most) is. */
export const EXCERPT_WHOLE_LENGTH = 40;
/** How much of a longer value is shown before the "…". */
export const EXCERPT_LENGTH = 32;

/** A value as messages show it: whole when short, else its start, "…" and its length. */
export function excerpt(value: string): string {
  if (value.length <= EXCERPT_WHOLE_LENGTH) return value;
  return `${start(value)}… (${characters(value)})`;
}

/** A value in double quotes: "+4420813247", or "+44208132475899999999…" (5,000,000 characters). */
export function quoted(value: string): string {
  if (value.length <= EXCERPT_WHOLE_LENGTH) return `"${value}"`;
  return `"${start(value)}…" (${characters(value)})`;
}

/** Several values quoted, the first few only: "a", "b", "c" and 7 more. */
export function quotedList(values: readonly string[], max = 3): string {
  const shown = values.slice(0, max).map(quoted).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

function start(value: string): string {
  // Never half of a surrogate pair (an emoji, say): that would print as a replacement character.
  const end = isHighSurrogate(value.charCodeAt(EXCERPT_LENGTH - 1)) ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH;
  return value.slice(0, end);
}

function characters(value: string): string {
  return `${value.length.toLocaleString('en-GB')} characters`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
