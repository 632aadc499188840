import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { crmChecksums } from './helpers/batch-fixture.js';
import { loadSampleCrm } from './helpers/sample-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { applyWorkbookDecisions } from '../src/review/review-batch.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { undoBatch } from '../src/commit/undo-batch.js';

const quiet = { start() {}, update() {}, stop() {} };
const list = 'samples/lists/tradeshow-badge-scans.csv';

async function routesOf(t: TestDatabase, batchId: string) {
  return t.crm.db.selectFrom('batch_rows').select(['source_row', 'route', 'contact_id', 'lead_id', 'plan', 'decision'])
    .where('batch_id', '=', batchId).orderBy('source_row').execute();
}

/** The samples end to end: stage the tradeshow list, decide in report.xlsx, commit, stage again, undo both. */
describe(`staged sample list -> review -> commit -> re-stage -> undo (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  let first: string;
  let second: string;
  let pristine: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-e2e-'));
    await loadSampleCrm(t.crm);
    pristine = await crmChecksums(t.crm.db);
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('commits what the stage planned, with the decisions stewards made in report.xlsx', async () => {
    const staged = await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'first'), progress: quiet });
    first = staged.batchId;
    const rows = await routesOf(t, first);
    const merges = rows.filter((r) => r.route === 'merge_candidate');
    expect(merges.length).toBeGreaterThan(0);

    // a steward fills the drop-down: the first candidate is the same person, the others are new
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(staged.report.xlsx);
    const sheet = workbook.getWorksheet('merge_candidate')!;
    const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const rowColumn = headers.indexOf('source_row');
    const decisionColumn = headers.indexOf('decision');
    for (let r = 2; r <= sheet.rowCount; r++) {
      if (!sheet.getRow(r).getCell(rowColumn).value) continue;
      sheet.getRow(r).getCell(decisionColumn).value = r === 2 ? 'merge' : 'create_new';
    }
    await workbook.xlsx.writeFile(join(dir, 'decided.xlsx'));
    const applied = await applyWorkbookDecisions(t.crm.db, first, join(dir, 'decided.xlsx'));
    expect(applied).toMatchObject({ recorded: merges.length, undecided: 0 });

    const summary = await commitBatch(t.crm, first);
    const decided = await routesOf(t, first);
    const plans = decided.map((r) => {
      const plan = (r.plan ?? {}) as Record<string, any>;
      if (r.route === 'merge_candidate') return r.decision === 'merge' ? plan.onMerge ?? {} : r.decision === 'create_new' ? plan.onCreateNew ?? {} : {};
      return ['duplicate_in_file', 'suppressed', 'rejected'].includes(r.route!) ? {} : plan;
    });
    expect(summary.created).toEqual({
      leads: plans.filter((p) => p.createLead).length,
      contacts: plans.filter((p) => p.createContact).length,
      opportunities: plans.filter((p) => p.createOpportunity).length,
    });
    expect(summary.created.leads).toBeGreaterThan(0);
    expect(summary.created.contacts).toBeGreaterThan(0);

    const leads = await t.crm.db.selectFrom('leads').selectAll().where('created_batch_id', '=', first).execute();
    for (const lead of leads) {
      expect(lead).toMatchObject({ lead_source: 'Trade Show', source_campaign: 'Expo 2026' });
      expect(lead.rating).toMatch(/^(hot|warm|cold)$/);
      expect(lead.follow_up_due).not.toBeNull();
    }
    const contacts = await t.crm.db.selectFrom('contacts').selectAll().where('created_batch_id', '=', first).execute();
    expect(contacts.every((c) => c.account_id && (c.email_key || c.last_name_key))).toBe(true);
    const opportunities = await t.crm.db.selectFrom('opportunities').selectAll().where('created_batch_id', '=', first).execute();
    expect(opportunities.every((o) => o.contact_id && o.lead_source === 'Trade Show')).toBe(true);
  });

  it('staging the same file again routes its rows onto the records the commit created: no duplicates', async () => {
    const before = await crmChecksums(t.crm.db);
    const staged = await stageFile(t.crm, { file: list, pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'second'), progress: quiet });
    second = staged.batchId;
    const firstRows = new Map((await routesOf(t, first)).map((r) => [r.source_row, r]));
    const secondRows = await routesOf(t, second);
    expect(secondRows.filter((r) => r.route === 'new_lead' || r.route === 'new_contact_and_opportunity')).toEqual([]);
    for (const row of secondRows) {
      const earlier = firstRows.get(row.source_row)!;
      const plan = (earlier.route === 'merge_candidate' && earlier.decision === 'create_new' ? (earlier.plan as any).onCreateNew : earlier.plan) as any;
      if (earlier.route === 'new_lead' || plan?.createLead) {
        expect(row, `row ${row.source_row}`).toMatchObject({ route: 'existing_lead', lead_id: plan.createLead.id });
      }
      if (earlier.route === 'new_contact_and_opportunity') {
        expect(row, `row ${row.source_row}`).toMatchObject({ route: 'opportunity_for_contact', contact_id: plan.createContact.id });
      }
    }
    const leadsBefore = before.leads.split(':')[0];
    const contactsBefore = before.contacts.split(':')[0];
    await commitBatch(t.crm, second, { undecided: 'skip' });
    const after = await crmChecksums(t.crm.db);
    expect(after.leads.split(':')[0]).toBe(leadsBefore);
    expect(after.contacts.split(':')[0]).toBe(contactsBefore);
  });

  it('undo of both batches, latest first, gives back the CRM as loaded, byte for byte', async () => {
    await expect(undoBatch(t.crm, first)).rejects.toThrow(new RegExp(`cannot undo batch ${first}: \\d+ records changed since it was committed: .*of batch ${second}`));
    await undoBatch(t.crm, second);
    await undoBatch(t.crm, first);
    expect(await crmChecksums(t.crm.db)).toEqual(pristine);
    const { rows } = await sql<{ status: string }>`select status from import_batches order by created_at`.execute(t.crm.db);
    expect(rows.map((r) => r.status)).toEqual(['undone', 'undone']);
  });
});
