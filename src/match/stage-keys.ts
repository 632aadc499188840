import type { NormalizedPerson } from '../types.js';
import { nameMetaphone } from '../normalize/person-name.js';

/** The match key columns of a batch row (batch_row_keys, and batch_rows), indexed joins block candidates on them. */
export interface BatchRowKeys {
  email_key: string | null;
  corporate_domain: string | null;
  phone_e164: string | null;
  mobile_e164: string | null;
  first_initial: string | null;
  last_name_metaphone: string | null;
  company_key: string | null;
  company_acronym: string | null;
  website_domain: string | null;
  vendor_record_id: string | null;
  /** the first name's Double Metaphone and the last name's initial: blocking for swapped names */
  first_name_metaphone: string | null;
  last_initial: string | null;
}

export const batchRowKeyColumns = [
  'email_key', 'corporate_domain', 'phone_e164', 'mobile_e164', 'first_initial', 'last_name_metaphone',
  'company_key', 'company_acronym', 'website_domain', 'vendor_record_id', 'first_name_metaphone', 'last_initial',
] as const satisfies readonly (keyof BatchRowKeys)[];

/** A normalized person's key columns for its batch row (the stage writes them next to normalized jsonb). */
export function batchRowKeys(person: NormalizedPerson, vendorRecordId?: string): BatchRowKeys {
  return {
    email_key: person.emailKey || null,
    corporate_domain: person.corporateDomain || null,
    phone_e164: person.phoneE164 || null,
    mobile_e164: person.mobileE164 || null,
    first_initial: person.firstInitial || null,
    last_name_metaphone: person.lastNameMetaphone || null,
    company_key: person.companyKey || null,
    company_acronym: person.companyAcronym || null,
    website_domain: person.websiteDomain || null,
    vendor_record_id: vendorRecordId?.trim() || null,
    first_name_metaphone: person.firstNameKey ? nameMetaphone(person.firstNameKey) || null : null,
    last_initial: person.lastNameKey?.[0] ?? null,
  };
}
