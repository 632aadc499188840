import { sql, type Kysely } from 'kysely';

/**
 * batch_rows' raw, issues and match as json (text, checked on input) instead of jsonb. Nothing
 * queries inside them in SQL: they are read back whole, for the report and the steward's review.
 * jsonb converts every value into its binary form on the way in, and a routed row's match (its
 * candidates with their explanations) is half of its size: inserting a 2,500-row chunk took the
 * server 0.35 s instead of 0.49 s. normalized and plan stay jsonb: commit reads fields inside them.
 */
const columns = ['raw', 'issues', 'match'];

export async function up(db: Kysely<any>): Promise<void> {
  await changeType(db, 'json');
}

export async function down(db: Kysely<any>): Promise<void> {
  await changeType(db, 'jsonb');
}

async function changeType(db: Kysely<any>, type: 'json' | 'jsonb'): Promise<void> {
  await sql.raw(`alter table batch_rows
    alter column issues drop default,
    ${columns.map((column) => `alter column ${column} type ${type} using ${column}::${type}`).join(', ')},
    alter column issues set default '[]'::${type}`).execute(db);
  // a changed column keeps no compression setting of its own: lz4 again where the server has it (0003)
  await sql.raw(`do $$ begin
    alter table batch_rows alter column raw set compression lz4, alter column match set compression lz4;
  exception when feature_not_supported then
    null;
  end $$`).execute(db);
}
