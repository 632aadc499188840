/**
 * Times the match stage alone (matchBatch: blocking, fetching, scoring) on the newest staged batch
 * of the database in DATABASE_URL, e.g. after `crm load` of bench/data/c1m and a `stage` of its
 * list-100000: node --max-semi-space-size=64 --import tsx bench/match-staged.ts [chunk size]
 * Prints the rows matched (those not rejected), the wall seconds and Node's CPU seconds.
 */
import { sql, type Kysely } from 'kysely';
import { openCrmDatabase, type CrmConnection } from '../src/db/database.js';
import { loadMatcher, matchBatch } from '../src/match/index.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('match-staged needs DATABASE_URL (a PostgreSQL server with a staged batch)');
  process.exit(2);
}
const crm = await openCrmDatabase({ databaseUrl });
try {
  const db = crm.db as unknown as Kysely<any>;
  const { rows: [batch] } = await sql<{ id: string }>`select id from import_batches order by created_at desc limit 1`.execute(db);
  if (!batch) {
    console.error('match-staged: no staged batch in this database (run listgate stage first)');
    process.exitCode = 2;
  } else {
    await timeMatch(crm, batch.id);
  }
} finally {
  await crm.close();
}

async function timeMatch(crm: CrmConnection, batchId: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const matches = await matchBatch(crm, batchId, loadMatcher('crm'), { chunkSize: process.argv[2] ? Number(process.argv[2]) : undefined });
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${batchId}: ${matches.size} rows matched in ${seconds.toFixed(2)} s (${Math.round(matches.size / seconds)} rows/s), Node CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`);
}
