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

/**
 * One rows.jsonl line: everything staged about the row, its candidates with their explanations,
 * and which of them the match chose ("best": ids only, the candidates are not repeated).
 */
export function rowsJsonlRecord(row: StagedRow): string {
  const m = row.match;
  const best = m ? Object.fromEntries(Object.entries({
    contact: m.contact?.id, lead: m.lead?.id, account: m.account?.id, account_via: m.account?.via,
    ambiguous: m.ambiguous, vendor_match: m.vendorMatch, candidates_cut: m.candidatesCut,
  }).filter(([, v]) => v !== undefined && v !== null)) : null;
  return JSON.stringify({
    source_row: row.sourceRow, route: row.route, reasons: row.reasons, score: row.score,
    account_id: row.accountId, contact_id: row.contactId, lead_id: row.leadId, duplicate_of_row: row.duplicateOfRow,
    raw: row.raw, normalized: row.normalized, issues: row.issues,
    candidates: m?.candidates ?? [], best, plan: row.plan,
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
