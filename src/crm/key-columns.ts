import type { Worker } from 'node:worker_threads';
import { copyField } from '../db/copy-rows.js';
import { startWorkerThread, workerEntry } from '../worker-thread.js';
import type { CrmFileKind } from './crm-files.js';
import {
  accountKeyColumnNames, accountKeyColumns, accountKeyInputs, contactKeyColumns, leadKeyColumnNames, leadKeyColumns,
  personKeyColumnNames, personKeyInputs,
} from './record-keys.js';

/**
 * The match-key columns of a chunk of CRM records, computed column by column, here or in a worker
 * thread: normalizing names, emails, phones and companies is most of a load's CPU, and in a worker
 * it runs while the main thread parses the file and the database writes.
 */

/** The key columns of each kind of record, in the order computeKeys returns them. */
export const keyColumnsOf: Record<CrmFileKind, readonly string[]> = {
  accounts: accountKeyColumnNames,
  contacts: personKeyColumnNames,
  leads: leadKeyColumnNames,
  opportunities: [],
};

/** The table columns the keys of each kind are computed from. */
export const keyInputsOf: Record<CrmFileKind, readonly string[]> = {
  accounts: accountKeyInputs,
  contacts: personKeyInputs,
  leads: personKeyInputs,
  opportunities: [],
};

export interface KeyRequest {
  kind: CrmFileKind;
  defaultCountry: string;
  rows: number;
  /** table column (of keyInputsOf, those the file has) -> its value in each row */
  inputs: Record<string, (string | null)[]>;
  /** the keys as COPY text (keyText) rather than as columns */
  copyText?: boolean;
}

/** One array per key column (keyColumnsOf order), one value per row. */
export type KeyValues = (string | null)[][];

/** Each row's key columns as a piece of a COPY text line: the fields, escaped, tab-separated. */
export type KeyText = string[];

const keysFunction = { accounts: accountKeyColumns, contacts: contactKeyColumns, leads: leadKeyColumns } as const;

/** The key columns of every row of the request, by the same functions as record-keys.ts's callers use. */
export function computeKeys({ kind, defaultCountry, rows, inputs }: KeyRequest): KeyValues {
  const names = keyColumnsOf[kind];
  const out: KeyValues = names.map(() => new Array<string | null>(rows));
  if (kind === 'opportunities') return out;
  const keysOf = keysFunction[kind] as unknown as (record: Record<string, unknown>, country: string) => Record<string, string | null>;
  const columns = Object.entries(inputs);
  const record: Record<string, unknown> = {};
  for (let row = 0; row < rows; row++) {
    for (const [column, values] of columns) record[column] = values[row];
    const keys = keysOf(record, defaultCountry);
    for (let k = 0; k < names.length; k++) out[k][row] = keys[names[k]] ?? null;
  }
  return out;
}

/**
 * computeKeys as COPY text: a worker sends back one string a row instead of one a key, and the
 * escaping is done there too.
 */
export function computeKeyText(request: KeyRequest): KeyText {
  const keys = computeKeys(request);
  const text = new Array<string>(request.rows);
  for (let row = 0; row < request.rows; row++) {
    let line = copyField(keys[0][row]);
    for (let k = 1; k < keys.length; k++) line = `${line}\t${copyField(keys[k][row])}`;
    text[row] = line;
  }
  return text;
}

/** computeKeyText or computeKeys, as the request asks. */
export function answer(request: KeyRequest): KeyValues | KeyText {
  return request.copyText ? computeKeyText(request) : computeKeys(request);
}

interface Pending {
  resolve: (keys: KeyValues | KeyText) => void;
  reject: (error: Error) => void;
}

/**
 * computeKeys in a worker thread when `worker` is true (requests are answered in order), else in
 * the calling thread at once. close() ends the worker.
 */
export class KeyComputer {
  private readonly worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private failure?: Error;

  constructor(worker: boolean) {
    if (!worker) return;
    this.worker = startWorkerThread(workerEntry('key-worker', import.meta.url));
    this.worker.on('message', ({ id, keys, error }: { id: number; keys?: KeyValues | KeyText; error?: string }) => {
      const pending = this.pending.get(id);
      this.pending.delete(id);
      if (error !== undefined) pending?.reject(new Error(`computing match keys: ${error}`));
      else pending?.resolve(keys!);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the match-key worker stopped (exit code ${code})`)));
  }

  compute(request: KeyRequest & { copyText: true }): Promise<KeyText>;
  compute(request: KeyRequest): Promise<KeyValues>;
  compute(request: KeyRequest): Promise<KeyValues | KeyText> {
    if (!this.worker) {
      try {
        return Promise.resolve(answer(request));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<KeyValues | KeyText>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    if (!this.worker) return;
    this.failure ??= new Error('the match-key worker was closed');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }
}
