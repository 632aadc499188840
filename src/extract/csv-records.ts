import Papa from 'papaparse';
import type { RowIssue } from '../types.js';

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

const maxPendingChars = 8 * 1024 * 1024;

/**
 * Parses decoded text chunks into records with papaparse's parser, chunk by chunk: a record cut at a chunk
 * boundary (also inside a quoted field) waits for the next chunk. Quotes, doubled quotes and newlines in
 * quoted fields follow RFC 4180. A quote left open for more than 8 MB is reported and parsing goes on.
 */
export async function* csvRecords(chunks: AsyncIterable<string>, delimiter: string, newline: string): AsyncGenerator<SourceRecord[]> {
  let pending = '';
  let ordinal = 0;
  const makeParser = () => new (Papa as any).Parser({ delimiter, newline, quoteChar: '"' });
  const toRecords = (result: { data: string[][]; errors: Array<{ row?: number; code: string; message: string }> }): SourceRecord[] => {
    const records: SourceRecord[] = new Array(result.data.length);
    for (let i = 0; i < result.data.length; i++) records[i] = { sourceRow: ++ordinal, cells: result.data[i] };
    for (const error of result.errors) {
      const record = error.row !== undefined ? records[error.row] : records[records.length - 1];
      if (!record || error.code === 'UndetectableDelimiter') continue;
      (record.issues ??= []).push({
        code: error.code === 'MissingQuotes' ? 'unterminated_quote' : 'malformed_csv',
        severity: 'warning',
        message: error.code === 'MissingQuotes' ? 'a quoted field is never closed; the rest of the record was read as one field' : `malformed CSV: ${error.message}`,
      });
    }
    return records;
  };
  for await (const chunk of chunks) {
    const text = pending ? pending + chunk : chunk;
    const flush = text.length > maxPendingChars;
    const result = makeParser().parse(text, 0, !flush);
    pending = flush ? '' : text.slice(result.meta.cursor);
    if (result.data.length) yield toRecords(result);
  }
  if (pending) {
    const result = makeParser().parse(pending, 0, false);
    // a trailing newline makes papaparse return one empty record: not a record of the file
    if (result.data.length) yield toRecords(result);
  }
}
