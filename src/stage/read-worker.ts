import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { loadPipeline } from '../pipeline/pipeline.js';
import { readNormalizedRows } from '../validate/index.js';
import { rowTextChunks, type ReadWorkerData, type ReadWorkerMessage, type RowText } from './row-texts.js';

/**
 * The read stage on a thread of its own (`listgate stage` on the second core): opens the list,
 * maps, normalizes and validates each row, and hands the main thread each row's texts (its row
 * spool line and its match keys), strings that cross threads cheaply. At most `aheadChunks`
 * chunks wait for the main thread, which says 'more' as it takes each.
 */

const { file, pipelinePath, sheet, limits, chunkSize, aheadChunks } = workerData as ReadWorkerData;
const port = parentPort!;
let credits = aheadChunks;
let wake: (() => void) | undefined;
port.on('message', (message) => {
  if (message !== 'more') return;
  credits++;
  wake?.();
});

function post(message: ReadWorkerMessage): void {
  port.postMessage(message);
}

async function send(rows: RowText[], bytesRead: number): Promise<void> {
  while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  post({ kind: 'rows', rows, bytesRead });
}

try {
  const pipeline = loadPipeline(pipelinePath);
  const list = await readNormalizedRows(file, pipeline, { sheet, limits });
  post({ kind: 'opened', info: list.info, mappingWarnings: list.mapping.warnings });
  for await (const chunk of rowTextChunks(list.rows, chunkSize)) await send(chunk, list.info.bytes.read);
  post({ kind: 'done', info: list.info });
} catch (error) {
  const err = error as Error;
  post({ kind: 'error', message: err?.message ?? String(error), userError: error instanceof UserError, exitCode: (error as UserError).exitCode, stack: err?.stack });
}
