// The 20 reseller countries the seed allows, with their ITU calling codes (docs/colt-api.md).
export const COUNTRIES = {
  GB: { name: 'United Kingdom', callingCode: '44' },
  DE: { name: 'Germany', callingCode: '49' },
  ES: { name: 'Spain', callingCode: '34' },
  FR: { name: 'France', callingCode: '33' },
  AT: { name: 'Austria', callingCode: '43' },
  BE: { name: 'Belgium', callingCode: '32' },
  NL: { name: 'Netherlands', callingCode: '31' },
  IE: { name: 'Ireland', callingCode: '353' },
  IT: { name: 'Italy', callingCode: '39' },
  SE: { name: 'Sweden', callingCode: '46' },
  DK: { name: 'Denmark', callingCode: '45' },
  PT: { name: 'Portugal', callingCode: '351' },
  CH: { name: 'Switzerland', callingCode: '41' },
  CZ: { name: 'Czech Republic', callingCode: '420' },
  NO: { name: 'Norway', callingCode: '47' },
  RO: { name: 'Romania', callingCode: '40' },
  PL: { name: 'Poland', callingCode: '48' },
  FI: { name: 'Finland', callingCode: '358' },
  LU: { name: 'Luxembourg', callingCode: '352' },
  SK: { name: 'Slovakia', callingCode: '421' },
} as const;

export type CountryCode = keyof typeof COUNTRIES;

/** In the seed's order, which is also the order users see in lists. */
export const COUNTRY_CODES = Object.keys(COUNTRIES) as [CountryCode, ...CountryCode[]];

export function isCountryCode(value: string): value is CountryCode {
  return Object.prototype.hasOwnProperty.call(COUNTRIES, value);
}

/**
 * The seed disagrees with itself on where port-in numbers can be reactivated: its table
 * lists FR, NL, PT, ES, SE, CH, IT and its text lists CH, FR, PT, NL, SE, IT, DE. We never
 * silently pick one: both lists are kept, and the countries on only one of them are
 * "disputed" so that the UI, the diagnostics and the emulator can say so.
 */
export const PORT_IN_COUNTRIES_TABLE: readonly CountryCode[] = ['FR', 'NL', 'PT', 'ES', 'SE', 'CH', 'IT'];
export const PORT_IN_COUNTRIES_TEXT: readonly CountryCode[] = ['CH', 'FR', 'PT', 'NL', 'SE', 'IT', 'DE'];

export type PortInSupport = 'yes' | 'disputed' | 'no';

export function portInSupport(country: CountryCode): PortInSupport {
  const inTable = PORT_IN_COUNTRIES_TABLE.includes(country);
  const inText = PORT_IN_COUNTRIES_TEXT.includes(country);
  if (inTable && inText) return 'yes';
  return inTable || inText ? 'disputed' : 'no';
}

const COUNTRY_BY_CALLING_CODE: ReadonlyMap<string, CountryCode> = new Map(COUNTRY_CODES.map((code) => [COUNTRIES[code].callingCode, code] as const));

/** The country whose calling code starts this E.164 number, if it is one of ours. */
export function countryOfNumber(e164: string): CountryCode | undefined {
  const digits = e164.startsWith('+') ? e164.slice(1) : e164;
  // Longest code first, so that 353 (IE) wins over a hypothetical 35. A map: this runs for every
  // number of a 10,000-range file.
  return COUNTRY_BY_CALLING_CODE.get(digits.slice(0, 3)) ?? COUNTRY_BY_CALLING_CODE.get(digits.slice(0, 2));
}

/** Names and look-alike codes users type instead of the ISO code, for quick fixes. */
export function countryFromLooseText(text: string): CountryCode | undefined {
  const t = text.trim();
  const upper = t.toUpperCase();
  if (isCountryCode(upper)) return upper;
  if (upper === 'UK' || upper === 'GREAT BRITAIN' || upper === 'ENGLAND') return 'GB';
  if (upper === 'CZECHIA') return 'CZ';
  if (upper === 'HOLLAND' || upper === 'THE NETHERLANDS') return 'NL';
  for (const code of COUNTRY_CODES) {
    if (COUNTRIES[code].name.toUpperCase() === upper) return code;
  }
  // Three-letter ISO codes (DEU, GBR...) and native names are common in CSV exports.
  const aliases: Record<string, CountryCode> = {
    GBR: 'GB',
    DEU: 'DE',
    ESP: 'ES',
    FRA: 'FR',
    AUT: 'AT',
    BEL: 'BE',
    NLD: 'NL',
    IRL: 'IE',
    ITA: 'IT',
    SWE: 'SE',
    DNK: 'DK',
    PRT: 'PT',
    CHE: 'CH',
    CZE: 'CZ',
    NOR: 'NO',
    ROU: 'RO',
    POL: 'PL',
    FIN: 'FI',
    LUX: 'LU',
    SVK: 'SK',
    DEUTSCHLAND: 'DE',
    ESPAÑA: 'ES',
    ESPANA: 'ES',
    ITALIA: 'IT',
    SVERIGE: 'SE',
    DANMARK: 'DK',
    SCHWEIZ: 'CH',
    SUISSE: 'CH',
    NORGE: 'NO',
    POLSKA: 'PL',
    SUOMI: 'FI',
    ÖSTERREICH: 'AT',
    OSTERREICH: 'AT',
    BELGIË: 'BE',
    BELGIE: 'BE',
    BELGIQUE: 'BE',
    NEDERLAND: 'NL',
  };
  return aliases[upper];
}
