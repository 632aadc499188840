import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { crmChecksums } from './helpers/batch-fixture.js';
import { normalizePerson } from '../src/normalize/index.js';
import { accountKeyColumns, contactKeyColumns, leadKeyColumns } from '../src/crm/record-keys.js';
import { parsePipeline, type Pipeline } from '../src/pipeline/pipeline.js';
import { stageBatch } from '../src/stage/stage-batch.js';
import { suppressionHash } from '../src/route/suppression.js';
import { stagedRowChunks } from '../src/report/staged-rows-db.js';
import { decisionJsonlRecord } from '../src/report/row-files.js';
import { rewriteBatchReport } from '../src/report/rewrite-report.js';
import { routes, type CanonicalField, type NormalizedRow, type Route, type RowMatch } from '../src/types.js';
import { explainedRowLines, explainStagedRow } from '../src/match/explain-row.js';
import { keptMatch, rowMatchOf, storedMatch } from '../src/stage/stored-match.js';

/**
 * Stage in the database with hand-built rows (no file reader needed): every route on a small
 * CRM, both intents, the same routes on a second staging, and no CRM table touched.
 */

const reports = mkdtempSync(join(tmpdir(), 'listgate-stage-'));

function pipelineOf(name: string, json: Record<string, unknown>): Pipeline {
  return { ...parsePipeline({ lead_source: 'Trade Show', campaign: 'Expo 2026', ...json }), name, path: `pipelines/${name}.json` };
}
const tradeshow = pipelineOf('tradeshow', { intent: 'interest', source_kind: 'tradeshow', rating: { values: { a: 'hot' } } });
const purchased = pipelineOf('purchased-list', { intent: 'prospect', lead_source: 'Purchased List', vendor: 'ZoomInfo', list: 'Q4', source_is_newer: true });

function row(sourceRow: number, values: Partial<Record<CanonicalField, string>>, rejected = false): NormalizedRow {
  const { person, issues } = normalizePerson(values, { defaultCountry: 'US' });
  return {
    sourceRow, raw: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? ''])), values, unmapped: {}, person,
    issues: rejected ? [...issues, { code: 'no_identity', message: 'no name with an email, phone or company', severity: 'reject' }] : issues,
    rejected,
  };
}

async function* each<T>(items: T[]): AsyncGenerator<T> { yield* items; }

async function insertCrm(t: TestDatabase): Promise<void> {
  const db = t.crm.db;
  const account = { id: 'A1', name: 'Acme Corporation', website: 'https://www.acme.com', phone: '+1 617 555 0100', street: '1 Main St', city: 'Boston', state: 'MA', postal_code: '02110', country: 'US' };
  await db.insertInto('accounts').values({ ...account, ...accountKeyColumns(account), extra: '{}' }).execute();
  const contacts = [
    { id: 'C1', account_id: 'A1', first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@acme.com', title: 'Engineer' },
    { id: 'C2', account_id: 'A1', first_name: 'Dana', last_name: 'Nocall', email: 'dana.nocall@acme.com', do_not_contact: true },
    { id: 'C3', account_id: 'A1', first_name: 'Robert', last_name: 'Smithson', email: 'rsmithson@acme.com', phone: '+1 617 555 0177' },
  ];
  for (const c of contacts) await db.insertInto('contacts').values({ ...c, ...contactKeyColumns(c), extra: '{}' }).execute();
  const lead = { id: 'L1', first_name: 'Larry', last_name: 'Leadman', company: 'Leadco', email: 'larry@leadco.com', status: 'Open' };
  await db.insertInto('leads').values({ ...lead, ...leadKeyColumns(lead), extra: '{}' }).execute();
  await db.insertInto('suppressions').values({ kind: 'email', value_hash: suppressionHash('email', 'Spam.Me@nowhere.org'), reason: 'asked to be forgotten', source: 'test' }).execute();
}

const interestRows = () => [
  row(2, { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@acme.com', company: 'Acme', title: 'CTO', phone: '(617) 555-0123', rating: 'A' }),
  row(3, { first_name: 'Nina', last_name: 'Newhire', email: 'nina.newhire@acme.com', company: 'Acme Corporation' }),
  row(4, { first_name: 'Larry', last_name: 'Leadman', email: 'larry@leadco.com', company: 'Leadco' }),
  row(5, { first_name: 'Uma', last_name: 'Unknown', email: 'uma@unknown-startup.io', company: 'Unknown Startup', rating: 'A' }),
  row(6, { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@acme.com', company: 'Acme' }),
  row(7, { first_name: 'Sam', last_name: 'Spam', email: 'spam.me@nowhere.org' }),
  row(8, { notes: 'badge scan failed' }, true),
  row(9, { first_name: 'Dana', last_name: 'Nocall', email: 'dana.nocall@acme.com', company: 'Acme' }),
  row(10, { first_name: 'Rob', last_name: 'Smithson', city: 'Boston' }),
];

describe('what a routed row keeps of its match', () => {
  const candidate = (entityType: 'contact' | 'lead' | 'account', id: string, score: number) => ({ entityType, id, score, band: 'none' as const, comparisons: [], guards: [], explanation: '' });
  const match: RowMatch = {
    candidates: [candidate('contact', 'C1', 20), candidate('account', 'A1', 12), candidate('contact', 'C2', 9), candidate('lead', 'L1', 5), candidate('contact', 'C3', 2)],
    candidatesCut: false,
  };
  it('keeps the best candidate of each kind by id, score, band and guards, and how many were scored', () => {
    const chosen = { ...match, contact: match.candidates[0], account: { ...match.candidates[1], via: 'company name key acme' } };
    const kept = keptMatch({ ...chosen, candidates: chosen.candidates.map((c) => ({ ...c, comparisons: [{ comparison: 'email', level: 'exact', weight: 9, detail: 'email identical' }], explanation: 'email identical +9.0' })) }, 'opportunity_for_contact');
    expect(kept.candidates).toEqual([match.candidates[0], match.candidates[1], match.candidates[3]]);
    expect(kept).toMatchObject({ contact: match.candidates[0], account: { id: 'A1', via: 'company name key acme' }, candidatesScored: 5 });
    expect(kept.lead).toBeUndefined();
    expect(rowMatchOf(storedMatch(kept))).toEqual(kept);
  });
  it('keeps every candidate of a row a steward reviews, or of a close call', () => {
    expect(keptMatch(match, 'merge_candidate')).toBe(match);
    const close = { ...match, ambiguous: { entityType: 'contact' as const, ids: ['C1', 'C2'], reason: 'close' } };
    expect(keptMatch(close, 'new_lead')).toBe(close);
  });
});

describe(`stage on ${databaseKind}: routes, plans, report, nothing written to the CRM`, () => {
  let t: TestDatabase;
  let before: Record<string, string>;
  const routesByRow = new Map<number, Route>();
  let firstBatch = '';

  beforeAll(async () => {
    t = await createTestDatabase();
    await insertCrm(t);
    before = await crmChecksums(t.crm.db);
  });
  afterAll(async () => {
    await t?.cleanup();
    rmSync(reports, { recursive: true, force: true });
  });

  it('routes an interest list: Opportunity for a known Contact, Contact + Opportunity at a known Account, Lead otherwise', async () => {
    const result = await stageBatch(t.crm, { file: 'badges.csv', fileSha256: 'f00d', pipeline: tradeshow, rows: each(interestRows()), reportDir: join(reports, 'one') });
    firstBatch = result.batchId;
    expect(result.batchId).toMatch(/^B\d{8}-\d{6}-tradeshow-[0-9a-f]{4}$/);
    const { rows } = await sql<{ source_row: number; route: Route; reasons: string; contact_id: string | null; lead_id: string | null; account_id: string | null; duplicate_of_row: number | null; plan: any }>`
      select source_row, route, reasons, contact_id, lead_id, account_id, duplicate_of_row, plan from batch_rows where batch_id = ${result.batchId} order by source_row`.execute(t.crm.db);
    for (const r of rows) routesByRow.set(r.source_row, r.route);
    if (process.env.DBG) console.log(rows.map((r) => `${r.source_row} ${r.route}: ${r.reasons}`).join('\n'));
    const byRow = new Map(rows.map((r) => [r.source_row, r]));
    expect(Object.fromEntries(routesByRow)).toEqual({
      2: 'opportunity_for_contact', 3: 'new_contact_and_opportunity', 4: 'existing_lead', 5: 'new_lead',
      6: 'duplicate_in_file', 7: 'suppressed', 8: 'rejected', 9: 'suppressed', 10: 'merge_candidate',
    });
    expect(byRow.get(2)).toMatchObject({ contact_id: 'C1', account_id: 'A1' });
    expect(byRow.get(2)!.plan.createOpportunity.values).toMatchObject({ contact_id: 'C1', stage: 'Prospecting', source_campaign: 'Expo 2026' });
    // the title differs but a tradeshow is not newer than the CRM: only the empty phone is filled
    expect(byRow.get(2)!.plan.update.fields).toEqual([{ field: 'phone', old: null, new: expect.stringContaining('617'), kind: 'fill' }]);
    expect(byRow.get(3)!.plan.createContact.values).toMatchObject({ account_id: 'A1', phone: '+1 617 555 0100', city: 'Boston', email_key: 'nina.newhire@acme.com' });
    expect(byRow.get(5)!.plan.createLead.values).toMatchObject({ rating: 'hot', lead_source: 'Trade Show', status: 'Open' });
    expect(byRow.get(5)!.plan.createLead.id).toBe(`LG-L-${result.batchId.replace(/^B(\d{8})-(\d{6})-tradeshow-(\w{4})$/, '$1$2$3')}-5`);
    expect(byRow.get(6)).toMatchObject({ duplicate_of_row: 2 });
    expect(byRow.get(7)!.reasons).toContain('suppression list');
    expect(byRow.get(9)!.reasons).toContain('do not contact');
    expect(byRow.get(10)).toMatchObject({ contact_id: 'C3' });
    expect(byRow.get(10)!.plan.onMerge.createOpportunity.values.contact_id).toBe('C3');
    expect(byRow.get(10)!.plan.onCreateNew).toBeTruthy();
    for (const r of rows) expect(r.reasons.length).toBeGreaterThan(0);

    const batch = await t.crm.db.selectFrom('import_batches').selectAll().where('id', '=', result.batchId).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ status: 'staged', row_count: 9, file_sha256: 'f00d', intent: 'interest' });
    expect((batch.counts as Record<string, number>).suppressed).toBe(2);
  });

  it('writes summary.json with every route and the report files', () => {
    const summary = JSON.parse(readFileSync(join(reports, 'one', 'summary.json'), 'utf8'));
    expect(summary.batch_id).toBe(firstBatch);
    expect(Object.keys(summary.counts)).toEqual([...routes]);
    expect(summary.counts).toMatchObject({ suppressed: 2, update_contact: 0, merge_candidate: 1 });
    expect(summary.row_count).toBe(9);
    const html = readFileSync(summary.files.html, 'utf8');
    expect(html).toContain('data-route="merge_candidate" data-count="1"');
    expect(readFileSync(summary.files.csv, 'utf8').trim().split(/\r?\n/)).toHaveLength(10);
  });

  it('writes report.html in the same pass as the rows: the same page as one written again from batch_rows', async () => {
    const again = await rewriteBatchReport(t.crm, firstBatch, { dir: join(reports, 'one-again') });
    const page = (path: string) => readFileSync(path, 'utf8');
    expect(page(again.paths.html)).toBe(page(join(reports, 'one', 'report.html')));
  });

  it('writes in rows.jsonl, while routing, what batch_rows holds', async () => {
    const lines = readFileSync(join(reports, 'one', 'rows.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const fromNode: unknown[] = [];
    for await (const chunk of stagedRowChunks(t.crm.db, firstBatch)) fromNode.push(...chunk.map((r) => JSON.parse(decisionJsonlRecord(r))));
    expect(lines).toEqual(fromNode);
    expect(lines.find((l) => l.route === 'merge_candidate').best).toMatchObject({ contact: { id: 'C3' } });
  });

  it('stores every candidate of a merge candidate and the best of each kind for other rows; explain recomputes them all', async () => {
    const { rows } = await sql<{ source_row: number; route: Route; match: RowMatch | string | null }>`
      select source_row, route, match from batch_rows where batch_id = ${firstBatch} order by source_row`.execute(t.crm.db);
    const matchOf = (m: RowMatch | string | null): RowMatch | null => (typeof m === 'string' ? JSON.parse(m) : m);
    for (const r of rows.filter((x) => x.route !== 'merge_candidate')) {
      const kinds = (matchOf(r.match)?.candidates ?? []).map((c) => c.entityType);
      expect(new Set(kinds).size, `row ${r.source_row}: one candidate of each kind`).toBe(kinds.length);
    }
    const merge = rows.find((x) => x.route === 'merge_candidate')!;
    expect(matchOf(merge.match)!.candidates.map((c) => c.id)).toContain('C3');

    const explained = await explainStagedRow(t.crm, firstBatch, merge.source_row);
    expect(explained.route).toBe('merge_candidate');
    expect(explained.match!.candidates.find((c) => c.id === 'C3')!.comparisons.map((c) => c.detail)).toContain('first name Rob ~ Robert (nickname)');
    expect(explainedRowLines(explained).join('\n')).toMatch(/contact C3 +score 12\.8 +review band/);
    // explain finds again every candidate the stored row kept, with the same score
    for (const r of rows.filter((x) => matchOf(x.match)?.candidates.length)) {
      const again = await explainStagedRow(t.crm, firstBatch, r.source_row);
      for (const c of matchOf(r.match)!.candidates) {
        expect(again.match!.candidates.find((x) => x.id === c.id && x.entityType === c.entityType)?.score, `row ${r.source_row}, ${c.entityType} ${c.id}`).toBeCloseTo(c.score, 6);
      }
    }
    await expect(explainStagedRow(t.crm, firstBatch, 9999)).rejects.toThrow(/has no row 9999/);
  });

  it('gives the same routes when the same rows are staged again', async () => {
    const again = await stageBatch(t.crm, { file: 'badges.csv', fileSha256: 'f00d', pipeline: tradeshow, rows: each(interestRows()), reportDir: join(reports, 'two') });
    expect(again.batchId).not.toBe(firstBatch);
    const { rows } = await sql<{ source_row: number; route: Route }>`select source_row, route from batch_rows where batch_id = ${again.batchId}`.execute(t.crm.db);
    expect(new Map(rows.map((r) => [r.source_row, r.route]))).toEqual(routesByRow);
  });

  it('gives the same routes, in ranges of 3 rows, when the rows come out of source_row order (routed from the database, not the spool)', async () => {
    const shuffled = interestRows().reverse();
    const again = await stageBatch(t.crm, { file: 'badges.csv', fileSha256: 'f00d', pipeline: tradeshow, rows: each(shuffled), reportDir: join(reports, 'shuffled'), chunkSize: 3 });
    const { rows } = await sql<{ source_row: number; route: Route }>`select source_row, route from batch_rows where batch_id = ${again.batchId}`.execute(t.crm.db);
    expect(new Map(rows.map((r) => [r.source_row, r.route]))).toEqual(routesByRow);
    const lines = readFileSync(join(reports, 'shuffled', 'rows.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.source_row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('routes a purchased list: matches refresh Contacts, a person at a known Account becomes a Lead linked to it', async () => {
    const result = await stageBatch(t.crm, {
      file: 'zoominfo.csv', fileSha256: null, pipeline: purchased, reportDir: join(reports, 'three'),
      rows: each([
        row(2, { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@acme.com', company: 'Acme', title: 'CTO', vendor_record_id: 'ZI-1' }),
        row(3, { first_name: 'Nina', last_name: 'Newhire', email: 'nina.newhire@acme.com', company: 'Acme Corporation', vendor_record_id: 'ZI-2' }),
      ]),
    });
    expect(result.counts).toMatchObject({ update_contact: 1, new_lead: 1 });
    const { rows } = await sql<{ source_row: number; plan: any }>`select source_row, plan from batch_rows where batch_id = ${result.batchId} order by source_row`.execute(t.crm.db);
    expect(rows[0].plan.update.fields).toContainEqual({ field: 'title', old: 'Engineer', new: 'CTO', kind: 'overwrite' });
    expect(rows[0].plan.createOpportunity).toBeUndefined();
    expect(rows[0].plan.vendorRecord).toMatchObject({ vendor: 'ZoomInfo', list: 'Q4', vendorRecordId: 'ZI-1', entityId: 'C1' });
    expect(rows[1].plan.createLead.values).toMatchObject({ account_id: 'A1', lead_source: 'Purchased List' });
  });

  it('changed no CRM table', async () => {
    expect(await crmChecksums(t.crm.db)).toEqual(before);
  });
});
