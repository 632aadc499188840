import { sql, type Kysely } from 'kysely';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrmDatabase } from '../db/schema.js';
import { writeCsv, type ReportColumn } from './table-files.js';

/** Anything holding a Kysely handle on the CRM: a CrmConnection, or `{ db: trx }` inside a transaction. */
export interface CrmHandle { db: Kysely<CrmDatabase> }

export interface VendorMatch { entityType: 'contact' | 'lead'; id: string }

/**
 * Rows of a staged batch whose vendor record id is already kept for this vendor list, with the
 * Contact or Lead it is kept on (refresh: these match before any other matcher runs). One join
 * of batch_rows.vendor_record_id against vendor_record_ids; ids pointing at records that no
 * longer exist are ignored.
 */
export async function findVendorMatches(crm: CrmHandle, batchId: string, vendor: string, list: string): Promise<Map<number, VendorMatch>> {
  const { rows } = await sql<{ source_row: number; entity_type: 'contact' | 'lead'; entity_id: string }>`
    select br.source_row, v.entity_type, v.entity_id
    from batch_rows br
    join vendor_record_ids v on v.vendor = ${vendor} and v.list = ${list} and v.vendor_record_id = br.vendor_record_id
    where br.batch_id = ${batchId} and br.vendor_record_id is not null
      and ((v.entity_type = 'contact' and exists (select 1 from contacts c where c.id = v.entity_id))
        or (v.entity_type = 'lead' and exists (select 1 from leads l where l.id = v.entity_id)))`.execute(crm.db);
  return new Map(rows.map((r) => [r.source_row, { entityType: r.entity_type, id: r.entity_id }]));
}

/**
 * The same lookup for vendor record ids not yet written to batch_rows (a stage that matches
 * chunk by chunk before it stores rows): vendor record id -> record.
 */
export async function findVendorRecords(crm: CrmHandle, vendor: string, list: string, vendorRecordIds: string[]): Promise<Map<string, VendorMatch>> {
  const ids = [...new Set(vendorRecordIds.filter(Boolean))];
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ vendor_record_id: string; entity_type: 'contact' | 'lead'; entity_id: string }>`
    select v.vendor_record_id, v.entity_type, v.entity_id
    from unnest(${ids}::text[]) as wanted(id)
    join vendor_record_ids v on v.vendor = ${vendor} and v.list = ${list} and v.vendor_record_id = wanted.id
    where (v.entity_type = 'contact' and exists (select 1 from contacts c where c.id = v.entity_id))
       or (v.entity_type = 'lead' and exists (select 1 from leads l where l.id = v.entity_id))`.execute(crm.db);
  return new Map(rows.map((r) => [r.vendor_record_id, { entityType: r.entity_type, id: r.entity_id }]));
}

/** A record the vendor delivered before whose id is missing from this delivery. Refresh never deletes it. */
export interface DroppedRecord {
  vendor: string;
  list: string;
  vendorRecordId: string;
  entityType: 'contact' | 'lead';
  entityId: string;
  name: string;
  email: string | null;
  company: string | null;
  firstSeenBatch: string | null;
  lastSeenBatch: string | null;
  lastSeenAt: string;
}

/**
 * Records whose vendor record id for this vendor list is absent from the batch: the vendor
 * dropped them from the list. Listed in the batch report (dropped_from_list.csv), never deleted.
 */
export async function droppedFromList(crm: CrmHandle, batchId: string, vendor: string, list: string): Promise<DroppedRecord[]> {
  const { rows } = await sql<{
    vendor_record_id: string; entity_type: 'contact' | 'lead'; entity_id: string;
    first_name: string | null; last_name: string | null; email: string | null; company: string | null;
    first_seen_batch: string | null; last_seen_batch: string | null; last_seen_at: Date | string;
  }>`
    select v.vendor_record_id, v.entity_type, v.entity_id, v.first_seen_batch, v.last_seen_batch, v.last_seen_at,
      coalesce(c.first_name, l.first_name) as first_name, coalesce(c.last_name, l.last_name) as last_name,
      coalesce(c.email, l.email) as email, coalesce(a.name, l.company) as company
    from vendor_record_ids v
    left join contacts c on v.entity_type = 'contact' and c.id = v.entity_id
    left join accounts a on a.id = c.account_id
    left join leads l on v.entity_type = 'lead' and l.id = v.entity_id
    where v.vendor = ${vendor} and v.list = ${list}
      and not exists (select 1 from batch_rows br where br.batch_id = ${batchId} and br.vendor_record_id = v.vendor_record_id)
    order by v.vendor_record_id`.execute(crm.db);
  return rows.map((r) => ({
    vendor, list,
    vendorRecordId: r.vendor_record_id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    name: [r.first_name, r.last_name].filter(Boolean).join(' '),
    email: r.email,
    company: r.company,
    firstSeenBatch: r.first_seen_batch,
    lastSeenBatch: r.last_seen_batch,
    lastSeenAt: new Date(r.last_seen_at).toISOString(),
  }));
}

const droppedColumns: ReportColumn<DroppedRecord>[] = [
  { header: 'vendor', value: (r) => r.vendor },
  { header: 'list', value: (r) => r.list },
  { header: 'vendor_record_id', value: (r) => r.vendorRecordId },
  { header: 'entity_type', value: (r) => r.entityType },
  { header: 'entity_id', value: (r) => r.entityId },
  { header: 'name', value: (r) => r.name },
  { header: 'email', value: (r) => r.email },
  { header: 'company', value: (r) => r.company },
  { header: 'first_seen_batch', value: (r) => r.firstSeenBatch },
  { header: 'last_seen_batch', value: (r) => r.lastSeenBatch },
  { header: 'last_seen_at', value: (r) => r.lastSeenAt },
];

/**
 * Writes dropped_from_list.csv into a batch's report directory and adds the count to its
 * summary.json (when one exists there), so the report shows who the vendor stopped delivering.
 */
export function writeDroppedFromList(reportDir: string, dropped: DroppedRecord[]): string {
  const path = join(reportDir, 'dropped_from_list.csv');
  writeCsv(path, droppedColumns, dropped);
  const summaryPath = join(reportDir, 'summary.json');
  if (existsSync(summaryPath)) {
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as Record<string, unknown>;
    summary.dropped_from_list = dropped.length;
    writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + '\n');
  }
  return path;
}
