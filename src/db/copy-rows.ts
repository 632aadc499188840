import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { linesBuffer } from '../lines-buffer.js';

/**
 * Bulk inserts by COPY (text format): one line per row, fields separated by tabs. The server
 * parses a COPY line in C field by field; the same rows as one JSON text through
 * json_to_recordset cost it four times as much (a 2,500-row chunk of batch_rows: 450 ms against
 * 114 ms, psql), and that insert was the largest statement of a stage. PostgreSQL takes the lines
 * through pg-copy-streams' COPY FROM STDIN, PGlite through its /dev/blob device.
 */

/** Writes `lines` (each made with copyLine) into `table`'s `columns`. */
export type CopyInto = (table: string, columns: readonly string[], lines: string[]) => Promise<void>;

export type CopyValue = string | number | boolean | null | undefined;

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field of a COPY text line: null as \N, booleans as t/f, and backslash, tab and line breaks escaped. */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => escapes[c]) : value;
}

/** One COPY text line (no line break). */
export function copyLine(values: CopyValue[]): string {
  return values.map(copyField).join('\t');
}

function copyStatement(table: string, columns: readonly string[], source: string): string {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return `copy ${quote(table)} (${columns.map(quote).join(', ')}) from ${source}`;
}

export function postgresCopyInto(pool: pg.Pool): CopyInto {
  return async (table, columns, lines) => {
    if (!lines.length) return;
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      await copyOnClient(client, table, columns, lines);
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      // a connection whose COPY failed midway is not given back to the pool
      client.release(failure);
    }
  };
}

/** COPY on one given connection, so that it belongs to the transaction open there. */
export function postgresClientCopyInto(client: pg.PoolClient): CopyInto {
  return async (table, columns, lines) => {
    if (lines.length) await copyOnClient(client, table, columns, lines);
  };
}

async function copyOnClient(client: pg.PoolClient, table: string, columns: readonly string[], lines: string[]): Promise<void> {
  const copy = client.query(copyStreams.from(copyStatement(table, columns, 'stdin')));
  await pipeline(Readable.from([linesBuffer(lines)]), copy);
}

/** PGlite: the lines as a Blob read by COPY FROM '/dev/blob', holding the dialect's one connection meanwhile. */
export function pgliteCopyInto(db: Kysely<any>, pglite: PGlite): CopyInto {
  const copy = pgliteSessionCopyInto(pglite);
  return async (table, columns, lines) => {
    if (lines.length) await db.connection().execute(() => copy(table, columns, lines));
  };
}

/** PGlite's COPY for a caller that holds its one connection already (a session, src/db/database.ts). */
export function pgliteSessionCopyInto(pglite: PGlite): CopyInto {
  return async (table, columns, lines) => {
    if (!lines.length) return;
    const blob = new Blob([linesBuffer(lines) as Uint8Array<ArrayBuffer>]);
    await pglite.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob });
  };
}
