import { sql } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import type { BatchStatus } from '../db/schema.js';
import { UserError } from '../errors.js';

export type PersonEntity = 'lead' | 'contact';
export type RecordEntity = PersonEntity | 'opportunity';

/** A record the batch created, with the values it was created with (listgate's column names). */
export interface CreatedRecord {
  entity: RecordEntity;
  id: string;
  values: Record<string, unknown>;
  /** another Contact or Lead with the same email (a role address two people share): CRMs that match contacts by email would merge them */
  emailSharedWith?: string;
}

/** One field of a record: the value before and after. */
export interface FieldChange { old: unknown; new: unknown }

/** Fields of an existing record the batch changed (first value before the batch -> last value after it). */
export interface UpdatedRecord { entity: PersonEntity; id: string; fields: Record<string, FieldChange> }

/** A campaign response the batch recorded on a Lead or Contact. */
export interface CampaignResponseRecord { entity: PersonEntity; id: string; campaign: string | null; kind: string; respondedAt: string }

/** The Contact a new Opportunity was created for (Salesforce: an OpportunityContactRole). */
export interface ContactRole { opportunityId: string; contactId: string }

/** A record to delete in the CRM, or to empty of personal data (anonymize). */
export interface RemovedRecord { entity: RecordEntity; id: string; mode: 'delete' | 'anonymize'; reason: string }

/**
 * What a committed batch did to listgate's copy of the CRM, read back from its change log: the
 * model every CRM's file writer turns into that CRM's import files.
 */
export interface BatchChanges {
  batchId: string;
  status: BatchStatus;
  /** the campaign the batch's list belongs to */
  campaign: string | null;
  /** YYYY-MM-DD: Opportunities' close date (pipeline opportunity.close_days after staging, default 90) */
  closeDate: string;
  created: CreatedRecord[];
  updated: UpdatedRecord[];
  campaignResponses: CampaignResponseRecord[];
  contactRoles: ContactRole[];
}

/** What carries an undo of the batch to the CRM: delete what it created, put back what it changed. */
export interface UndoChanges {
  batchId: string;
  deleted: RemovedRecord[];
  restored: UpdatedRecord[];
  /** campaign responses the CRM has as records of their own (CampaignMember): listgate does not know their CRM ids */
  campaignResponses: CampaignResponseRecord[];
}

/**
 * Columns that are listgate's own bookkeeping or match keys, never a CRM field: a change in them
 * follows a change in a real field (phone -> phone_e164) and is not exported.
 */
export const internalColumns = new Set([
  'id', 'extra', 'origin', 'created_batch_id', 'created_at', 'updated_at',
  'email_key', 'email_domain', 'corporate_domain', 'phone_e164', 'mobile_e164',
  'first_name_key', 'first_name_canonical', 'first_initial', 'last_name_key', 'last_name_metaphone',
  'company_key', 'company_acronym', 'website_domain', 'name_key', 'acronym_key',
]);

const defaultCloseDays = 90;

/** Reads what a committed (or undone) batch did from the change log. */
export async function readBatchChanges(crm: CrmConnection, batchId: string): Promise<BatchChanges> {
  const batch = await crm.db.selectFrom('import_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!batch) throw new UserError(`no batch ${batchId}; 'listgate batches' lists them`);
  if (batch.status !== 'committed' && batch.status !== 'undone') {
    throw new UserError(`batch ${batchId} is ${batch.status}: only a committed batch has changes to export; commit it first`);
  }
  const config = (batch.pipeline_config ?? {}) as { opportunity?: { close_days?: number } };
  const closeDays = typeof config.opportunity?.close_days === 'number' ? config.opportunity.close_days : defaultCloseDays;
  const staged = new Date(batch.staged_at ?? batch.created_at);
  staged.setUTCDate(staged.getUTCDate() + closeDays);

  // per record: the state before its first change and after its last change in this batch
  const { rows } = await sql<{ entity_type: string; entity_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>`
    select f.entity_type, f.entity_id, f.before, l.after
    from (select entity_type, entity_id, min(id) as first_id, max(id) as last_id from change_log
          where batch_id = ${batchId} and entity_type in ('lead', 'contact', 'opportunity', 'campaign_response')
          group by entity_type, entity_id) g
    join change_log f on f.id = g.first_id
    join change_log l on l.id = g.last_id
    order by g.first_id`.execute(crm.db);

  const changes: BatchChanges = {
    batchId, status: batch.status, campaign: batch.campaign, closeDate: staged.toISOString().slice(0, 10),
    created: [], updated: [], campaignResponses: [], contactRoles: [],
  };
  for (const row of rows) {
    if (row.entity_type === 'campaign_response') {
      const after = row.after ?? {};
      if (!after.entity_type || !after.entity_id) continue; // a response on no record (nothing the CRM could link)
      changes.campaignResponses.push({
        entity: after.entity_type as PersonEntity, id: String(after.entity_id),
        campaign: (after.campaign as string | null) ?? null, kind: String(after.kind ?? 'response'),
        respondedAt: String(after.responded_at ?? ''),
      });
      continue;
    }
    const entity = row.entity_type as RecordEntity;
    if (row.before === null && row.after) {
      changes.created.push({ entity, id: row.entity_id, values: exportedValues(row.after) });
      if (entity === 'opportunity' && row.after.contact_id) changes.contactRoles.push({ opportunityId: row.entity_id, contactId: String(row.after.contact_id) });
    } else if (row.before && row.after && entity !== 'opportunity') {
      const fields = changedFields(row.before, row.after);
      if (Object.keys(fields).length) changes.updated.push({ entity, id: row.entity_id, fields });
    }
  }
  await markSharedEmails(crm, changes.created);
  return changes;
}

/** Created people whose email another Contact or Lead already has (listgate kept them apart, e.g. a shared info@ address). */
async function markSharedEmails(crm: CrmConnection, created: CreatedRecord[]): Promise<void> {
  const people = created.filter((r) => (r.entity === 'contact' || r.entity === 'lead') && typeof r.values.email === 'string' && r.values.email);
  if (!people.length) return;
  const { rows } = await sql<{ id: string; other: string }>`
    with mine as (select * from jsonb_to_recordset(${JSON.stringify(people.map((p) => ({ id: p.id, email: String(p.values.email).toLowerCase() })))}::jsonb) as x(id text, email text)),
    everyone as (select id, lower(email) as email from contacts where email is not null union all select id, lower(email) from leads where email is not null)
    select m.id, min(e.id) as other from mine m join everyone e on e.email = m.email and e.id <> m.id group by m.id`.execute(crm.db);
  const other = new Map(rows.map((r) => [r.id, r.other]));
  for (const person of people) if (other.has(person.id)) person.emailSharedWith = other.get(person.id);
}

/** The undo of a batch as CRM changes: created records deleted (children first), updated fields put back. */
export function undoOf(changes: BatchChanges): UndoChanges {
  const order: RecordEntity[] = ['opportunity', 'contact', 'lead'];
  const deleted = changes.created
    .map((r) => ({ entity: r.entity, id: r.id, mode: 'delete' as const, reason: `undo of batch ${changes.batchId}` }))
    .sort((a, b) => order.indexOf(a.entity) - order.indexOf(b.entity));
  const restored = changes.updated.map((r) => ({
    ...r, fields: Object.fromEntries(Object.entries(r.fields).map(([field, change]) => [field, { old: change.new, new: change.old }])),
  }));
  return { batchId: changes.batchId, deleted, restored, campaignResponses: changes.campaignResponses };
}

function exportedValues(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !internalColumns.has(column)));
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, FieldChange> {
  const fields: Record<string, FieldChange> = {};
  for (const column of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (internalColumns.has(column)) continue;
    if (JSON.stringify(before[column] ?? null) !== JSON.stringify(after[column] ?? null)) fields[column] = { old: before[column] ?? null, new: after[column] ?? null };
  }
  return fields;
}

/**
 * Records purges and erasures removed from listgate's copy (crm_removals), so the same can be
 * done in the CRM: all of them, or those removed since a time, or those a batch created or changed.
 */
export async function readRemovals(crm: CrmConnection, options: { since?: Date; batchId?: string } = {}): Promise<RemovedRecord[]> {
  const { rows } = await sql<{ entity_type: string; entity_id: string; action: string; reason: string }>`
    select r.entity_type, r.entity_id, r.action, r.reason from crm_removals r
    where (${options.since ?? null}::timestamptz is null or r.removed_at >= ${options.since ?? null}::timestamptz)
      and (${options.batchId ?? null}::text is null or r.batch_ids @> jsonb_build_array(${options.batchId ?? null}::text))
    order by r.id`.execute(crm.db);
  const seen = new Map<string, RemovedRecord>();
  for (const row of rows) {
    // a record anonymized, then deleted: the delete is what the CRM needs
    seen.set(`${row.entity_type}/${row.entity_id}`, { entity: row.entity_type as RecordEntity, id: row.entity_id, mode: row.action === 'anonymize' ? 'anonymize' : 'delete', reason: row.reason });
  }
  return [...seen.values()];
}
