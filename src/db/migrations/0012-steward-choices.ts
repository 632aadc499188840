import { sql, type Kysely } from 'kysely';

/**
 * What a steward chose beyond merge / create_new / skip: the record a merge goes into (any
 * candidate that came close, or a record searched for when a routed row is corrected), which
 * value survives field by field, and the plan commit applies for that choice. Every decision
 * is also appended to steward_decision_log (who, when, what it replaced), so the review screen
 * can undo the last one and an audit can replay them.
 *
 * reason_key groups rows that share a reason for bulk decisions: the first reason up to its
 * colon, digits blanked ("too close to call between Contacts CON-####, CON-####"). Stored, as
 * computing it over a 100,000-row batch on every page of the review screen took 1.3 s in PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table batch_rows
    add column decision_target jsonb,
    add column field_choices jsonb,
    add column decision_plan jsonb,
    add column staged_route text,
    add column reason_key text generated always as
      (translate(split_part(split_part(coalesce(reasons, ''), ' | ', 1), ': ', 1), '0123456789', '##########')) stored`.execute(db);
  await sql`create table steward_decision_log (
    id bigserial primary key,
    batch_id text not null references import_batches(id) on delete cascade,
    source_row int not null,
    decision text,
    target jsonb,
    field_choices jsonb,
    previous jsonb,
    decided_by text not null,
    decided_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index steward_decision_log_batch on steward_decision_log (batch_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table steward_decision_log`.execute(db);
  await sql`alter table batch_rows drop column decision_target, drop column field_choices, drop column decision_plan, drop column staged_route, drop column reason_key`.execute(db);
}
