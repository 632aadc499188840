/**
 * npm run bench:commit: commit and undo of a 100,000-row staged batch (60% new leads, 30% new
 * contacts with opportunities, 10% updates of existing contacts) on the database the tests use
 * (PostgreSQL when DATABASE_URL is set). Target: <= 20 s each on PostgreSQL.
 */
import { sql } from 'kysely';
import { createTestDatabase, databaseKind } from '../test/helpers/database.js';
import { crmChecksums, insertGeneratedBatch } from '../test/helpers/batch-fixture.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { undoBatch } from '../src/commit/undo-batch.js';

const total = Number(process.argv[2] ?? 100_000);
const leads = Math.round(total * 0.6);
const contacts = Math.round(total * 0.3);
const updates = total - leads - contacts;

const t = await createTestDatabase();
try {
  const db = t.crm.db;
  await db.insertInto('accounts').values({ id: 'A1', name: 'Acme', extra: '{}' }).execute();
  await sql`insert into contacts (id, account_id, first_name, last_name, email, email_key, extra, created_at, updated_at)
    select 'BC-' || g, 'A1', 'F' || g, 'L' || g, 'c' || g || '@acme.example', 'c' || g || '@acme.example', '{}'::jsonb,
      now() - interval '1 year', now() - interval '1 year'
    from generate_series(1, ${updates}::int) g`.execute(db);
  const ids = Array.from({ length: updates }, (_, i) => `BC-${i + 1}`);
  await insertGeneratedBatch(db, { id: 'BENCH', leads, contacts, accountId: 'A1', updates: ids });
  const before = await crmChecksums(db);

  let last = Date.now();
  const log = process.env.BENCH_PHASES ? (m: string) => { const now = Date.now(); console.log(`    +${((now - last) / 1000).toFixed(2)} s, then ${m}`); last = now; } : undefined;
  const committed = await commitBatch(t.crm, 'BENCH', { log });
  console.log(`${databaseKind}: commit of ${total} staged rows (${leads} new leads, ${contacts} new contacts + opportunities, ${updates} contact updates): ${committed.seconds.toFixed(2)} s`);
  console.log(`  created ${JSON.stringify(committed.created)}, updated ${JSON.stringify(committed.updated)}, vendor ids ${JSON.stringify(committed.vendorRecordIds)}`);
  last = Date.now();
  const undone = await undoBatch(t.crm, 'BENCH', { log });
  console.log(`${databaseKind}: undo of the same batch: ${undone.seconds.toFixed(2)} s`);
  const same = JSON.stringify(await crmChecksums(db)) === JSON.stringify(before);
  console.log(`  CRM tables after undo are ${same ? 'byte-identical to' : 'DIFFERENT from'} before the commit`);
  if (!same) process.exitCode = 1;
} finally {
  await t.cleanup();
}
