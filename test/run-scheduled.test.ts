import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { autoCommitDecision, expandFilePatterns, globToRegExp } from '../src/vendor-lists/scheduled-run.js';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(import.meta.dirname, 'fixtures/vendor-lists');
const pipeline = join(fixtures, 'vendor-list.json');
const policy = { max_merge_candidates: 0, max_reject_ratio: 0.05 };

describe('auto-commit policy', () => {
  it('commits only within the policy and says why', () => {
    expect(autoCommitDecision({ rowCount: 100, counts: { new_lead: 98, rejected: 2 } }, policy, true)).toMatchObject({ action: 'commit' });
    expect(autoCommitDecision({ rowCount: 100, counts: { rejected: 6 } }, policy, true))
      .toEqual({ action: 'policy_blocked', reason: '6 of 100 rows rejected (6%), above max_reject_ratio 5%' });
    expect(autoCommitDecision({ rowCount: 100, counts: { merge_candidate: 1 } }, policy, true))
      .toEqual({ action: 'needs_review', reason: '1 merge candidate for a data steward, above max_merge_candidates 0' });
    expect(autoCommitDecision({ rowCount: 100, counts: { merge_candidate: 1 } }, { ...policy, max_merge_candidates: 1 }, true)).toMatchObject({ action: 'commit' });
    expect(autoCommitDecision({ rowCount: 100, counts: {} }, policy, false)).toMatchObject({ action: 'needs_review', reason: 'staged for review (run without --auto-commit)' });
    // rejects win over merge candidates: a broken file is worse than a review
    expect(autoCommitDecision({ rowCount: 10, counts: { rejected: 5, merge_candidate: 3 } }, policy, true)).toMatchObject({ action: 'policy_blocked' });
    expect(autoCommitDecision({ rowCount: 0, counts: {} }, policy, true)).toMatchObject({ action: 'commit' });
  });
});

describe('file patterns', () => {
  it('expands globs in the file name, sorted, and names a missing file', () => {
    const files = expandFilePatterns([join(fixtures, 'list-v?.csv'), join(fixtures, 'list-v1.csv')]);
    expect(files.map((f) => f.slice(fixtures.length + 1))).toEqual(['list-v1.csv', 'list-v2.csv', 'list-v3.csv']);
    expect(expandFilePatterns([join(fixtures, 'nothing-*.csv')])).toEqual([]);
    expect(() => expandFilePatterns([join(fixtures, 'absent.csv')])).toThrow(/absent.csv: file not found/);
    expect(() => expandFilePatterns([join(fixtures, '*/x.csv')])).toThrow(/only supported in the file name/);
    expect(globToRegExp('zi-[0-9]*.csv').test('zi-2026.csv')).toBe(true);
    expect(globToRegExp('zi-*.csv').test('zi-2026.xlsx')).toBe(false);
  });
});

interface Ran { code: number | null; stdout: string; stderr: string }

describe(`listgate run on ${databaseKind}`, () => {
  let t: TestDatabase;
  let drop: string;
  let reports: string;
  const listgate = (args: string[]): Promise<Ran> => new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'bin/listgate.js'), ...args, '--reports', reports], {
      cwd: root, env: { ...process.env, ...t.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
  const events = (ran: Ran) => ran.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));

  beforeAll(async () => {
    t = await createTestDatabase();
    drop = mkdtempSync(join(tmpdir(), 'listgate-drop-'));
    reports = mkdtempSync(join(tmpdir(), 'listgate-run-'));
    await t.crm.close(); // a PGlite directory is one process's: the children open it
  });
  afterAll(async () => {
    await t?.reopen();
    await t?.cleanup();
    rmSync(drop, { recursive: true, force: true });
    rmSync(reports, { recursive: true, force: true });
  });

  it('stages and commits a delivery within the policy, one JSON line per event, exit 0', async () => {
    cpSync(join(fixtures, 'list-v1.csv'), join(drop, 'delivery-2026-04.csv'));
    const ran = await listgate(['run', pipeline, '--file', join(drop, 'delivery-*.csv'), '--auto-commit', '--log-json', '--quiet']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const log = events(ran);
    expect(log.map((e) => e.event)).toEqual(['started', 'staged', 'committed', 'finished']);
    expect(log[1]).toMatchObject({ pipeline: 'vendor-list', rows: 7, counts: { new_lead: 7 } });
    expect(log[2].batch).toBe(log[1].batch);
    expect(log[3]).toMatchObject({ exit_code: 0 });
  });

  it('skips a file already committed; rejects above max_reject_ratio leave the batch staged with exit 5; without --auto-commit exit 4', async () => {
    cpSync(join(fixtures, 'list-junk.csv'), join(drop, 'delivery-2026-05.csv'));
    const blocked = await listgate(['run', pipeline, '--file', join(drop, 'delivery-*.csv'), '--auto-commit', '--log-json', '--quiet']);
    expect(blocked.code).toBe(5);
    expect(events(blocked).map((e) => e.event)).toEqual(['started', 'skipped', 'staged', 'left_for_review', 'finished']);
    expect(events(blocked)[1].reason).toMatch(/same content already committed as batch/);
    const left = events(blocked).find((e) => e.event === 'left_for_review');
    expect(left).toMatchObject({ outcome: 'policy_blocked' });
    expect(left.reason).toMatch(/3 of 4 rows rejected \(75%\), above max_reject_ratio 20%/);

    cpSync(join(fixtures, 'list-v3.csv'), join(drop, 'delivery-2026-06.csv'));
    const review = await listgate(['run', pipeline, '--file', join(drop, 'delivery-2026-06.csv'), '--quiet']);
    expect(review.code).toBe(4);
    expect(review.stdout).toMatch(/left staged, needs review: staged for review \(run without --auto-commit\)/);
  });

  it('a second concurrent run exits at once with "already running" (exit 3)', async () => {
    const crm = await t.reopen();
    try {
      const ran = await crm.withLock('run', { wait: false }, () => listgate(['run', pipeline, '--file', join(drop, 'delivery-2026-06.csv'), '--no-wait', '--log-json', '--quiet']));
      expect(ran.code).toBe(3);
      expect(ran.stderr).toMatch(/already running/);
      expect(events(ran)).toEqual([expect.objectContaining({ event: 'error', exit_code: 3 })]);
    } finally {
      await crm.close();
    }
  });
});
