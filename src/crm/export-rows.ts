import { closeSync, openSync, readSync } from 'node:fs';
import Papa from 'papaparse';
import { csvRecords, defaultReadLimits, detectDelimiter, guessEncoding, guessNewline } from '../extract/index.js';
import { decodeSample, decodedChunks, type BytesRead, type EncodingGuess } from '../extract/text-encoding.js';
import { UserError } from '../errors.js';
import { xlsxRecords } from '../extract/xlsx-records.js';
import type { SourceRecord } from '../extract/csv-records.js';

/** One data row of a CRM export, in listgate's layout: its row number (header = 1), placed columns and the rest. */
export interface CrmRecord {
  row: number;
  /** placed columns by listgate's column name (account_id, first_name...), trimmed, '' when empty */
  values: Record<string, string>;
  /** cells of headers not placed, by the header as written; empty cells left out */
  extra: Record<string, string>;
  /** listgate's id (LG-...) from the external id column, when the row carries one */
  externalId?: string;
  /** parents named instead of given by id (Dynamics "Company Name"): resolved by name when written */
  lookups?: { header: string; column: string; entity: 'account' | 'contact'; name: string }[];
  /** what the row's reading noticed (several associated ids, an unknown choice value), reported by row */
  notes?: string[];
}

/** A row of cells as the file has it, with its spreadsheet row number. */
export interface ExportRow {
  row: number;
  cells: string[];
}

/**
 * Streams a CRM export (CSV or XLSX) in chunks of rows after the header row; memory stays bounded
 * by the chunk size, not the file size. CSV encoding (UTF-8 with or without BOM, UTF-16,
 * Windows-1252...) and delimiter (, ; tab |) are detected the way incoming lists are read
 * (src/extract). Row numbers count records with the header as row 1, as a spreadsheet shows the
 * file. Throws a UserError naming the file for a missing or unreadable file.
 */
export async function* readExportRows(path: string, chunkSize: number, bytes?: BytesRead): AsyncGenerator<ExportRow[]> {
  let header = false;
  let chunk: ExportRow[] = [];
  try {
    for await (const records of sourceRecords(path, bytes)) {
      for (const record of records) {
        if (isBlank(record.cells)) continue;
        if (!header) {
          header = true;
          continue;
        }
        chunk.push({ row: record.sourceRow, cells: record.cells });
        if (chunk.length >= chunkSize) {
          yield chunk;
          chunk = [];
        }
      }
    }
  } catch (error) {
    throw fileError(path, error);
  }
  if (chunk.length) yield chunk;
}

/** The header row's cells (BOM removed, trimmed); reads only the start of the file. */
export async function readExportHeader(path: string): Promise<string[]> {
  let cells: string[] | undefined;
  if (isXlsx(path)) {
    try {
      for await (const records of xlsxRecords(path, undefined, defaultReadLimits, () => {})) {
        cells = records.find((r) => !isBlank(r.cells))?.cells;
        if (cells) break;
      }
    } catch (error) {
      throw fileError(path, error);
    }
  } else {
    cells = sniffCsv(path).header;
  }
  if (!cells) throw new UserError(`${path}: the file is empty; expected a header row`);
  return cells.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
}

function sourceRecords(path: string, bytes?: BytesRead): AsyncIterable<SourceRecord[]> {
  if (isXlsx(path)) return xlsxRecords(path, undefined, defaultReadLimits, () => {}, bytes);
  const format = sniffCsv(path);
  return csvRecords(decodedChunks(path, format.encoding, undefined, bytes), format.delimiter, format.newline);
}

/** An XLSX workbook (Dynamics "Export to Excel"): a zip archive, whatever the file is called. */
export function isXlsx(path: string): boolean {
  const head = readHead(path, 4);
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

interface CsvFormat {
  encoding: EncodingGuess;
  delimiter: string;
  newline: '\r\n' | '\n' | '\r';
  header: string[] | undefined;
}

function readHead(path: string, bytes: number): Buffer {
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw fileError(path, error);
  }
}

/** Encoding, delimiter and header from the first 64 KiB of the file. */
function sniffCsv(path: string): CsvFormat {
  const sample = readHead(path, 65536);
  if (!sample.length) throw new UserError(`${path}: the file is empty; expected a header row`);
  const encoding = guessEncoding(sample);
  if (!encoding) throw new UserError(`${path}: looks like a binary file, not a CSV or XLSX export`);
  const text = decodeSample(sample, encoding);
  const newline = guessNewline(text);
  const delimiter = detectDelimiter(text, newline);
  const rows = Papa.parse<string[]>(text, { delimiter, newline, preview: 5, skipEmptyLines: 'greedy' }).data;
  return { encoding, delimiter, newline, header: rows.find((cells) => !isBlank(cells)) };
}

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell && cell.trim()) return false;
  return true;
}

/** A file that cannot be opened or read, as one line naming it. */
function fileError(path: string, error: unknown): UserError {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UserError(`${path}: file not found`);
  if (code === 'EISDIR') return new UserError(`${path}: is a directory, not a CSV or XLSX file`);
  if (code === 'EACCES') return new UserError(`${path}: cannot read the file (permission denied)`);
  return new UserError(`${path}: cannot read the file (${code ?? (error as Error).message})`);
}

