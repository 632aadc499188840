/**
 * Writes the CRM tables (accounts, contacts, leads, opportunities) of the database in DATABASE_URL
 * (or the PGlite directory in LISTGATE_DB) as JSON lines ordered by id, without the load's
 * timestamps, so two `crm load`s of the same files can be compared with diff or md5sum:
 *   node --import tsx bench/crm-dump.ts OUTDIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openCrmDatabase } from '../src/db/database.js';

const out = process.argv[2];
if (!out) throw new Error('usage: node --import tsx bench/crm-dump.ts OUTDIR');
mkdirSync(out, { recursive: true });
const crm = await openCrmDatabase({ migrate: false });
try {
  for (const table of ['accounts', 'contacts', 'leads', 'opportunities']) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by id`.execute(crm.db);
    const lines = rows.map(({ created_at: _created, updated_at: _updated, ...row }) => JSON.stringify(row));
    writeFileSync(join(out, `${table}.jsonl`), lines.map((line) => `${line}\n`).join(''));
    console.log(`${table}: ${rows.length} rows`);
  }
} finally {
  await crm.close();
}
