/**
 * npm run bench:review: the review screen on a 100,000-row batch whose every row is a merge
 * candidate (the worst case for the queue), on the database the tests use (PostgreSQL when
 * DATABASE_URL is set). The sample CRM is loaded and the purchased list staged; its Chris Lee row
 * (125, two close candidates) is copied to fill the batch. Each page is fetched over HTTP from
 * the running server, five times; the median and the slowest are printed. Target: under 1 s.
 */
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseKind } from '../test/helpers/database.js';
import { loadSampleCrm } from '../test/helpers/sample-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { startReviewServer } from '../src/review/web/review-server.js';

const total = Number(process.argv[2] ?? 100_000);
const quiet = { start() {}, update() {}, stop() {} };

const t = await createTestDatabase();
const dir = mkdtempSync(join(tmpdir(), 'listgate-bench-review-'));
try {
  await loadSampleCrm(t.crm);
  const staged = await stageFile(t.crm, { file: 'samples/lists/purchased-zoominfo-v1.csv', pipeline: 'pipelines/purchased-list.json', reportDir: join(dir, 'report'), progress: quiet });
  const batchId = staged.batchId;
  const started = Date.now();
  // copies of row 125 as rows 1,000,001... (past the file's own rows), with scores spread over 15-25 for bands
  await sql`insert into batch_rows (batch_id, source_row, raw, normalized, issues, route, reasons, score, match, account_id, contact_id, plan)
    select b.batch_id, 1000000 + g, b.raw, b.normalized, b.issues, b.route, b.reasons, 15 + (g % 100) / 10.0, b.match, b.account_id, b.contact_id, b.plan
    from batch_rows b cross join generate_series(1, ${total - 150}::int) g
    where b.batch_id = ${batchId} and b.source_row = 125`.execute(t.crm.db);
  await sql`update import_batches set row_count = ${total} where id = ${batchId}`.execute(t.crm.db);
  await sql`analyze batch_rows`.execute(t.crm.db);
  const { rows } = await sql<{ n: number; m: number }>`select count(*)::int as n, count(*) filter (where route = 'merge_candidate')::int as m from batch_rows where batch_id = ${batchId}`.execute(t.crm.db);
  console.log(`${databaseKind}: batch of ${rows[0].n.toLocaleString('en-US')} rows, ${rows[0].m.toLocaleString('en-US')} merge candidates, made in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const server = await startReviewServer({ crm: t.crm, batchId, port: 0, host: '127.0.0.1', decidedBy: 'bench' });
  const base = `http://127.0.0.1:${server.port}`;
  const deepRow = 1000000 + Math.floor((total - 150) * 0.9);
  const pages: [string, string][] = [
    ['queue, first page', `/?t=${server.token}`],
    ['queue, all rows, a page near the end', `/?view=all&after=${deepRow}&t=${server.token}`],
    ['queue, one score band', `/?band=20&t=${server.token}`],
    ['row screen (two candidates), near the end', `/row/${deepRow}?t=${server.token}`],
    ['row screen with field choices', `/row/${deepRow}?c=2&keep=title:crm,phone:list&t=${server.token}`],
    ['bulk confirmation, one score band', `/bulk?band=15&t=${server.token}`],
  ];
  try {
    for (const [name, path] of pages) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const at = performance.now();
        const response = await fetch(base + path);
        const body = await response.text();
        times.push(performance.now() - at);
        if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status}: ${body.slice(0, 200)}`);
      }
      times.sort((a, b) => a - b);
      console.log(`  ${name.padEnd(44)} median ${(times[2] / 1000).toFixed(3)} s, slowest ${(times[4] / 1000).toFixed(3)} s`);
    }
  } finally {
    await server.close();
  }
} finally {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
