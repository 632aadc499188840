import { UserError } from '../errors.js';
import { startWorkerThread, workerEntry, type WorkerEntry } from '../worker-thread.js';
import type { ReadLimits } from '../extract/index.js';
import { loadPipeline, type Pipeline } from '../pipeline/pipeline.js';
import { parallelDatabaseWork } from '../overlap.js';
import { routePolicyOf } from '../route/route-policy.js';
import { defaultRangeSize } from '../match/range-size.js';
import type { ReadWorkerData, ReadWorkerMessage, RowText, RowTextSource } from './row-texts.js';

/**
 * Opening a list for the stage. This module is kept light (the normalizers, the matcher and the
 * database code are not among its imports) so that `listgate stage` can start reading on the
 * second core first, while the main thread loads the rest and the database starts.
 */

/** A list whose reading has started: its pipeline, and its rows as the read stage delivers them. */
export interface OpenedList {
  pipeline: Pipeline;
  sheet?: string | number;
  list: Promise<RowTextSource>;
}

export interface OpenListOptions {
  file: string;
  /** pipeline name (pipelines/NAME.json) or path */
  pipeline: string;
  sheet?: string | number;
  limits?: ReadLimits;
  chunkSize?: number;
}

/**
 * Starts reading the list. A pipeline that cannot be loaded fails here; a file that cannot be
 * read fails when `list` is awaited, before any batch exists.
 */
export function openList(options: OpenListOptions): OpenedList {
  const pipeline = loadPipeline(options.pipeline);
  routePolicyOf(pipeline);
  const sheet = options.sheet ?? pipeline.sheet;
  const list = openRowTexts(options.file, pipeline, { sheet, limits: options.limits, chunkSize: options.chunkSize ?? defaultRangeSize });
  list.catch(() => {}); // awaited by stageFile, or let go when the database does not open
  return { pipeline, sheet, list };
}

/** Stops an opened list's reading (its thread) when the stage never ran: the database did not open. */
export async function closeList(opened: OpenedList): Promise<void> {
  const list = await opened.list.catch(() => undefined);
  await list?.close();
}

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
async function openRowTexts(file: string, pipeline: Pipeline, options: ReadOptions): Promise<RowTextSource> {
  const entry = workerEntry('read-worker', import.meta.url);
  return entry.compiled && parallelDatabaseWork() ? readOnWorker(entry, file, pipeline, options) : readHere(file, pipeline, options);
}

async function readHere(file: string, pipeline: Pipeline, options: ReadOptions): Promise<RowTextSource> {
  const [{ readNormalizedRows }, { rowTextChunks }] = await Promise.all([import('../validate/index.js'), import('./row-texts.js')]);
  const list = await readNormalizedRows(file, pipeline, { sheet: options.sheet, limits: options.limits });
  const chunks = rowTextChunks(list.rows, options.chunkSize);
  return { info: list.info, mappingWarnings: list.mapping.warnings, chunks, close: async () => void (await chunks.return(undefined)) };
}

function errorOf(message: Extract<ReadWorkerMessage, { kind: 'error' }>): Error {
  if (message.userError) return new UserError(message.message, message.exitCode);
  const error = new Error(message.message);
  if (message.stack) error.stack = message.stack;
  return error;
}

async function readOnWorker(entry: WorkerEntry, file: string, pipeline: Pipeline, options: ReadOptions): Promise<RowTextSource> {
  const data: ReadWorkerData = { file, pipelinePath: pipeline.path, sheet: options.sheet, limits: options.limits, chunkSize: options.chunkSize, aheadChunks: 4 };
  const worker = startWorkerThread(entry, { workerData: data });
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
  return { info, mappingWarnings: opened.mappingWarnings, chunks: chunks(), close: async () => void (await worker.terminate()) };
}
