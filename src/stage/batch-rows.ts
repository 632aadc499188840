import { sql, type Kysely } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import { batchRowKeyColumns, batchRowKeys } from '../match/stage-keys.js';
import type { NormalizedRow, RowMatch, RowPlan, Route } from '../types.js';

/**
 * batch_rows in bulk: one `insert ... select from unnest(...)` per chunk, one parameter per
 * column (works the same on PGlite and PostgreSQL), and one `update ... from unnest(...)` per
 * routed chunk.
 */

/** What normalized jsonb holds: the NormalizedRow without raw and issues (they have their own columns). */
export function normalizedJson(row: NormalizedRow): string {
  return JSON.stringify({ values: row.values, unmapped: row.unmapped, person: row.person, rejected: row.rejected });
}

export async function insertBatchRows(db: Kysely<CrmDatabase>, batchId: string, rows: NormalizedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const keys = rows.map((row) => batchRowKeys(row.person, row.values.vendor_record_id));
  const keyArrays = batchRowKeyColumns.map((column) => sql`${keys.map((k) => k[column])}::text[]`);
  await sql`
    insert into batch_rows (batch_id, source_row, rejected, raw, normalized, issues, ${sql.join(batchRowKeyColumns.map((c) => sql.ref(c)))})
    select ${batchId}, r.source_row, r.rejected, r.raw::jsonb, r.normalized::jsonb, r.issues::jsonb, ${sql.join(batchRowKeyColumns.map((c) => sql.ref(`r.${c}`)))}
    from unnest(
      ${rows.map((r) => r.sourceRow)}::int[], ${rows.map((r) => r.rejected)}::boolean[], ${rows.map((r) => JSON.stringify(r.raw))}::text[],
      ${rows.map(normalizedJson)}::text[], ${rows.map((r) => JSON.stringify(r.issues))}::text[],
      ${sql.join(keyArrays)}
    ) as r(source_row, rejected, raw, normalized, issues, ${sql.join(batchRowKeyColumns.map((c) => sql.raw(c)))})`.execute(db);
}

/** A staged row read back for routing: the NormalizedRow (raw left out) and its vendor record id. */
export interface RowToRoute {
  row: NormalizedRow;
  vendorRecordId: string | null;
}

export async function readRowsToRoute(db: Kysely<CrmDatabase>, batchId: string, from: number, to: number): Promise<RowToRoute[]> {
  const { rows } = await sql<{ source_row: number; normalized: unknown; issues: unknown; vendor_record_id: string | null }>`
    select source_row, normalized, issues, vendor_record_id from batch_rows
    where batch_id = ${batchId} and source_row >= ${from} and source_row < ${to}
    order by source_row`.execute(db);
  return rows.map((r) => {
    const normalized = (typeof r.normalized === 'string' ? JSON.parse(r.normalized) : r.normalized) as Partial<NormalizedRow>;
    const issues = (typeof r.issues === 'string' ? JSON.parse(r.issues) : r.issues) as NormalizedRow['issues'];
    return {
      row: {
        sourceRow: r.source_row, raw: {}, values: normalized.values ?? {}, unmapped: normalized.unmapped ?? {},
        person: normalized.person ?? {}, issues: issues ?? [], rejected: Boolean(normalized.rejected),
      },
      vendorRecordId: r.vendor_record_id,
    };
  });
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
  await sql`
    update batch_rows b set
      route = v.route, reasons = v.reasons, score = v.score, match = v.match::jsonb,
      account_id = v.account_id, contact_id = v.contact_id, lead_id = v.lead_id,
      duplicate_of_row = v.duplicate_of_row, plan = v.plan::jsonb
    from unnest(
      ${rows.map((r) => r.sourceRow)}::int[], ${rows.map((r) => r.route)}::text[], ${rows.map((r) => r.reasons)}::text[],
      ${rows.map((r) => r.score)}::float8[], ${rows.map((r) => (r.match ? JSON.stringify(r.match) : null))}::text[],
      ${rows.map((r) => r.accountId)}::text[], ${rows.map((r) => r.contactId)}::text[], ${rows.map((r) => r.leadId)}::text[],
      ${rows.map((r) => r.duplicateOfRow)}::int[], ${rows.map((r) => JSON.stringify(r.plan))}::text[]
    ) as v(source_row, route, reasons, score, match, account_id, contact_id, lead_id, duplicate_of_row, plan)
    where b.batch_id = ${batchId} and b.source_row = v.source_row`.execute(db);
}
