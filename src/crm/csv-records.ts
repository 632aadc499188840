import { closeSync, openSync, readSync } from 'node:fs';
import Papa from 'papaparse';
import { csvRecords, detectDelimiter, guessEncoding, guessNewline } from '../extract/index.js';
import { decodeSample, decodedChunks, type BytesRead, type EncodingGuess } from '../extract/text-encoding.js';
import { UserError } from '../errors.js';
import { knownColumns, type CrmFileSpec } from './crm-files.js';

/** One data row of a CRM export: its row number (header = 1), known columns and the rest. */
export interface CrmRecord {
  row: number;
  /** known columns by their file name (account_id, first_name...), trimmed, '' when empty */
  values: Record<string, string>;
  /** cells of unknown headers, by the header as written; empty cells left out */
  extra: Record<string, string>;
}

export interface HeaderPlan {
  known: { index: number; column: string }[];
  extra: { index: number; header: string }[];
}

/**
 * Streams a CRM export in chunks of records; memory stays bounded by the chunk size, not the file
 * size. Encoding (UTF-8 with or without BOM, UTF-16, Windows-1252...) and delimiter (, ; tab |)
 * are detected the way incoming lists are read (src/extract). Row numbers count records with the
 * header as row 1, as a spreadsheet shows the file. Throws a UserError naming the file for a
 * missing or unreadable file and a missing id column.
 */
export async function* readCrmCsv(path: string, spec: CrmFileSpec, chunkSize: number, bytes?: BytesRead): AsyncGenerator<CrmRecord[]> {
  const format = sniffCrmCsv(path, spec);
  let plan: HeaderPlan | undefined;
  let chunk: CrmRecord[] = [];
  try {
    for await (const records of csvRecords(decodedChunks(path, format.encoding, bytes), format.delimiter, format.newline)) {
      for (const record of records) {
        if (isBlank(record.cells)) continue;
        if (!plan) {
          plan = planHeader(record.cells, spec, path);
          continue;
        }
        chunk.push(toRecord(record.sourceRow, record.cells, plan));
        if (chunk.length >= chunkSize) {
          yield chunk;
          chunk = [];
        }
      }
    }
  } catch (error) {
    throw fileError(path, error);
  }
  if (!plan) throw new UserError(`${path}: the file is empty; expected a header row with ${spec.idColumn}`);
  if (chunk.length) yield chunk;
}

/** Reads only the header row and checks it, so a bad file fails before anything is written. */
export function readCrmHeader(path: string, spec: CrmFileSpec): HeaderPlan {
  return sniffCrmCsv(path, spec).header;
}

interface CsvFormat {
  encoding: EncodingGuess;
  delimiter: string;
  newline: '\r\n' | '\n' | '\r';
  header: HeaderPlan;
}

/** Encoding, delimiter and header from the first 64 KiB of the file. */
function sniffCrmCsv(path: string, spec: CrmFileSpec): CsvFormat {
  let sample: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(65536);
      sample = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw fileError(path, error);
  }
  if (!sample.length) throw new UserError(`${path}: the file is empty; expected a header row with ${spec.idColumn}`);
  const encoding = guessEncoding(sample);
  if (!encoding) throw new UserError(`${path}: looks like a binary file, not a CSV export`);
  const text = decodeSample(sample, encoding);
  const newline = guessNewline(text);
  const delimiter = detectDelimiter(text, newline);
  const rows = Papa.parse<string[]>(text, { delimiter, newline, preview: 5, skipEmptyLines: 'greedy' }).data;
  const header = rows.find((cells) => !isBlank(cells));
  if (!header) throw new UserError(`${path}: the file is empty; expected a header row with ${spec.idColumn}`);
  return { encoding, delimiter, newline, header: planHeader(header, spec, path) };
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
  if (code === 'EISDIR') return new UserError(`${path}: is a directory, not a CSV file`);
  if (code === 'EACCES') return new UserError(`${path}: cannot read the file (permission denied)`);
  return new UserError(`${path}: cannot read the file (${code ?? (error as Error).message})`);
}

/** Header cells -> which known column or extra header each index feeds. */
export function planHeader(cells: string[], spec: CrmFileSpec, path: string): HeaderPlan {
  const names = cells.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
  const lower = names.map((name) => name.toLowerCase());
  if (!lower.includes(spec.idColumn)) {
    const found = names.filter(Boolean).slice(0, 8).join(', ');
    throw new UserError(`${path}: missing header "${spec.idColumn}" (the ${spec.kind.replace(/s$/, '')} id column); found: ${found || 'no headers'}`);
  }
  const known = new Set(knownColumns(spec));
  const plan: HeaderPlan = { known: [], extra: [] };
  const seen = new Set<string>();
  lower.forEach((name, index) => {
    if (known.has(name) && !seen.has(name)) {
      seen.add(name);
      plan.known.push({ index, column: name });
    } else if (names[index]) {
      plan.extra.push({ index, header: names[index] });
    }
  });
  return plan;
}

function toRecord(row: number, cells: string[], plan: HeaderPlan): CrmRecord {
  const values: Record<string, string> = {};
  for (const { index, column } of plan.known) values[column] = (cells[index] ?? '').trim();
  const extra: Record<string, string> = {};
  for (const { index, header } of plan.extra) {
    const value = (cells[index] ?? '').trim();
    if (value) extra[header] = value;
  }
  return { row, values, extra };
}
