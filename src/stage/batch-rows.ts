import { sql, type Kysely } from 'kysely';
import { jsonColumn } from '../db/json-column.js';
import type { CrmDatabase } from '../db/schema.js';
import { batchRowKeyColumns, batchRowKeys } from '../match/stage-keys.js';
import type { NormalizedRow, RowMatch, RowPlan, Route } from '../types.js';
import { jsonOnce, jsonWith } from '../json-once.js';
import { storedMatch } from './stored-match.js';

/**
 * batch_rows in bulk: one `insert ... select from json_to_recordset(...)` per chunk and one
 * `update ... from json_to_recordset(...)` per routed chunk. The chunk travels as one JSON text
 * (one JSON.stringify in Node, parsed by the server in C; text arrays would escape every quote of
 * every JSON value twice), the same on PGlite and PostgreSQL.
 */

/** A row as one insert record's JSON text (the stage also keeps these lines to route from: RowSpool). */
export function batchRowRecord(row: NormalizedRow): string {
  return JSON.stringify({
    source_row: row.sourceRow, rejected: row.rejected, raw: row.raw, issues: row.issues,
    normalized: { values: row.values, unmapped: row.unmapped, person: row.person, rejected: row.rejected },
    ...batchRowKeys(row.person, row.values.vendor_record_id),
  });
}

export async function insertBatchRows(db: Kysely<CrmDatabase>, batchId: string, records: string[]): Promise<void> {
  if (records.length === 0) return;
  const keyColumns = sql.join(batchRowKeyColumns.map((c) => sql.ref(c)));
  await sql`
    insert into batch_rows (batch_id, source_row, rejected, raw, normalized, issues, ${keyColumns})
    select ${batchId}, r.source_row, r.rejected, r.raw, r.normalized, r.issues, ${keyColumns}
    from json_to_recordset(${`[${records.join(',')}]`}::json) as r(
      source_row int, rejected boolean, raw jsonb, normalized jsonb, issues jsonb, ${sql.join(batchRowKeyColumns.map((c) => sql`${sql.ref(c)} text`))})`.execute(db);
}

/** A staged row read back for routing (and for the report's rows.jsonl): the NormalizedRow and its vendor record id. */
export interface RowToRoute {
  row: NormalizedRow;
  vendorRecordId: string | null;
}

/** batch_rows' columns of a row (as selected, or as its insert record), json columns parsed or not. */
export interface BatchRowRecord {
  source_row: number;
  raw: unknown;
  normalized: unknown;
  issues: unknown;
  vendor_record_id: string | null;
}

export function rowToRoute(r: BatchRowRecord): RowToRoute {
  const normalized = jsonColumn<Partial<NormalizedRow>>(r.normalized, {});
  return {
    row: {
      sourceRow: r.source_row, raw: jsonColumn<NormalizedRow['raw']>(r.raw, {}), values: normalized.values ?? {}, unmapped: normalized.unmapped ?? {},
      person: normalized.person ?? {}, issues: jsonColumn<NormalizedRow['issues']>(r.issues, []), rejected: Boolean(normalized.rejected),
    },
    vendorRecordId: r.vendor_record_id,
  };
}

export async function readRowsToRoute(db: Kysely<CrmDatabase>, batchId: string, from: number, to: number): Promise<RowToRoute[]> {
  const { rows } = await sql<BatchRowRecord>`
    select source_row, raw, normalized, issues, vendor_record_id from batch_rows
    where batch_id = ${batchId} and source_row >= ${from} and source_row < ${to}
    order by source_row`.execute(db);
  return rows.map(rowToRoute);
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

export async function writeRoutedRows(db: Kysely<CrmDatabase>, batchId: string, rows: RoutedRow[]): Promise<void> {
  if (rows.length === 0) return;
  // the candidates' and plan's JSON text is the report's rows.jsonl's (jsonOnce)
  const records = rows.map((r) => jsonWith({
    source_row: r.sourceRow, route: r.route, reasons: r.reasons, score: r.score,
    account_id: r.accountId, contact_id: r.contactId, lead_id: r.leadId, duplicate_of_row: r.duplicateOfRow,
  }, { match: r.match ? storedMatchJson(r.match) : 'null', plan: jsonOnce(r.plan) }));
  await sql`
    update batch_rows b set
      route = v.route, reasons = v.reasons, score = v.score, match = v.match,
      account_id = v.account_id, contact_id = v.contact_id, lead_id = v.lead_id,
      duplicate_of_row = v.duplicate_of_row, plan = v.plan
    from json_to_recordset(${`[${records.join(',')}]`}::json) as v(
      source_row int, route text, reasons text, score float8, match jsonb,
      account_id text, contact_id text, lead_id text, duplicate_of_row int, plan jsonb)
    where b.batch_id = ${batchId} and b.source_row = v.source_row`.execute(db);
}

function storedMatchJson(match: RowMatch): string {
  const { candidates, ...rest } = storedMatch(match);
  return jsonWith(rest, { candidates: jsonOnce(candidates) });
}
