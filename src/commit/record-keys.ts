import type { NormalizedPerson } from '../types.js';

/** Which key columns follow which field, and where the normalized person keeps each key. */
const keysByField: Record<string, Record<string, keyof NormalizedPerson>> = {
  email: { email_key: 'emailKey', email_domain: 'emailDomain', corporate_domain: 'corporateDomain' },
  phone: { phone_e164: 'phoneE164' },
  mobile: { mobile_e164: 'mobileE164' },
  first_name: { first_name_key: 'firstNameKey', first_name_canonical: 'firstNameCanonical', first_initial: 'firstInitial' },
  last_name: { last_name_key: 'lastNameKey', last_name_metaphone: 'lastNameMetaphone' },
  company: { company_key: 'companyKey', company_acronym: 'companyAcronym' },
  website: { website_domain: 'websiteDomain' },
};

/** The person a staged row was normalized to (batch_rows.normalized holds it, or a row with it). */
export function stagedPerson(normalized: unknown): NormalizedPerson {
  if (!normalized || typeof normalized !== 'object') return {};
  const value = normalized as Record<string, unknown>;
  return (value.person && typeof value.person === 'object' ? value.person : value) as NormalizedPerson;
}

/**
 * Key columns a record needs after fields changed, so it stays matchable (phone -> phone_e164,
 * email -> email_key...). A changed field holds the incoming row's value, so its keys are the
 * incoming row's normalized keys, computed by src/normalize at stage time.
 */
export function recomputeKeyColumns(
  changedFields: Iterable<string>, person: NormalizedPerson, tableColumns: readonly string[],
): Record<string, string | null> {
  const keys: Record<string, string | null> = {};
  for (const field of changedFields) {
    for (const [column, key] of Object.entries(keysByField[field] ?? {})) {
      if (!tableColumns.includes(column)) continue;
      const value = person[key];
      keys[column] = typeof value === 'string' && value !== '' ? value : null;
    }
  }
  return keys;
}
