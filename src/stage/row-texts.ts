import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import type { ListFileInfo, ReadLimits } from '../extract/index.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { parallelDatabaseWork } from '../overlap.js';
import { readNormalizedRows } from '../validate/index.js';
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

interface ReadOptions {
  sheet?: string | number;
  limits?: ReadLimits;
  chunkSize: number;
}

/**
 * Opens the list and reads it a chunk of rows at a time: on a worker thread when listgate runs
 * compiled (the main thread then only spools the rows and sends their keys to the database),
 * in this thread when it runs from its TypeScript sources (tests, tsx) or with LISTGATE_SERIAL=1.
 * A file that cannot be opened fails here, before any batch exists, with the reader's one line.
 */
export async function openRowTexts(file: string, pipeline: Pipeline, options: ReadOptions): Promise<RowTextSource> {
  const entry = new URL('./read-worker.js', import.meta.url);
  const compiled = fileURLToPath(import.meta.url).endsWith('.js') && existsSync(entry);
  return compiled && parallelDatabaseWork() ? readOnWorker(entry, file, pipeline, options) : readHere(file, pipeline, options);
}

async function readHere(file: string, pipeline: Pipeline, options: ReadOptions): Promise<RowTextSource> {
  const list = await readNormalizedRows(file, pipeline, { sheet: options.sheet, limits: options.limits });
  return { info: list.info, mappingWarnings: list.mapping.warnings, chunks: rowTextChunks(list.rows, options.chunkSize) };
}

function errorOf(message: Extract<ReadWorkerMessage, { kind: 'error' }>): Error {
  if (message.userError) return new UserError(message.message, message.exitCode);
  const error = new Error(message.message);
  if (message.stack) error.stack = message.stack;
  return error;
}

async function readOnWorker(entry: URL, file: string, pipeline: Pipeline, options: ReadOptions): Promise<RowTextSource> {
  const data: ReadWorkerData = { file, pipelinePath: pipeline.path, sheet: options.sheet, limits: options.limits, chunkSize: options.chunkSize, aheadChunks: 4 };
  const worker = new Worker(entry, { workerData: data });
  const queue: ReadWorkerMessage[] = [];
  let waiting: (() => void) | undefined;
  let failure: Error | undefined;
  worker.on('message', (message: ReadWorkerMessage) => {
    queue.push(message);
    waiting?.();
  });
  worker.on('error', (error) => {
    failure = error;
    waiting?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the read stage's worker thread stopped (exit code ${code})`);
    waiting?.();
  });
  const next = async (): Promise<ReadWorkerMessage> => {
    while (!queue.length) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (waiting = resolve));
      waiting = undefined;
    }
    const message = queue.shift()!;
    if (message.kind === 'error') throw errorOf(message);
    return message;
  };

  let opened: Extract<ReadWorkerMessage, { kind: 'opened' }>;
  try {
    const first = await next();
    if (first.kind !== 'opened') throw new Error(`the read stage's worker thread sent ${first.kind} before opening the file`);
    opened = first;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const info = opened.info;
  async function* chunks(): AsyncGenerator<RowText[]> {
    try {
      for (;;) {
        const message = await next();
        if (message.kind === 'done') {
          // the bytes object stays the one the progress bar reads
          const { bytes, ...rest } = message.info;
          Object.assign(info, rest);
          Object.assign(info.bytes, bytes);
          return;
        }
        if (message.kind !== 'rows') continue;
        info.bytes.read = message.bytesRead;
        worker.postMessage('more');
        yield message.rows;
      }
    } finally {
      await worker.terminate();
    }
  }
  return { info, mappingWarnings: opened.mappingWarnings, chunks: chunks() };
}
