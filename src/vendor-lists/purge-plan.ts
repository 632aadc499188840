import { sql } from 'kysely';
import type { CrmHandle } from './refresh.js';

/** Which vendor lists a purge covers: one list, or every list of the vendor. */
export interface VendorScope { vendor: string; list?: string }

export type PurgeAction = 'purge' | 'keep';

/** One record carrying a vendor record id of the scope, and what purge does with it. */
export interface PurgeDecision {
  entityType: 'contact' | 'lead';
  entityId: string;
  /** the scope's vendor record ids on the record ("zoominfo/na-2026/ZI-1"), detached either way */
  vendorRecords: { vendor: string; list: string; vendorRecordId: string }[];
  name: string;
  email: string | null;
  company: string | null;
  origin: string;
  createdBatch: string | null;
  action: PurgeAction;
  /** why: for purge "only source is the list, never responded"; for keep every reason that holds */
  reasons: string[];
}

interface EvidenceRow {
  entity_type: 'contact' | 'lead';
  entity_id: string;
  vendor_records: { vendor: string; list: string; vendor_record_id: string }[];
  first_name: string | null; last_name: string | null; email: string | null; company: string | null;
  origin: string; created_batch_id: string | null; status: string | null;
  created_by_scope: boolean;
  other_vendor_ids: string | null;
  responses: string | null;
  opportunities: number;
  interest_batches: string | null;
  other_sources: string | null;
}

/** A Lead status that means the person engaged: Qualified, Converted, "Closed - Converted" (not Unqualified or Not Converted). */
export function isQualifiedStatus(status: string | null | undefined): boolean {
  const text = (status ?? '').toLowerCase();
  if (/\b(un|dis|not\s*-?\s*)qualified\b|\bnot\s*-?\s*converted\b|\bunconverted\b/.test(text)) return false;
  return /\b(qualified|converted)\b/.test(text);
}

/**
 * Classifies every Contact and Lead carrying a vendor record id of the scope. A record is
 * purged only when its only source is the vendor list (listgate created it from a batch of the
 * list, and no other vendor id is on it) and it never responded. Responded means any of: a
 * campaign response, an Opportunity, a Lead status like Qualified/Converted, being touched by
 * a committed interest list (badge scan, web form), or being updated by another source (a
 * committed batch of another pipeline or vendor list). One set-based query.
 */
export async function planPurge(crm: CrmHandle, scope: VendorScope): Promise<PurgeDecision[]> {
  const list = scope.list ?? null;
  const { rows } = await sql<EvidenceRow>`
    with params as (select ${scope.vendor}::text as vendor, ${list}::text as list),
    scoped as (
      select v.entity_type, v.entity_id,
        jsonb_agg(jsonb_build_object('vendor', v.vendor, 'list', v.list, 'vendor_record_id', v.vendor_record_id) order by v.list, v.vendor_record_id) as vendor_records
      from vendor_record_ids v, params p
      where v.vendor = p.vendor and (p.list is null or v.list = p.list) and v.entity_type in ('contact', 'lead')
      group by v.entity_type, v.entity_id
    ),
    people as (
      select s.entity_type, s.entity_id, s.vendor_records, c.first_name, c.last_name, c.email, a.name as company,
        c.origin, c.created_batch_id, null::text as status
      from scoped s join contacts c on s.entity_type = 'contact' and c.id = s.entity_id
      left join accounts a on a.id = c.account_id
      union all
      select s.entity_type, s.entity_id, s.vendor_records, l.first_name, l.last_name, l.email, l.company,
        l.origin, l.created_batch_id, l.status
      from scoped s join leads l on s.entity_type = 'lead' and l.id = s.entity_id
    ),
    other_ids as (
      select o.entity_type, o.entity_id, string_agg(distinct o.vendor || '/' || o.list, ', ') as other_vendor_ids
      from vendor_record_ids o join scoped s using (entity_type, entity_id), params p
      where not (o.vendor = p.vendor and (p.list is null or o.list = p.list))
      group by o.entity_type, o.entity_id
    ),
    responses as (
      select r.entity_type, r.entity_id, string_agg(distinct r.kind || coalesce(' (' || r.campaign || ')', ''), ', ') as responses
      from campaign_responses r join scoped s using (entity_type, entity_id)
      group by r.entity_type, r.entity_id
    ),
    opportunity_counts as (
      select 'contact' as entity_type, o.contact_id as entity_id, count(*)::int as opportunities
      from opportunities o join scoped s on s.entity_type = 'contact' and s.entity_id = o.contact_id group by o.contact_id
      union all
      select 'lead', o.lead_id, count(*)::int
      from opportunities o join scoped s on s.entity_type = 'lead' and s.entity_id = o.lead_id group by o.lead_id
    ),
    touches as (
      select cl.entity_type, cl.entity_id,
        string_agg(distinct case when b.intent = 'interest' then b.id || ' (' || b.pipeline || ')' end, ', ') as interest_batches,
        string_agg(distinct case when b.intent <> 'interest' and not coalesce(b.vendor = p.vendor and (p.list is null or b.list = p.list), false)
          then b.id || ' (' || b.pipeline || coalesce(', ' || b.vendor || '/' || b.list, '') || ')' end, ', ') as other_sources
      from change_log cl join scoped s using (entity_type, entity_id)
      join import_batches b on b.id = cl.batch_id and b.status = 'committed'
      cross join params p
      group by cl.entity_type, cl.entity_id
    ),
    interest_rows as (
      select x.entity_type, x.entity_id, string_agg(distinct x.batch, ', ') as interest_batches
      from (
        select 'contact' as entity_type, br.contact_id as entity_id, b.id || ' (' || b.pipeline || ')' as batch
        from batch_rows br join import_batches b on b.id = br.batch_id and b.intent = 'interest' and b.status = 'committed'
        where br.applied and br.contact_id is not null
        union all
        select 'lead', br.lead_id, b.id || ' (' || b.pipeline || ')'
        from batch_rows br join import_batches b on b.id = br.batch_id and b.intent = 'interest' and b.status = 'committed'
        where br.applied and br.lead_id is not null
      ) x join scoped s using (entity_type, entity_id)
      group by x.entity_type, x.entity_id
    )
    select pe.entity_type, pe.entity_id, pe.vendor_records, pe.first_name, pe.last_name, pe.email, pe.company,
      pe.origin, pe.created_batch_id, pe.status,
      coalesce(cb.vendor = p.vendor and (p.list is null or cb.list = p.list), false) as created_by_scope,
      oi.other_vendor_ids, r.responses, coalesce(oc.opportunities, 0) as opportunities,
      nullif(concat_ws(', ', t.interest_batches, ir.interest_batches), '') as interest_batches, t.other_sources
    from people pe cross join params p
    left join import_batches cb on cb.id = pe.created_batch_id
    left join other_ids oi on oi.entity_type = pe.entity_type and oi.entity_id = pe.entity_id
    left join responses r on r.entity_type = pe.entity_type and r.entity_id = pe.entity_id
    left join opportunity_counts oc on oc.entity_type = pe.entity_type and oc.entity_id = pe.entity_id
    left join touches t on t.entity_type = pe.entity_type and t.entity_id = pe.entity_id
    left join interest_rows ir on ir.entity_type = pe.entity_type and ir.entity_id = pe.entity_id
    order by pe.entity_type, pe.entity_id`.execute(crm.db);
  return rows.map(decide);
}

function decide(row: EvidenceRow): PurgeDecision {
  const keep: string[] = [];
  if (row.origin !== 'listgate') keep.push(`came from the CRM (origin ${row.origin}), not from the list`);
  else if (!row.created_by_scope) keep.push(`created by batch ${row.created_batch_id ?? '(unknown)'}, not by a batch of this vendor list`);
  if (row.other_vendor_ids) keep.push(`also delivered by ${row.other_vendor_ids}`);
  if (row.responses) keep.push(`responded: ${row.responses}`);
  if (row.opportunities > 0) keep.push(`has ${row.opportunities} Opportunit${row.opportunities === 1 ? 'y' : 'ies'}`);
  if (isQualifiedStatus(row.status)) keep.push(`Lead status ${row.status}`);
  if (row.interest_batches) keep.push(`appeared in interest list batch ${row.interest_batches}`);
  if (row.other_sources) keep.push(`updated by another source: batch ${row.other_sources}`);
  const vendorRecords = row.vendor_records.map((v) => ({ vendor: v.vendor, list: v.list, vendorRecordId: v.vendor_record_id }));
  return {
    entityType: row.entity_type,
    entityId: row.entity_id,
    vendorRecords,
    name: [row.first_name, row.last_name].filter(Boolean).join(' '),
    email: row.email,
    company: row.company,
    origin: row.origin,
    createdBatch: row.created_batch_id,
    action: keep.length ? 'keep' : 'purge',
    reasons: keep.length
      ? [...keep, 'the vendor record id is detached']
      : ['only source is the vendor list (created from it, no other vendor id, never updated by another source)', 'never responded (no response, Opportunity, qualified status or interest list)'],
  };
}
