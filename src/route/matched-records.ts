import type { Kysely, Selectable } from 'kysely';
import type { AccountTable, ContactTable, CrmDatabase, LeadTable } from '../db/schema.js';
import type { RowMatch } from '../types.js';
import { sameEmailCandidate } from './same-email-candidate.js';

export type AccountRecord = Selectable<AccountTable>;
export type ContactRecord = Selectable<ContactTable>;
export type LeadRecord = Selectable<LeadTable>;

/** The CRM records a chunk of matches point at, by id: routing checks do_not_contact, the plan compares fields. */
export interface CrmRecords {
  accounts: Map<string, AccountRecord>;
  contacts: Map<string, ContactRecord>;
  leads: Map<string, LeadRecord>;
}

export function emptyCrmRecords(): CrmRecords {
  return { accounts: new Map(), contacts: new Map(), leads: new Map() };
}

/** Ids a row's match refers to: its best candidates, ambiguous ones, a vendor-id match, and the contact's account. */
export function referencedIds(match: RowMatch | undefined): { accounts: string[]; contacts: string[]; leads: string[] } {
  const ids = { accounts: [] as string[], contacts: [] as string[], leads: [] as string[] };
  if (!match) return ids;
  if (match.account) ids.accounts.push(match.account.id);
  if (match.contact) ids.contacts.push(match.contact.id);
  if (match.lead) ids.leads.push(match.lead.id);
  if (match.ambiguous) (match.ambiguous.entityType === 'contact' ? ids.contacts : ids.leads).push(...match.ambiguous.ids);
  if (match.vendorMatch) (match.vendorMatch.entityType === 'contact' ? ids.contacts : ids.leads).push(match.vendorMatch.id);
  const sameEmail = sameEmailCandidate(match);
  if (sameEmail) (sameEmail.entityType === 'contact' ? ids.contacts : ids.leads).push(sameEmail.id);
  return ids;
}

/** Loads the referenced records of a chunk of rows in three queries, plus the accounts of the contacts and leads found. */
export async function loadCrmRecords(db: Kysely<CrmDatabase>, matches: Iterable<RowMatch | undefined>): Promise<CrmRecords> {
  const accountIds = new Set<string>();
  const contactIds = new Set<string>();
  const leadIds = new Set<string>();
  for (const match of matches) {
    const ids = referencedIds(match);
    ids.accounts.forEach((id) => accountIds.add(id));
    ids.contacts.forEach((id) => contactIds.add(id));
    ids.leads.forEach((id) => leadIds.add(id));
  }
  const records = emptyCrmRecords();
  if (contactIds.size) {
    for (const c of await db.selectFrom('contacts').selectAll().where('id', 'in', [...contactIds]).execute()) {
      records.contacts.set(c.id, c);
      if (c.account_id) accountIds.add(c.account_id);
    }
  }
  if (leadIds.size) {
    for (const l of await db.selectFrom('leads').selectAll().where('id', 'in', [...leadIds]).execute()) {
      records.leads.set(l.id, l);
      if (l.account_id) accountIds.add(l.account_id);
    }
  }
  if (accountIds.size) {
    for (const a of await db.selectFrom('accounts').selectAll().where('id', 'in', [...accountIds]).execute()) records.accounts.set(a.id, a);
  }
  return records;
}
