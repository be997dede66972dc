import * as assert from 'node:assert/strict';
import {
  COUNTRIES,
  COUNTRY_CODES,
  countryFromLooseText,
  countryOfNumber,
  isCountryCode,
  PORT_IN_COUNTRIES_TABLE,
  PORT_IN_COUNTRIES_TEXT,
  portInSupport,
} from '../../src/core/countries';

describe('countries', () => {
  it("has the seed's 20 countries, in its order, with the issue's calling codes", () => {
    assert.deepEqual(COUNTRY_CODES, ['GB', 'DE', 'ES', 'FR', 'AT', 'BE', 'NL', 'IE', 'IT', 'SE', 'DK', 'PT', 'CH', 'CZ', 'NO', 'RO', 'PL', 'FI', 'LU', 'SK']);
    const codes = Object.fromEntries(COUNTRY_CODES.map((c) => [c, COUNTRIES[c].callingCode]));
    assert.deepEqual(codes, {
      GB: '44',
      DE: '49',
      ES: '34',
      FR: '33',
      AT: '43',
      BE: '32',
      NL: '31',
      IE: '353',
      IT: '39',
      SE: '46',
      DK: '45',
      PT: '351',
      CH: '41',
      CZ: '420',
      NO: '47',
      RO: '40',
      PL: '48',
      FI: '358',
      LU: '352',
      SK: '421',
    });
  });

  it('isCountryCode accepts only the 20 codes, case-sensitively, and not inherited names', () => {
    assert.equal(isCountryCode('GB'), true);
    for (const bad of ['gb', 'UK', 'US', '', 'toString', '__proto__']) assert.equal(isCountryCode(bad), false, bad);
  });

  it('countryOfNumber finds the country by calling code, longest code first', () => {
    const cases: Record<string, string | undefined> = {
      '+442081324758': 'GB',
      '+493012345678': 'DE',
      '+353112345678': 'IE',
      '+351212345678': 'PT',
      '+352123456': 'LU',
      '+358912345678': 'FI',
      '+420212345678': 'CZ',
      '+40212345678': 'RO',
      '+421212345678': 'SK',
      '+4121234567': 'CH',
      '+12125550100': undefined,
      '+35012345': undefined,
      '+86123456789': undefined,
    };
    for (const [number, country] of Object.entries(cases)) assert.equal(countryOfNumber(number), country, number);
  });

  it('countryFromLooseText turns names and look-alike codes into ISO codes', () => {
    const cases: Record<string, string | undefined> = {
      UK: 'GB',
      uk: 'GB',
      ' gb ': 'GB',
      Germany: 'DE',
      Deutschland: 'DE',
      DEU: 'DE',
      'United Kingdom': 'GB',
      Czechia: 'CZ',
      Holland: 'NL',
      'The Netherlands': 'NL',
      España: 'ES',
      Österreich: 'AT',
      Suisse: 'CH',
      Atlantis: undefined,
      '': undefined,
      US: undefined,
    };
    for (const [text, code] of Object.entries(cases)) assert.equal(countryFromLooseText(text), code, text);
  });

  it('keeps both port-in lists of the seed and calls the difference disputed', () => {
    assert.deepEqual([...PORT_IN_COUNTRIES_TABLE].sort(), ['CH', 'ES', 'FR', 'IT', 'NL', 'PT', 'SE']);
    assert.deepEqual([...PORT_IN_COUNTRIES_TEXT].sort(), ['CH', 'DE', 'FR', 'IT', 'NL', 'PT', 'SE']);
    const byStatus = (status: string) => COUNTRY_CODES.filter((c) => portInSupport(c) === status);
    assert.deepEqual(byStatus('yes').sort(), ['CH', 'FR', 'IT', 'NL', 'PT', 'SE']);
    assert.deepEqual(byStatus('disputed').sort(), ['DE', 'ES']);
    assert.equal(byStatus('no').length, 12);
  });
});
