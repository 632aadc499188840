import { parentPort } from 'node:worker_threads';
import { computeKeys, type KeyRequest } from './key-columns.js';

/** The worker thread of KeyComputer (key-columns.ts): answers each request with its key columns. */
parentPort!.on('message', ({ id, request }: { id: number; request: KeyRequest }) => {
  try {
    parentPort!.postMessage({ id, keys: computeKeys(request) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).stack ?? String(error) });
  }
});
