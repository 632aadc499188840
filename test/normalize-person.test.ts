import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  companyAcronym, companyKey, countryCode, normalizeEmail, normalizePerson, normalizePhone, normalizePostalCode, splitPersonName,
  stateCode, websiteDomain, canonicalFirstName, nicknameGroup, properCaseName,
} from '../src/normalize/index.js';
import { canonicalFields } from '../src/types.js';

describe('normalizePerson', () => {
  it('fills names, keys, email, phones, company, website and place from one incoming row', () => {
    const { person, issues } = normalizePerson({
      full_name: 'DR. BOB SMITH JR', email: ' Bob.Smith+expo@Acme.com ', phone: '(617) 253-1000 x12', mobile: '+1 617 555 0100',
      company: 'The Acme Co., Inc.', website: 'https://www.acme.com/', title: ' VP  Sales ', street: '1 MAIN ST', street2: 'Suite 5',
      city: 'BOSTON', state: 'Massachusetts', postal_code: '2134', country: 'usa',
    }, { defaultCountry: 'DE' });
    expect(person).toMatchObject({
      salutation: 'Dr.', firstName: 'Bob', lastName: 'Smith', suffix: 'Jr.', firstNameKey: 'bob', firstNameCanonical: 'robert', firstInitial: 'b',
      lastNameKey: 'smith', lastNameMetaphone: 'SM0', email: 'bob.smith+expo@acme.com', emailValid: true, emailKey: 'bob.smith@acme.com',
      emailDomain: 'acme.com', corporateDomain: 'acme.com', emailIsFree: false, emailIsRole: false, emailIsDisposable: false,
      phoneE164: '+16172531000', phoneExt: '12', mobileE164: '+16175550100', company: 'The Acme Co., Inc.', companyKey: 'acme',
      websiteDomain: 'acme.com', title: 'VP Sales', street: '1 Main St, Suite 5', city: 'Boston', state: 'MA', postalCode: '02134', country: 'US',
    });
    expect(issues.filter((i) => i.code !== 'phone_possible_only')).toEqual([]);
  });

  it('normalizes a CRM account passed as company, website, phone and address', () => {
    const { person } = normalizePerson({ company: 'Müller GmbH', website: 'mueller.de', phone: '030 1234567', city: 'Berlin', country: 'Deutschland' });
    expect(person).toMatchObject({ companyKey: 'muller', websiteDomain: 'mueller.de', phoneE164: '+49301234567', country: 'DE' });
    expect(person.firstName).toBeUndefined();
  });

  it('reads phones in the row country first, then the default country', () => {
    expect(normalizePerson({ phone: '020 7946 0958', country: 'UK' }, { defaultCountry: 'US' }).person.phoneE164).toBe('+442079460958');
    expect(normalizePerson({ phone: '020 7946 0958' }, { defaultCountry: 'GB' }).person.phoneE164).toBe('+442079460958');
    expect(normalizePerson({ phone: '(617) 253-1000' }).person.phoneE164).toBe('+16172531000');
  });

  it('keeps first and last name columns apart and takes suffixes and salutations out of them', () => {
    expect(normalizePerson({ first_name: 'MARY ANN', last_name: "O'NEILL III" }).person).toMatchObject({ firstName: 'Mary Ann', lastName: "O'Neill", suffix: 'III' });
    expect(normalizePerson({ first_name: 'Mrs. Jane', last_name: 'van der Berg' }).person).toMatchObject({ salutation: 'Mrs.', firstName: 'Jane', lastName: 'van der Berg', lastNameKey: 'vanderberg' });
    expect(normalizePerson({ first_name: 'Jane Doe' }).person).toMatchObject({ firstName: 'Jane', lastName: 'Doe' });
  });

  it('never sets a corporate domain for free-mail and reports what is wrong with values', () => {
    const { person, issues } = normalizePerson({ email: 'bob@gmial.com', phone: '12345', website: 'not a site', country: 'Narnia' });
    expect(person.corporateDomain).toBeUndefined();
    expect(person.emailSuggestion).toBe('bob@gmail.com');
    expect(issues.map((i) => i.code).sort()).toEqual(['email_domain_typo', 'invalid_phone', 'invalid_website', 'unknown_country']);
    expect(issues.every((i) => i.severity !== 'reject' && i.message.length > 10)).toBe(true);
  });
});

describe('no string crashes a normalizer (property test)', () => {
  const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('', ' ', '\u0000', '+', '@', '""', ',', 'Mc', "O'", '(', ')', 'x', 'ext'));
  it('pure normalizers', () => {
    fc.assert(fc.property(text, (value) => {
      splitPersonName(value);
      properCaseName(value);
      normalizeEmail(value);
      normalizePhone(value, 'US');
      normalizePhone(value, 'GB');
      companyKey(value);
      companyAcronym(value);
      websiteDomain(value);
      countryCode(value);
      stateCode(value, 'US');
      normalizePostalCode(value, 'US');
      canonicalFirstName(value.toLowerCase());
      nicknameGroup(value.toLowerCase());
    }), { numRuns: 2000 });
  });
  it('normalizePerson with any values in any field', () => {
    const values = fc.dictionary(fc.constantFrom(...canonicalFields), text, { maxKeys: 12 });
    fc.assert(fc.property(values, fc.constantFrom('US', 'GB', 'DE', 'XX', ''), (row, country) => {
      const { person, issues } = normalizePerson(row, { defaultCountry: country || undefined });
      expect(typeof person).toBe('object');
      expect(Array.isArray(issues)).toBe(true);
    }), { numRuns: 1500 });
  });
});
