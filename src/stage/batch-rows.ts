import type { CrmConnection } from '../db/database.js';
import { copyField, copyLine } from '../db/copy-rows.js';
import { batchRowKeyColumns, batchRowKeys } from '../match/stage-keys.js';
import type { NormalizedRow, RowMatch, RowPlan, Route } from '../types.js';
import { jsonOnce, jsonWith } from '../json-once.js';
import { storedMatch } from './stored-match.js';
import { suppressionHashesOf } from '../route/suppression.js';

/**
 * A staged row in the database, in bulk: its match keys go to batch_row_keys as the file is read
 * (`insertBatchRowKeys`); the row itself goes to batch_rows once, when routed, with its route,
 * match and plan (`insertRoutedRows`). Both go by COPY (src/db/copy-rows.ts), the same on PGlite
 * and PostgreSQL. A row's raw, normalized and issues are stringified once, when it is read: the
 * same JSON texts go to the row spool, to batch_rows and to rows.jsonl.
 */

/** A row's JSON texts, as the row spool keeps them (one line: source_row, then these, tab-separated). */
export interface RowTexts {
  raw: string;
  normalized: string;
  issues: string;
}

/**
 * A row read for staging as text: `line`, the row spool's line (JSON text holds no tab: JSON.stringify
 * escapes control characters), and `keys`, its batch_row_keys COPY line after batch_id. The person is
 * stringified once for both.
 */
export function stagedRowTexts(row: NormalizedRow): { line: string; keys: string } {
  const person = JSON.stringify(row.person);
  const normalized = jsonWith({ values: row.values, unmapped: row.unmapped, rejected: row.rejected }, { person });
  // the suppression keys' hashes are computed here, where the row is read (the read stage's thread), not where it is routed
  const hashes = suppressionHashesOf(row.person).join(',');
  const line = `${row.sourceRow}\t${JSON.stringify(row.raw)}\t${normalized}\t${JSON.stringify(row.issues)}\t${hashes}`;
  const keys = batchRowKeys(row.person, row.values.vendor_record_id);
  return { line, keys: copyLine([row.sourceRow, row.rejected, person, ...batchRowKeyColumns.map((c) => keys[c])]) };
}

export async function insertBatchRowKeys(crm: CrmConnection, batchId: string, records: string[]): Promise<void> {
  const batch = copyField(batchId);
  await crm.copyInto('batch_row_keys', ['batch_id', 'source_row', 'rejected', 'person', ...batchRowKeyColumns], records.map((r) => `${batch}\t${r}`));
}

/** A staged row read back for routing: the NormalizedRow, its vendor record id, its JSON texts and its suppression keys' hashes. */
export interface RowToRoute {
  row: NormalizedRow;
  vendorRecordId: string | null;
  texts: RowTexts;
  /** "kind:sha256" of each suppression key the row could hit (route/suppression.ts) */
  suppressionHashes: string[];
}

export function rowToRoute(line: string): RowToRoute {
  const [sourceRow, raw, normalized, issues, hashes] = line.split('\t');
  const n = JSON.parse(normalized) as Partial<NormalizedRow>;
  const values = n.values ?? {};
  const row: NormalizedRow = {
    sourceRow: Number(sourceRow), raw: JSON.parse(raw), values, unmapped: n.unmapped ?? {},
    person: n.person ?? {}, issues: JSON.parse(issues), rejected: Boolean(n.rejected),
  };
  return { row, vendorRecordId: values.vendor_record_id?.trim() || null, texts: { raw, normalized, issues }, suppressionHashes: hashes ? hashes.split(',') : [] };
}

/** The source_row of a row spool line. */
export function sourceRowOfLine(line: string): number {
  return Number(line.slice(0, line.indexOf('\t')));
}

/** A row's raw, normalized and issues fields as JSON object fields (`"raw":...,"issues":[...]`), for rows.jsonl. */
export function rowFieldsOf(texts: RowTexts): string {
  return `"raw":${texts.raw},"normalized":${texts.normalized},"issues":${texts.issues}`;
}

/** One routed row, as written back to batch_rows. */
export interface RoutedRow {
  sourceRow: number;
  route: Route;
  reasons: string;
  score: number | null;
  match: RowMatch | null;
  accountId: string | null;
  contactId: string | null;
  leadId: string | null;
  duplicateOfRow: number | null;
  plan: RowPlan;
}

const routedRowColumns = [
  'batch_id', 'source_row', 'rejected', 'raw', 'normalized', 'issues', ...batchRowKeyColumns,
  'route', 'reasons', 'score', 'match', 'account_id', 'contact_id', 'lead_id', 'duplicate_of_row', 'plan',
];

/** Routed rows into batch_rows: each row's texts with its route, match and plan (the candidates' and plan's JSON is rows.jsonl's: jsonOnce). */
export async function insertRoutedRows(crm: CrmConnection, batchId: string, rows: RowToRoute[], routed: RoutedRow[]): Promise<void> {
  const lines = routed.map((r, index) => {
    const { row, texts } = rows[index];
    const keys = batchRowKeys(row.person, row.values.vendor_record_id);
    return copyLine([
      batchId, r.sourceRow, row.rejected, texts.raw, texts.normalized, texts.issues, ...batchRowKeyColumns.map((c) => keys[c]),
      r.route, r.reasons, r.score, r.match ? storedMatchJson(r.match) : null, r.accountId, r.contactId, r.leadId, r.duplicateOfRow, r.plan ? jsonOnce(r.plan) : null,
    ]);
  });
  await crm.copyInto('batch_rows', routedRowColumns, lines);
}

function storedMatchJson(match: RowMatch): string {
  const { candidates, ...rest } = storedMatch(match);
  return jsonWith(rest, { candidates: jsonOnce(candidates) });
}
