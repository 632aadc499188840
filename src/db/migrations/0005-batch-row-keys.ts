import { sql, type Kysely } from 'kysely';

/**
 * batch_row_keys: what matching reads of a staged row (its person and match key columns), in a
 * table of its own, written as the file is read. batch_rows is then written once per row, when
 * the row is routed, with its route, match and plan: before, the stage inserted every row and
 * then updated it, and the update (a second copy of each row, its match and plan compressed, both
 * indexes written again, and a dead tuple left behind) was the server's largest cost in a stage:
 * 10.4 of 31 s of statement time for 100,000 rows. Existing batches are copied over.
 */
const keyColumns = [
  'email_key', 'corporate_domain', 'phone_e164', 'mobile_e164', 'first_initial', 'last_name_metaphone',
  'company_key', 'company_acronym', 'website_domain', 'vendor_record_id',
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create table batch_row_keys (
    batch_id text not null references import_batches(id) on delete cascade,
    source_row integer not null,
    rejected boolean not null default false,
    person jsonb not null default '{}'::jsonb,
    ${keyColumns.map((column) => `${column} text`).join(', ')},
    primary key (batch_id, source_row)
  )`).execute(db);
  await sql.raw(`insert into batch_row_keys (batch_id, source_row, rejected, person, ${keyColumns.join(', ')})
    select batch_id, source_row, rejected, coalesce(normalized->'person', '{}'::jsonb), ${keyColumns.join(', ')} from batch_rows`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table batch_row_keys`.execute(db);
}
