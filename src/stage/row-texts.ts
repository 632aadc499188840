import type { ListFileInfo, ReadLimits } from '../extract/index.js';
import type { NormalizedRow } from '../types.js';
import { stagedRowTexts } from './batch-rows.js';

/** A row as the stage takes it from the read stage: its number, its row spool line and its batch_row_keys COPY line. */
export interface RowText {
  sourceRow: number;
  line: string;
  keys: string;
}

export function rowText(row: NormalizedRow): RowText {
  return { sourceRow: row.sourceRow, ...stagedRowTexts(row) };
}

/** Normalized rows as their texts, chunkSize at a time. */
export async function* rowTextChunks(rows: AsyncIterable<NormalizedRow>, chunkSize: number): AsyncGenerator<RowText[]> {
  let chunk: RowText[] = [];
  for await (const row of rows) {
    chunk.push(rowText(row));
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/** The read stage's rows, a chunk of texts at a time, and what it found out about the file. */
export interface RowTextSource {
  /** kept up to date while the rows are read (bytes read, warnings found on the way) */
  info: ListFileInfo;
  mappingWarnings: string[];
  chunks: AsyncIterable<RowText[]>;
  /** stops reading (the worker thread) when the chunks will not be taken */
  close(): Promise<void>;
}

export interface ReadWorkerData {
  file: string;
  pipelinePath: string;
  sheet?: string | number;
  limits?: ReadLimits;
  chunkSize: number;
  aheadChunks: number;
}

export type ReadWorkerMessage =
  | { kind: 'opened'; info: ListFileInfo; mappingWarnings: string[] }
  | { kind: 'rows'; rows: RowText[]; bytesRead: number }
  | { kind: 'done'; info: ListFileInfo }
  | { kind: 'error'; message: string; userError: boolean; exitCode?: number; stack?: string };
