import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { routingAccuracy } from '../bench/runner/accuracy.js';
import { febrlQuality } from '../bench/runner/febrl.js';
import { runMeasured } from '../bench/runner/measure.js';
import { loadPlan, runSqlPass, stagePlan, websiteHost } from '../bench/runner/sql-pass.js';
import { createTestDatabase, databaseKind } from './helpers/database.js';

const dir = mkdtempSync(join(tmpdir(), 'listgate-bench-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const path = join(dir, name); writeFileSync(path, text); return path; };

describe('bench runner', () => {
  it('counts a row right only when its route and record ids are the expected ones', async () => {
    const truth = file('truth.csv', [
      'source_row,route,contact_id,lead_id,account_id,case,duplicate_of_row',
      '2,opportunity_for_contact,C1,,A1,known_contact/exact,',
      '3,new_lead,,,,new_person/corporate,',
      '4,existing_lead,,L1,,known_lead/exact,',
      '5,new_contact_and_opportunity,,,A2,new_at_account/direct,',
    ].join('\n'));
    const rows = file('rows.csv', [
      'source_row,route,account_id,contact_id,lead_id,duplicate_of_row,score,reasons',
      '2,opportunity_for_contact,A1,C1,,,30,"matches Contact C1"',
      '3,new_lead,,,,,,no match',
      '4,existing_lead,,,L9,,20,wrong lead',
      '5,merge_candidate,A2,C7,,,9,review band',
    ].join('\n'));
    const result = await routingAccuracy(rows, truth);
    expect(result.rows).toBe(4);
    expect(result.correct).toBe(2);
    expect(result.accuracy).toBe(0.5);
    expect(result.confusion.new_contact_and_opportunity).toEqual({ merge_candidate: 1 });
    expect(result.byCase['known_lead/exact']).toEqual({ rows: 1, correct: 0, wrong: 1, steward: 0, missed: 0 });
    expect(result.byCase['new_at_account/direct']).toEqual({ rows: 1, correct: 0, wrong: 0, steward: 1, missed: 0 });
    expect(result).toMatchObject({ wrongAttachments: 1, toSteward: 1, mergeCandidates: 1 });
    expect(result.examples[0]).toContain('row 4');
  });

  it('scores FEBRL pairs against the rec-N ids', () => {
    const data = file('febrl.csv', 'rec_id, given_name\nrec-1-org, a\nrec-1-dup-0, a\nrec-1-dup-1, a\nrec-2-org, b\nrec-3-org, c\n');
    const pairs = file('pairs.csv', 'id_a,id_b,score,band,explanation\nrec-1-dup-0,rec-1-org,30,match,x\nrec-2-org,rec-3-org,20,match,y\n');
    const quality = febrlQuality(data, pairs);
    expect(quality).toMatchObject({ truePairs: 3, predicted: 2, truePositives: 1 });
    expect(quality.precision).toBe(0.5);
    expect(quality.recall).toBeCloseTo(1 / 3);
  });

  it('measures a child process: wall time, peak RSS and exit code', async () => {
    const measured = await runMeasured(process.execPath, ['-e', 'const b = Buffer.alloc(64 * 1024 * 1024, 1); console.log(b.length)'], { logFile: join(dir, 'child.log') });
    expect(measured.exitCode).toBe(0);
    expect(measured.stdout.trim()).toBe(String(64 * 1024 * 1024));
    expect(measured.peakRssMb).toBeGreaterThan(64);
    const stopped = await runMeasured(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { logFile: join(dir, 'slow.log'), timeoutSeconds: 1 });
    expect(stopped.timedOut).toBe(true);
    expect(stopped.exitCode).not.toBe(0);
  });

  it('runs the plain-SQL passes on the same database: exact email and domain matches of a list, and a CRM copied with its indexes', async () => {
    const t = await createTestDatabase();
    try {
      await sql`insert into accounts (id, name, website_domain) values ('A1', 'Acme', 'acme.com'), ('A2', 'Beta', 'beta.io')`.execute(t.crm.db);
      await sql`insert into contacts (id, account_id, email, email_key) values ('C1', 'A1', 'Ann@Acme.com', 'ann@acme.com')`.execute(t.crm.db);
      await sql`insert into leads (id, email, email_key) values ('L1', 'bo@gmail.com', 'bo@gmail.com')`.execute(t.crm.db);
      await t.crm.close(); // the pass is a child process, and PGlite is one process's database
      const where = t.dbDir ? { pgliteDir: t.dbDir } : { url: t.env.DATABASE_URL };
      const script = (name: string) => ({ script: join(dir, `${name}.${databaseKind === 'postgres' ? 'sql' : 'json'}`), logFile: join(dir, `${name}.log`) });

      // the list's email is matched trimmed and lower-cased; an empty one matches nothing
      const list = file('list.csv', 'First Name,Email Address\nAnn, ANN@acme.com \nBo,bo@gmail.com\nCy,cy@beta.io\nDi,\n');
      const stage = await runSqlPass(databaseKind, stagePlan(list), where, script('stage'));
      expect(stage.measured.exitCode, stage.measured.tail).toBe(0);
      expect(stage.counts).toEqual({ list_rows: 4, contact_matches: 1, lead_matches: 1, account_matches: 2 });

      const crm = mkdtempSync(join(dir, 'crm-'));
      writeFileSync(join(crm, 'accounts.csv'), 'account_id,name,website,phone\nA1,Acme,https://www.acme.com/about,555\n');
      // no mobile column and no leads.csv: their indexes and table are left out
      writeFileSync(join(crm, 'contacts.csv'), 'contact_id,account_id,first_name,last_name,email,phone\nC1,A1,Ann,Lee,ann@acme.com,555\nC2,A1,Bo,Ng,bo@acme.com,\n');
      const load = await runSqlPass(databaseKind, loadPlan(crm), where, script('load'));
      expect(load.measured.exitCode, load.measured.tail).toBe(0);
      expect(load.counts).toEqual({ accounts: 1, contacts: 2 });
      const crmDb = await t.reopen();
      const { rows } = await sql<{ tablename: string; n: number }>`select tablename, count(*)::int as n from pg_indexes where tablename like 'sql\\_%' group by tablename order by tablename`.execute(crmDb.db);
      expect(rows).toEqual([{ tablename: 'sql_accounts', n: 4 }, { tablename: 'sql_contacts', n: 6 }]);
      const host = await sql<{ host: string }>`select ${sql.raw(websiteHost)} as host from sql_accounts`.execute(crmDb.db);
      expect(host.rows).toEqual([{ host: 'acme.com' }]);
    } finally {
      await t.cleanup();
    }
  });
});
