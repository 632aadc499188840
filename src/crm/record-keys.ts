import { normalizePerson } from '../normalize/index.js';
import type { CanonicalField, NormalizedPerson } from '../types.js';

/**
 * A CRM record's normalized match-key columns, computed by the same normalizer as incoming rows
 * so keys compare like with like. Used by `crm load` and by commit when it creates records.
 * Inputs use the CRM tables' column names (src/db/schema.ts).
 */

type Columns = Record<string, unknown>;

export interface PersonKeyColumns {
  email_key: string | null; email_domain: string | null; corporate_domain: string | null;
  phone_e164: string | null; mobile_e164: string | null;
  first_name_key: string | null; first_name_canonical: string | null; first_initial: string | null;
  last_name_key: string | null; last_name_metaphone: string | null;
}

export interface LeadKeyColumns extends PersonKeyColumns {
  company_key: string | null; company_acronym: string | null; website_domain: string | null;
}

export interface AccountKeyColumns {
  name_key: string | null; acronym_key: string | null; website_domain: string | null; phone_e164: string | null;
}

export const personKeyColumnNames = [
  'email_key', 'email_domain', 'corporate_domain', 'phone_e164', 'mobile_e164',
  'first_name_key', 'first_name_canonical', 'first_initial', 'last_name_key', 'last_name_metaphone',
] as const satisfies readonly (keyof PersonKeyColumns)[];
export const leadKeyColumnNames = [...personKeyColumnNames, 'company_key', 'company_acronym', 'website_domain'] as const;
export const accountKeyColumnNames = ['name_key', 'acronym_key', 'website_domain', 'phone_e164'] as const;

/**
 * Table column -> canonical field fed to the normalizer: only what the keys depend on (state and
 * country decide how a phone number without +country is read); the rest would cost time for nothing.
 */
const personFields: Record<string, CanonicalField> = {
  first_name: 'first_name', last_name: 'last_name', email: 'email', phone: 'phone', mobile: 'mobile',
  state: 'state', country: 'country', company: 'company', website: 'website',
};
const accountFields: Record<string, CanonicalField> = {
  name: 'company', website: 'website', phone: 'phone', state: 'state', country: 'country',
};
const personFieldList = Object.entries(personFields);
const accountFieldList = Object.entries(accountFields);

/** The table columns the key columns of a contact or lead are computed from. */
export const personKeyInputs: readonly string[] = Object.keys(personFields);
/** The table columns the key columns of an account are computed from. */
export const accountKeyInputs: readonly string[] = Object.keys(accountFields);

export function contactKeyColumns(record: Columns, defaultCountry = 'US'): PersonKeyColumns {
  return personKeys(normalized(record, personFieldList, defaultCountry));
}

export function leadKeyColumns(record: Columns, defaultCountry = 'US'): LeadKeyColumns {
  const person = normalized(record, personFieldList, defaultCountry);
  return {
    ...personKeys(person),
    company_key: orNull(person.companyKey),
    company_acronym: orNull(person.companyAcronym),
    website_domain: orNull(person.websiteDomain),
  };
}

export function accountKeyColumns(record: Columns, defaultCountry = 'US'): AccountKeyColumns {
  const person = normalized(record, accountFieldList, defaultCountry);
  return {
    name_key: orNull(person.companyKey),
    acronym_key: orNull(person.companyAcronym),
    website_domain: orNull(person.websiteDomain),
    phone_e164: orNull(person.phoneE164),
  };
}

function normalized(record: Columns, fields: [string, CanonicalField][], defaultCountry: string): NormalizedPerson {
  const values: Partial<Record<CanonicalField, string>> = {};
  for (const [column, field] of fields) {
    const value = record[column];
    if (typeof value === 'string' && value.trim() !== '') values[field] = value;
  }
  return normalizePerson(values, { defaultCountry }).person;
}

/** A normalized person's key columns: for records loaded here and for those a commit creates. */
export function personKeys(person: NormalizedPerson): PersonKeyColumns {
  return {
    email_key: orNull(person.emailKey),
    email_domain: orNull(person.emailDomain),
    corporate_domain: orNull(person.corporateDomain),
    phone_e164: orNull(person.phoneE164),
    mobile_e164: orNull(person.mobileE164),
    first_name_key: orNull(person.firstNameKey),
    first_name_canonical: orNull(person.firstNameCanonical),
    first_initial: orNull(person.firstInitial),
    last_name_key: orNull(person.lastNameKey),
    last_name_metaphone: orNull(person.lastNameMetaphone),
  };
}

function orNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
