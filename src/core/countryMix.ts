// Which countries a list of numbers belongs to, by calling code. One reactivate order takes one
// reseller country, so numbers of several countries are a batch (one order per country), not
// one form or one quick input: the form and *Reactivate Numbers...* use this to offer the
// batch path instead of reporting each mismatch.
import { COUNTRIES, countryOfNumber, type CountryCode } from './countries';
import { addToE164, rangeSize } from './e164';
import type { NumberRange } from './schemas';

export interface CountryShare {
  country: CountryCode;
  numbers: bigint;
}

/** The known countries of `ranges` with their number counts, most numbers first; numbers of no known country are left out. */
export function countryMix(ranges: readonly NumberRange[]): CountryShare[] {
  const counts = new Map<CountryCode, bigint>();
  for (const range of ranges) {
    const country = countryOfNumber(range.numberRangeStart);
    if (country) counts.set(country, (counts.get(country) ?? 0n) + (rangeSize(range) || 1n));
  }
  return [...counts]
    .map(([country, numbers]) => ({ country, numbers }))
    .sort((a, b) => (a.numbers === b.numbers ? a.country.localeCompare(b.country) : a.numbers > b.numbers ? -1 : 1));
}

/** "United Kingdom 300, France 20 and Germany 2" (the first `max` countries, then "and N more"). */
export function describeCountryMix(mix: readonly CountryShare[], max = 4): string {
  const parts = mix.slice(0, max).map((m) => `${COUNTRIES[m.country].name} ${m.numbers.toLocaleString('en')}`);
  if (mix.length > max) parts.push(`${mix.length - max} more`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * `ranges` as text with one number per line, as the batch import reads it. Undefined when that
 * would exceed `maxNumbers` lines: a range that large is surely mistyped, and the import would
 * say so better from the original text.
 */
export function numbersAsLines(ranges: readonly NumberRange[], maxNumbers = 100_000): string | undefined {
  let total = 0n;
  for (const r of ranges) total += rangeSize(r) || 1n;
  if (total > BigInt(maxNumbers)) return undefined;
  const lines: string[] = [];
  for (const r of ranges) {
    const size = rangeSize(r);
    if (size === 0n) lines.push(r.numberRangeStart);
    for (let i = 0n; i < size; i++) lines.push(addToE164(r.numberRangeStart, i));
  }
  return lines.join('\n');
}
