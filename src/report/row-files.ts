import Papa from 'papaparse';
import { openTextSink } from './text-sink.js';
import { safeCell } from './spreadsheet-safe.js';
import { personOf, type StagedRow } from './staged-row.js';

/** rows.csv columns: the first eight are the contract automation reads; the last four help a reader find the person. */
export const rowsCsvColumns = [
  'source_row', 'route', 'account_id', 'contact_id', 'lead_id', 'duplicate_of_row', 'score', 'reasons',
  'first_name', 'last_name', 'email', 'company',
] as const;

/** The rows.csv fields of one row, whether read as a StagedRow or straight from SQL. */
export interface CsvRowFields {
  sourceRow: number; route: string; accountId: string | null; contactId: string | null; leadId: string | null;
  duplicateOfRow: number | null; score: number | null; reasons: string;
  firstName?: string | null; lastName?: string | null; email?: string | null; company?: string | null;
}

export function csvRecord(f: CsvRowFields): (string | number)[] {
  return [
    f.sourceRow, f.route, safeCell(f.accountId), safeCell(f.contactId), safeCell(f.leadId), safeCell(f.duplicateOfRow),
    f.score === null ? '' : Math.round(f.score * 100) / 100, safeCell(f.reasons),
    safeCell(f.firstName), safeCell(f.lastName), safeCell(f.email), safeCell(f.company),
  ];
}

export function csvFieldsOf(row: StagedRow): CsvRowFields {
  const person = personOf(row);
  const values = row.normalized.values ?? {};
  return {
    sourceRow: row.sourceRow, route: row.route, accountId: row.accountId, contactId: row.contactId, leadId: row.leadId,
    duplicateOfRow: row.duplicateOfRow, score: row.score, reasons: row.reasons,
    firstName: person.firstName ?? values.first_name, lastName: person.lastName ?? values.last_name,
    email: person.email ?? values.email, company: person.company ?? values.company,
  };
}

/** One rows.jsonl line: everything staged about the row, candidates and their explanations included (the match without its candidates, which have their own key). */
export function rowsJsonlRecord(row: StagedRow): string {
  let match: Record<string, unknown> | null = null;
  if (row.match) {
    const { candidates: _candidates, ...rest } = row.match;
    match = rest;
  }
  return JSON.stringify({
    source_row: row.sourceRow, route: row.route, reasons: row.reasons, score: row.score,
    account_id: row.accountId, contact_id: row.contactId, lead_id: row.leadId, duplicate_of_row: row.duplicateOfRow,
    raw: row.raw, normalized: row.normalized, issues: row.issues,
    candidates: row.match?.candidates ?? [], match, plan: row.plan,
  });
}

/** A chunk of both files' lines: built from StagedRows here, or by SQL straight from batch_rows (src/report/staged-rows-db.ts). */
export interface RowFileChunk {
  csv: CsvRowFields[];
  jsonl: string[];
}

export function rowFileChunk(rows: StagedRow[]): RowFileChunk {
  return { csv: rows.map(csvFieldsOf), jsonl: rows.map(rowsJsonlRecord) };
}

/**
 * Writes rows.csv and rows.jsonl in one pass over the staged rows (source_row order), a chunk
 * at a time, so a million-row batch never sits in memory.
 */
export async function writeRowFiles(chunks: AsyncIterable<RowFileChunk>, paths: { csv: string; jsonl: string }): Promise<number> {
  const csv = openTextSink(paths.csv);
  const jsonl = openTextSink(paths.jsonl);
  let count = 0;
  try {
    await csv.write(Papa.unparse([rowsCsvColumns as unknown as string[]], { newline: '\r\n' }) + '\r\n');
    for await (const chunk of chunks) {
      if (chunk.csv.length === 0) continue;
      await csv.write(Papa.unparse(chunk.csv.map(csvRecord), { newline: '\r\n' }) + '\r\n');
      await jsonl.write(chunk.jsonl.join('\n') + '\n');
      count += chunk.csv.length;
    }
  } finally {
    await csv.close();
    await jsonl.close();
  }
  return count;
}
