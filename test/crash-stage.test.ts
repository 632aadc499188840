import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';

/**
 * An interrupted stage (issue 22, case 3): `listgate stage` killed at random moments (SIGKILL)
 * leaves a `staging` batch that the next command removes with its rows, match keys, report files
 * and row spool; SIGTERM (a timeout) cleans up on its way out; a killed stage never leaves a batch
 * that can be committed or that `listgate run` would skip; staging again and committing creates
 * nobody twice.
 */

const rows = 2500;
const kills = 3;
const dir = mkdtempSync(join(tmpdir(), 'listgate-crash-stage-'));
const temp = join(dir, 'tmp');
mkdirSync(temp);
const list = join(dir, 'people.csv');
{
  const lines = ['First Name,Last Name,Company,Email Address,Work Phone'];
  const firsts = ['Ann', 'Bruno', 'Chiara', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ingrid', 'Jonas'];
  for (let i = 0; i < rows; i++) {
    const first = firsts[i % firsts.length];
    const last = `Rowe${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${Math.floor(i / 676)}`;
    lines.push(`${first},${last},Firm ${i % 300},${first.toLowerCase()}.${last.toLowerCase()}@firm${i % 300}.example,+1 206 555 ${String(1000 + (i % 9000)).padStart(4, '0')}`);
  }
  writeFileSync(list, lines.join('\n') + '\n');
}

describe(`stage survives SIGKILL and SIGTERM (${databaseKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); await t.crm.close(); });
  afterAll(async () => {
    await t?.reopen();
    await t?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs listgate; a signal is sent afterMs after the stage began writing its batch (its report's
   * rows.csv appears then), so that it lands in the stage and not in the start-up. stageMs: that moment to the end.
   */
  function listgate(args: string[], signal?: { name: NodeJS.Signals; afterMs: number; report: string }): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; stageMs: number }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['bin/listgate.js', ...args], { env: { ...process.env, ...t.env, TMPDIR: temp } });
      let stdout = '';
      let stderr = '';
      let began = 0;
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const report = signal?.report ?? (args.includes('--report-dir') ? args[args.indexOf('--report-dir') + 1] : undefined);
      const poll = setInterval(() => {
        if (began || !report || !existsSync(join(report, 'rows.csv'))) return;
        began = Date.now();
        clearInterval(poll);
        if (signal) setTimeout(() => child.kill(signal.name), signal.afterMs);
      }, 10);
      child.on('close', (code, killedBy) => {
        clearInterval(poll);
        resolve({ code, signal: killedBy, stdout, stderr, stageMs: began ? Date.now() - began : 0 });
      });
    });
  }

  const stage = (report: string, signal?: { name: NodeJS.Signals; afterMs: number }) =>
    listgate(['stage', list, '-p', 'tradeshow', '--quiet', '--report-dir', join(dir, report)], signal && { ...signal, report: join(dir, report) });

  async function leftovers(): Promise<{ batches: number; staging: number; rows: number; keys: number }> {
    const crm = await t.reopen();
    try {
      const { rows: [r] } = await sql<{ batches: number; staging: number; rows: number; keys: number }>`select
        (select count(*)::int from import_batches) as batches,
        (select count(*)::int from import_batches where status <> 'staged' and status <> 'committed') as staging,
        (select count(*)::int from batch_rows where batch_id not in (select id from import_batches where status in ('staged', 'committed'))) as rows,
        (select count(*)::int from batch_row_keys where batch_id not in (select id from import_batches where status in ('staged', 'committed'))) as keys`.execute(crm.db);
      return r;
    } finally {
      await crm.close();
    }
  }

  it(`removes what ${kills} stages killed at random moments left, at the next command`, { timeout: 600_000 }, async () => {
    const calibration = await stage('calibration');
    expect(calibration.code, calibration.stderr).toBe(0);
    const baseline = await leftovers();
    expect(baseline).toMatchObject({ batches: 1, staging: 0 });

    for (let trial = 0; trial < kills; trial++) {
      // any moment of the stage: while rows are read, matched, routed or reported
      const afterMs = Math.round(calibration.stageMs * Math.random());
      const killed = await stage(`killed-${trial}`, { name: 'SIGKILL', afterMs });
      const next = await listgate(['batches']);
      expect(next.code, next.stderr).toBe(0);
      const after = await leftovers();
      if (killed.signal === 'SIGKILL') {
        expect(after, `trial ${trial}, killed after ${afterMs} ms`).toEqual({ ...baseline, batches: after.batches, staging: 0, rows: 0, keys: 0 });
        // either it finished its report before the kill (a staged batch) or nothing of it is left
        if (after.batches === baseline.batches) {
          expect(next.stderr).toMatch(/note: removed batch B\S+ \(.*people\.csv\): its stage was killed before it finished; stage the file again/);
          const report = join(dir, `killed-${trial}`);
          expect(existsSync(report) ? readdirSync(report).filter((f) => f !== 'dropped-from-list.csv') : []).toEqual([]);
        } else {
          expect(after.batches).toBe(baseline.batches + 1);
          baseline.batches++;
        }
      }
      expect(readdirSync(temp).filter((f) => f.startsWith('listgate-rows-'))).toEqual([]);
    }
  });

  it('cleans up on SIGTERM: exit 143, one line, no batch and no report left', { timeout: 300_000 }, async () => {
    const before = await leftovers();
    const timing = await stage('timing');
    expect(timing.code, timing.stderr).toBe(0);
    const terminated = await stage('terminated', { name: 'SIGTERM', afterMs: Math.round(timing.stageMs * 0.3) });
    if (terminated.code === 0) return; // finished before the signal: nothing to clean up
    expect(terminated.code, terminated.stderr).toBe(143);
    expect(terminated.stderr.trim()).toMatch(/^listgate: stage interrupted \(SIGTERM\); the half-staged batch B\S+ and its report files were removed$/);
    expect(await leftovers()).toEqual({ ...before, batches: before.batches + 1 });
    expect(existsSync(join(dir, 'terminated'))).toBe(false);
    expect(readdirSync(temp).filter((f) => f.startsWith('listgate-rows-'))).toEqual([]);
  });

  it('a killed stage is not skipped by `listgate run`, and committing after it creates nobody twice', { timeout: 300_000 }, async () => {
    const fresh = join(dir, 'fresh.csv');
    writeFileSync(fresh, 'First Name,Last Name,Company,Email Address\nOtto,Quist,Quist AB,otto@quist.example\nPia,Quist,Quist AB,pia@quist.example\n');
    const killed = await listgate(['stage', fresh, '-p', 'tradeshow', '--quiet', '--report-dir', join(dir, 'fresh-killed')], { name: 'SIGKILL', afterMs: 0, report: join(dir, 'fresh-killed') });
    expect(killed.signal).toBe('SIGKILL');
    const run = await listgate(['run', 'tradeshow', '--file', fresh, '--auto-commit', '--log-json', '--reports', join(dir, 'run')]);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string });
    expect(events.map((e) => e.event), `${killed.signal} ${run.stderr}`).toContain('staged');
    const crm = await t.reopen();
    try {
      const { rows: [r] } = await sql<{ n: number; people: number }>`select count(*)::int as n, count(distinct email_key)::int as people
        from (select email_key from leads union all select email_key from contacts) k where email_key like '%@quist.example'`.execute(crm.db);
      expect(r.n).toBe(r.people);
    } finally {
      await crm.close();
    }
  });
});
