import type { NormalizedPerson } from '../types.js';
import type { MatchRecord } from './score.js';

/**
 * Incoming rows and CRM records flattened to the same field names, so one matcher compares like
 * with like: NormalizedPerson's fields, plus phones (phone with extension, mobile), companyName,
 * and on CRM candidates what the guards need from the record's account.
 */

export function phoneWithExtension(e164?: string | null, ext?: string | null): string | undefined {
  if (!e164) return undefined;
  return ext ? `${e164}x${ext}` : e164;
}

/** An incoming row's person as a match record. */
export function personRecord(person: NormalizedPerson): MatchRecord {
  return {
    ...person,
    companyName: person.company,
    phones: [phoneWithExtension(person.phoneE164, person.phoneExt), person.mobileE164].filter(Boolean),
    domains: [person.corporateDomain, person.websiteDomain].filter(Boolean),
  };
}

export interface ContactRow {
  id: string;
  account_id: string | null;
  first_name: string | null; last_name: string | null; email: string | null;
  email_key: string | null; email_domain: string | null; corporate_domain: string | null;
  phone_e164: string | null; mobile_e164: string | null;
  first_name_key: string | null; first_name_canonical: string | null; first_initial: string | null;
  last_name_key: string | null; last_name_metaphone: string | null;
  city: string | null; state: string | null; postal_code: string | null; country: string | null;
  title: string | null;
  /** the contact's account (contacts), or the lead's own company columns (leads) */
  company_name: string | null; company_key: string | null; company_acronym: string | null;
  account_website_domain: string | null; account_phone_e164: string | null;
}

/** A contact or lead of the CRM as a match record. */
export function crmPersonRecord(row: ContactRow, isRoleEmail: (email: string) => boolean, phoneCounts?: Record<string, number>): MatchRecord {
  return {
    firstName: row.first_name ?? undefined,
    lastName: row.last_name ?? undefined,
    firstNameKey: row.first_name_key ?? undefined,
    firstNameCanonical: row.first_name_canonical ?? undefined,
    firstInitial: row.first_initial ?? undefined,
    lastNameKey: row.last_name_key ?? undefined,
    lastNameMetaphone: row.last_name_metaphone ?? undefined,
    email: row.email ?? undefined,
    emailKey: row.email_key ?? undefined,
    emailDomain: row.email_domain ?? undefined,
    corporateDomain: row.corporate_domain ?? undefined,
    emailIsRole: row.email_key ? isRoleEmail(row.email_key) : false,
    phones: [row.phone_e164, row.mobile_e164].filter(Boolean),
    companyName: row.company_name ?? undefined,
    companyKey: row.company_key ?? undefined,
    companyAcronym: row.company_acronym ?? undefined,
    accountWebsiteDomain: row.account_website_domain ?? undefined,
    accountPhoneE164: row.account_phone_e164 ?? undefined,
    domains: [row.corporate_domain, row.account_website_domain].filter(Boolean),
    phoneCounts: phoneCounts ?? {},
    title: row.title ?? undefined,
    city: row.city ?? undefined,
    state: row.state ?? undefined,
    postalCode: row.postal_code ?? undefined,
    country: row.country ?? undefined,
  };
}

export interface AccountRow {
  id: string;
  name: string;
  name_key: string | null; acronym_key: string | null; website_domain: string | null; phone_e164: string | null;
  city: string | null; state: string | null; postal_code: string | null; country: string | null;
  /** corporate email domains of the account's contacts */
  contact_domains: string[] | null;
}

/** An account as a match record: its name key, website and its contacts' email domains. */
export function accountRecord(row: AccountRow): MatchRecord {
  return {
    companyName: row.name,
    companyKey: row.name_key ?? undefined,
    companyAcronym: row.acronym_key ?? undefined,
    websiteDomain: row.website_domain ?? undefined,
    accountWebsiteDomain: row.website_domain ?? undefined,
    contactDomains: row.contact_domains ?? [],
    domains: [row.website_domain, ...(row.contact_domains ?? [])].filter(Boolean),
    phones: [row.phone_e164].filter(Boolean),
    city: row.city ?? undefined,
    state: row.state ?? undefined,
    postalCode: row.postal_code ?? undefined,
    country: row.country ?? undefined,
  };
}
