import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { crmChecksums } from './helpers/batch-fixture.js';
import { loadCrmSnapshot } from '../src/crm/load-crm.js';
import { importSuppressions } from '../src/vendor-lists/suppress.js';
import { stageFile } from '../src/stage/stage-file.js';
import { routes, type Route } from '../src/types.js';

/**
 * `listgate stage` end to end on the samples (samples/README.md): the CRM snapshot and the
 * suppression list loaded, each sample list staged with its pipeline; routes compared with
 * samples/lists/expected-routes.csv; the same routes on a second staging; no CRM table changed.
 */

const run = promisify(execFile);
const cli = resolve('bin/listgate.js');
const reports = mkdtempSync(join(tmpdir(), 'listgate-stage-samples-'));
const lists = resolve('samples/lists');

const expected = new Map<string, Map<number, Route>>();
for (const r of Papa.parse<{ file: string; row: string; route: Route }>(readFileSync(join(lists, 'expected-routes.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data) {
  if (!expected.has(r.file)) expected.set(r.file, new Map());
  expected.get(r.file)!.set(Number(r.row), r.route);
}

function readRoutes(csvPath: string): Map<number, Route> {
  const rows = Papa.parse<{ source_row: string; route: Route }>(readFileSync(csvPath, 'utf8'), { header: true, skipEmptyLines: true }).data;
  return new Map(rows.map((r) => [Number(r.source_row), r.route]));
}

/** Rows whose route differs from the samples' truth, as readable lines (empty when all agree). */
function differences(file: string, actual: Map<number, Route>): string[] {
  const truth = expected.get(file)!;
  const lines: string[] = [];
  for (const [row, route] of truth) if (actual.get(row) !== route) lines.push(`${file} row ${row}: expected ${route}, got ${actual.get(row) ?? 'nothing'}`);
  for (const row of actual.keys()) if (!truth.has(row)) lines.push(`${file} row ${row}: not in expected-routes.csv`);
  return lines;
}

describe(`listgate stage on the samples (${databaseKind})`, () => {
  let t: TestDatabase;
  let before: Record<string, string>;
  const staged = new Map<string, Map<number, Route>>();
  const counts = new Map<string, Record<Route, number>>();

  beforeAll(async () => {
    t = await createTestDatabase();
    const crmDir = resolve('samples/crm');
    await loadCrmSnapshot(t.crm, {
      accounts: join(crmDir, 'accounts.csv'), contacts: join(crmDir, 'contacts.csv'),
      leads: join(crmDir, 'leads.csv'), opportunities: join(crmDir, 'opportunities.csv'),
    });
    await importSuppressions(t.crm, join(lists, 'suppressions.csv'));
    before = await crmChecksums(t.crm.db);
    for (const [file, pipeline] of [['purchased-zoominfo-v1.csv', 'purchased-list'], ['webform-export.csv', 'webform']]) {
      const result = await stageFile(t.crm, { file: join(lists, file), pipeline, reportDir: join(reports, file) });
      staged.set(file, readRoutes(result.report.csv));
      counts.set(file, result.counts);
    }
  });
  afterAll(async () => {
    await t?.cleanup();
    rmSync(reports, { recursive: true, force: true });
  });

  it('stages the badge scans from the command line: batch id, count per route, report paths', async () => {
    await t.crm.close();
    const reportDir = join(reports, 'tradeshow');
    try {
      const { stdout } = await run(process.execPath, [cli, 'stage', join(lists, 'tradeshow-badge-scans.csv'), '--pipeline', 'tradeshow', '--report-dir', reportDir, '--quiet'], {
        env: { ...process.env, ...t.env }, maxBuffer: 10 * 1024 * 1024,
      });
      const batchId = /^batch (B\d{8}-\d{6}-tradeshow-[0-9a-f]{4}) staged: 118 rows/m.exec(stdout)?.[1];
      expect(batchId, stdout).toBeTruthy();
      const summary = JSON.parse(readFileSync(join(reportDir, 'summary.json'), 'utf8'));
      expect(summary.batch_id).toBe(batchId);
      for (const route of routes) expect(stdout).toMatch(new RegExp(`^  ${route} +${summary.counts[route].toLocaleString('en-US')}$`, 'm'));
      expect(stdout).toContain(join(reportDir, 'report.html').replace(`${process.cwd()}/`, ''));
      for (const file of ['report.html', 'report.xlsx', 'rows.csv', 'rows.jsonl', 'summary.json']) expect(existsSync(join(reportDir, file))).toBe(true);
      staged.set('tradeshow-badge-scans.csv', readRoutes(join(reportDir, 'rows.csv')));
      counts.set('tradeshow-badge-scans.csv', summary.counts);
    } finally {
      await t.reopen();
    }
  });

  it('routes every sample row as samples/lists/expected-routes.csv says', () => {
    const problems = [...staged].flatMap(([file, actual]) => differences(file, actual));
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('shows every route across the samples', () => {
    const seen = new Set([...staged.values()].flatMap((m) => [...m.values()]));
    expect([...routes].filter((r) => !seen.has(r))).toEqual([]);
  });

  it('puts every input row in the report, one line each', () => {
    for (const [file, actual] of staged) {
      const rowsInFile = readFileSync(join(lists, file), 'utf8').trim().split('\n').length - 1;
      expect(actual.size, file).toBe(expected.get(file)!.size);
      expect(Object.values(counts.get(file)!).reduce((a, b) => a + b, 0), file).toBe(actual.size);
      expect(actual.size).toBeLessThanOrEqual(rowsInFile);
    }
  });

  it('gives the same routes when the same file is staged again', async () => {
    const again = await stageFile(t.crm, { file: join(lists, 'webform-export.csv'), pipeline: 'webform', reportDir: join(reports, 'webform-again') });
    expect(readRoutes(again.report.csv)).toEqual(staged.get('webform-export.csv'));
  });

  it('reads the XLSX copy of the badge scans to the same routes', async () => {
    const result = await stageFile(t.crm, { file: join(lists, 'tradeshow-badge-scans.xlsx'), pipeline: 'tradeshow', reportDir: join(reports, 'tradeshow-xlsx') });
    // a title banner sits above the XLSX header: its data rows are one higher than the CSV's (samples/README.md)
    const shifted = new Map([...readRoutes(result.report.csv)].map(([row, route]) => [row - 1, route]));
    expect(shifted).toEqual(staged.get('tradeshow-badge-scans.csv'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(result.report.xlsx);
    const merge = workbook.getWorksheet('merge_candidate')!;
    expect(merge.rowCount - 1).toBe(result.counts.merge_candidate);
  });

  it("rates the badge scans' leads from their Interest Level column (A -> hot, Medium -> warm) with the follow-up due by rating", async () => {
    const { rows } = await sql<{ source_row: number; plan: unknown }>`
      select r.source_row, r.plan from batch_rows r join import_batches b on b.id = r.batch_id
      where b.file like '%tradeshow-badge-scans.csv' and r.source_row in (2, 4) order by r.source_row`.execute(t.crm.db);
    const leadOf = (plan: unknown) => (typeof plan === 'string' ? JSON.parse(plan) : plan).createLead.values;
    expect(rows.map((r) => leadOf(r.plan).rating)).toEqual(['warm', 'hot']);
    const [warm, hot] = rows.map((r) => Date.parse(leadOf(r.plan).follow_up_due));
    expect((warm - hot) / 86_400_000).toBe(2);
  });

  it('records the batches as staged with the file hash and changes no CRM table', async () => {
    const batches = await t.crm.db.selectFrom('import_batches').select(['status', 'file_sha256', 'row_count']).execute();
    expect(batches.length).toBe(5);
    for (const b of batches) expect(b).toMatchObject({ status: 'staged', file_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from batch_rows where route is null or reasons is null or reasons = ''`.execute(t.crm.db);
    expect(rows[0].n).toBe(0);
    expect(await crmChecksums(t.crm.db)).toEqual(before);
  });
});
