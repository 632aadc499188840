import { join } from 'node:path';
import { sql } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { loadMatcher, type Matcher } from '../match/index.js';
import { routePolicyOf } from '../route/route-policy.js';
import { reportPathsIn, writeBatchReport, type ReportPaths } from '../report/write-report.js';
import { ReportRowWriter } from '../report/row-files.js';
import { droppedFromList, writeDroppedFromList } from '../vendor-lists/refresh.js';
import type { Progress } from '../progress.js';
import type { BytesRead } from '../extract/text-encoding.js';
import type { NormalizedRow, Route } from '../types.js';
import { newBatchIdentity, type BatchIdentity } from './batch-id.js';
import { stageRows } from './stage-rows.js';
import { timeStep } from '../step-timings.js';

export interface StageBatchInput {
  /** the file as the user named it (kept on the batch) */
  file: string;
  fileSha256: string | null;
  sheet?: string | null;
  pipeline: Pipeline;
  rows: AsyncIterable<NormalizedRow>;
  /** default reports/<batch id> */
  reportDir?: string;
  matcher?: Matcher;
  now?: Date;
  chunkSize?: number;
  htmlRowCap?: number;
  progress?: Progress;
  /** how much of the file has been read: the reading progress's total */
  sourceBytes?: BytesRead;
}

export interface StageResult {
  batchId: string;
  rowCount: number;
  counts: Record<Route, number>;
  report: ReportPaths;
  droppedFromList?: number;
}

/**
 * Stages rows as a new batch: import_batches (status staging -> staged, file hash, pipeline
 * config, counts), one batch_rows row per input row with its route, reasons, match and plan,
 * and the report. The CRM tables are only read. A failure removes the half-staged batch.
 */
export async function stageBatch(crm: CrmConnection, input: StageBatchInput): Promise<StageResult> {
  const { pipeline } = input;
  routePolicyOf(pipeline);
  const matcher = input.matcher ?? loadMatcher(pipeline.matcher);
  const stagedAt = input.now ?? new Date();
  const batch: BatchIdentity = newBatchIdentity(pipeline.name, stagedAt);
  const { name: _name, path: _path, ...config } = pipeline;

  await crm.db.insertInto('import_batches').values({
    id: batch.id, file: input.file, file_sha256: input.fileSha256, sheet: input.sheet ?? null,
    pipeline: pipeline.name, pipeline_config: JSON.stringify({ ...config, path: pipeline.path }),
    intent: pipeline.intent, vendor: pipeline.vendor ?? null, list: pipeline.list ?? null, campaign: pipeline.campaign ?? null,
    status: 'staging', counts: '{}', created_at: stagedAt,
  }).execute();

  // rows.csv and rows.jsonl are written as the rows are routed
  const reportRows = new ReportRowWriter(reportPathsIn(input.reportDir ?? join('reports', batch.id)));
  let staged;
  try {
    staged = await timeStep('stage rows', () => stageRows(crm, { batch, pipeline, matcher, rows: input.rows, stagedAt, chunkSize: input.chunkSize, progress: input.progress, sourceBytes: input.sourceBytes, reportRows }));
  } catch (error) {
    await reportRows.discard();
    await sql`delete from import_batches where id = ${batch.id}`.execute(crm.db).catch(() => {});
    throw error;
  }

  await crm.db.updateTable('import_batches').set({
    status: 'staged', row_count: staged.rowCount, counts: JSON.stringify(staged.counts), staged_at: stagedAt, report_dir: reportRows.paths.dir,
  }).where('id', '=', batch.id).execute();

  input.progress?.start('writing the report');
  const contactThresholds = matcher.targets.contact?.thresholds;
  const { paths } = await timeStep('report', () => writeBatchReport(crm, batch.id, reportRows, { rowCap: input.htmlRowCap, scoreBands: contactThresholds }));
  let dropped: number | undefined;
  if (pipeline.vendor && pipeline.list) {
    const records = await droppedFromList(crm, batch.id, pipeline.vendor, pipeline.list);
    writeDroppedFromList(paths.dir, records);
    dropped = records.length;
  }
  input.progress?.stop(`report written to ${paths.dir}`);
  await crm.db.updateTable('import_batches').set({ report_dir: paths.dir }).where('id', '=', batch.id).execute();
  return { batchId: batch.id, rowCount: staged.rowCount, counts: staged.counts, report: paths, droppedFromList: dropped };
}
