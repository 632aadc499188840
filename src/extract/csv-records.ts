import Papa from 'papaparse';
import type { RowIssue } from '../types.js';
import { defaultReadLimits, type ReadLimits } from './read-limits.js';

/** One record of a delimited file: its ordinal (1-based, counting records, not physical lines) and cells. */
export interface SourceRecord {
  sourceRow: number;
  cells: string[];
  issues?: RowIssue[];
}

export const candidateDelimiters = [',', ';', '\t', '|'] as const;

/** The line ending used outside quotes in a sample: \r\n, \n or \r. */
export function guessNewline(sample: string): '\r\n' | '\n' | '\r' {
  const lf = sample.indexOf('\n');
  const cr = sample.indexOf('\r');
  if (lf === -1 && cr === -1) return '\n';
  if (cr === -1) return '\n';
  if (lf === -1) return '\r';
  return lf === cr + 1 ? '\r\n' : lf < cr ? '\n' : '\r';
}

/**
 * Detects the delimiter (comma, semicolon, tab or pipe) from a decoded sample: the candidate that splits
 * the sample's records (parsed with quotes respected) into the most consistent number of fields above one.
 */
export function detectDelimiter(sample: string, newline: string): string {
  let best = ',';
  let bestScore = 0;
  const text = sample.length > 65536 ? sample.slice(0, 65536) : sample;
  for (const delimiter of candidateDelimiters) {
    const parser = new (Papa as any).Parser({ delimiter, newline, quoteChar: '"', preview: 50 });
    const result = parser.parse(text, 0, text.length === sample.length ? false : true);
    const counts = new Map<number, number>();
    let records = 0;
    for (const row of result.data as string[][]) {
      if (row.length === 1 && row[0].trim() === '') continue;
      records++;
      counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    }
    if (!records) continue;
    let modal = 1;
    let modalCount = 0;
    for (const [fields, count] of counts) if (count > modalCount || (count === modalCount && fields > modal)) { modal = fields; modalCount = count; }
    if (modal < 2) continue;
    const score = (modalCount / records) * 1000 + Math.min(modal, 200);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

type ParseResult = { data: string[][]; errors: Array<{ row?: number; code: string; message: string }>; meta: { cursor: number } };

/** Times the character occurs in text before end. */
function occurrences(text: string, char: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1 && at < end; at = text.indexOf(char, at + 1)) count++;
  return count;
}

function lineBreaksIn(cells: string[]): number {
  let count = 0;
  for (const cell of cells) if (cell.length > 0) count += occurrences(cell, '\n', cell.length) + occurrences(cell.replace(/\r\n/g, '\n'), '\r', cell.length);
  return count;
}

function charsIn(cells: string[]): number {
  let count = 0;
  for (const cell of cells) count += cell.length;
  return count;
}

/**
 * Parses decoded text chunks into records with papaparse's parser, chunk by chunk: a record cut at a chunk
 * boundary (also inside a quoted field) waits for the next chunk. Quotes, doubled quotes and newlines in
 * quoted fields follow RFC 4180.
 *
 * A quoted field that holds more line breaks than limits.fieldLines, or one never closed, is a quote
 * opened by mistake: papaparse would read the rest of the file (or up to the next stray quote) as that one
 * field. That row is rejected with the reason, and reading goes on at the next physical line, so every row
 * after it is read as itself. A physical line longer than limits.rowChars is rejected without being held in
 * memory. NUL characters (which no database text column takes) are removed, and U+FFFD replacement
 * characters (bytes some earlier program could not decode) are flagged, each as an issue of its row.
 */
export async function* csvRecords(
  chunks: AsyncIterable<string>, delimiter: string, newline: string,
  limits: Pick<ReadLimits, 'rowChars' | 'fieldLines'> = defaultReadLimits,
): AsyncGenerator<SourceRecord[]> {
  let pending = '';
  let ordinal = 0;
  // inside a physical line over the size limit: its characters are skipped up to its end
  let skipping = false;
  const lineEnd = newline === '\r' ? '\r' : '\n';
  const makeParser = (preview = 0) => new (Papa as any).Parser({ delimiter, newline, quoteChar: '"', preview });

  const toRecords = (result: ParseResult, count: number, text: string): SourceRecord[] => {
    const records: SourceRecord[] = new Array(count);
    for (let i = 0; i < count; i++) records[i] = { sourceRow: ++ordinal, cells: result.data[i] };
    for (const error of result.errors) {
      const record = error.row !== undefined ? records[error.row] : records[records.length - 1];
      if (!record || error.code === 'UndetectableDelimiter') continue;
      (record.issues ??= []).push({
        code: error.code === 'MissingQuotes' ? 'unterminated_quote' : 'malformed_csv',
        severity: 'warning',
        message: error.code === 'MissingQuotes' ? 'a quoted field is never closed; the rest of the record was read as one field' : `malformed CSV: ${error.message}`,
      });
    }
    if (text.includes('\0') || text.includes('\uFFFD')) for (const record of records) flagDamagedCells(record);
    return records;
  };
  /** The row that opened a runaway quote (or an over-long line): its first physical line, rejected. */
  const rejectedLine = (line: string, [code, message]: [string, string]): SourceRecord => {
    const head = (line.length > 4096 ? line.slice(0, 4096) : line).replace(/\r$/, '');
    const parsed = makeParser().parse(head, 0, false) as ParseResult;
    const cells = (parsed.data[0] ?? [head]).map((cell) => cell.replace(/\0/g, ''));
    if (cells.every((cell) => !cell.trim())) cells[0] = '(unreadable row)';
    return { sourceRow: ++ordinal, cells, issues: [{ code, severity: 'reject', message }] };
  };
  const runawayQuote: [string, string] = ['unterminated_quote', `a quoted field opened in this row is not closed within ${limits.fieldLines} lines or ${limits.rowChars.toLocaleString('en-US')} characters (the limits field-lines, row-chars); the row is not read, the rows after it are`];
  const overlongRow: [string, string] = ['row_too_long', `the row is longer than ${limits.rowChars.toLocaleString('en-US')} characters (the limit row-chars); it is not read`];

  /**
   * Parses text (pending + a new chunk) into records; returns them and what is left for the next chunk.
   * At the end of the file (final) nothing is left.
   */
  const parseText = (input: string, final: boolean): { records: SourceRecord[]; rest: string } => {
    const out: SourceRecord[] = [];
    let text = input;
    for (;;) {
      const result = makeParser().parse(text, 0, !final) as ParseResult;
      const data = result.data;
      const parsedEnd = final ? text.length : result.meta.cursor;
      let bad = -1;
      const breaks = occurrences(text, lineEnd, parsedEnd);
      if (breaks - (data.length - 1) > limits.fieldLines || parsedEnd > limits.rowChars) {
        for (let i = 0; i < data.length; i++) {
          if (lineBreaksIn(data[i]) > limits.fieldLines || charsIn(data[i]) > limits.rowChars) { bad = i; break; }
        }
      }
      if (final && bad === -1) {
        // at the end of the file, a quote never closed makes the last record: only a one-line record stays as it is
        const missing = result.errors.find((e) => e.code === 'MissingQuotes' && e.row !== undefined);
        if (missing && lineBreaksIn(data[missing.row!]) > 0) bad = missing.row!;
      }
      if (bad === -1) {
        out.push(...toRecords(result, data.length, text.slice(0, parsedEnd)));
        const rest = final ? '' : text.slice(parsedEnd);
        // the record still open: a quote left open for too long, or one physical line too long
        if (rest.length > limits.rowChars || (rest.length > 4096 && occurrences(rest, lineEnd, rest.length) > limits.fieldLines)) {
          const end = rest.indexOf(lineEnd);
          if (end === -1 || end > limits.rowChars) {
            out.push(rejectedLine(rest, overlongRow));
            if (end === -1) { skipping = true; return { records: out, rest: '' }; }
          } else {
            out.push(rejectedLine(rest.slice(0, end), runawayQuote));
          }
          text = rest.slice(end + 1);
          continue;
        }
        return { records: out, rest };
      }
      // the records before the bad one stand; the bad one's first line is rejected; parsing resumes after it
      const start = bad === 0 ? 0 : (makeParser(bad).parse(text, 0, false) as ParseResult).meta.cursor;
      const before = { data: data.slice(0, bad), errors: result.errors.filter((e) => e.row !== undefined && e.row < bad), meta: result.meta };
      out.push(...toRecords(before, bad, text.slice(0, start)));
      const end = text.indexOf(lineEnd, start);
      const line = end === -1 ? text.slice(start) : text.slice(start, end);
      out.push(rejectedLine(line, line.length > limits.rowChars ? overlongRow : runawayQuote));
      if (end === -1) return { records: out, rest: '' };
      text = text.slice(end + 1);
    }
  };

  for await (const chunk of chunks) {
    let text = chunk;
    if (skipping) {
      const end = text.indexOf(lineEnd);
      if (end === -1) continue;
      skipping = false;
      text = text.slice(end + 1);
    }
    const { records, rest } = parseText(pending ? pending + text : text, false);
    pending = rest;
    if (records.length) yield records;
  }
  if (pending) {
    // a trailing newline makes papaparse return one empty record: not a record of the file
    const { records } = parseText(pending, true);
    if (records.length) yield records;
  }
}

/** NULs removed and U+FFFD flagged, each as an issue of the row. */
function flagDamagedCells(record: SourceRecord): void {
  let nul = false;
  let replacement = false;
  for (let c = 0; c < record.cells.length; c++) {
    const cell = record.cells[c];
    if (cell.includes('\0')) { record.cells[c] = cell.replace(/\0/g, ''); nul = true; }
    if (cell.includes('\uFFFD')) replacement = true;
  }
  if (nul) (record.issues ??= []).push({ code: 'nul_characters', severity: 'warning', message: 'NUL characters (binary data) removed from the row' });
  if (replacement) {
    (record.issues ??= []).push({
      code: 'undecodable_characters', severity: 'warning',
      message: 'the row holds U+FFFD replacement characters (\uFFFD): bytes that were not text in the file\'s encoding, or text garbled before this file; check the names',
    });
  }
}
