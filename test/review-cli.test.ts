import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { insertSmallCrm, insertStagedBatch } from './helpers/batch-fixture.js';

/** `listgate review` and `listgate report` as a user runs them: the review screen's address, --keep, bad options. */
describe(`listgate review --web, --keep and listgate report (${databaseKind})`, () => {
  let t: TestDatabase;
  const env = () => ({ ...process.env, ...t.env });
  beforeAll(async () => {
    t = await createTestDatabase();
    await insertSmallCrm(t.crm.db);
    await insertStagedBatch(t.crm.db, {
      id: 'W1', rows: [
        {
          sourceRow: 3, route: 'merge_candidate', contactId: 'C1', reasons: 'too close to call between Contacts C1, C3: 2 contacts score within 1',
          normalized: { person: { firstName: 'Bob', lastName: 'Smith', title: 'Director', email: 'bob@acme.com', emailKey: 'bob@acme.com' } },
          match: { candidates: [], candidatesCut: false, ambiguous: { entityType: 'contact', ids: ['C1', 'C3'], reason: '2 contacts score within 1' } },
          plan: { onMerge: { update: { entityType: 'contact', entityId: 'C1', fields: [] } } },
        },
      ],
    });
    // the child processes open the database themselves (PGlite is one process's at a time)
    await t.crm.close();
  });
  afterAll(async () => { await t?.reopen(); await t?.cleanup(); });

  it('prints the review screen\'s address with its token on a free port, and the screen answers there', async () => {
    const child = spawn('node', ['bin/listgate.js', 'review', 'W1', '--web', '--port', '0'], { env: env() });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const found = /review screen of batch W1: (http:\/\/127\.0\.0\.1:\d+\/\?t=\S+)/.exec(out);
          if (found) resolve(found[1]);
        });
        child.on('close', (code) => reject(new Error(`listgate exited ${code} before printing an address: ${out}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-source-row="3"');
      expect((await fetch(url.replace(/\?t=.*/, ''))).status).toBe(403);
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('close', resolve));
    }
  }, 240_000);

  it('--decide with another candidate and --keep; a bad port ends in one line, exit 2', () => {
    const ok = spawnSync('node', ['bin/listgate.js', 'review', 'W1', '--decide', '3=merge:C3', '--keep', '3.title=crm'], { env: env(), encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('recorded 1 decision; 0 merge candidates still undecided in batch W1');
    const listed = spawnSync('node', ['bin/listgate.js', 'review', 'W1', '--all'], { env: env(), encoding: 'utf8' });
    expect(listed.stdout).toContain('2. may be contact C3');
    expect(listed.stdout).toMatch(/decided: merge into contact C3 \(by \S+ at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
    const port = spawnSync('node', ['bin/listgate.js', 'review', 'W1', '--web', '--port', '70000'], { env: env(), encoding: 'utf8' });
    expect(port.status).toBe(2);
    expect(port.stderr.trim()).toBe('listgate: --port 70000: give a port number from 0 to 65535');
  }, 240_000);

  it('listgate report --route prints every row of a route; an unknown route is refused', () => {
    const rows = spawnSync('node', ['bin/listgate.js', 'report', 'W1', '--route', 'merge_candidate'], { env: env(), encoding: 'utf8' });
    expect(rows.stdout.split('\n')[0]).toBe('source_row,route,account_id,contact_id,lead_id,duplicate_of_row,score,reasons,first_name,last_name,email,company');
    expect(rows.stdout).toContain('3,merge_candidate,,C1,');
    const bad = spawnSync('node', ['bin/listgate.js', 'report', 'W1', '--route', 'nope'], { env: env(), encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--route nope: not a route');
  }, 240_000);
});
