import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openTextSink, type TextSink } from '../report/text-sink.js';
import { rowToRoute, sourceRowOfLine, type RowToRoute } from './batch-rows.js';

/** The spool's folder in the temp folder names its process, so the spool of a killed stage can be told and removed. */
const rowSpoolPrefix = `listgate-rows-${process.pid}-`;
export const rowSpoolPattern = /^listgate-rows-(\d+)-/;

/**
 * The stage's rows kept in a temporary file as they are read (each row's line, stagedRowTexts),
 * and read back from it range by range for routing: batch_rows is only written once a row is
 * routed, and keeping a million rows in memory would not fit. Ranges are taken in source_row
 * order (the stage asks for them so); rows that did not come in that order are sorted when the
 * file is closed.
 */
export class RowSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), rowSpoolPrefix));
  private readonly path = join(this.dir, 'rows.tsv');
  private readonly sink: TextSink = openTextSink(this.path);
  private lastRow = -Infinity;
  private inOrder = true;
  private lines?: AsyncIterator<string>;
  /** the first row read past the last range taken */
  private ahead?: RowToRoute;
  private turn: Promise<unknown> = Promise.resolve();
  private closed = false;

  async add(rows: { sourceRow: number }[], lines: string[]): Promise<void> {
    for (const row of rows) {
      if (row.sourceRow <= this.lastRow) this.inOrder = false;
      this.lastRow = row.sourceRow;
    }
    await this.sink.writeLines(lines);
  }

  /** Ends writing; the rows can be read after this. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sink.close();
    if (!this.inOrder) await this.sortBySourceRow();
  }

  /** The rows with source_row below `to` not taken yet, after the previous call's (calls queue). */
  rowsBefore(to: number): Promise<RowToRoute[]> {
    const taken = this.turn.then(() => this.take(to));
    this.turn = taken.catch(() => {});
    return taken;
  }

  private async take(to: number): Promise<RowToRoute[]> {
    if (!this.closed) throw new Error('the row spool is read after it is closed');
    this.lines ??= linesOf(this.path);
    const rows: RowToRoute[] = [];
    for (;;) {
      if (this.ahead) {
        if (this.ahead.row.sourceRow >= to) return rows;
        rows.push(this.ahead);
        this.ahead = undefined;
      }
      const next = await this.lines.next();
      if (next.done) return rows;
      if (next.value) this.ahead = rowToRoute(next.value);
    }
  }

  /**
   * Rewrites the file in source_row order: each line's place in the file, sorted, then the lines
   * copied in that order (only a place per row is held in memory, not the rows).
   */
  private async sortBySourceRow(): Promise<void> {
    const places: { sourceRow: number; start: number; length: number }[] = [];
    let offset = 0;
    for await (const line of { [Symbol.asyncIterator]: () => linesOf(this.path) }) {
      const length = Buffer.byteLength(line);
      if (line) places.push({ sourceRow: sourceRowOfLine(line), start: offset, length });
      offset += length + 1;
    }
    places.sort((a, b) => a.sourceRow - b.sourceRow);
    const sortedPath = join(this.dir, 'sorted.tsv');
    const sorted = openTextSink(sortedPath);
    const file = await open(this.path, 'r');
    try {
      for (let i = 0; i < places.length; i += 1000) {
        const texts: string[] = [];
        for (const { start, length } of places.slice(i, i + 1000)) {
          const buffer = Buffer.alloc(length);
          await file.read(buffer, 0, length, start);
          texts.push(buffer.toString('utf8'));
        }
        await sorted.writeLines(texts);
      }
    } finally {
      await file.close();
      await sorted.close();
    }
    await rename(sortedPath, this.path);
  }

  /** Removes the file (the stage is done with it, or failed). */
  async remove(): Promise<void> {
    await this.close().catch(() => {});
    await this.lines?.return?.();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function linesOf(path: string): AsyncIterator<string> {
  return createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })[Symbol.asyncIterator]();
}
