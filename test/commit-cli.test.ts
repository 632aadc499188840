import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, spawn } from 'node:child_process';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { insertSmallCrm, insertStagedBatch } from './helpers/batch-fixture.js';

function listgate(t: TestDatabase, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', ['bin/listgate.js', ...args], { env: { ...process.env, ...t.env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe(`listgate review / commit / undo / batches commands (${databaseKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await insertSmallCrm(t.crm.db);
    await insertStagedBatch(t.crm.db, {
      id: 'K1', file: 'samples/expo.csv', pipeline: 'tradeshow', rows: [
        { sourceRow: 2, route: 'new_lead', plan: { createLead: { id: 'LG-L-K1-2', values: { first_name: 'Ivy', email: 'ivy@x.com' } } } },
        { sourceRow: 3, route: 'merge_candidate', contactId: 'C1', plan: { onMerge: { update: { entityType: 'contact', entityId: 'C1', fields: [{ field: 'mobile', old: null, new: '+1 555 0303', kind: 'fill' }] } } } },
        { sourceRow: 4, route: 'rejected' },
      ],
    });
  });
  afterAll(async () => { await t?.cleanup(); });

  it('exits 3 with a clear message when another commit holds the lock and --no-wait is given', async () => {
    if (databaseKind === 'postgres') {
      await t.crm.withLock('commit', { wait: true }, async () => {
        const child = spawn('node', ['bin/listgate.js', 'commit', 'K1', '--no-wait', '--undecided', 'skip'], { env: { ...process.env, ...t.env } });
        let stderr = '';
        child.stderr.on('data', (d) => { stderr += d; });
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(code).toBe(3);
        expect(stderr).toMatch(/another listgate commit is already running/);
      });
    } else {
      // PGlite is one process's database: while this test holds it open, a second listgate is kept out
      const result = listgate(t, ['commit', 'K1', '--no-wait']);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/in use by another listgate process/);
    }
  });

  it('batches, commit refused while undecided, review --decide, commit, re-commit and undo from the command line', { timeout: 300_000 }, async () => {
    await t.crm.close(); // a PGlite directory admits one process at a time
    const batches = listgate(t, ['batches']);
    expect(batches.code).toBe(0);
    expect(batches.stdout).toMatch(/K1 {2}staged \(1 merge candidate undecided\)/);
    expect(batches.stdout).toContain('file samples/expo.csv, pipeline tradeshow, 3 rows');
    expect(batches.stdout).toContain('routes: merge_candidate 1, new_lead 1, rejected 1');

    const refused = listgate(t, ['commit', 'K1']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/1 undecided merge candidate/);

    expect(listgate(t, ['review', 'K1', '--decide', '3=merge']).stdout).toContain('recorded 1 decision; 0 merge candidates still undecided');
    // review --all shows who decided and when
    expect(listgate(t, ['review', 'K1', '--all']).stdout).toMatch(/decided: merge(?: into \S+ \S+)? \(by \S+ at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
    const commit = listgate(t, ['commit', 'K1']);
    expect(commit.code).toBe(0);
    expect(commit.stdout).toContain('batch K1 committed');
    expect(commit.stdout).toContain('created: 1 Lead, 0 Contacts, 0 Opportunities');
    expect(commit.stdout).toContain('updated: 1 Contact, 0 Leads');
    // progress per phase, with what each works on and what it did, in the domain's words
    expect(commit.stderr).toContain('batch K1: planning 3 rows');
    expect(commit.stderr).toMatch(/^batch K1: {3}1 Lead created \(\d+\.\d s\)$/m);
    expect(commit.stderr).toMatch(/^batch K1: {3}1 Contact and 0 Leads updated \(\d+\.\d s\)$/m);
    expect(commit.stderr).not.toMatch(/\(s\)|campaign_responses|opportunities\b/);

    const again = listgate(t, ['commit', 'K1']);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('batch K1 is already committed; nothing changed');

    const undo = listgate(t, ['undo', 'K1']);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain('deleted: 1 Lead');
    expect(undo.stdout).toContain('restored: 1 Contact');
    expect(undo.stderr).toContain('batch K1: undoing campaign responses');
    expect(undo.stderr).toMatch(/^batch K1: {3}1 Lead deleted, 0 restored \(\d+\.\d s\)$/m);
    expect(undo.stderr).not.toMatch(/campaign_responses|vendor_record_ids/);
    const crm = await t.reopen();
    const batch = await crm.db.selectFrom('import_batches').selectAll().where('id', '=', 'K1').executeTakeFirstOrThrow();
    expect(batch.status).toBe('undone');
    expect(batch.committed_at).not.toBeNull();
    expect(batch.undone_at).not.toBeNull();
  });
});
