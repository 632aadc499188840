import { join, resolve } from 'node:path';
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
import type { RowText } from './row-texts.js';
import { removeReportFiles, whileStaging } from './dead-batches.js';
import { InterruptWatch, StageInterrupted } from './interruption.js';
import { timeStep } from '../step-timings.js';

export interface StageBatchInput {
  /** the file as the user named it (kept on the batch) */
  file: string;
  fileSha256: string | null;
  sheet?: string | null;
  pipeline: Pipeline;
  /** the rows, normalized (tests, callers with rows in hand) */
  rows?: AsyncIterable<NormalizedRow>;
  /** or the rows as the read stage's texts, a chunk at a time (stageFile: read on another thread) */
  rowTexts?: AsyncIterable<RowText[]>;
  /** default reports/<batch id> */
  reportDir?: string;
  matcher?: Matcher;
  now?: Date;
  chunkSize?: number;
  htmlRowCap?: number;
  /** rows.jsonl with each row's fields, every candidate and the plan's values */
  fullJsonl?: boolean;
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
 * and the report. The CRM tables are only read. A failure or an interruption (SIGINT, SIGTERM) removes
 * the half-staged batch and its report files; a kill leaves it `staging` under a lock that dies with the
 * process, and the next command removes it (dead-batches.ts). The batch becomes `staged`, and so
 * committable, only once its report is written.
 */
export async function stageBatch(crm: CrmConnection, input: StageBatchInput): Promise<StageResult> {
  const { pipeline } = input;
  routePolicyOf(pipeline);
  const matcher = input.matcher ?? loadMatcher(pipeline.matcher);
  const stagedAt = input.now ?? new Date();
  const batch: BatchIdentity = newBatchIdentity(pipeline.name, stagedAt);
  const { name: _name, path: _path, ...config } = pipeline;

  const reportDir = resolve(input.reportDir ?? join('reports', batch.id));
  // report_dir from the start: a stage killed midway leaves files the next command must find to remove
  await crm.db.insertInto('import_batches').values({
    id: batch.id, file: input.file, file_sha256: input.fileSha256, sheet: input.sheet ?? null,
    pipeline: pipeline.name, pipeline_config: JSON.stringify({ ...config, path: pipeline.path }),
    intent: pipeline.intent, vendor: pipeline.vendor ?? null, list: pipeline.list ?? null, campaign: pipeline.campaign ?? null,
    status: 'staging', counts: '{}', created_at: stagedAt, report_dir: reportDir,
  }).execute();

  const interrupts = new InterruptWatch();
  // rows.csv and rows.jsonl are written as the rows are routed
  const reportRows = new ReportRowWriter(reportPathsIn(reportDir), { fullJsonl: input.fullJsonl, rowCap: input.htmlRowCap });
  try {
    return await whileStaging(crm, batch.id, async () => {
      const staged = await timeStep('stage rows', () => stageRows(crm, {
        batch, pipeline, matcher, rows: input.rows && interrupts.guard(input.rows), rowTexts: input.rowTexts && interrupts.guardChunks(input.rowTexts), stagedAt, chunkSize: input.chunkSize, progress: input.progress, sourceBytes: input.sourceBytes,
        reportRows: { add: async (rows) => { interrupts.check(); await reportRows.add(rows); } },
      }));
      interrupts.check();
      await crm.db.updateTable('import_batches').set({
        row_count: staged.rowCount, counts: JSON.stringify(staged.counts), staged_at: stagedAt,
      }).where('id', '=', batch.id).execute();

      input.progress?.start('writing the report');
      const contactThresholds = matcher.targets.contact?.thresholds;
      const { paths } = await timeStep('report', () => writeBatchReport(crm, batch.id, reportRows, { scoreBands: contactThresholds }));
      let dropped: number | undefined;
      if (pipeline.vendor && pipeline.list) {
        const records = await droppedFromList(crm, batch.id, pipeline.vendor, pipeline.list);
        writeDroppedFromList(paths.dir, records);
        dropped = records.length;
      }
      interrupts.check();
      // staged (committable) only now, with its report complete: a batch without its report is never staged
      await crm.db.updateTable('import_batches').set({ status: 'staged', report_dir: paths.dir }).where('id', '=', batch.id).execute();
      input.progress?.stop(`report written to ${paths.dir}`);
      return { batchId: batch.id, rowCount: staged.rowCount, counts: staged.counts, report: paths, droppedFromList: dropped };
    });
  } catch (error) {
    input.progress?.stop();
    await reportRows.discard();
    removeReportFiles(reportDir);
    await sql`delete from import_batches where id = ${batch.id}`.execute(crm.db).catch(() => {});
    if (interrupts.signal) throw new StageInterrupted(interrupts.signal, batch.id);
    throw error;
  } finally {
    interrupts.dispose();
  }
}
