import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { CrmHandle } from '../vendor-lists/refresh.js';
import { routes, type Route } from '../types.js';
import { renderReportHtml } from './report-html.js';
import { completeCounts, reportFileNames, type ReportBatch, type ReportModel, type ReportPaths } from './report-model.js';

export type { ReportPaths } from './report-model.js';
import { writeReportXlsx } from './report-xlsx.js';
import type { ReportRowWriter } from './row-files.js';
import { timeStep } from '../step-timings.js';
import { commitTotals, loadCandidateRecords } from './staged-rows-db.js';
import { loadMatcher } from '../match/matcher.js';

/** summary.json: what automation reads after `listgate stage`. */
export interface ReportSummary {
  batch_id: string;
  file: string;
  pipeline: string;
  intent: string;
  row_count: number;
  counts: Record<Route, number>;
  files: Omit<ReportPaths, 'dir'>;
  report_dir: string;
  generated_at: string;
}

/** Each target's thresholds from the batch's matcher, so accounts are not coloured by the contacts' bands; none when the matcher is gone. */
function thresholdsOf(config: Record<string, unknown>): Partial<Record<string, { review?: number; match?: number }>> | undefined {
  try {
    const matcher = loadMatcher(typeof config.matcher === 'string' ? config.matcher : 'crm');
    return Object.fromEntries(Object.entries(matcher.targets).filter(([, t]) => t).map(([name, t]) => [name, t!.thresholds]));
  } catch {
    return undefined;
  }
}

export function reportPathsIn(dir: string): ReportPaths {
  const absolute = resolve(dir);
  return {
    dir: absolute,
    html: join(absolute, reportFileNames.html),
    xlsx: join(absolute, reportFileNames.xlsx),
    csv: join(absolute, reportFileNames.csv),
    jsonl: join(absolute, reportFileNames.jsonl),
    summary: join(absolute, reportFileNames.summary),
  };
}

/**
 * Writes a staged batch's report into the directory of `rows`, the writer every row went through
 * once as it was routed (or, for `listgate report`, as it was read back): rows.csv and rows.jsonl
 * are written by then; report.html comes from what the writer counted and kept (counts, charts,
 * the first rows of each route), report.xlsx from its route sheets' spool files, and summary.json.
 * The database gives only the batch's record, the CRM records merge candidates point at and,
 * after review, the decisions' totals.
 */
export async function writeBatchReport(
  crm: CrmHandle, batchId: string, rows: ReportRowWriter,
  options: { scoreBands?: { review?: number; match?: number }; decided?: boolean } = {},
): Promise<{ paths: ReportPaths; summary: ReportSummary }> {
  const db = crm.db;
  const batchRecord = await db.selectFrom('import_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!batchRecord) throw new UserError(`batch not found: ${batchId}`);
  const paths = rows.paths;
  await rows.close();
  const rowCap = rows.rowCap;

  const counts = completeCounts(rows.routeCounts());
  const config = (batchRecord.pipeline_config ?? {}) as Record<string, unknown>;
  const batch: ReportBatch = {
    id: batchRecord.id, file: batchRecord.file, fileSha256: batchRecord.file_sha256, sheet: batchRecord.sheet,
    pipeline: batchRecord.pipeline, intent: batchRecord.intent, sourceKind: (config.source_kind as string | undefined) ?? null,
    vendor: batchRecord.vendor, list: batchRecord.list, campaign: batchRecord.campaign,
    stagedAt: new Date(batchRecord.staged_at ?? batchRecord.created_at).toISOString(),
    rowCount: routes.reduce((sum, r) => sum + counts[r], 0),
  };

  const rowsByRoute = rows.firstRowsByRoute();
  const model: ReportModel = {
    batch, counts,
    scoreHistogram: rows.scoreHistogram(),
    scoreBands: options.scoreBands,
    // counted as the rows were written; after review (decided) the decisions are read from the database
    scoreHistograms: rows.scoreHistograms(),
    scoreBandsByTarget: thresholdsOf(config),
    commitTotals: options.decided ? await commitTotals(db, batchId) : rows.commitTotals(),
    issuesByKind: rows.issuesByKind(),
    rowsByRoute, rowCap,
    candidateRecords: await loadCandidateRecords(db, rowsByRoute.merge_candidate),
    files: reportFileNames,
  };

  writeFileSync(paths.html, await timeStep('report: html', () => renderReportHtml(model)));
  try {
    await timeStep('report: xlsx', () => writeReportXlsx(model, {
      linesOfRoute: (route) => rows.linesOfRoute(route),
      candidatesOf: (chunk) => loadCandidateRecords(db, chunk),
    }, paths.xlsx));
  } finally {
    rows.removeSpools();
  }

  const { dir: reportDir, ...files } = paths;
  const summary: ReportSummary = {
    batch_id: batch.id, file: batch.file, pipeline: batch.pipeline, intent: batch.intent,
    row_count: batch.rowCount, counts, files, report_dir: reportDir, generated_at: new Date().toISOString(),
  };
  writeFileSync(paths.summary, JSON.stringify(summary, null, 2) + '\n');
  return { paths, summary };
}
