import { sql, type Kysely } from 'kysely';
import { accountKeyColumns, contactKeyColumns, leadKeyColumns } from '../../crm/record-keys.js';

/**
 * Name keys of issue 23.
 *
 * 1. Two match keys of a staged row for people who wrote their names the other way round ("Lee
 *    Chris" for Chris Lee, no comma): the Double Metaphone of the first name and the initial of
 *    the last name. Blocking meets a CRM person whose last_name_metaphone and first_initial are
 *    those (the contacts_name_block and leads_name_block indexes serve it). Rows staged before stay null.
 * 2. The stored keys of records named in another script (Петров, 吴) were empty: the normalizer
 *    now transliterates them, and a company key drops a trailing "Group". The keys of those
 *    records (non-ASCII names, company names ending in Group) are computed again, so records
 *    loaded or committed before are found too.
 */
const nonAscii = `~ '[^\\x01-\\x7f]'`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['batch_row_keys', 'batch_rows']) {
    await sql.raw(`alter table ${table} add column if not exists first_name_metaphone text, add column if not exists last_initial text`).execute(db);
  }
  const contacts = await sql.raw<Record<string, string | null>>(`select id, first_name, last_name, email, phone, mobile, state, country from contacts
    where first_name ${nonAscii} or last_name ${nonAscii}`).execute(db);
  for (const row of contacts.rows) {
    const keys = contactKeyColumns(row);
    await db.updateTable('contacts').set(nameKeysOf(keys)).where('id', '=', row.id).execute();
  }
  const leads = await sql.raw<Record<string, string | null>>(`select id, first_name, last_name, email, phone, state, country, company, website from leads
    where first_name ${nonAscii} or last_name ${nonAscii} or company ${nonAscii} or company ~* '\\mgroup\\W*$'`).execute(db);
  for (const row of leads.rows) {
    const keys = leadKeyColumns(row);
    await db.updateTable('leads').set({ ...nameKeysOf(keys), company_key: keys.company_key, company_acronym: keys.company_acronym }).where('id', '=', row.id).execute();
  }
  const accounts = await sql.raw<Record<string, string | null>>(`select id, name, website, phone, state, country from accounts
    where name ${nonAscii} or name ~* '\\mgroup\\W*$'`).execute(db);
  for (const row of accounts.rows) {
    const keys = accountKeyColumns(row);
    await db.updateTable('accounts').set({ name_key: keys.name_key, acronym_key: keys.acronym_key }).where('id', '=', row.id).execute();
  }
}

function nameKeysOf(keys: ReturnType<typeof contactKeyColumns>) {
  return {
    first_name_key: keys.first_name_key, first_name_canonical: keys.first_name_canonical, first_initial: keys.first_initial,
    last_name_key: keys.last_name_key, last_name_metaphone: keys.last_name_metaphone,
  };
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['batch_row_keys', 'batch_rows']) {
    await sql.raw(`alter table ${table} drop column if exists first_name_metaphone, drop column if exists last_initial`).execute(db);
  }
}
