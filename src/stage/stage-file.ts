import { existsSync, statSync } from 'node:fs';
import type { CrmConnection } from '../db/database.js';
import { UserError } from '../errors.js';
import { loadPipeline } from '../pipeline/pipeline.js';
import { routePolicyOf } from '../route/route-policy.js';
import { readNormalizedRows } from '../validate/index.js';
import type { Progress } from '../progress.js';
import { fileSha256 } from './file-digest.js';
import { stageBatch, type StageResult } from './stage-batch.js';

export interface StageFileOptions {
  file: string;
  /** pipeline name (pipelines/NAME.json) or path */
  pipeline: string;
  sheet?: string | number;
  reportDir?: string;
  progress?: Progress;
  chunkSize?: number;
  htmlRowCap?: number;
  now?: Date;
}

export interface StageFileResult extends StageResult {
  pipeline: string;
  /** notes about the file and its columns (renamed headers, unmapped columns...) */
  warnings: string[];
}

/**
 * `listgate stage`: extract -> map -> normalize -> validate (one streaming reader), then
 * in-file duplicates, match, route and plan in the database, then the report. The batch is
 * left staged; the CRM is unchanged.
 */
export async function stageFile(crm: CrmConnection, options: StageFileOptions): Promise<StageFileResult> {
  const pipeline = loadPipeline(options.pipeline);
  routePolicyOf(pipeline);
  if (!existsSync(options.file) || !statSync(options.file).isFile()) throw new UserError(`${options.file}: no such file`);
  const sha256 = await fileSha256(options.file);
  const sheet = options.sheet ?? pipeline.sheet;
  const list = await readNormalizedRows(options.file, pipeline, { sheet });
  const result = await stageBatch(crm, {
    file: options.file, fileSha256: sha256, sheet: list.info.sheet ?? (sheet === undefined ? null : String(sheet)),
    pipeline, rows: list.rows, reportDir: options.reportDir, progress: options.progress, sourceBytes: list.info.bytes,
    chunkSize: options.chunkSize, htmlRowCap: options.htmlRowCap, now: options.now,
  });
  return { ...result, pipeline: pipeline.name, warnings: [...list.info.warnings, ...list.mapping.warnings] };
}
