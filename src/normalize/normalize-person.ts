import type { CanonicalField, NormalizedPerson, RowIssue } from '../types.js';
import { cleanCompanyName, companyAcronym, companyKey } from './company.js';
import { normalizeEmail } from './email.js';
import { canonicalFirstName } from './nicknames.js';
import { countryCode, countryOfState, normalizePostalCode, stateCode } from './location.js';
import {
  nameKey, nameMetaphone, normalizeSalutation, normalizeSuffix, properCaseLastName, properCaseName, splitPersonName,
} from './person-name.js';
import { normalizePhone, type NormalizedPhone } from './phone.js';
import { cleanText, isSingleCase } from './text.js';
import { websiteDomain } from './website.js';

export interface NormalizePersonOptions {
  /** ISO alpha-2 country for phone numbers without one (after the row's own country); US when absent */
  defaultCountry?: string;
}

export interface NormalizedPersonResult {
  person: NormalizedPerson;
  issues: RowIssue[];
}

type Values = Partial<Record<CanonicalField, string>>;

const suffixAtEnd = /,?\s+(jr|sr|ii|iii|iv|phd|md|esq|cpa|mba|dds)\.?$/i;
const salutationAtStart = /^(mr|mrs|ms|miss|mx|dr|prof|rev|sir|dame)\.?\s+/i;

/** Names from first/last/middle/full/salutation/suffix columns, whichever the list has. */
function normalizeNames(values: Values, person: NormalizedPerson): void {
  let first = cleanText(values.first_name);
  let last = cleanText(values.last_name);
  let middle = cleanText(values.middle_name);
  let salutation = cleanText(values.salutation);
  let suffix = cleanText(values.suffix);
  const full = cleanText(values.full_name);

  if ((!first && !last && full) || (first && !last && !full && first.includes(' ')) || (!first && last && !full && (last.includes(',') || last.includes(' ') && !/^(van|von|de|del|della|da|di|du|la|le|st|mac|mc|o')\b/i.test(last)))) {
    const parts = splitPersonName(full || first || last);
    first = parts.firstName ?? '';
    last = parts.lastName ?? '';
    middle ||= parts.middleName ?? '';
    salutation ||= parts.salutation ?? '';
    suffix ||= parts.suffix ?? '';
  } else {
    const sal = salutationAtStart.exec(first);
    if (sal && first.length > sal[0].length) {
      salutation ||= sal[1];
      first = first.slice(sal[0].length);
    }
    const suf = suffixAtEnd.exec(last);
    if (suf && suf.index > 0) {
      suffix ||= suf[1];
      last = last.slice(0, suf.index);
    }
    first = properCaseName(first);
    last = properCaseLastName(last);
    middle = properCaseName(middle);
  }

  if (first) person.firstName = first;
  if (middle) person.middleName = middle;
  if (last) person.lastName = last;
  if (salutation) person.salutation = normalizeSalutation(salutation);
  if (suffix) person.suffix = normalizeSuffix(suffix);

  const firstKey = nameKey(first);
  if (firstKey) {
    person.firstNameKey = firstKey;
    person.firstInitial = firstKey[0];
    person.firstNameCanonical = canonicalFirstName(firstKey);
  }
  const lastKey = nameKey(last);
  if (lastKey) {
    person.lastNameKey = lastKey;
    const metaphone = nameMetaphone(last);
    if (metaphone) person.lastNameMetaphone = metaphone;
  }
}

function phoneIssues(field: 'phone' | 'mobile', phone: NormalizedPhone, issues: RowIssue[]): void {
  if (/^\d(?:\.\d+)?e\+\d+$/i.test(phone.input)) {
    issues.push({ code: 'phone_scientific_notation', field, severity: 'warning', message: `${field} "${phone.input}" was turned into a number by a spreadsheet and lost its digits` });
  } else if (!phone.e164) {
    issues.push({ code: 'invalid_phone', field, severity: 'warning', message: `${field} "${phone.input}" is not a phone number` });
  } else if (!phone.valid) {
    issues.push({ code: 'phone_possible_only', field, severity: 'info', message: `${field} "${phone.input}" has the right length but is not in a known number range` });
  }
}

/** Proper case for places that came in one case: "NEW YORK" -> "New York". */
function properCasePlace(text: string): string {
  if (!text || !isSingleCase(text) || text.length <= 3) return text;
  return text.toLowerCase().replace(/(^|[\s\-'.(])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}

/**
 * Normalizes one person (and their company) for display and matching: the same function runs on
 * incoming rows and on CRM contacts, leads and accounts so that their keys compare like with like.
 * Issues are warnings and notes about values; whether a row is rejected is decided by validation.
 */
export function normalizePerson(values: Values, options: NormalizePersonOptions = {}): NormalizedPersonResult {
  const person: NormalizedPerson = {};
  const issues: RowIssue[] = [];

  normalizeNames(values, person);

  // Location first: the row's country decides how its phone numbers are read.
  const rawCountry = cleanText(values.country);
  if (rawCountry) {
    const code = countryCode(rawCountry);
    if (code) person.country = code;
    else issues.push({ code: 'unknown_country', field: 'country', severity: 'warning', message: `country "${rawCountry}" is not a known country name or code` });
  }
  const rawState = cleanText(values.state);
  if (rawState) {
    const state = stateCode(rawState, person.country);
    if (state) person.state = state;
  }
  const street = [properCasePlace(cleanText(values.street)), properCasePlace(cleanText(values.street2))].filter(Boolean).join(', ');
  if (street) person.street = street;
  const city = cleanText(values.city);
  if (city) person.city = properCasePlace(city);
  const postal = normalizePostalCode(values.postal_code, person.country ?? (options.defaultCountry === 'US' && !rawCountry ? 'US' : undefined));
  if (postal) person.postalCode = postal;

  const rawEmail = cleanText(values.email);
  if (rawEmail) {
    const email = normalizeEmail(rawEmail)!;
    person.email = email.email;
    person.emailValid = email.valid;
    if (email.domain) person.emailDomain = email.domain;
    if (email.key) person.emailKey = email.key;
    if (email.corporateDomain) person.corporateDomain = email.corporateDomain;
    person.emailIsFree = email.isFree;
    person.emailIsRole = email.isRole;
    person.emailIsDisposable = email.isDisposable;
    if (email.suggestion) person.emailSuggestion = email.suggestion;
    if (!email.valid) {
      issues.push({ code: 'invalid_email', field: 'email', severity: 'warning', message: `email "${rawEmail}" is not a valid address${email.suggestion ? `; did you mean ${email.suggestion}?` : ''}` });
    } else if (email.suggestion) {
      issues.push({ code: 'email_domain_typo', field: 'email', severity: 'warning', message: `email "${email.email}" looks like a typo of ${email.suggestion}` });
    }
    if (email.isDisposable) issues.push({ code: 'disposable_email', field: 'email', severity: 'warning', message: `email "${email.email}" is a disposable address` });
    if (email.valid && email.isRole) issues.push({ code: 'role_email', field: 'email', severity: 'info', message: `email "${email.email}" is a role address (shared by many; weak evidence for matching)` });
  }

  const phoneCountry = person.country ?? options.defaultCountry ?? 'US';
  const phone = normalizePhone(values.phone, phoneCountry);
  if (phone) {
    person.phone = phone.input;
    if (phone.e164) person.phoneE164 = phone.e164;
    const ext = cleanText(values.phone_ext).replace(/^(?:ext\.?|x)\s*/i, '') || phone.ext;
    if (ext) person.phoneExt = ext;
    phoneIssues('phone', phone, issues);
  } else {
    const ext = cleanText(values.phone_ext);
    if (ext) person.phoneExt = ext.replace(/^(?:ext\.?|x)\s*/i, '');
  }
  const mobile = normalizePhone(values.mobile, phoneCountry);
  if (mobile) {
    person.mobile = mobile.input;
    if (mobile.e164) person.mobileE164 = mobile.e164;
    phoneIssues('mobile', mobile, issues);
  }

  const company = cleanCompanyName(values.company);
  if (company) {
    person.company = company;
    const key = companyKey(company);
    if (key) person.companyKey = key;
    const acronym = companyAcronym(company);
    if (acronym) person.companyAcronym = acronym;
  }
  const website = cleanText(values.website);
  if (website) {
    person.website = website;
    const domain = websiteDomain(website);
    if (domain) person.websiteDomain = domain;
    else issues.push({ code: 'invalid_website', field: 'website', severity: 'warning', message: `website "${website}" has no recognizable domain` });
  }
  const title = cleanText(values.title);
  if (title) person.title = title;

  return { person, issues };
}
