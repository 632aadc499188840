import Papa from 'papaparse';
import { openTextSink } from './text-sink.js';
import { safeCell } from './spreadsheet-safe.js';
import { personOf, type StagedRow } from './staged-row.js';

/** rows.csv columns: the first eight are the contract automation reads; the last four help a reader find the person. */
export const rowsCsvColumns = [
  'source_row', 'route', 'account_id', 'contact_id', 'lead_id', 'duplicate_of_row', 'score', 'reasons',
  'first_name', 'last_name', 'email', 'company',
] as const;

export function rowsCsvRecord(row: StagedRow): (string | number)[] {
  const person = personOf(row);
  return [
    row.sourceRow, row.route, safeCell(row.accountId), safeCell(row.contactId), safeCell(row.leadId),
    safeCell(row.duplicateOfRow), row.score === null ? '' : Math.round(row.score * 100) / 100, safeCell(row.reasons),
    safeCell(person.firstName ?? row.normalized.values?.first_name), safeCell(person.lastName ?? row.normalized.values?.last_name),
    safeCell(person.email ?? row.normalized.values?.email), safeCell(person.company ?? row.normalized.values?.company),
  ];
}

/** One rows.jsonl line: everything staged about the row, candidates and their explanations included. */
export function rowsJsonlRecord(row: StagedRow): string {
  return JSON.stringify({
    source_row: row.sourceRow, route: row.route, reasons: row.reasons, score: row.score,
    account_id: row.accountId, contact_id: row.contactId, lead_id: row.leadId, duplicate_of_row: row.duplicateOfRow,
    raw: row.raw, normalized: row.normalized, issues: row.issues,
    candidates: row.match?.candidates ?? [], match: row.match, plan: row.plan,
  });
}

/**
 * Writes rows.csv and rows.jsonl in one pass over the staged rows (source_row order), a chunk
 * at a time, so a million-row batch never sits in memory.
 */
export async function writeRowFiles(rows: AsyncIterable<StagedRow[]>, paths: { csv: string; jsonl: string }): Promise<number> {
  const csv = openTextSink(paths.csv);
  const jsonl = openTextSink(paths.jsonl);
  let count = 0;
  try {
    await csv.write(Papa.unparse([rowsCsvColumns as unknown as string[]], { newline: '\r\n' }) + '\r\n');
    for await (const chunk of rows) {
      if (chunk.length === 0) continue;
      await csv.write(Papa.unparse(chunk.map(rowsCsvRecord), { newline: '\r\n' }) + '\r\n');
      await jsonl.write(chunk.map(rowsJsonlRecord).join('\n') + '\n');
      count += chunk.length;
    }
  } finally {
    await csv.close();
    await jsonl.close();
  }
  return count;
}
