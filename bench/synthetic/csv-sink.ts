import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** RFC 4180 quoting: only cells that need it. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV file written as a stream: rows are joined into ~256 KB chunks and each chunk waits for
 * the file stream to drain when it is full, so memory stays flat whatever the row count.
 */
export class CsvSink {
  private readonly out: WriteStream;
  private chunk = '';
  rows = 0;

  constructor(readonly path: string, header: readonly string[]) {
    this.out = createWriteStream(path);
    this.chunk = `${header.map(csvCell).join(',')}\n`;
  }

  async write(values: readonly (string | number | boolean | null | undefined)[]): Promise<void> {
    let line = '';
    for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvCell(values[i]);
    this.chunk += `${line}\n`;
    this.rows++;
    if (this.chunk.length >= 262_144) await this.flush();
  }

  private async flush(): Promise<void> {
    const data = this.chunk;
    this.chunk = '';
    if (!this.out.write(data)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}
