import { sql, type Kysely } from 'kysely';

/**
 * batch_rows' jsonb columns compressed with lz4 where the server has it (Debian's PostgreSQL
 * does; PGlite does not and keeps pglz). A routed row's match and plan json run past the 2 kB
 * TOAST threshold, so every stage update and report read compresses or decompresses them:
 * with lz4 the 100,000-row stage's update took 7 s of server time instead of 12.
 */
const columns = ['raw', 'normalized', 'match', 'plan'];

export async function up(db: Kysely<any>): Promise<void> {
  await setCompression(db, 'lz4');
}

export async function down(db: Kysely<any>): Promise<void> {
  await setCompression(db, 'pglz');
}

async function setCompression(db: Kysely<any>, method: 'lz4' | 'pglz'): Promise<void> {
  const alter = columns.map((column) => `alter column ${column} set compression ${method}`).join(', ');
  await sql.raw(`do $$ begin
    alter table batch_rows ${alter};
  exception when feature_not_supported then
    null; -- a server built without lz4 keeps the default
  end $$`).execute(db);
}
