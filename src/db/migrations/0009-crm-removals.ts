import { sql, type Kysely } from 'kysely';

/**
 * crm_removals: each Contact or Lead a purge or an erasure deleted or anonymized in listgate's
 * copy, by CRM id, so `listgate export` can write the same removal for the CRM. It keeps no
 * personal data (the id, what was done, why, and the batches that had created or changed the
 * record: their change log is scrubbed by the removal).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table crm_removals (
    id bigserial primary key,
    entity_type text not null,
    entity_id text not null,
    action text not null,
    reason text not null,
    batch_ids jsonb not null default '[]'::jsonb,
    removed_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index crm_removals_entity on crm_removals (entity_type, entity_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists crm_removals`.execute(db);
}
