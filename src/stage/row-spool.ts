import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openTextSink, type TextSink } from '../report/text-sink.js';
import { rowToRoute, type BatchRowRecord, type RowToRoute } from './batch-rows.js';

/**
 * The stage's rows kept in a temporary file as they are inserted into batch_rows (the insert
 * records' JSON lines), and read back from it range by range for routing: reading them back from
 * batch_rows cost the server the detoasting and output of every row's json and Node the protocol's
 * parsing. Ranges are taken in order (the stage asks for them so). Rows that did not come in
 * source_row order are read from the database instead (`inOrder` false).
 */
export class RowSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'listgate-rows-'));
  private readonly path = join(this.dir, 'rows.jsonl');
  private readonly sink: TextSink = openTextSink(this.path);
  private lastRow = -Infinity;
  inOrder = true;
  private lines?: AsyncIterator<string>;
  /** the first row read past the last range taken */
  private ahead?: BatchRowRecord;
  private turn: Promise<unknown> = Promise.resolve();
  private closed = false;

  async add(rows: { sourceRow: number }[], records: string[]): Promise<void> {
    for (const row of rows) {
      if (row.sourceRow <= this.lastRow) this.inOrder = false;
      this.lastRow = row.sourceRow;
    }
    if (records.length) await this.sink.write(records.join('\n') + '\n');
  }

  /** Ends writing; the rows can be read after this. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sink.close();
  }

  /** The rows with source_row below `to` not taken yet, after the previous call's (calls queue). */
  rowsBefore(to: number): Promise<RowToRoute[]> {
    const taken = this.turn.then(() => this.take(to));
    this.turn = taken.catch(() => {});
    return taken;
  }

  private async take(to: number): Promise<RowToRoute[]> {
    this.lines ??= createInterface({ input: createReadStream(this.path, { encoding: 'utf8' }), crlfDelay: Infinity })[Symbol.asyncIterator]();
    const rows: RowToRoute[] = [];
    for (;;) {
      if (this.ahead) {
        if (this.ahead.source_row >= to) return rows;
        rows.push(rowToRoute(this.ahead));
        this.ahead = undefined;
      }
      const next = await this.lines.next();
      if (next.done) return rows;
      if (next.value) this.ahead = JSON.parse(next.value) as BatchRowRecord;
    }
  }

  /** Removes the file (the stage is done with it, or failed). */
  async remove(): Promise<void> {
    await this.close().catch(() => {});
    await this.lines?.return?.();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
