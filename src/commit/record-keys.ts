import { contactKeyColumns, leadKeyColumns } from '../crm/record-keys.js';

/** Which key columns follow which field of a Contact or Lead. */
const keysByField: Record<string, string[]> = {
  email: ['email_key', 'email_domain', 'corporate_domain'],
  phone: ['phone_e164'],
  mobile: ['mobile_e164'],
  first_name: ['first_name_key', 'first_name_canonical', 'first_initial'],
  last_name: ['last_name_key', 'last_name_metaphone'],
  company: ['company_key', 'company_acronym'],
  website: ['website_domain'],
};

/**
 * Key columns a record needs after some of its fields changed, so it stays matchable
 * (phone -> phone_e164, email -> email_key...): recomputed from the updated record by the same
 * normalizer `crm load` and stage use. Keys of fields that did not change are left as they are.
 */
export function recomputeKeyColumns(
  entityType: 'contact' | 'lead', record: Record<string, unknown>, changedFields: Iterable<string>,
  tableColumns: readonly string[], defaultCountry = 'US',
): Record<string, string | null> {
  const wanted = [...changedFields].flatMap((field) => keysByField[field] ?? []).filter((c) => tableColumns.includes(c));
  if (!wanted.length) return {};
  const all: Record<string, string | null> = entityType === 'contact'
    ? { ...contactKeyColumns(record, defaultCountry) }
    : { ...leadKeyColumns(record, defaultCountry) };
  return Object.fromEntries(wanted.filter((c) => c in all).map((c) => [c, all[c]]));
}
