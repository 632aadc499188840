import { describe, expect, it } from 'vitest';
import {
  companyAcronym, companyKey, countryCode, normalizeEmail, normalizePhone, normalizePostalCode, stateCode, websiteDomain,
} from '../src/normalize/index.js';
import { parseWithLibphonenumber } from '../src/normalize/phone.js';

describe('normalizeEmail', () => {
  it.each([
    ['  Jane.Doe+Expo@GMail.com ', { email: 'jane.doe+expo@gmail.com', valid: true, key: 'janedoe@gmail.com', isFree: true, corporateDomain: undefined }],
    ['j.doe@googlemail.com', { valid: true, key: 'jdoe@gmail.com', isFree: true }],
    ['Bob.Smith+news@Acme.com', { email: 'bob.smith+news@acme.com', valid: true, key: 'bob.smith@acme.com', isFree: false, corporateDomain: 'acme.com' }],
    ['Jane Doe <jane@acme.co.uk>', { email: 'jane@acme.co.uk', valid: true, corporateDomain: 'acme.co.uk' }],
    ['mailto:ann@acme.com', { email: 'ann@acme.com', valid: true }],
    ['info@acme.com', { valid: true, isRole: true, corporateDomain: 'acme.com' }],
    ['sales.team@acme.com', { isRole: false }],
    ['no-reply@acme.com', { isRole: true }],
    ['someone@mailinator.com', { valid: true, isDisposable: true, corporateDomain: undefined }],
    ['bob@gmial.com', { valid: true, suggestion: 'bob@gmail.com', corporateDomain: undefined }],
    ['bob@hotmial.com', { suggestion: 'bob@hotmail.com' }],
    ['bob@yahooo.com', { suggestion: 'bob@yahoo.com' }],
    ['bob@gmail.con', { valid: false, suggestion: 'bob@gmail.com' }],
    ['bob@email.com', { valid: true, suggestion: undefined }],
    ['bob@acme', { valid: false }],
    ['bob@@acme.com', { valid: false }],
    ['bob smith@acme.com', { email: 'bobsmith@acme.com' }],
    ['not an email', { valid: false }],
    ['a..b@acme.com', { valid: false }],
  ])('%s', (input, expected) => {
    const result = normalizeEmail(input) as unknown as Record<string, unknown>;
    const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, result[key]]));
    expect(picked).toEqual(expected);
  });
  it('returns undefined for nothing', () => {
    expect(normalizeEmail('  ')).toBeUndefined();
    expect(normalizeEmail(undefined)).toBeUndefined();
  });
});

describe('normalizePhone', () => {
  it.each([
    ['(617) 253-1000', 'US', '+16172531000', undefined, true],
    ['617.253.1000 x 1234', 'US', '+16172531000', '1234', true],
    ['+1 (416) 979-5000 ext. 22', 'US', '+14169795000', '22', true],
    ['1-800-225-5288', 'US', '+18002255288', undefined, true],
    ['020 7946 0958', 'GB', '+442079460958', undefined, true],
    ['+44 7911 123456', 'US', '+447911123456', undefined, true],
    ['030 1234567', 'DE', '+49301234567', undefined, true],
    ['0049 151 23456789', 'US', '+4915123456789', undefined, true],
    ['01 42 68 53 00', 'FR', '+33142685300', undefined, true],
    ['+33 6 12 34 56 78', 'DE', '+33612345678', undefined, true],
    ['098765 43210', 'IN', '+919876543210', undefined, true],
    ['+91 22 2778 8000', 'US', '+912227788000', undefined, true],
    ['(02) 9374 4000', 'AU', '+61293744000', undefined, true],
    ['0412 345 678', 'AU', '+61412345678', undefined, true],
    ['(11) 3040-8000', 'BR', '+551130408000', undefined, true],
    ['+55 11 91234-5678', 'US', '+5511912345678', undefined, true],
  ])('%s (default %s) -> %s', (input, country, e164, ext, valid) => {
    const phone = normalizePhone(input, country)!;
    expect(phone.e164).toBe(e164);
    expect(phone.ext).toBe(ext);
    expect(phone.valid).toBe(valid);
  });

  it('flags numbers that are only possible, and ones that are not numbers', () => {
    expect(normalizePhone('(555) 555-0123', 'US')).toMatchObject({ e164: '+15555550123', possible: true, valid: false });
    expect(normalizePhone('12345', 'US')).toMatchObject({ possible: false, valid: false });
    expect(normalizePhone('12345', 'US')!.e164).toBeUndefined();
    expect(normalizePhone('call me', 'US')!.e164).toBeUndefined();
    expect(normalizePhone('1.55512E+10', 'US')).toMatchObject({ valid: false, possible: false });
    expect(normalizePhone('1.55512E+10', 'US')!.e164).toBeUndefined();
    expect(normalizePhone('', 'US')).toBeUndefined();
  });

  it('the NANP fast path agrees with the full libphonenumber parse', () => {
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const area = 200 + ((i * 37) % 800);
      const exchange = 200 + ((i * 53) % 800);
      const line = String((i * 7919) % 10000).padStart(4, '0');
      for (const text of [`(${area}) ${exchange}-${line}`, `+1 ${area} ${exchange} ${line}`, `1-${area}-${exchange}-${line}`]) {
        for (const country of ['US', 'CA'] as const) {
          const fast = normalizePhone(text, country)!;
          const full = parseWithLibphonenumber(text, text, country);
          expect([text, fast.e164, fast.valid, fast.possible]).toEqual([text, full.e164, full.valid, full.possible]);
          if (full.valid) expect(fast.country).toBe(full.country);
          checked++;
        }
      }
    }
    expect(checked).toBe(18000);
  });
});

describe('companies', () => {
  it.each([
    ['Acme, Inc.', 'acme', undefined],
    ['The Acme Co.', 'acme', undefined],
    ['ACME CORPORATION', 'acme', undefined],
    ['Acme Pty Ltd', 'acme', undefined],
    ['Müller GmbH & Co. KG', 'muller', undefined],
    ['Duff Beer S.A. de C.V.', 'duff beer', 'db'],
    ['Johnson & Johnson', 'johnson johnson', 'jj'],
    ['Johnson and Johnson', 'johnson johnson', 'jj'],
    ['International Business Machines Corp.', 'international business machines', 'ibm'],
    ['IBM', 'ibm', 'ibm'],
    ['Bank of America, N.A.', 'bank of america', 'ba'],
    ['Procter & Gamble Company', 'procter gamble', 'pg'],
    ['The Home Depot, Inc.', 'home depot', 'hd'],
    ['Ltd', 'ltd', undefined],
    ['Shell plc', 'shell', undefined],
    ['Siemens AG', 'siemens', undefined],
    ['Philips N.V.', 'philips', undefined],
    ['Acme Holdings LLC', 'acme holdings', 'ah'],
  ])('%s -> key "%s", acronym %s', (name, key, acronym) => {
    expect(companyKey(name)).toBe(key);
    expect(companyAcronym(name)).toBe(acronym);
  });
});

describe('websites, countries, states, postal codes', () => {
  it.each([
    ['https://www.shop.acme.co.uk/about', 'acme.co.uk'],
    ['WWW.ACME.COM', 'acme.com'],
    ['acme.com/contact?x=1', 'acme.com'],
    ['http://blog.acme.com.au', 'acme.com.au'],
    ['n/a', undefined],
    ['acme', undefined],
  ])('website %s -> %s', (input, domain) => {
    expect(websiteDomain(input)).toBe(domain);
  });

  it.each([
    ['USA', 'US'], ['United States', 'US'], ['U.S.', 'US'], ['u.s.a.', 'US'], ['United States of America', 'US'], ['America', 'US'],
    ['Deutschland', 'DE'], ['Germany', 'DE'], ['UK', 'GB'], ['United Kingdom', 'GB'], ['England', 'GB'], ['Great Britain', 'GB'],
    ['gbr', 'GB'], ['France', 'FR'], ['Brasil', 'BR'], ['Brazil', 'BR'], ['India', 'IN'], ['Australia', 'AU'], ['Canada', 'CA'],
    ['ca', 'CA'], ['Österreich', 'AT'], ['South Korea', 'KR'], ['The Netherlands', 'NL'], ['Narnia', undefined],
  ])('country %s -> %s', (input, code) => {
    expect(countryCode(input)).toBe(code);
  });

  it.each([
    ['Massachusetts', 'US', 'MA'], ['mass.', 'US', 'MA'], ['ma', undefined, 'MA'], ['New York', undefined, 'NY'], ['Ontario', 'CA', 'ON'],
    ['Québec', 'CA', 'QC'], ['British Columbia', undefined, 'BC'], ['Washington, D.C.', 'US', 'DC'], ['Bavaria', 'DE', 'Bavaria'],
    ['NSW', 'AU', 'NSW'],
  ])('state %s (%s) -> %s', (input, country, code) => {
    expect(stateCode(input, country)).toBe(code);
  });

  it.each([
    ['2134', 'US', '02134'], ['021341234', 'US', '02134-1234'], ['90210', 'US', '90210'], ['m5v2t6', 'CA', 'M5V 2T6'],
    ['sw1a1aa', 'GB', 'SW1A 1AA'], ['10115', 'DE', '10115'],
  ])('postal code %s (%s) -> %s', (input, country, code) => {
    expect(normalizePostalCode(input, country)).toBe(code);
  });
});
