import { sql, type Kysely } from 'kysely';

/**
 * batch_rows.rejected: whether validation rejected the row, as a column. Blocking and the in-file
 * self-joins filter on it for every candidate pair; read from normalized jsonb it cost a detoast
 * of the whole document per pair (8 s of a 100,000-row stage went to the in-file pairs alone).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table batch_rows add column rejected boolean not null default false`.execute(db);
  await sql`update batch_rows set rejected = true where normalized->>'rejected' = 'true'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table batch_rows drop column rejected`.execute(db);
}
