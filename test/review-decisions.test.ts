import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { insertSmallCrm, insertStagedBatch, type FixtureRow } from './helpers/batch-fixture.js';
import { listMergeCandidates, formatMergeCandidate } from '../src/review/merge-candidates.js';
import { parseDecideArguments, recordDecisions } from '../src/review/steward-decisions.js';
import { applyWorkbookDecisions } from '../src/review/review-batch.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { ExitCode, UserError } from '../src/errors.js';

const candidate = (sourceRow: number, contactId: string): FixtureRow => ({
  sourceRow, route: 'merge_candidate', contactId, score: 7.5, reasons: 'name and company agree, email differs',
  normalized: { person: { firstName: 'Bob', lastName: 'Smith', email: `bob${sourceRow}@acme.com`, company: 'Acme' } },
  match: { candidates: [{ entityType: 'contact', id: contactId, score: 7.5, band: 'review', comparisons: [], guards: [], explanation: 'first name Bob ~ Robert (nickname) +3.0; last name identical +4.5 = 7.5' }], candidatesCut: false },
  plan: {
    onMerge: { update: { entityType: 'contact', entityId: contactId, fields: [{ field: 'mobile', old: null, new: `+1 555 01${sourceRow}`, kind: 'fill' }] } },
    onCreateNew: { createLead: { id: `LG-L-R-${sourceRow}`, values: { first_name: 'Bob', last_name: 'Smith', email: `bob${sourceRow}@acme.com` } } },
  },
});

/** The report workbook as the report stage writes it, then edited by a steward. */
async function writeWorkbook(path: string, rows: [number | string, string | null][]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('summary').addRow(['batch', 'R1']);
  const sheet = workbook.addWorksheet('merge_candidate');
  sheet.addRow(['Merge candidates: choose a decision']);
  sheet.addRow(['source_row', 'first_name', 'last_name', 'candidate', 'score', 'decision']);
  for (const [sourceRow, decision] of rows) sheet.addRow([sourceRow, 'Bob', 'Smith', 'contact C1', 7.5, decision]);
  sheet.getColumn(6).eachCell((cell, row) => {
    if (row > 2) cell.dataValidation = { type: 'list', allowBlank: true, formulae: ['"merge,create_new,skip"'] };
  });
  await workbook.xlsx.writeFile(path);
}

describe(`steward review (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-review-'));
    await insertSmallCrm(t.crm.db);
    await insertStagedBatch(t.crm.db, {
      id: 'R1', rows: [
        candidate(3, 'C1'), candidate(4, 'C1'), candidate(5, 'C3'), candidate(6, 'C3'),
        { sourceRow: 7, route: 'new_lead', plan: { createLead: { id: 'LG-L-R-7', values: { first_name: 'Zoe' } } } },
      ],
    });
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('lists undecided merge candidates with the incoming row, the candidate record and the score explanation', async () => {
    const views = await listMergeCandidates(t.crm.db, 'R1');
    expect(views.map((v) => v.sourceRow)).toEqual([3, 4, 5, 6]);
    const text = formatMergeCandidate(views[0], 'R1');
    expect(text).toContain('row 3: Bob Smith <bob3@acme.com>');
    expect(text).toContain('may be contact C1: Robert Smith <robert.smith@acme.com>');
    expect(text).toContain('score 7.5: first name Bob ~ Robert (nickname) +3.0; last name identical +4.5 = 7.5');
    expect(text).toContain('listgate review R1 --decide 3=merge|create_new|skip');
  });

  it('commit refuses while merge candidates are undecided', async () => {
    const error = await commitBatch(t.crm, 'R1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(ExitCode.needsReview);
    expect((error as Error).message).toMatch(/4 undecided merge candidates \(rows 3, 4, 5, 6\).*--undecided skip\|create_new/);
  });

  it('--decide validates and records who decided', async () => {
    expect(() => parseDecideArguments(['3=mergee'])).toThrow("--decide 3=mergee: 'mergee' is not one of merge, create_new, skip");
    await expect(recordDecisions(t.crm.db, 'R1', parseDecideArguments(['7=merge']))).rejects.toThrow('row 7 is not a merge candidate of batch R1');
    const result = await recordDecisions(t.crm.db, 'R1', parseDecideArguments(['3=merge']), 'steward-ann');
    expect(result).toEqual({ recorded: 1, undecided: 3 });
    const row = await t.crm.db.selectFrom('batch_rows').selectAll().where('batch_id', '=', 'R1').where('source_row', '=', 3).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ decision: 'merge', decided_by: 'steward-ann' });
    expect(row.decided_at).not.toBeNull();
    expect((await listMergeCandidates(t.crm.db, 'R1')).map((v) => v.sourceRow)).toEqual([4, 5, 6]);
  });

  it('a workbook with a bad cell is refused naming sheet and cell, and nothing is applied', async () => {
    const path = join(dir, 'report.xlsx');
    await writeWorkbook(path, [[4, 'create_new'], [5, 'skip'], [6, 'mergee']]);
    await expect(applyWorkbookDecisions(t.crm.db, 'R1', path, 'report.xlsx'))
      .rejects.toThrow("report.xlsx: sheet merge_candidate, cell F5: 'mergee' is not one of merge, create_new, skip");
    await writeWorkbook(path, [[4, 'create_new'], [7, 'skip']]);
    await expect(applyWorkbookDecisions(t.crm.db, 'R1', path, 'report.xlsx'))
      .rejects.toThrow('report.xlsx: sheet merge_candidate, cell A4: row 7 is not a merge candidate of batch R1');
    const decided = await t.crm.db.selectFrom('batch_rows').select('source_row').where('batch_id', '=', 'R1').where('decision', 'is not', null).execute();
    expect(decided.map((r) => r.source_row)).toEqual([3]);
  });

  it("reads the stewards' drop-down decisions back from a real XLSX; empty cells stay undecided", async () => {
    const path = join(dir, 'report.xlsx');
    await writeWorkbook(path, [[3, null], [4, 'create_new'], [5, 'Skip'], [6, null]]);
    // a steward opens the file and picks from the drop-down
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    workbook.getWorksheet('merge_candidate')!.getCell('F4').value = 'create_new';
    await workbook.xlsx.writeFile(path);
    const result = await applyWorkbookDecisions(t.crm.db, 'R1', path, 'report.xlsx', 'steward-bo');
    expect(result).toEqual({ recorded: 2, empty: 2, undecided: 1 });
    const rows = await t.crm.db.selectFrom('batch_rows').select(['source_row', 'decision']).where('batch_id', '=', 'R1').where('route', '=', 'merge_candidate').orderBy('source_row').execute();
    expect(rows.map((r) => [r.source_row, r.decision])).toEqual([[3, 'merge'], [4, 'create_new'], [5, 'skip'], [6, null]]);
  });

  it('commits with --undecided skip: merge attaches, create_new creates, skip and undecided do nothing', async () => {
    const summary = await commitBatch(t.crm, 'R1', { undecided: 'skip' });
    expect(summary.decisions).toEqual({ merge: 1, create_new: 1, skip: 1, undecided: 1 });
    expect(summary.created.leads).toBe(2); // row 4 (create_new) and row 7 (new_lead)
    const leads = await t.crm.db.selectFrom('leads').select('id').where('created_batch_id', '=', 'R1').orderBy('id').execute();
    expect(leads.map((l) => l.id)).toEqual(['LG-L-R-4', 'LG-L-R-7']);
    const c1 = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'C1').executeTakeFirstOrThrow();
    expect(c1.mobile).toBe('+1 555 013');
    const c3 = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'C3').executeTakeFirstOrThrow();
    expect(c3.mobile).toBeNull();
    await expect(recordDecisions(t.crm.db, 'R1', parseDecideArguments(['6=merge']))).rejects.toThrow(/is committed: decisions can only change before commit/);
  });
});
