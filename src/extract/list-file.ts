import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import type { RawRow, RowIssue } from '../types.js';
import { csvRecords, detectDelimiter, guessNewline, type SourceRecord } from './csv-records.js';
import { columnLetter, findHeaderIndex, uniqueHeaders, type HeaderHint } from './header-row.js';
import { defaultReadLimits, type ReadLimits } from './read-limits.js';
import { decodedChunks, decodeSample, guessEncoding, type BytesRead } from './text-encoding.js';
import { xlsxRecords, type SheetSelector } from './xlsx-records.js';

export type ListFormat = 'csv' | 'xlsx';

/** What the reader found out about a list file; blankLines and dataRows are complete once rows() has ended. */
export interface ListFileInfo {
  path: string;
  format: ListFormat;
  /** csv: the text encoding (utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1...) */
  encoding?: string;
  /** csv: the detected delimiter */
  delimiter?: string;
  /** xlsx: the sheet read, and all sheet names */
  sheet?: string;
  sheets?: string[];
  /** spreadsheet row number of the header row (1 unless title rows sit above it) */
  headerRow: number;
  headers: string[];
  /** blank lines/rows skipped (above and below the header) */
  blankLines: number;
  /** data rows read so far */
  dataRows: number;
  /** file-level notes: renamed duplicate or empty headers, skipped title rows */
  warnings: string[];
  /** how much of the file has been read (a CSV's bytes, a workbook's worksheet XML), for progress */
  bytes: BytesRead;
}

export interface ListFile {
  info: ListFileInfo;
  /** the data rows in file order; rows() or batches() can be iterated once */
  rows(): AsyncIterable<RawRow>;
  /**
   * the same rows in batches (fewer awaits for a fast consumer); each batch makes its rows as it is
   * iterated, so rows die young instead of being promoted to the old generation in bulk
   */
  batches(): AsyncIterable<Iterable<RawRow>>;
}

export interface OpenListFileOptions {
  /** XLSX sheet name or 1-based index; default: the first sheet with data */
  sheet?: SheetSelector;
  /** recognizes header rows (e.g. by known column names) so title rows above them are skipped */
  headerHint?: HeaderHint;
  /** how far the file may go (row size, quoted lines, sheet rows, XLSX expansion); default defaultReadLimits */
  limits?: ReadLimits;
}

const sampleBytes = 64 * 1024;
const headerSearchRows = 30;

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell && cell.trim()) return false;
  return true;
}

/** A file-system error as one line a user can act on. */
function unreadable(path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UserError(`${path}: file not found`);
  if (code === 'EACCES' || code === 'EPERM') return new UserError(`${path}: permission denied; listgate cannot read this file`);
  if (code === 'EISDIR') return new UserError(`${path}: a directory, not a list file`);
  return new UserError(`${path}: cannot be read (${code ?? (error as Error).message})`);
}

async function readSample(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const buffer = Buffer.alloc(sampleBytes);
    const { bytesRead } = await handle.read(buffer, 0, sampleBytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The size of a list file that exists and can be read; else one UserError saying which it is not. */
export async function readableFileSize(path: string): Promise<number> {
  let size: number;
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw new UserError(`${path}: a directory, not a list file`);
    if (!stats.isFile()) throw new UserError(`${path}: not a regular file`);
    size = stats.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw unreadable(path, error);
  }
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw unreadable(path, error);
  }
  return size;
}

/** Wraps a record source so that a damaged file ends in one line naming it. */
async function* guarded(name: string, format: ListFormat, source: AsyncGenerator<SourceRecord[]>): AsyncGenerator<SourceRecord[]> {
  try {
    yield* source;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const reason = (error as Error).message?.split('\n')[0] ?? String(error);
    throw new UserError(format === 'xlsx'
      ? `${name}: not a readable XLSX workbook (damaged or truncated?): ${reason}`
      : `${name}: could not be read: ${reason}`);
  }
}

/**
 * Opens a CSV or XLSX list: detects format, encoding, delimiter and sheet, finds the header row below any
 * title rows, and returns the file's facts plus a stream of data rows. Rows keep their spreadsheet row
 * numbers (header = 1, first data row = 2 in a plain file). In a CSV, a row number counts records, not
 * physical lines: a quoted field with line breaks does not shift the rows after it, the way a spreadsheet
 * shows the file. Blank rows are skipped and counted. A file that cannot be a list (missing, empty,
 * binary, legacy .xls, damaged XLSX, header without data) throws one UserError naming the file.
 */
export async function openListFile(path: string, options: OpenListFileOptions = {}): Promise<ListFile> {
  const name = basename(path);
  const limits = options.limits ?? defaultReadLimits;
  const size = await readableFileSize(path);
  if (size === 0) throw new UserError(`${name}: the file is empty`);
  const sample = await readSample(path);

  const info: ListFileInfo = { path, format: 'csv', headerRow: 0, headers: [], blankLines: 0, dataRows: 0, warnings: [], bytes: { total: size, read: 0 } };
  let source: AsyncGenerator<SourceRecord[]>;
  if (sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04) {
    info.format = 'xlsx';
    source = xlsxRecords(path, options.sheet, limits, (sheet) => {
      info.sheet = sheet.name || undefined;
      info.sheets = sheet.names;
    }, info.bytes);
  } else if (sample[0] === 0xd0 && sample[1] === 0xcf && sample[2] === 0x11 && sample[3] === 0xe0) {
    throw new UserError(`${name}: an old Excel .xls workbook; save it as .xlsx or CSV and try again`);
  } else if (sample.subarray(0, 4).toString('latin1') === '%PDF') {
    throw new UserError(`${name}: a PDF, not a CSV or XLSX list`);
  } else {
    const guess = guessEncoding(sample);
    if (!guess) throw new UserError(`${name}: looks like a binary file, not a CSV or XLSX list`);
    const text = decodeSample(sample, guess);
    const newline = guessNewline(text);
    info.encoding = guess.encoding;
    info.delimiter = detectDelimiter(text, newline);
    if (options.sheet !== undefined) info.warnings.push(`--sheet is ignored for a ${info.delimiter === '\t' ? 'tab-separated' : 'CSV'} file`);
    source = csvRecords(decodedChunks(path, guess, (note) => info.warnings.push(note), info.bytes), info.delimiter, newline, limits);
  }
  source = guarded(name, info.format, source);

  // Read ahead until the header and the first data row are known.
  const ahead: SourceRecord[] = [];
  let exhausted = false;
  const pull = async (): Promise<boolean> => {
    const next = await source.next();
    if (next.done) { exhausted = true; return false; }
    ahead.push(...next.value);
    return true;
  };
  while (!exhausted && ahead.filter((r) => !isBlank(r.cells)).length < headerSearchRows) await pull();
  const candidates = ahead.filter((r) => !isBlank(r.cells));
  if (info.format === 'xlsx' && options.sheet !== undefined && !info.sheet) {
    throw new UserError(`${name}: no sheet ${typeof options.sheet === 'number' ? `number ${options.sheet}` : `"${options.sheet}"`}; sheets: ${(info.sheets ?? []).join(', ') || 'none'}`);
  }
  if (!candidates.length) throw new UserError(`${name}: no data${info.sheet ? ` in sheet "${info.sheet}"` : ''} (only blank rows)`);
  const headerAt = findHeaderIndex(candidates.map((r) => r.cells), options.headerHint);
  const headerRecord = candidates[headerAt];
  info.headerRow = headerRecord.sourceRow;
  const { headers, notes } = uniqueHeaders(headerRecord.cells);
  info.headers = headers;
  info.warnings.push(...notes);
  if (headerAt > 0) info.warnings.push(`skipped ${headerAt} title row${headerAt === 1 ? '' : 's'} above the header in row ${info.headerRow}`);
  if (headers.length === 0) throw new UserError(`${name}: the header row ${info.headerRow} is empty`);

  let index = ahead.indexOf(headerRecord);
  info.blankLines = ahead.slice(0, index).filter((r) => isBlank(r.cells)).length;
  let buffered = ahead.slice(index + 1);
  while (!exhausted && !buffered.some((r) => !isBlank(r.cells))) {
    const before = ahead.length;
    await pull();
    buffered = buffered.concat(ahead.slice(before));
  }
  if (!buffered.some((r) => !isBlank(r.cells))) {
    throw new UserError(`${name}: has a header row (row ${info.headerRow}) but no data rows`);
  }
  if (info.format === 'xlsx') {
    // rows Excel does not store (empty ones) between the title and the header
    let previous = 0;
    for (const record of ahead.slice(0, index + 1)) {
      if (record.sourceRow > previous + 1) info.blankLines += record.sourceRow - previous - 1;
      previous = record.sourceRow;
    }
  }

  const headerCount = headers.length;
  let used = false;
  async function* batches(): AsyncGenerator<Iterable<RawRow>> {
    if (used) throw new Error('openListFile: rows can be iterated once');
    used = true;
    let previous = info.headerRow;
    const toRow = (record: SourceRecord): RawRow | undefined => {
      if (info.format === 'xlsx' && record.sourceRow > previous + 1) info.blankLines += record.sourceRow - previous - 1;
      previous = record.sourceRow;
      const cells = record.cells;
      if (isBlank(cells)) {
        info.blankLines++;
        return undefined;
      }
      const row: Record<string, string> = {};
      for (let c = 0; c < headerCount; c++) row[headers[c]] = c < cells.length ? cells[c] ?? '' : '';
      let issues: RowIssue[] | undefined = record.issues;
      if (cells.length > headerCount) {
        const extra: string[] = [];
        for (let c = headerCount; c < cells.length; c++) {
          if (cells[c] && cells[c].trim()) {
            const key = `Column ${columnLetter(c)}`;
            row[key] = cells[c];
            extra.push(key);
          }
        }
        if (extra.length) {
          issues = [...(issues ?? []), { code: 'extra_cells', severity: 'warning', message: `values beyond the last header (${extra.join(', ')}); a delimiter or quote may be missing` }];
        }
      }
      info.dataRows++;
      return issues ? { sourceRow: record.sourceRow, cells: row, issues } : { sourceRow: record.sourceRow, cells: row };
    };
    function* convert(records: SourceRecord[]): Generator<RawRow> {
      for (let i = 0; i < records.length; i++) {
        const row = toRow(records[i]);
        records[i] = undefined as unknown as SourceRecord;
        if (row) yield row;
      }
    }
    const first = buffered;
    buffered = [];
    yield convert(first);
    if (exhausted) return;
    for (;;) {
      const next = await source.next();
      if (next.done) break;
      yield convert(next.value);
    }
  }
  async function* rows(): AsyncGenerator<RawRow> {
    for await (const batch of batches()) yield* batch;
  }
  return { info, rows, batches };
}
