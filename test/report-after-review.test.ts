import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { loadSampleCrm } from './helpers/sample-crm.js';
import { stageFile, type StageFileResult } from '../src/stage/stage-file.js';
import { parseDecideArguments, recordDecisions } from '../src/review/steward-decisions.js';
import { applyWorkbookDecisions } from '../src/review/review-batch.js';
import { rewriteBatchReport } from '../src/report/rewrite-report.js';
import { proposedFieldUpdates } from '../src/route/plan-row.js';
import type { ContactRecord } from '../src/route/matched-records.js';

const quiet = { start() {}, update() {}, stop() {} };

/** The tradeshow sample's report, before and after a steward decides row 82 (Chris Lee: CON-0004 or CON-0005). */
describe(`report truths and the report written again after review (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  let staged: StageFileResult;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-report-review-'));
    await loadSampleCrm(t.crm);
    staged = await stageFile(t.crm, { file: 'samples/lists/tradeshow-badge-scans.csv', pipeline: 'pipelines/tradeshow.json', reportDir: join(dir, 'report'), progress: quiet });
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('shows every close candidate, never calls a merge candidate a match, and says what commit will create', async () => {
    const page = readFileSync(staged.report.html, 'utf8');
    const card = page.slice(page.indexOf('<article class="merge" data-source-row="82"'), page.indexOf('</article>', page.indexOf('data-source-row="82"')));
    expect(card).toContain('data-candidates="CON-0004 CON-0005"');
    expect(card).toContain('Score breakdown: Contact CON-0005');
    expect(card).not.toMatch(/\(match\)/);
    expect(card).toContain('too close to call against another record: a steward decides');

    const { rows } = await sql<{ leads: number; contacts: number; opportunities: number }>`
      select count(*) filter (where plan ? 'createLead')::int as leads, count(*) filter (where plan ? 'createContact')::int as contacts,
        count(*) filter (where plan ? 'createOpportunity')::int as opportunities
      from batch_rows where batch_id = ${staged.batchId} and route not in ('merge_candidate', 'duplicate_in_file', 'suppressed', 'rejected')`.execute(t.crm.db);
    const { leads, contacts, opportunities } = rows[0];
    expect(leads).toBeGreaterThan(0);
    expect(page).toContain(`Commit will create <b>${leads} Leads</b>, <b>${contacts} Contacts</b> and <b>${opportunities} Opportunities</b>`);
    expect(page).toContain('(1 merge candidate still undecided, not counted)');
  });

  it('draws one histogram per kind of record with its own threshold lines, and names issues in words', () => {
    const page = readFileSync(staged.report.html, 'utf8');
    expect(page).toContain('data-chart="scores-contact"');
    expect(page).toContain('data-chart="scores-account"');
    expect(page).toMatch(/data-chart="scores-contact"[\s\S]*?data-threshold="match"/);
    const issues = page.slice(page.indexOf('data-chart="issues"'), page.indexOf('</figure>', page.indexOf('data-chart="issues"')));
    expect(issues).toMatch(/(row rejected|warning|note)\)/);
    expect(issues).not.toMatch(/[a-z]+_[a-z]+ \((reject|warning|info)\)/);
  });

  it('report.xlsx: bold headers, wide email columns, fit to page width, phones as text without an apostrophe', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(staged.report.xlsx);
    const sheet = workbook.getWorksheet('new_lead')!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    expect(sheet.getColumn(headers.indexOf('email')).width).toBeGreaterThanOrEqual(34);
    expect(sheet.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    const phoneColumn = headers.indexOf('phone');
    const phones: ExcelJS.Cell[] = [];
    sheet.eachRow((row, n) => { if (n > 1 && row.getCell(phoneColumn).value) phones.push(row.getCell(phoneColumn)); });
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.filter((c) => String(c.value).startsWith("'"))).toEqual([]);
    expect(phones.some((c) => String(c.value).startsWith('+'))).toBe(true);
    expect(phones.every((c) => c.numFmt === '@')).toBe(true);
  });

  it('listgate report writes the decisions into report.html and report.xlsx, which review --from reads back', async () => {
    await recordDecisions(t.crm.db, staged.batchId, parseDecideArguments(['82=merge:CON-0005']), 'ann');
    const { paths } = await rewriteBatchReport(t.crm, staged.batchId);
    expect(paths.html).toBe(staged.report.html);
    const page = readFileSync(paths.html, 'utf8');
    expect(page).toMatch(/<p class="decided" data-decision="merge">Decided: <b>merge into CON-0005<\/b> by ann at \d{4}-\d\d-\d\d \d\d:\d\d UTC<\/p>/);
    expect(page).not.toContain('still undecided');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(paths.xlsx);
    const sheet = workbook.getWorksheet('merge_candidate')!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    expect(sheet.getRow(2).getCell(headers.indexOf('decision')).value).toBe('merge:CON-0005');
    expect(sheet.getRow(2).getCell(headers.indexOf('other_candidates')).value).toBe('merge:CON-0005');
    await recordDecisions(t.crm.db, staged.batchId, parseDecideArguments(['82=skip']), 'bo');
    expect(await applyWorkbookDecisions(t.crm.db, staged.batchId, paths.xlsx, 'report.xlsx', 'ann')).toMatchObject({ recorded: 1, undecided: 0 });
    const row = await t.crm.db.selectFrom('batch_rows').select(['decision', 'decision_target']).where('batch_id', '=', staged.batchId).where('source_row', '=', 82).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ decision: 'merge', decision_target: { id: 'CON-0005' } });
  });

  it('compares countries by ISO code: USA against a CRM "United States" is no overwrite', () => {
    const record = { id: 'C1', title: null, phone: null, mobile: null, phone_e164: null, mobile_e164: null, email: null, email_key: null, secondary_email: null,
      street: null, city: 'Boston', state: 'MA', postal_code: null, country: 'United States' } as unknown as ContactRecord;
    const updates = proposedFieldUpdates(record, { street: '1 Main St', city: 'Boston', state: 'MA', country: 'US' }, true);
    expect(updates.map((u) => [u.field, u.kind])).toEqual([['street', 'fill']]);
    const moved = proposedFieldUpdates(record, { city: 'Toronto', state: 'ON', country: 'CA' }, true);
    expect(moved.find((u) => u.field === 'country')).toMatchObject({ old: 'United States', new: 'CA', kind: 'overwrite' });
  });
});
