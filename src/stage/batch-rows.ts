import { sql, type Kysely } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import { batchRowKeyColumns, batchRowKeys } from '../match/stage-keys.js';
import type { NormalizedRow, RowMatch, RowPlan, Route } from '../types.js';
import { joinJsonObjects, jsonOnce, jsonWith } from '../json-once.js';
import { storedMatch } from './stored-match.js';

/**
 * A staged row in the database, in bulk: its match keys go to batch_row_keys as the file is read
 * (`insertBatchRowKeys`); the row itself goes to batch_rows once, when routed, with its route,
 * match and plan (`insertRoutedRows`). Each chunk travels as one JSON text (one JSON.stringify in
 * Node, parsed by the server in C by json_to_recordset, which ignores fields it was not asked
 * for; text arrays would escape every quote of every JSON value twice), the same on PGlite and
 * PostgreSQL.
 */

/**
 * A row read for staging, as JSON text: `line`, its batch_rows columns before routing (the line
 * the RowSpool keeps), and `keys`, its batch_row_keys record. The person is stringified once for both.
 */
export function stagedRowTexts(row: NormalizedRow): { line: string; keys: string } {
  const head = JSON.stringify({ source_row: row.sourceRow, rejected: row.rejected, ...batchRowKeys(row.person, row.values.vendor_record_id) });
  const person = JSON.stringify(row.person);
  const normalized = jsonWith({ values: row.values, unmapped: row.unmapped, rejected: row.rejected }, { person });
  const body = `"raw":${JSON.stringify(row.raw)},"normalized":${normalized},"issues":${JSON.stringify(row.issues)}`;
  return { line: `${head.slice(0, -1)},${body}}`, keys: `${head.slice(0, -1)},"person":${person}}` };
}

export async function insertBatchRowKeys(db: Kysely<CrmDatabase>, batchId: string, records: string[]): Promise<void> {
  if (records.length === 0) return;
  const keyColumns = sql.join(batchRowKeyColumns.map((c) => sql.ref(c)));
  await sql`
    insert into batch_row_keys (batch_id, source_row, rejected, person, ${keyColumns})
    select ${batchId}, r.source_row, r.rejected, r.person, ${keyColumns}
    from json_to_recordset(${`[${records.join(',')}]`}::json) as r(
      source_row int, rejected boolean, person jsonb, ${sql.join(batchRowKeyColumns.map((c) => sql`${sql.ref(c)} text`))})`.execute(db);
}

/** A staged row read back for routing: the NormalizedRow, its vendor record id, and its line (stagedRowTexts). */
export interface RowToRoute {
  row: NormalizedRow;
  vendorRecordId: string | null;
  line: string;
}

/** A line's columns (stagedRowTexts), parsed. */
interface StagedLine {
  source_row: number;
  raw: NormalizedRow['raw'];
  normalized: Partial<NormalizedRow>;
  issues: NormalizedRow['issues'];
  vendor_record_id: string | null;
}

export function rowToRoute(line: string): RowToRoute {
  const r = JSON.parse(line) as StagedLine;
  const normalized = r.normalized ?? {};
  return {
    row: {
      sourceRow: r.source_row, raw: r.raw ?? {}, values: normalized.values ?? {}, unmapped: normalized.unmapped ?? {},
      person: normalized.person ?? {}, issues: r.issues ?? [], rejected: Boolean(normalized.rejected),
    },
    vendorRecordId: r.vendor_record_id,
    line,
  };
}

/**
 * The text of a line's raw, normalized and issues fields (`"raw":...,"issues":[...]`), for
 * rows.jsonl. The line's first fields are numbers, booleans and strings, and a string's quotes are
 * escaped in JSON, so the first `,"raw":` is where the field begins.
 */
export function rowFieldsOf(line: string): string {
  return line.slice(line.indexOf(',"raw":') + 1, -1);
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

/** Routed rows into batch_rows: each row's line joined with its route, match and plan. */
export async function insertRoutedRows(db: Kysely<CrmDatabase>, batchId: string, rows: RowToRoute[], routed: RoutedRow[]): Promise<void> {
  if (rows.length === 0) return;
  // the candidates' and plan's JSON text is the report's rows.jsonl's (jsonOnce)
  const records = routed.map((r, index) => joinJsonObjects(rows[index].line, jsonWith({
    route: r.route, reasons: r.reasons, score: r.score,
    account_id: r.accountId, contact_id: r.contactId, lead_id: r.leadId, duplicate_of_row: r.duplicateOfRow,
  }, { match: r.match ? storedMatchJson(r.match) : 'null', plan: jsonOnce(r.plan) })));
  const keyColumns = sql.join(batchRowKeyColumns.map((c) => sql.ref(c)));
  await sql`
    insert into batch_rows (batch_id, source_row, rejected, raw, normalized, issues, ${keyColumns},
      route, reasons, score, match, account_id, contact_id, lead_id, duplicate_of_row, plan)
    select ${batchId}, v.source_row, v.rejected, v.raw, v.normalized, v.issues, ${keyColumns},
      v.route, v.reasons, v.score, v.match, v.account_id, v.contact_id, v.lead_id, v.duplicate_of_row, v.plan
    from json_to_recordset(${`[${records.join(',')}]`}::json) as v(
      source_row int, rejected boolean, raw json, normalized jsonb, issues json, ${sql.join(batchRowKeyColumns.map((c) => sql`${sql.ref(c)} text`))},
      route text, reasons text, score float8, match json,
      account_id text, contact_id text, lead_id text, duplicate_of_row int, plan jsonb)`.execute(db);
}

function storedMatchJson(match: RowMatch): string {
  const { candidates, ...rest } = storedMatch(match);
  return jsonWith(rest, { candidates: jsonOnce(candidates) });
}
