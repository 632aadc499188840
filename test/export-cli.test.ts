import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { insertSmallCrm, insertStagedBatch } from './helpers/batch-fixture.js';

function listgate(t: TestDatabase, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', ['bin/listgate.js', ...args], { env: { ...process.env, ...t.env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe(`listgate commit --export and listgate export from the command line (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-export-cli-'));
    await insertSmallCrm(t.crm.db);
    await insertStagedBatch(t.crm.db, {
      id: 'X1', file: 'samples/expo.csv', pipeline: 'tradeshow', rows: [
        { sourceRow: 2, route: 'new_lead', plan: { createLead: { id: 'LG-L-X1-2', values: { first_name: 'Ivy', last_name: 'Stone', email: 'ivy@x.com', rating: 'hot' } } } },
        { sourceRow: 3, route: 'rejected' },
      ],
    });
    await t.crm.close(); // a PGlite directory admits one process at a time
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('commit --export --crm commits and writes the Data Loader files with manifest.json', { timeout: 300_000 }, () => {
    const out = join(dir, 'sf');
    const commit = listgate(t, ['commit', 'X1', '--export', out, '--crm', 'salesforce', '--quiet']);
    expect(commit.stderr).toBe('');
    expect(commit.code).toBe(0);
    expect(commit.stdout).toContain('batch X1 committed');
    expect(commit.stdout).toContain('Lead-upsert.csv: Lead upsert, 1 row, external id Listgate_Id__c');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files[0]).toEqual({ file: 'Lead-upsert.csv', object: 'Lead', operation: 'upsert', rows: 1, external_id: 'Listgate_Id__c', purpose: 'apply' });
    expect(readFileSync(join(out, 'Lead-upsert.csv'), 'utf8')).toBe(
      'Listgate_Id__c,FirstName,LastName,Company,Email,Status,Rating,HasOptedOutOfEmail,DoNotCall\r\n' +
      'LG-L-X1-2,Ivy,Stone,[not provided],ivy@x.com,Open - Not Contacted,Hot,false,false\r\n');
  });

  it('run --export-dir --crm writes each committed batch\'s import files to DIR/BATCH', { timeout: 300_000 }, () => {
    const exports = join(dir, 'run-exports');
    const ran = listgate(t, ['run', 'test/fixtures/vendor-lists/vendor-list.json', '--file', 'test/fixtures/vendor-lists/list-v1.csv',
      '--auto-commit', '--log-json', '--quiet', '--reports', join(dir, 'run-reports'), '--export-dir', exports, '--crm', 'hubspot']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const committed = ran.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((e) => e.event === 'committed');
    expect(committed).toMatchObject({ crm: 'hubspot', export: join(exports, committed.batch) });
    const manifest = JSON.parse(readFileSync(join(exports, committed.batch, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ crm: 'hubspot', batch_id: committed.batch });
    expect(manifest.files[0]).toMatchObject({ file: 'contacts-lead-upsert.csv', object: 'contacts', operation: 'upsert', rows: 7, external_id: 'Listgate ID' });
  });

  it('export again replaces the earlier files; bad input gives one clear line', { timeout: 300_000 }, () => {
    const out = join(dir, 'sf');
    writeFileSync(join(out, 'stale.csv'), 'Id\r\n1\r\n');
    expect(listgate(t, ['export', 'X1', '--crm', 'salesforce', '--out', out]).code).toBe(0);
    expect(existsSync(join(out, 'stale.csv'))).toBe(false);

    const missing = listgate(t, ['export', '--crm', 'salesforce']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('listgate: export needs a batch id, or --removals');
    const half = listgate(t, ['commit', 'X1', '--export', out]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--export and --crm go together/);

    expect(listgate(t, ['export', '--removals', '--crm', 'dynamics', '--since', 'yesterday']).stderr).toMatch(/--since "yesterday" is not a date/);
  });
});
