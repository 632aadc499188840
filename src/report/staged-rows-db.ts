import { sql, type Kysely } from 'kysely';
import { jsonColumn as json } from '../db/json-column.js';
import type { CrmDatabase } from '../db/schema.js';
import type { RowMatch, Route } from '../types.js';
import { rowMatchOf, type StoredRowMatch } from '../stage/stored-match.js';
import type { CandidateRecord } from './report-model.js';
import type { StagedRow } from './staged-row.js';

/** Rows per read: smaller than the stage's chunks, as rows carry their match and plan json. */
const reportChunkSize = 2000;

const stagedColumns = sql`source_row, route, reasons, score, account_id, contact_id, lead_id, duplicate_of_row, raw, normalized, issues, match, plan,
  decision, decided_by, decided_at, decision_target->>'id' as decision_target_id`;

interface StagedRowRecord {
  source_row: number; route: Route; reasons: string | null; score: number | null;
  account_id: string | null; contact_id: string | null; lead_id: string | null; duplicate_of_row: number | null;
  raw: unknown; normalized: unknown; issues: unknown; match: unknown; plan: unknown;
  decision?: string | null; decided_by?: string | null; decided_at?: Date | string | null; decision_target_id?: string | null;
}

function rowMatchOrNull(stored: StoredRowMatch | null): RowMatch | null {
  return stored && rowMatchOf(stored);
}

function toStagedRow(r: StagedRowRecord): StagedRow {
  return {
    sourceRow: r.source_row, route: r.route, reasons: r.reasons ?? '', score: r.score === null ? null : Number(r.score),
    accountId: r.account_id, contactId: r.contact_id, leadId: r.lead_id, duplicateOfRow: r.duplicate_of_row,
    raw: json(r.raw, {}), normalized: json(r.normalized, {}), issues: json(r.issues, []), match: rowMatchOrNull(json(r.match, null)), plan: json(r.plan, null),
    decision: r.decision ? { decision: r.decision, target: r.decision_target_id ?? null, by: r.decided_by ?? null, at: r.decided_at ? new Date(r.decided_at).toISOString() : null } : null,
  };
}

/**
 * A batch's staged rows in source_row order, a chunk at a time (keyset pagination: flat memory
 * at any size), e.g. to check what a report says against what the batch holds.
 */
export async function* stagedRowChunks(db: Kysely<CrmDatabase>, batchId: string, options: { route?: Route; chunkSize?: number } = {}): AsyncGenerator<StagedRow[]> {
  const chunkSize = options.chunkSize ?? reportChunkSize;
  let after = -1;
  for (;;) {
    const routeFilter = options.route ? sql`and route = ${options.route}` : sql``;
    const { rows } = await sql<StagedRowRecord>`
      select ${stagedColumns} from batch_rows
      where batch_id = ${batchId} and source_row > ${after} ${routeFilter}
      order by source_row limit ${chunkSize}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map(toStagedRow);
    after = rows[rows.length - 1].source_row;
    if (rows.length < chunkSize) return;
  }
}

/**
 * Every record a merge candidate came close to: the one staging compared it with, the ones it
 * was too close to call against, and any other contact or lead scored in a band; at most five.
 */
export function closeCandidatesOf(row: Pick<StagedRow, 'contactId' | 'leadId' | 'match'>): { entityType: 'contact' | 'lead'; id: string }[] {
  const list: { entityType: 'contact' | 'lead'; id: string }[] = [];
  const add = (entityType: 'contact' | 'lead', id: string) => {
    if (!list.some((c) => c.entityType === entityType && c.id === id)) list.push({ entityType, id });
  };
  if (row.contactId) add('contact', row.contactId);
  else if (row.leadId) add('lead', row.leadId);
  const ambiguous = row.match?.ambiguous;
  for (const id of ambiguous?.ids ?? []) add(ambiguous!.entityType, id);
  for (const c of row.match?.candidates ?? []) if ((c.entityType === 'contact' || c.entityType === 'lead') && c.band !== 'none') add(c.entityType, c.id);
  return list.slice(0, 5);
}

/**
 * What commit will do with the batch as decided so far: records created and field updates
 * proposed, over every row (merge candidates by their decision; undecided ones counted apart).
 */
export async function commitTotals(db: Kysely<CrmDatabase>, batchId: string): Promise<{ leads: number; contacts: number; opportunities: number; fieldUpdates: number; undecided: number }> {
  const { rows } = await sql<{ leads: number; contacts: number; opportunities: number; field_updates: number; undecided: number }>`
    with effective as (
      select route, decision,
        case when route = 'merge_candidate' then
          case decision when 'merge' then coalesce(decision_plan, plan->'onMerge')
            when 'create_new' then case when staged_route is not null then plan else plan->'onCreateNew' end end
        when decision = 'attach' then decision_plan
        else plan end as p
      from batch_rows where batch_id = ${batchId} and route not in ('duplicate_in_file', 'suppressed', 'rejected')
    )
    select count(*) filter (where p ? 'createLead')::int as leads, count(*) filter (where p ? 'createContact')::int as contacts,
      count(*) filter (where p ? 'createOpportunity')::int as opportunities,
      coalesce(sum(jsonb_array_length(coalesce(p->'update'->'fields', '[]'::jsonb))), 0)::int as field_updates,
      count(*) filter (where route = 'merge_candidate' and decision is null)::int as undecided
    from effective`.execute(db);
  const r = rows[0];
  return { leads: r.leads, contacts: r.contacts, opportunities: r.opportunities, fieldUpdates: r.field_updates, undecided: r.undecided };
}

/** The CRM records merge candidates point at (contacts with their account's name as company), keyed "contact:ID" / "lead:ID". */
export async function loadCandidateRecords(db: Kysely<CrmDatabase>, rows: StagedRow[]): Promise<Map<string, CandidateRecord>> {
  const refs = rows.flatMap((r) => closeCandidatesOf(r));
  const contactIds = [...new Set(refs.filter((c) => c.entityType === 'contact').map((c) => c.id))];
  const leadIds = [...new Set(refs.filter((c) => c.entityType === 'lead').map((c) => c.id))];
  const found = new Map<string, CandidateRecord>();
  const fieldNames = ['first_name', 'last_name', 'email', 'phone', 'mobile', 'title', 'company', 'street', 'city', 'state', 'postal_code', 'country'];
  const pick = (r: Record<string, unknown>) => Object.fromEntries(fieldNames.map((f) => [f, (r[f] as string | null) ?? null]));
  if (contactIds.length) {
    const { rows: contacts } = await sql<Record<string, unknown>>`
      select c.*, a.name as company from contacts c left join accounts a on a.id = c.account_id
      where c.id = any(${contactIds}::text[])`.execute(db);
    for (const c of contacts) found.set(`contact:${c.id}`, { entityType: 'contact', id: c.id as string, fields: pick(c), doNotContact: Boolean(c.do_not_contact) });
  }
  if (leadIds.length) {
    const { rows: leads } = await sql<Record<string, unknown>>`select * from leads where id = any(${leadIds}::text[])`.execute(db);
    for (const l of leads) found.set(`lead:${l.id}`, { entityType: 'lead', id: l.id as string, fields: pick(l), doNotContact: Boolean(l.do_not_contact) });
  }
  return found;
}
