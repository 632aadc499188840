import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import type { Progress } from '../progress.js';
import type { RemovalMode } from './removal-modes.js';

export interface PersonRef { entityType: 'contact' | 'lead'; entityId: string }

export interface RemovalOptions {
  /** purge: the list's staged rows carrying these vendor record ids are scrubbed too */
  scrubBatchRowsOf?: { vendor: string; list?: string; vendorRecordIds: string[] };
  /** erase: staged rows with these email match keys are scrubbed too, whatever batch they are in */
  scrubBatchRowsByEmailKey?: string[];
  /** erase: the person's campaign responses are deleted (purge only removes people who have none) */
  deleteResponses?: boolean;
  /** why, as crm_removals records it for `listgate export` (default: purge) */
  reason?: 'purge' | 'erase';
  progress?: Progress;
}

const chunkSize = 5000;

const personalColumns = [
  'first_name', 'last_name', 'email', 'secondary_email', 'phone', 'mobile', 'title',
  'street', 'city', 'state', 'postal_code', 'country',
  'email_key', 'email_domain', 'corporate_domain', 'phone_e164', 'mobile_e164',
  'first_name_key', 'first_name_canonical', 'first_initial', 'last_name_key', 'last_name_metaphone',
];
const leadOnlyColumns = ['company', 'website', 'company_key', 'company_acronym', 'website_domain'];

/**
 * Removes people's personal data from the CRM and from listgate's own tables, inside the
 * caller's transaction: the records are deleted or anonymized (personal columns emptied,
 * do_not_contact set), their change-log entries (which hold before/after copies) are deleted,
 * and the staged rows that carried them lose raw and normalized values. Set-based, in chunks.
 */
export async function removePersons(trx: Transaction<CrmDatabase>, persons: PersonRef[], mode: RemovalMode, options: RemovalOptions = {}): Promise<void> {
  await sql`create temp table if not exists lg_removed (entity_type text not null, entity_id text not null) on commit drop`.execute(trx);
  await sql`truncate lg_removed`.execute(trx);
  for (let start = 0; start < persons.length; start += chunkSize) {
    const chunk = persons.slice(start, start + chunkSize);
    await sql`insert into lg_removed select * from unnest(${chunk.map((p) => p.entityType)}::text[], ${chunk.map((p) => p.entityId)}::text[])`.execute(trx);
  }
  await sql`analyze lg_removed`.execute(trx);
  options.progress?.update(Math.floor(persons.length / 4));

  await scrubBatchRows(trx, sql`from lg_removed r where r.entity_type = 'contact' and br.contact_id = r.entity_id`);
  await scrubBatchRows(trx, sql`from lg_removed r where r.entity_type = 'lead' and br.lead_id = r.entity_id`);
  if (options.deleteResponses) {
    await sql`
      with gone as (
        delete from campaign_responses c using lg_removed r
        where c.entity_type = r.entity_type and c.entity_id = r.entity_id
        returning c.id::text as id)
      delete from change_log where entity_type = 'campaign_response' and entity_id in (select id from gone)`.execute(trx);
  }
  // the CRM needs the same removal: kept by id (no personal data), with the batches whose change log goes next
  await sql`insert into crm_removals (entity_type, entity_id, action, reason, batch_ids)
    select r.entity_type, r.entity_id, ${mode}, ${options.reason ?? 'purge'},
      coalesce((select jsonb_agg(distinct c.batch_id) from change_log c where c.entity_type = r.entity_type and c.entity_id = r.entity_id), '[]'::jsonb)
    from lg_removed r`.execute(trx);
  await sql`delete from change_log c using lg_removed r where c.entity_type = r.entity_type and c.entity_id = r.entity_id`.execute(trx);
  options.progress?.update(Math.floor(persons.length / 2));
  if (mode === 'delete') {
    await sql`delete from contacts c using lg_removed r where r.entity_type = 'contact' and c.id = r.entity_id`.execute(trx);
    await sql`delete from leads l using lg_removed r where r.entity_type = 'lead' and l.id = r.entity_id`.execute(trx);
  } else {
    const blank = (columns: string[]) => sql.raw(columns.map((c) => `${c} = null`).join(', '));
    await sql`update contacts c set ${blank(personalColumns)}, extra = '{}'::jsonb, do_not_contact = true, updated_at = now()
      from lg_removed r where r.entity_type = 'contact' and c.id = r.entity_id`.execute(trx);
    await sql`update leads l set ${blank([...personalColumns, ...leadOnlyColumns])}, extra = '{}'::jsonb, do_not_contact = true, updated_at = now()
      from lg_removed r where r.entity_type = 'lead' and l.id = r.entity_id`.execute(trx);
  }
  options.progress?.update(Math.floor((persons.length * 3) / 4));

  const byVendor = options.scrubBatchRowsOf;
  if (byVendor && byVendor.vendorRecordIds.length) {
    for (let start = 0; start < byVendor.vendorRecordIds.length; start += chunkSize * 4) {
      const ids = byVendor.vendorRecordIds.slice(start, start + chunkSize * 4);
      await scrubBatchRows(trx, sql`
        from import_batches b, unnest(${ids}::text[]) as v(id)
        where b.id = br.batch_id and b.vendor = ${byVendor.vendor} and (${byVendor.list ?? null}::text is null or b.list = ${byVendor.list ?? null}::text)
          and br.vendor_record_id = v.id`);
    }
  }
  const emailKeys = options.scrubBatchRowsByEmailKey?.filter(Boolean) ?? [];
  if (emailKeys.length) {
    await scrubBatchRows(trx, sql`where br.email_key = any(${emailKeys}::text[])`);
  }
  options.progress?.update(persons.length);
}

/**
 * Empties the personal data of the staged rows `fromWhere` picks (as batch_rows br), and of their
 * match keys in batch_row_keys.
 */
async function scrubBatchRows(trx: Transaction<CrmDatabase>, fromWhere: RawBuilder<unknown>): Promise<void> {
  await sql`
    with scrubbed as (update batch_rows br set ${scrubbed} ${fromWhere} returning br.batch_id, br.source_row)
    update batch_row_keys k set ${scrubbedKeys}
    from scrubbed s where k.batch_id = s.batch_id and k.source_row = s.source_row`.execute(trx);
}

const scrubbedKeys = sql.raw(`person = '{}'::jsonb, email_key = null, corporate_domain = null, phone_e164 = null, mobile_e164 = null,
  first_initial = null, last_name_metaphone = null, company_key = null, company_acronym = null, website_domain = null`);

const scrubbed = sql.raw(`raw = '{}'::json, normalized = '{}'::jsonb, issues = '[]'::json, match = null, plan = null,
  email_key = null, corporate_domain = null, phone_e164 = null, mobile_e164 = null, first_initial = null,
  last_name_metaphone = null, company_key = null, company_acronym = null, website_domain = null,
  reasons = 'personal data removed (purge or erasure)'`);
