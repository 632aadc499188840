import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { insertGeneratedBatch } from './helpers/batch-fixture.js';
import { commitBatch } from '../src/commit/commit-batch.js';

const leadsPerBatch = 30_000;
const trials = 10;

interface Outcome { leads: number; vendorIds: number; changes: number; applied: number; status: string }

/**
 * Crash safety on a real PostgreSQL: `listgate commit` is killed with SIGKILL at random moments;
 * the batch must be either fully applied or untouched, and a second commit finishes it without
 * duplicates. PGlite is one process's database, so the kill test needs a server.
 */
describe.skipIf(!process.env.DATABASE_URL)('commit survives SIGKILL at any moment (PostgreSQL)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.crm.db.insertInto('accounts').values({ id: 'A1', name: 'Acme', extra: '{}' }).execute();
  });
  afterAll(async () => { await t?.cleanup(); });

  async function outcome(batchId: string): Promise<Outcome> {
    const { rows } = await sql<Outcome>`select
      (select count(*)::int from leads where created_batch_id = ${batchId}) as leads,
      (select count(*)::int from vendor_record_ids where first_seen_batch = ${batchId}) as "vendorIds",
      (select count(*)::int from change_log where batch_id = ${batchId}) as changes,
      (select count(*)::int from batch_rows where batch_id = ${batchId} and applied) as applied,
      (select status from import_batches where id = ${batchId}) as status`.execute(t.crm.db);
    return rows[0];
  }

  /** Runs `listgate commit` and kills it killAfterMs after it starts its transaction (never when undefined). */
  function runCommit(batchId: string, killAfterMs?: number): Promise<{ code: number | null; killed: boolean; workMs: number; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn('node', ['bin/listgate.js', 'commit', batchId], { env: { ...process.env, ...t.env } });
      let started = 0;
      let killed = false;
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (started || !chunk.toString().includes('planning')) return;
        started = Date.now();
        if (killAfterMs !== undefined) setTimeout(() => { killed = child.kill('SIGKILL'); }, killAfterMs);
      });
      child.on('close', (code) => resolve({ code, killed, workMs: started ? Date.now() - started : 0, stderr }));
    });
  }

  it(`leaves a ${leadsPerBatch}-row batch fully applied or untouched in ${trials} random kills, and a re-run finishes it`, { timeout: 300_000 }, async () => {
    const full = (id: string): Outcome => ({ leads: leadsPerBatch, vendorIds: leadsPerBatch, changes: 2 * leadsPerBatch, applied: leadsPerBatch, status: 'committed' });
    const untouched: Outcome = { leads: 0, vendorIds: 0, changes: 0, applied: 0, status: 'staged' };

    // calibrate: how long the commit's transaction takes on this machine now
    await insertGeneratedBatch(t.crm.db, { id: 'KILL0', leads: leadsPerBatch });
    const calibration = await runCommit('KILL0');
    expect(calibration.code, calibration.stderr).toBe(0);
    expect(await outcome('KILL0')).toEqual(full('KILL0'));
    expect(calibration.workMs).toBeGreaterThan(1000);

    const seen = { untouched: 0, applied: 0 };
    for (let trial = 1; trial <= trials; trial++) {
      const batchId = `KILL${trial}`;
      await insertGeneratedBatch(t.crm.db, { id: batchId, leads: leadsPerBatch });
      const killAfterMs = Math.round(Math.random() * calibration.workMs * 1.1);
      const run = await runCommit(batchId, killAfterMs);
      const after = await outcome(batchId);
      if (after.status === 'committed') {
        expect(after, `trial ${trial}, killed after ${killAfterMs} ms`).toEqual(full(batchId));
        seen.applied++;
      } else {
        expect(after, `trial ${trial}, killed after ${killAfterMs} ms`).toEqual(untouched);
        expect(run.killed, `trial ${trial}: exit ${run.code}: ${run.stderr}`).toBe(true);
        seen.untouched++;
      }
      const rerun = await commitBatch(t.crm, batchId);
      expect(rerun.outcome).toBe(after.status === 'committed' ? 'already_committed' : 'committed');
      expect(await outcome(batchId)).toEqual(full(batchId));
    }
    // no duplicate records anywhere: one lead per planned id and per email
    const { rows } = await sql<{ n: number; emails: number }>`
      select count(*)::int as n, count(distinct email)::int as emails from leads`.execute(t.crm.db);
    expect(rows[0]).toEqual({ n: (trials + 1) * leadsPerBatch, emails: leadsPerBatch });
    expect(seen.untouched).toBeGreaterThan(0);
    console.log(`crash test: commit transaction ~${calibration.workMs} ms; ${seen.untouched} kill(s) left the batch untouched, ${seen.applied} came after the commit`);
  });
});
