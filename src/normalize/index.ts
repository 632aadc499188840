/**
 * Normalizers: pure functions, one per kind of value, and normalizePerson which applies them all to a
 * person (incoming row or CRM record) so that match keys compare like with like.
 */
export { normalizePerson, type NormalizePersonOptions, type NormalizedPersonResult } from './normalize-person.js';
export {
  splitPersonName, properCaseName, properCaseLastName, nameKey, nameMetaphone, normalizeSuffix, normalizeSalutation,
  type PersonNameParts,
} from './person-name.js';
export { canonicalFirstName, nicknameGroup, firstNamesCompatible, nicknameTableSize } from './nicknames.js';
export {
  normalizeEmail, emailMatchKey, suggestEmailDomain, isFreeEmailDomain, isDisposableEmailDomain, isRoleLocalPart,
  type NormalizedEmail,
} from './email.js';
export { normalizePhone, type NormalizedPhone } from './phone.js';
export { companyKey, companyAcronym, cleanCompanyName } from './company.js';
export { websiteDomain } from './website.js';
export { countryCode, stateCode, countryOfState, normalizePostalCode } from './location.js';
export { foldAccents, cleanText, letterKey } from './text.js';
