import { join } from 'node:path';
import type { CrmHandle } from '../vendor-lists/refresh.js';
import { UserError } from '../errors.js';
import { ReportRowWriter } from './row-files.js';
import { stagedRowChunks } from './staged-rows-db.js';
import { reportPathsIn, writeBatchReport, type ReportSummary } from './write-report.js';
import type { ReportPaths } from './report-model.js';

/**
 * Writes a batch's report again from the database (`listgate report BATCH`): after stewards
 * decided, report.html and report.xlsx show the decisions and what commit will now create.
 * Every file is rewritten from batch_rows, in the batch's report folder unless told otherwise.
 */
export async function rewriteBatchReport(crm: CrmHandle, batchId: string, options: { dir?: string; fullJsonl?: boolean } = {}): Promise<{ paths: ReportPaths; summary: ReportSummary }> {
  const batch = await crm.db.selectFrom('import_batches').select(['id', 'report_dir', 'status']).where('id', '=', batchId).executeTakeFirst();
  if (!batch) throw new UserError(`no batch ${batchId}; 'listgate batches' lists them`);
  if (batch.status === 'staging' || batch.status === 'failed') throw new UserError(`batch ${batchId} is ${batch.status}: there is no staged batch to report on`);
  const rows = new ReportRowWriter(reportPathsIn(options.dir ?? batch.report_dir ?? join('reports', batchId)), { fullJsonl: options.fullJsonl });
  try {
    for await (const chunk of stagedRowChunks(crm.db, batchId)) await rows.add(chunk);
  } catch (error) {
    await rows.discard();
    throw error;
  }
  return writeBatchReport(crm, batchId, rows, { decided: true });
}
