import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { loadCrmSnapshot } from '../src/crm/load-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { commitBatch } from '../src/commit/commit-batch.js';

/**
 * Issue 22, case 8: a clean commit of a 20,000-row bench list created 11 Contacts whose email
 * repeated an existing Contact's. Why: the row's last name had a one-letter typo ("Sttong" for
 * "Strong"), the phone was the Account's switchboard, and the guard "names do not agree" sank the
 * candidate with the identical email below the review band; the row then matched only the
 * Account and became a new Contact. Now a candidate with the same email sends the row to a data
 * steward (merge_candidate) instead of creating a record that repeats the email. (One slip in a
 * name is matched outright since issue 23's name levels, so the test's name has two: Sttonk.)
 */

const dir = mkdtempSync(join(tmpdir(), 'listgate-same-email-'));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe(`a row with a Contact's or Lead's email is never created anew (${databaseKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadCrmSnapshot(t.crm, {
      accounts: write('accounts.csv', 'account_id,name,website,phone,city\nACC-1,Clontz Signal Media,https://clontzsignal.com,502.785.3270,Indianapolis\n'),
      contacts: write('contacts.csv', 'contact_id,account_id,first_name,last_name,email,phone,city\n' +
        'CON-1,ACC-1,Carlton,Strong,carlton.strong@clontzsignal.com,502.785.3270,Indianapolis\n' +
        'CON-2,ACC-1,Chris,Barr,chris.barr@clontzsignal.com,502.785.3270,Indianapolis\n'),
      leads: write('leads.csv', 'lead_id,first_name,last_name,company,email,phone\nLEAD-1,Linda,Flagg,Wanamaker Mesa,linda.flagg@wanamakermesa.us,\n'),
    });
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('sends a typo in the name with the same email to review, and a commit creates nobody', { timeout: 120_000 }, async () => {
    const file = write('expo.csv', 'First Name,Last Name,Company,Email Address,Work Phone,City\n' +
      'Carlton,Sttonk,Clontz Signal Media,Carlton.strong@Clontzsignal.com,502.785.3270,Indianapolis\n' +
      'Linda,Fkagg,Wanamaker Mesa,LINDA.FLAGG@WANAMAKERMESA.US,,\n' +
      'Dana,Whitlock,Clontz Signal Media,dana.whitlock@clontzsignal.com,502.785.3270,Indianapolis\n');
    const staged = await stageFile(t.crm, { file, pipeline: 'tradeshow', reportDir: join(dir, 'report') });
    const rows = Papa.parse<Record<string, string>>(readFileSync(staged.report.csv, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => [r.route, r.contact_id || r.lead_id])).toEqual([
      ['merge_candidate', 'CON-1'],
      ['existing_lead', 'LEAD-1'], // no switchboard guard here: the lead scores as a match
      ['new_contact_and_opportunity', ''],
    ]);
    expect(rows[0].reasons).toMatch(/^Contact CON-1 \(Carlton Strong\) has the same email but scored .*, below the review band: .*email identical/);

    const summary = await commitBatch(t.crm, staged.batchId, { undecided: 'skip' });
    expect(summary.created).toMatchObject({ contacts: 1, leads: 0 }); // Dana only
    const { rows: [repeated] } = await sql<{ n: number }>`select count(*)::int as n from (
      select lower(email) from (select email from contacts union all select email from leads) e
      group by lower(email) having count(*) > 1) d`.execute(t.crm.db);
    expect(repeated.n).toBe(0);
  });
});
