import { sql, type Transaction } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import type { Progress } from '../progress.js';

/** delete: the record is gone; anonymize: the record stays (counts, links) without personal data. */
export type RemovalMode = 'delete' | 'anonymize';
export const removalModes = ['delete', 'anonymize'] as const;

export interface PersonRef { entityType: 'contact' | 'lead'; entityId: string }

export interface RemovalOptions {
  /** purge: the list's staged rows carrying these vendor record ids are scrubbed too */
  scrubBatchRowsOf?: { vendor: string; list?: string; vendorRecordIds: string[] };
  /** erase: staged rows with these email match keys are scrubbed too, whatever batch they are in */
  scrubBatchRowsByEmailKey?: string[];
  /** erase: the person's campaign responses are deleted (purge only removes people who have none) */
  deleteResponses?: boolean;
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
  let done = 0;
  for (let start = 0; start < persons.length; start += chunkSize) {
    const chunk = persons.slice(start, start + chunkSize);
    const contactIds = chunk.filter((p) => p.entityType === 'contact').map((p) => p.entityId);
    const leadIds = chunk.filter((p) => p.entityType === 'lead').map((p) => p.entityId);
    await scrubBatchRowsOfRecords(trx, contactIds, leadIds);
    if (options.deleteResponses) {
      await sql`
        with gone as (
          delete from campaign_responses
          where (entity_type = 'contact' and entity_id = any(${contactIds}::text[])) or (entity_type = 'lead' and entity_id = any(${leadIds}::text[]))
          returning id::text as id)
        delete from change_log where entity_type = 'campaign_response' and entity_id in (select id from gone)`.execute(trx);
    }
    await sql`delete from change_log
      where (entity_type = 'contact' and entity_id = any(${contactIds}::text[])) or (entity_type = 'lead' and entity_id = any(${leadIds}::text[]))`.execute(trx);
    if (mode === 'delete') {
      await sql`delete from contacts where id = any(${contactIds}::text[])`.execute(trx);
      await sql`delete from leads where id = any(${leadIds}::text[])`.execute(trx);
    } else {
      const blank = (columns: string[]) => sql.raw(columns.map((c) => `${c} = null`).join(', '));
      await sql`update contacts set ${blank(personalColumns)}, extra = '{}'::jsonb, do_not_contact = true, updated_at = now()
        where id = any(${contactIds}::text[])`.execute(trx);
      await sql`update leads set ${blank([...personalColumns, ...leadOnlyColumns])}, extra = '{}'::jsonb, do_not_contact = true, updated_at = now()
        where id = any(${leadIds}::text[])`.execute(trx);
    }
    done += chunk.length;
    options.progress?.update(done);
  }

  const byVendor = options.scrubBatchRowsOf;
  if (byVendor && byVendor.vendorRecordIds.length) {
    for (let start = 0; start < byVendor.vendorRecordIds.length; start += chunkSize) {
      const ids = byVendor.vendorRecordIds.slice(start, start + chunkSize);
      await sql`update batch_rows br set ${scrubbed}
        from import_batches b
        where b.id = br.batch_id and b.vendor = ${byVendor.vendor} and (${byVendor.list ?? null}::text is null or b.list = ${byVendor.list ?? null}::text)
          and br.vendor_record_id = any(${ids}::text[])`.execute(trx);
    }
  }
  const emailKeys = options.scrubBatchRowsByEmailKey?.filter(Boolean) ?? [];
  if (emailKeys.length) {
    await sql`update batch_rows set ${scrubbed} where email_key = any(${emailKeys}::text[])`.execute(trx);
  }
}

const scrubbed = sql.raw(`raw = '{}'::jsonb, normalized = '{}'::jsonb, issues = '[]'::jsonb, match = null, plan = null,
  email_key = null, corporate_domain = null, phone_e164 = null, mobile_e164 = null, first_initial = null,
  last_name_metaphone = null, company_key = null, company_acronym = null, website_domain = null,
  reasons = 'personal data removed (purge or erasure)'`);

/** Staged rows matched to the records (contact_id / lead_id) lose their personal data. */
async function scrubBatchRowsOfRecords(trx: Transaction<CrmDatabase>, contactIds: string[], leadIds: string[]): Promise<void> {
  if (contactIds.length) await sql`update batch_rows set ${scrubbed} where contact_id = any(${contactIds}::text[])`.execute(trx);
  if (leadIds.length) await sql`update batch_rows set ${scrubbed} where lead_id = any(${leadIds}::text[])`.execute(trx);
}
