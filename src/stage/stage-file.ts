import type { CrmConnection } from '../db/database.js';
import { openList, type OpenedList } from './read-list.js';
import type { ReadLimits } from '../extract/index.js';
import type { Progress } from '../progress.js';
import { fileSha256 } from './file-digest.js';
import { stageBatch, type StageResult } from './stage-batch.js';

export interface StageFileOptions {
  file: string;
  /** pipeline name (pipelines/NAME.json) or path */
  pipeline: string;
  sheet?: string | number;
  /** how far the file may go (defaultReadLimits unless raised with --limit) */
  limits?: ReadLimits;
  reportDir?: string;
  progress?: Progress;
  chunkSize?: number;
  htmlRowCap?: number;
  /** rows.jsonl with each row's fields, every candidate and the plan's values */
  fullJsonl?: boolean;
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
export async function stageFile(crm: CrmConnection, options: StageFileOptions, opened: OpenedList = openList(options)): Promise<StageFileResult> {
  const { pipeline, sheet } = opened;
  // a missing, unreadable or binary file, or a directory, ends here in one line, before any batch exists
  const list = await opened.list;
  const sha256 = await fileSha256(options.file);
  const result = await stageBatch(crm, {
    file: options.file, fileSha256: sha256, sheet: list.info.sheet ?? (sheet === undefined ? null : String(sheet)),
    pipeline, rowTexts: list.chunks, reportDir: options.reportDir, progress: options.progress, sourceBytes: list.info.bytes,
    chunkSize: options.chunkSize, htmlRowCap: options.htmlRowCap, fullJsonl: options.fullJsonl, now: options.now,
  });
  return { ...result, pipeline: pipeline.name, warnings: [...list.info.warnings, ...list.mappingWarnings] };
}
