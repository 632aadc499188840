import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { crmChecksums } from './helpers/batch-fixture.js';
import { loadSampleCrm } from './helpers/sample-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { listMergeCandidates, formatMergeCandidate } from '../src/review/merge-candidates.js';
import { parseDecideArguments, parseKeepArguments, recordDecisions, undoLastDecision } from '../src/review/steward-decisions.js';
import { applyWorkbookDecisions } from '../src/review/review-batch.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { undoBatch } from '../src/commit/undo-batch.js';

const quiet = { start() {}, update() {}, stop() {} };

/**
 * The purchased list's Chris Lee (row 125) is too close to call between CON-0004 and CON-0005;
 * the list brings a new title and phone. A steward says "it is the other one", keeps the CRM's
 * title and takes the list's phone; commit writes exactly that, undo takes it back.
 */
describe(`steward choices: any candidate, field by field, corrections (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  let batchId: string;
  let pristine: Record<string, string>;
  let attached = 0;
  let sentToSteward = 0;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-choices-'));
    await loadSampleCrm(t.crm);
    pristine = await crmChecksums(t.crm.db);
    const staged = await stageFile(t.crm, { file: 'samples/lists/purchased-zoominfo-v1.csv', pipeline: 'pipelines/purchased-list.json', reportDir: join(dir, 'report'), progress: quiet });
    batchId = staged.batchId;
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('lists every close candidate with the fields that differ and the value the rules keep', async () => {
    const [view] = await listMergeCandidates(t.crm.db, batchId);
    expect(view.sourceRow).toBe(125);
    expect(view.candidates.map((c) => c.id)).toEqual(['CON-0004', 'CON-0005']);
    const other = view.candidates[1];
    expect(other.record).toMatchObject({ first_name: 'Chris', last_name: 'Lee', title: 'Fleet Analyst' });
    expect(other.explanation).toMatch(/first name identical/);
    const title = other.differences.find((d) => d.field === 'title')!;
    expect(title).toMatchObject({ crm: 'Fleet Analyst', list: 'Logistics Analyst', choice: 'list', chosenBySteward: false });
    expect(other.preview).toMatchObject({ id: 'CON-0005', title: 'Logistics Analyst', phone: '(617) 555-0191' });
    const text = formatMergeCandidate(view, batchId);
    expect(text).toContain('2. may be contact CON-0005: Chris Lee <clee@cobaltlogistics.example>');
    expect(text).toContain("title: CRM Fleet Analyst / list Logistics Analyst -> keeps the list's Logistics Analyst");
  });

  it('refuses a record that does not exist, a field that does not differ and choices without a merge', async () => {
    await expect(recordDecisions(t.crm.db, batchId, parseDecideArguments(['125=merge:CON-9999'])))
      .rejects.toThrow('--decide 125=merge:CON-9999: no contact or lead CON-9999 in the CRM; nothing was recorded');
    await expect(recordDecisions(t.crm.db, batchId, parseDecideArguments(['125=merge:CON-0005']), 'ann', parseKeepArguments(['125.last_name=crm'])))
      .rejects.toThrow(/--keep 125.last_name=crm: last_name does not differ between row 125 and contact CON-0005 \(differing: title, phone/);
    await expect(recordDecisions(t.crm.db, batchId, [], 'ann', parseKeepArguments(['125.title=crm'])))
      .rejects.toThrow('--keep 125.title=crm: row 125 is not decided merge');
    expect(() => parseKeepArguments(['125.title=mine'])).toThrow('--keep 125.title=mine: write ROW.FIELD=crm or ROW.FIELD=list');
    const row = await t.crm.db.selectFrom('batch_rows').select(['decision']).where('batch_id', '=', batchId).where('source_row', '=', 125).executeTakeFirstOrThrow();
    expect(row.decision).toBeNull();
  });

  it('records merge into CON-0005 with the CRM title and the list phone, who and when; undo of the last decision takes it back', async () => {
    await recordDecisions(t.crm.db, batchId, parseDecideArguments(['125=skip']), 'bo');
    await recordDecisions(t.crm.db, batchId, parseDecideArguments(['125=merge:CON-0005']), 'ann', parseKeepArguments(['125.title=crm', '125.phone=list']));
    const [view] = await listMergeCandidates(t.crm.db, batchId, { all: true });
    expect(view).toMatchObject({ decision: 'merge', decisionTarget: { entityType: 'contact', id: 'CON-0005' }, fieldChoices: { title: 'crm', phone: 'list' }, decidedBy: 'ann' });
    expect(view.candidates[1].preview).toMatchObject({ title: 'Fleet Analyst', phone: '(617) 555-0191' });
    expect(formatMergeCandidate(view, batchId)).toMatch(/decided: merge into contact CON-0005 \(by ann at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);

    expect(await undoLastDecision(t.crm.db, batchId)).toEqual([125]);
    const [back] = await listMergeCandidates(t.crm.db, batchId, { all: true });
    expect(back).toMatchObject({ decision: 'skip', decidedBy: 'bo', decisionTarget: null });
    await recordDecisions(t.crm.db, batchId, parseDecideArguments(['125=merge:CON-0005']), 'ann', parseKeepArguments(['125.title=crm', '125.phone=list']));
    const log = await t.crm.db.selectFrom('steward_decision_log').selectAll().where('batch_id', '=', batchId).orderBy('id').execute();
    expect(log.map((l) => [l.decision, l.decided_by])).toEqual([['skip', 'bo'], ['merge', 'ann']]);
  });

  it('corrects a routed row: attach a new lead to a record found in the CRM', async () => {
    const row = await t.crm.db.selectFrom('batch_rows').select(['source_row']).where('batch_id', '=', batchId).where('route', '=', 'new_lead')
      .orderBy('source_row').limit(1).executeTakeFirstOrThrow();
    await expect(recordDecisions(t.crm.db, batchId, parseDecideArguments([`${row.source_row}=merge`])))
      .rejects.toThrow(`row ${row.source_row} is not a merge candidate of batch ${batchId}`);
    await recordDecisions(t.crm.db, batchId, parseDecideArguments([`${row.source_row}=attach:LEAD-0001`]), 'ann');
    const after = await t.crm.db.selectFrom('batch_rows').select(['route', 'decision', 'decision_plan']).where('batch_id', '=', batchId).where('source_row', '=', row.source_row).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ route: 'new_lead', decision: 'attach', decision_plan: { update: { entityType: 'lead', entityId: 'LEAD-0001' } } });
    expect(JSON.stringify(after.decision_plan)).not.toContain('createLead');
    attached = row.source_row;
  });

  it('corrects a routed row: send it to a steward, who then decides it like any merge candidate', async () => {
    const row = await t.crm.db.selectFrom('batch_rows').select(['source_row']).where('batch_id', '=', batchId).where('route', '=', 'new_lead')
      .where('source_row', '<>', attached).orderBy('source_row').limit(1).executeTakeFirstOrThrow();
    sentToSteward = row.source_row;
    const result = await recordDecisions(t.crm.db, batchId, parseDecideArguments([`${row.source_row}=steward`]), 'ann');
    expect(result.undecided).toBe(1);
    const views = await listMergeCandidates(t.crm.db, batchId);
    expect(views.map((v) => v.sourceRow)).toEqual([row.source_row]);
    await expect(recordDecisions(t.crm.db, batchId, parseDecideArguments(['1=steward']))).rejects.toThrow(`batch ${batchId} has no row 1`);
    const rejected = await t.crm.db.selectFrom('batch_rows').select(['source_row']).where('batch_id', '=', batchId).where('route', '=', 'rejected').limit(1).executeTakeFirstOrThrow();
    await expect(recordDecisions(t.crm.db, batchId, parseDecideArguments([`${rejected.source_row}=attach:LEAD-0001`])))
      .rejects.toThrow(`row ${rejected.source_row} is rejected; only imported rows can be corrected`);
  });

  it('refuses a workbook of another batch', async () => {
    const path = join(dir, 'other.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('summary').addRows([['item', 'value'], ['batch_id', 'B20200101-000000-other-0000']]);
    workbook.addWorksheet('merge_candidate').addRows([['source_row', 'decision'], [125, 'skip']]);
    await workbook.xlsx.writeFile(path);
    await expect(applyWorkbookDecisions(t.crm.db, batchId, path, 'other.xlsx'))
      .rejects.toThrow(`other.xlsx: this workbook is the report of batch B20200101-000000-other-0000 (sheet summary), not of ${batchId}; nothing was recorded`);
  });

  it('commit writes exactly the chosen values on CON-0005 and leaves CON-0004 alone; undo restores both', async () => {
    const before = await t.crm.db.selectFrom('contacts').selectAll().where('id', 'in', ['CON-0004', 'CON-0005']).orderBy('id').execute();
    await commitBatch(t.crm, batchId, { undecided: 'skip' });
    const after = await t.crm.db.selectFrom('contacts').selectAll().where('id', 'in', ['CON-0004', 'CON-0005']).orderBy('id').execute();
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toMatchObject({ title: 'Fleet Analyst', phone: '(617) 555-0191', phone_e164: '+16175550191' });
    const vendorIds = await t.crm.db.selectFrom('vendor_record_ids').selectAll().where('vendor_record_id', '=', '1204387164').execute();
    expect(vendorIds.map((v) => v.entity_id)).toEqual(['CON-0005']);
    // the attached row went onto LEAD-0001 instead of a new Lead; the row sent to a steward and left undecided made nothing
    const created = await t.crm.db.selectFrom('leads').select('id').where('created_batch_id', '=', batchId).execute();
    expect(created.some((l) => l.id.endsWith(`-${attached}`))).toBe(false);
    expect(created.some((l) => l.id.endsWith(`-${sentToSteward}`))).toBe(false);
    expect(created.length).toBeGreaterThan(100);
    const { vendor_record_id } = await t.crm.db.selectFrom('batch_rows').select('vendor_record_id').where('batch_id', '=', batchId).where('source_row', '=', attached).executeTakeFirstOrThrow();
    const attachedIds = await t.crm.db.selectFrom('vendor_record_ids').select(['entity_type', 'entity_id']).where('vendor_record_id', '=', vendor_record_id!).execute();
    expect(attachedIds).toEqual([{ entity_type: 'lead', entity_id: 'LEAD-0001' }]);
    await undoBatch(t.crm, batchId);
    expect(await crmChecksums(t.crm.db)).toEqual(pristine);
  });
});

describe(`a matched row sent to a steward shows its candidates' comparisons again (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('recomputes what the stored row left out (only the best of each kind, by score)', async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-steward-'));
    await loadSampleCrm(t.crm);
    const { batchId } = await stageFile(t.crm, { file: 'samples/lists/purchased-zoominfo-v1.csv', pipeline: 'pipelines/purchased-list.json', reportDir: join(dir, 'report'), progress: quiet });
    const row = await t.crm.db.selectFrom('batch_rows').select(['source_row', 'contact_id', 'match']).where('batch_id', '=', batchId).where('route', '=', 'update_contact')
      .orderBy('source_row').limit(1).executeTakeFirstOrThrow();
    const stored = (typeof row.match === 'string' ? JSON.parse(row.match) : row.match) as { candidates: { comparisons: unknown[] }[] };
    expect(stored.candidates.every((c) => c.comparisons.length === 0)).toBe(true);
    await recordDecisions(t.crm.db, batchId, parseDecideArguments([`${row.source_row}=steward`]), 'ann');
    const [view] = await listMergeCandidates(t.crm.db, batchId, { sourceRows: [row.source_row] });
    expect(view.candidates[0].id).toBe(row.contact_id);
    expect(view.candidates[0].comparisons.length).toBeGreaterThan(0);
    expect(view.candidates[0].explanation).toMatch(/identical/);
  });
});
