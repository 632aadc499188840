import { sql, type Kysely } from 'kysely';

/**
 * Blocking's indexes fitted to how blocking probes them (about 15 probes per incoming row, most
 * of which find nothing):
 * - keys that identify one record or a few (email key, phone, account name, acronym and website, a
 *   lead's email domain and company) get hash indexes: a probe reads one bucket page instead of
 *   descending a btree;
 * - keys many contacts share, probed with a name condition (email domain, account), stay btrees
 *   that carry what blocking reads of the contact (its id, the name keys of the
 *   pre-score and the name conditions, a contact's account), so those probes are index-only scans
 *   that touch no table page once the table is vacuumed (crm load vacuums what it loads).
 * Measured on 100,000 rows against 1,000,000 contacts: the match stage's server time 11 -> 8 s.
 */
interface BlockingIndex {
  name: string;
  table: string;
  columns: string;
  /** btree columns carried for index-only scans; none: a hash index */
  include?: string[];
}

const names = ['id', 'last_name_metaphone', 'first_initial'];
const indexes: BlockingIndex[] = [
  { name: 'accounts_name_key', table: 'accounts', columns: 'name_key' },
  { name: 'accounts_acronym_key', table: 'accounts', columns: 'acronym_key' },
  { name: 'accounts_website_domain', table: 'accounts', columns: 'website_domain' },
  { name: 'accounts_phone_e164', table: 'accounts', columns: 'phone_e164' },
  { name: 'contacts_email_key', table: 'contacts', columns: 'email_key' },
  { name: 'contacts_phone_e164', table: 'contacts', columns: 'phone_e164' },
  { name: 'contacts_mobile_e164', table: 'contacts', columns: 'mobile_e164' },
  // and the email domains of an account's contacts, which the account candidates are fetched with
  { name: 'contacts_account_id', table: 'contacts', columns: 'account_id', include: [...names, 'corporate_domain'] },
  { name: 'contacts_corporate_domain', table: 'contacts', columns: 'corporate_domain', include: [...names, 'account_id'] },
  { name: 'contacts_name_block', table: 'contacts', columns: 'last_name_metaphone, first_initial', include: ['id'] },
  { name: 'leads_email_key', table: 'leads', columns: 'email_key' },
  { name: 'leads_phone_e164', table: 'leads', columns: 'phone_e164' },
  { name: 'leads_corporate_domain', table: 'leads', columns: 'corporate_domain' },
  { name: 'leads_company_key', table: 'leads', columns: 'company_key' },
  { name: 'leads_name_block', table: 'leads', columns: 'last_name_metaphone, first_initial', include: ['id'] },
];

function definition(index: BlockingIndex): string {
  return index.include
    ? `create index ${index.name} on ${index.table} (${index.columns}) include (${index.include.join(', ')})`
    : `create index ${index.name} on ${index.table} using hash (${index.columns})`;
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const index of indexes) {
    await sql.raw(`drop index ${index.name}`).execute(db);
    await sql.raw(definition(index)).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of indexes) {
    await sql.raw(`drop index ${index.name}`).execute(db);
    await sql.raw(`create index ${index.name} on ${index.table} (${index.columns})`).execute(db);
  }
}
