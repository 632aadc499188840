import { sql, type Transaction } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import { UserError } from '../errors.js';
import { countOf } from '../plain-words.js';

/**
 * A plan is made at stage time and goes stale while the batch waits for review: another batch may
 * commit the same people in between (two overlapping lists staged before either is committed), or
 * an undo may remove a record the plan updates or hangs an Opportunity on. Both are refused here,
 * inside the commit's transaction (commits are serialized by the commit lock), before anything is
 * written, with the rows named and what to do: staging the file again plans against the CRM as it is.
 */
export async function refuseStalePlans(trx: Transaction<CrmDatabase>, batchId: string, stagingStarted: Date): Promise<void> {
  await refuseMissingReferences(trx, batchId);
  await refuseCreationsMadeMeanwhile(trx, batchId, stagingStarted);
}

/** Records a plan points at (an update's record, an Opportunity's Contact, an Account) must still exist. */
async function refuseMissingReferences(trx: Transaction<CrmDatabase>, batchId: string): Promise<void> {
  const { rows } = await sql<{ source_row: number; entity_type: string; id: string; total: number }>`
    with refs as (
      select source_row, plan->'update'->>'entityType' as entity_type, plan->'update'->>'entityId' as id from lg_commit_rows where plan ? 'update'
      union all
      select source_row, 'account', plan->'createLead'->'values'->>'account_id' from lg_commit_rows where plan ? 'createLead'
      union all
      select source_row, 'account', plan->'createContact'->'values'->>'account_id' from lg_commit_rows where plan ? 'createContact'
      union all
      select source_row, 'account', plan->'createOpportunity'->'values'->>'account_id' from lg_commit_rows where plan ? 'createOpportunity'
      union all
      select source_row, 'contact', plan->'createOpportunity'->'values'->>'contact_id' from lg_commit_rows where plan ? 'createOpportunity'
      union all
      select source_row, 'lead', plan->'createOpportunity'->'values'->>'lead_id' from lg_commit_rows where plan ? 'createOpportunity'
    ), created_here as (
      select plan->'createContact'->>'id' as id from lg_commit_rows where plan ? 'createContact'
      union all
      select plan->'createLead'->>'id' from lg_commit_rows where plan ? 'createLead'
    ), missing as (
      select r.* from refs r
      where r.id is not null
        and not (r.entity_type = 'account' and exists (select 1 from accounts a where a.id = r.id))
        and not (r.entity_type = 'contact' and exists (select 1 from contacts c where c.id = r.id))
        and not (r.entity_type = 'lead' and exists (select 1 from leads l where l.id = r.id))
        and not exists (select 1 from created_here h where h.id = r.id)
    )
    select source_row, entity_type, id, (select count(distinct source_row) from missing)::int as total
    from missing order by source_row limit 1`.execute(trx);
  if (!rows.length) return;
  const { source_row, entity_type, id, total } = rows[0];
  throw new UserError(`batch ${batchId} row ${source_row}: ${entity_type} ${id} no longer exists in the CRM (an undo removed it since the batch was staged)` +
    `${total > 1 ? `; so do the records of ${countOf(total - 1, 'more row')}` : ''}; stage the file again`);
}

/**
 * Leads and Contacts this batch would create, against those other batches created since this one
 * began staging, on the keys the stage blocks on, made strict: the same email key, or the same
 * first and last name keys with the same phone, mobile, company key or Account.
 */
async function refuseCreationsMadeMeanwhile(trx: Transaction<CrmDatabase>, batchId: string, stagingStarted: Date): Promise<void> {
  const meanwhile = await sql<{ n: number }>`select count(*)::int as n from import_batches
    where id <> ${batchId} and status = 'committed' and committed_at >= ${stagingStarted}`.execute(trx);
  if (!meanwhile.rows[0].n) return;
  await sql`create temp table lg_created_meanwhile on commit drop as
    select 'lead'::text as entity_type, id, created_batch_id, email_key, first_name_key, last_name_key, phone_e164, mobile_e164, company_key, account_id
    from leads where created_batch_id in (select id from import_batches where id <> ${batchId} and status = 'committed' and committed_at >= ${stagingStarted})
    union all
    select 'contact', id, created_batch_id, email_key, first_name_key, last_name_key, phone_e164, mobile_e164, null, account_id
    from contacts where created_batch_id in (select id from import_batches where id <> ${batchId} and status = 'committed' and committed_at >= ${stagingStarted})`.execute(trx);
  const { rows } = await sql<{ source_row: number; entity_type: string; id: string; created_batch_id: string; same: string; rows: number[]; total: number }>`
    with planned as (
      select source_row, plan->'createLead'->'values' as v from lg_commit_rows where plan ? 'createLead'
      union all
      select source_row, plan->'createContact'->'values' from lg_commit_rows where plan ? 'createContact'
    ), clashes as (
      select p.source_row, m.entity_type, m.id, m.created_batch_id, 'email' as same
      from planned p join lg_created_meanwhile m on m.email_key = p.v->>'email_key'
      union all
      select p.source_row, m.entity_type, m.id, m.created_batch_id, 'name and phone, company or account'
      from planned p join lg_created_meanwhile m
        on m.first_name_key = p.v->>'first_name_key' and m.last_name_key = p.v->>'last_name_key'
       and (m.phone_e164 = p.v->>'phone_e164' or m.mobile_e164 = p.v->>'mobile_e164'
         or m.company_key = p.v->>'company_key' or m.account_id = p.v->>'account_id')
    ), first as (
      select distinct on (source_row) * from clashes order by source_row, same
    )
    select f.*, (select array_agg(source_row order by source_row) from (select source_row from first order by source_row limit 10) s) as rows,
      (select count(*)::int from first) as total
    from first f order by source_row limit 1`.execute(trx);
  if (!rows.length) return;
  const clash = rows[0];
  throw new UserError(`batch ${batchId}: ${countOf(clash.total, 'row')} would create people that batch ${clash.created_batch_id} created after this batch was staged ` +
    `(rows ${clash.rows.join(', ')}${clash.total > clash.rows.length ? ', ...' : ''}; row ${clash.source_row}: ${clash.entity_type} ${clash.id}, same ${clash.same}); ` +
    `nothing was committed: stage the file again, and it will match them`);
}
