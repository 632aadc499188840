import { sql, type Kysely } from 'kysely';

/**
 * Two match keys of a staged row for people who wrote their names the other way round ("Lee
 * Chris" for Chris Lee, no comma): the Double Metaphone of the first name and the initial of the
 * last name. Blocking meets a CRM person whose last_name_metaphone and first_initial are those
 * (the contacts_name_block and leads_name_block indexes serve it). Rows staged before stay null.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['batch_row_keys', 'batch_rows']) {
    await sql.raw(`alter table ${table} add column if not exists first_name_metaphone text, add column if not exists last_initial text`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['batch_row_keys', 'batch_rows']) {
    await sql.raw(`alter table ${table} drop column if exists first_name_metaphone, drop column if exists last_initial`).execute(db);
  }
}
