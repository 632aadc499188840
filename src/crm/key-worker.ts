import { parentPort } from 'node:worker_threads';
import { answer, type KeyRequest } from './key-columns.js';

/** The worker thread of KeyComputer (key-columns.ts): answers each request with its key columns. */
parentPort!.on('message', ({ id, request }: { id: number; request: KeyRequest }) => {
  try {
    parentPort!.postMessage({ id, keys: answer(request) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).stack ?? String(error) });
  }
});
