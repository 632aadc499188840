import { sql, type Transaction } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import type { CrmDatabase, ImportBatch } from '../db/schema.js';
import type { FieldUpdate } from '../types.js';
import { ExitCode, UserError } from '../errors.js';
import { countOf, formatCount, formatDuration } from '../plain-words.js';
import { phaseLog } from '../progress.js';
import { quoteIdent, readTableColumns, type TableColumns } from './crm-tables.js';
import { surviveFieldUpdates } from './survivorship.js';
import { recomputeKeyColumns } from './record-keys.js';
import { refuseStalePlans } from './stale-plans.js';

export type UndecidedPolicy = 'skip' | 'create_new';

export interface CommitOptions {
  /** what undecided merge candidates do; without it commit refuses while any is undecided */
  undecided?: UndecidedPolicy;
  /** wait for another commit or undo to end (default), or fail at once with BusyError */
  wait?: boolean;
  /** one line per phase, for the CLI */
  log?: (message: string) => void;
}

export interface CommitSummary {
  batchId: string;
  outcome: 'committed' | 'already_committed';
  rowsApplied: number;
  created: { leads: number; contacts: number; opportunities: number };
  updated: { contacts: number; leads: number };
  /** proposed field values the CRM's current values won over (survivorship) */
  fieldsKept: number;
  campaignResponses: number;
  vendorRecordIds: { added: number; refreshed: number };
  decisions: { merge: number; create_new: number; skip: number; undecided: number };
  /** what the undecided merge candidates did (--undecided), when any was undecided */
  undecidedPolicy?: UndecidedPolicy;
  seconds: number;
}

/** Routes whose rows never write anything, whatever their plan says. */
const inertRoutes = ['duplicate_in_file', 'suppressed', 'rejected'];

const createSteps = [
  { planKey: 'createLead', table: 'leads', entityType: 'lead', record: 'Lead' },
  { planKey: 'createContact', table: 'contacts', entityType: 'contact', record: 'Contact' },
  { planKey: 'createOpportunity', table: 'opportunities', entityType: 'opportunity', record: 'Opportunity' },
] as const;

/**
 * Applies a staged batch to the CRM in ONE transaction: creates the planned Leads, Contacts and
 * Opportunities, updates matched records by the survivorship rules, records campaign responses
 * and vendor record ids, and writes the change log undo needs. A crash leaves the batch either
 * fully applied or untouched; committing a committed batch changes nothing.
 */
export async function commitBatch(crm: CrmConnection, batchId: string, options: CommitOptions = {}): Promise<CommitSummary> {
  const startedAt = Date.now();
  const summary = await crm.withLock('commit', { wait: options.wait ?? true }, () =>
    crm.db.transaction().execute((trx) => commitInTransaction(trx, batchId, options)));
  summary.seconds = (Date.now() - startedAt) / 1000;
  return summary;
}

export async function lockBatch(trx: Transaction<CrmDatabase>, batchId: string): Promise<ImportBatch> {
  const batch = await trx.selectFrom('import_batches').selectAll().where('id', '=', batchId).forUpdate().executeTakeFirst();
  if (!batch) throw new UserError(`no batch ${batchId}; 'listgate batches' lists them`);
  return batch;
}

async function commitInTransaction(trx: Transaction<CrmDatabase>, batchId: string, options: CommitOptions): Promise<CommitSummary> {
  const log = options.log ?? (() => {});
  await sql`set local timezone = 'UTC'`.execute(trx);
  const batch = await lockBatch(trx, batchId);
  const summary = emptySummary(batchId);
  summary.decisions = await decisionCounts(trx, batchId);
  if (summary.decisions.undecided > 0) summary.undecidedPolicy = options.undecided;
  if (batch.status === 'committed') return { ...summary, outcome: 'already_committed' };
  if (batch.status === 'undone') throw new UserError(`batch ${batchId} was undone; stage the file again to import it`);
  if (batch.status !== 'staged') throw new UserError(`batch ${batchId} is ${batch.status}, not staged; stage the file again`);

  if (summary.decisions.undecided > 0 && !options.undecided) {
    const rows = await trx.selectFrom('batch_rows').select('source_row')
      .where('batch_id', '=', batchId).where('route', '=', 'merge_candidate').where('decision', 'is', null)
      .orderBy('source_row').limit(10).execute();
    throw new UserError(
      `batch ${batchId} has ${countOf(summary.decisions.undecided, 'undecided merge candidate')} (rows ${rows.map((r) => r.source_row).join(', ')}${summary.decisions.undecided > rows.length ? ', ...' : ''}); ` +
      `decide them with 'listgate review ${batchId}', or commit with --undecided skip|create_new`, ExitCode.needsReview);
  }

  const columns = await readTableColumns(trx);
  // each phase is one statement: say what it works on, then what it did and how long it took
  const phases = phaseLog(options.log, `batch ${batchId}: `);
  await phases.phase(`planning ${countOf(batch.row_count, 'row')}`, async () => {
    await collectEffectivePlans(trx, batchId, options.undecided ?? null);
    await checkPlans(trx, batchId, columns);
    await refuseStalePlans(trx, batchId, batch.created_at);
  }, () => 'planned');

  for (const step of createSteps) {
    summary.created[step.table] = await phases.phase(`creating ${step.record === 'Opportunity' ? 'Opportunities' : `${step.record}s`}`,
      () => createRecords(trx, batchId, columns[step.table], step), (n) => `${countOf(n, step.record, step.record === 'Opportunity' ? 'Opportunities' : undefined)} created`);
  }
  const config = (batch.pipeline_config ?? {}) as Record<string, unknown>;
  const defaultCountry = typeof config.default_country === 'string' ? config.default_country : 'US';
  const updates = await phases.phase('updating matched Contacts and Leads',
    () => updateRecords(trx, batchId, columns, config.source_is_newer === true, defaultCountry),
    (u) => `${countOf(u.updated.contacts, 'Contact')} and ${countOf(u.updated.leads, 'Lead')} updated`);
  summary.updated = updates.updated;
  summary.fieldsKept = updates.fieldsKept;
  summary.campaignResponses = await phases.phase('recording campaign responses',
    () => recordCampaignResponses(trx, batchId, batch.file), (n) => `${countOf(n, 'campaign response')} recorded`);
  summary.vendorRecordIds = await phases.phase('keeping vendor record ids',
    () => keepVendorRecordIds(trx, batchId), (v) => `vendor record ids: ${formatCount(v.added)} added, ${formatCount(v.refreshed)} refreshed`);

  const applied = await sql`update batch_rows set applied = true
    where batch_id = ${batchId} and source_row in (select source_row from lg_commit_rows)`.execute(trx);
  summary.rowsApplied = Number(applied.numAffectedRows ?? 0);
  await trx.updateTable('import_batches').set({ status: 'committed', committed_at: sql<Date>`now()` as any }).where('id', '=', batchId).execute();
  log(`batch ${batchId}: committing the transaction`);
  return summary;
}

function emptySummary(batchId: string): CommitSummary {
  return {
    batchId, outcome: 'committed', rowsApplied: 0,
    created: { leads: 0, contacts: 0, opportunities: 0 }, updated: { contacts: 0, leads: 0 }, fieldsKept: 0,
    campaignResponses: 0, vendorRecordIds: { added: 0, refreshed: 0 },
    decisions: { merge: 0, create_new: 0, skip: 0, undecided: 0 }, seconds: 0,
  };
}

async function decisionCounts(trx: Transaction<CrmDatabase>, batchId: string): Promise<CommitSummary['decisions']> {
  const { rows } = await sql<{ decision: string | null; n: number }>`
    select decision, count(*)::int as n from batch_rows
    where batch_id = ${batchId} and route = 'merge_candidate' group by decision`.execute(trx);
  const counts = { merge: 0, create_new: 0, skip: 0, undecided: 0 };
  for (const { decision, n } of rows) counts[(decision ?? 'undecided') as keyof typeof counts] += n;
  return counts;
}

/**
 * lg_commit_rows: each row's plan as the steward's decision makes it (merge -> onMerge,
 * create_new -> onCreateNew, skip -> nothing), only for rows that write something.
 */
async function collectEffectivePlans(trx: Transaction<CrmDatabase>, batchId: string, undecided: UndecidedPolicy | null): Promise<void> {
  await sql`create temp table lg_commit_rows on commit drop as
    select br.source_row, br.route, br.contact_id, br.lead_id, br.normalized,
      case when br.route = 'merge_candidate' then coalesce(br.decision, ${undecided}::text) end as decision,
      case when br.route = 'merge_candidate' then
        case coalesce(br.decision, ${undecided}::text)
          -- a steward's merge into another record, or with chosen field values, was planned when decided
          when 'merge' then coalesce(br.decision_plan, br.plan->'onMerge')
          -- a row a steward took over from its staged route: create_new does what staging planned
          when 'create_new' then case when br.staged_route is not null then br.plan else br.plan->'onCreateNew' end
        end
      when br.decision = 'attach' then br.decision_plan
      else br.plan end as plan
    from batch_rows br
    where br.batch_id = ${batchId} and br.plan is not null and br.route not in (${sql.join(inertRoutes.map((r) => sql.lit(r)))})`.execute(trx);
  const missing = await sql<{ source_row: number; decision: string }>`
    select source_row, decision from lg_commit_rows
    where decision in ('merge', 'create_new') and (plan is null or jsonb_typeof(plan) <> 'object') order by source_row limit 5`.execute(trx);
  if (missing.rows.length) {
    const { source_row, decision } = missing.rows[0];
    throw new UserError(`batch ${batchId} row ${source_row}: the staged plan says nothing about what '${decision}' does; stage the file again`);
  }
  await sql`delete from lg_commit_rows where plan is null or jsonb_typeof(plan) <> 'object'`.execute(trx);
  await sql`create index on lg_commit_rows (source_row)`.execute(trx);
  await sql`analyze lg_commit_rows`.execute(trx);
}

/** Plans must name real columns, and records to create must not exist yet (a crash or a re-run would otherwise collide). */
async function checkPlans(trx: Transaction<CrmDatabase>, batchId: string, columns: TableColumns): Promise<void> {
  for (const step of createSteps) {
    const keys = await sql<{ key: string }>`
      select distinct k as key from lg_commit_rows c, jsonb_object_keys(c.plan->${sql.lit(step.planKey)}->'values') k
      where c.plan ? ${sql.lit(step.planKey)}`.execute(trx);
    const unknown = keys.rows.map((r) => r.key).filter((k) => !columns[step.table].includes(k));
    if (unknown.length) throw new Error(`batch ${batchId}: planned ${step.table} name unknown columns: ${unknown.join(', ')}`);

    const taken = await sql<{ source_row: number; id: string; other_row: number | null }>`
      select c.source_row, c.plan->${sql.lit(step.planKey)}->>'id' as id, null::int as other_row
      from lg_commit_rows c join ${sql.table(step.table)} t on t.id = c.plan->${sql.lit(step.planKey)}->>'id'
      where c.plan ? ${sql.lit(step.planKey)}
      union all
      select min(c.source_row), c.plan->${sql.lit(step.planKey)}->>'id', max(c.source_row)
      from lg_commit_rows c where c.plan ? ${sql.lit(step.planKey)}
      group by c.plan->${sql.lit(step.planKey)}->>'id' having count(*) > 1
      limit 5`.execute(trx);
    if (taken.rows.length) {
      const { source_row, id, other_row } = taken.rows[0];
      throw new UserError(other_row
        ? `batch ${batchId}: rows ${source_row} and ${other_row} both plan to create ${step.entityType} ${id}; stage the file again`
        : `batch ${batchId} row ${source_row}: ${step.entityType} ${id} already exists in the CRM; stage the file again`);
    }
  }
}

/** Inserts the planned records of one table in one statement, logging each full new row. */
async function createRecords(
  trx: Transaction<CrmDatabase>, batchId: string, columns: string[],
  step: (typeof createSteps)[number],
): Promise<number> {
  const defaults: Record<string, unknown> = { origin: 'listgate', extra: {}, do_not_contact: false, name: '' };
  for (const key of Object.keys(defaults)) if (!columns.includes(key)) delete defaults[key];
  const list = columns.map(quoteIdent).join(', ');
  const fromRecord = columns.map((c) => `r.${quoteIdent(c)}`).join(', ');
  const result = await sql`
    with ins as (
      insert into ${sql.table(step.table)} (${sql.raw(list)})
      select ${sql.raw(fromRecord)}
      from lg_commit_rows c
      cross join lateral jsonb_populate_record(null::${sql.table(step.table)},
        ${JSON.stringify(defaults)}::jsonb
        || jsonb_build_object('created_at', now(), 'updated_at', now())
        || (c.plan->${sql.lit(step.planKey)}->'values')
        || jsonb_build_object('id', c.plan->${sql.lit(step.planKey)}->>'id', 'created_batch_id', ${batchId}::text)) r
      where c.plan ? ${sql.lit(step.planKey)}
      order by c.source_row
      returning *
    )
    insert into change_log (batch_id, entity_type, entity_id, operation, before, after)
    select ${batchId}, ${step.entityType}, ins.id, 'insert', null, to_jsonb(ins) from ins`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

interface PlannedUpdate {
  source_row: number;
  update: { entityType: 'contact' | 'lead'; entityId: string; fields: FieldUpdate[] };
}

const updateChunk = 5000;

/**
 * Field updates are judged against each record's current values (locked for the transaction),
 * in row order when several rows touch one record; key columns are recomputed from the result.
 */
async function updateRecords(
  trx: Transaction<CrmDatabase>, batchId: string, columns: TableColumns, sourceIsNewer: boolean, defaultCountry: string,
): Promise<{ updated: CommitSummary['updated']; fieldsKept: number }> {
  const { rows } = await sql<PlannedUpdate>`
    select source_row, plan->'update' as update from lg_commit_rows
    where plan ? 'update' and jsonb_array_length(coalesce(plan->'update'->'fields', '[]'::jsonb)) > 0
    order by source_row`.execute(trx);
  const updated = { contacts: 0, leads: 0 };
  let fieldsKept = 0;
  for (const entityType of ['contact', 'lead'] as const) {
    const table = entityType === 'contact' ? 'contacts' : 'leads';
    const planned = rows.filter((r) => r.update.entityType === entityType);
    if (!planned.length) continue;
    const ids = [...new Set(planned.map((r) => r.update.entityId))];
    const current = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < ids.length; i += updateChunk) {
      const found = await sql<{ row: Record<string, unknown> }>`
        select to_jsonb(t) as row from ${sql.table(table)} t
        where t.id in (select jsonb_array_elements_text(${JSON.stringify(ids.slice(i, i + updateChunk))}::jsonb))
        order by t.id for update of t`.execute(trx);
      for (const { row } of found.rows) current.set(row.id as string, row);
    }
    const gone = planned.filter((r) => !current.has(r.update.entityId));
    if (gone.length) {
      throw new UserError(`batch ${batchId} row ${gone[0].source_row}: ${entityType} ${gone[0].update.entityId} no longer exists in the CRM` +
        `${gone.length > 1 ? ` (and ${gone.length - 1} more row(s))` : ''}; stage the file again`);
    }

    const next = new Map<string, Record<string, unknown>>();
    for (const { update } of planned) {
      const record = next.get(update.entityId) ?? current.get(update.entityId)!;
      const { changes, decisions } = surviveFieldUpdates(record, update.fields, { sourceIsNewer });
      fieldsKept += decisions.filter((d) => d.outcome === 'kept').length;
      const unknown = Object.keys(changes).filter((field) => !columns[table].includes(field));
      if (unknown.length) throw new Error(`batch ${batchId}: planned ${table} update names unknown columns: ${unknown.join(', ')}`);
      if (!Object.keys(changes).length) continue;
      const merged = { ...record, ...changes };
      next.set(update.entityId, { ...merged, ...recomputeKeyColumns(entityType, merged, Object.keys(changes), columns[table], defaultCountry) });
    }
    const changed = [...next.entries()].map(([id, values]) => ({ before: current.get(id)!, next: values }));
    const assignments = columns[table]
      .filter((c) => !['id', 'created_at', 'created_batch_id', 'origin', 'updated_at'].includes(c))
      .map((c) => `${quoteIdent(c)} = i.${quoteIdent(c)}`).concat(['updated_at = now()']).join(', ');
    for (let i = 0; i < changed.length; i += updateChunk) {
      const result = await sql`
        with input as (
          select x.before, r.* from jsonb_to_recordset(${JSON.stringify(changed.slice(i, i + updateChunk))}::jsonb) as x(before jsonb, next jsonb)
          cross join lateral jsonb_populate_record(null::${sql.table(table)}, x.next) r
        ), upd as (
          update ${sql.table(table)} t set ${sql.raw(assignments)} from input i where t.id = i.id returning t.*
        )
        insert into change_log (batch_id, entity_type, entity_id, operation, before, after)
        select ${batchId}, ${entityType}, upd.id, 'update', i.before, to_jsonb(upd) from upd join input i on i.id = upd.id`.execute(trx);
      updated[table] += Number(result.numAffectedRows ?? 0);
    }
  }
  return { updated, fieldsKept };
}

async function recordCampaignResponses(trx: Transaction<CrmDatabase>, batchId: string, file: string): Promise<number> {
  const result = await sql`
    with ins as (
      insert into campaign_responses (entity_type, entity_id, campaign, kind, responded_at, email, phone, vendor, list, vendor_record_id, source_file, batch_id)
      select cr->>'entityType', cr->>'entityId', cr->>'campaign', coalesce(cr->>'kind', 'response'), now(),
        coalesce(c.normalized->>'email', c.normalized->'person'->>'email'),
        coalesce(c.normalized->>'phone', c.normalized->'person'->>'phone'),
        v->>'vendor', v->>'list', v->>'vendorRecordId', ${file}, ${batchId}
      from lg_commit_rows c cross join lateral (select c.plan->'campaignResponse' as cr, c.plan->'vendorRecord' as v) x
      where c.plan ? 'campaignResponse'
      order by c.source_row
      returning *
    )
    insert into change_log (batch_id, entity_type, entity_id, operation, before, after)
    select ${batchId}, 'campaign_response', ins.id::text, 'insert', null, to_jsonb(ins) from ins`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * (vendor, list, vendor_record_id) on every record the batch created or touched; an id seen
 * before keeps its first_seen_batch and moves last_seen_batch to this batch.
 */
async function keepVendorRecordIds(trx: Transaction<CrmDatabase>, batchId: string): Promise<CommitSummary['vendorRecordIds']> {
  // A later occurrence of someone in the file (duplicate_in_file) keeps its vendor id too, on the
  // record its first occurrence created or was matched to: the vendor's two ids are one person.
  await sql`create temp table lg_vendor_ids on commit drop as
    with row_records as (
      select c.source_row, c.plan->'vendorRecord' as v,
        coalesce(c.plan->'vendorRecord'->>'entityType',
          case when c.plan ? 'createContact' then 'contact' when c.plan ? 'createLead' then 'lead'
               when c.plan ? 'update' then c.plan->'update'->>'entityType'
               when c.contact_id is not null then 'contact' when c.lead_id is not null then 'lead' end) as entity_type,
        coalesce(c.plan->'vendorRecord'->>'entityId', c.plan->'createContact'->>'id', c.plan->'createLead'->>'id',
          c.plan->'update'->>'entityId', c.contact_id, c.lead_id) as entity_id
      from lg_commit_rows c
    ), own as (
      select source_row, v->>'vendor' as vendor, v->>'list' as list, v->>'vendorRecordId' as vendor_record_id, entity_type, entity_id
      from row_records where v is not null and coalesce(v->>'vendorRecordId', '') <> ''
    ), later_occurrences as (
      select d.source_row, b.vendor, b.list, d.vendor_record_id, r.entity_type, r.entity_id
      from batch_rows d join import_batches b on b.id = d.batch_id join row_records r on r.source_row = d.duplicate_of_row
      where d.batch_id = ${batchId} and d.route = 'duplicate_in_file' and coalesce(d.vendor_record_id, '') <> ''
        and b.vendor is not null and b.list is not null and r.entity_id is not null and r.entity_type is not null
    )
    select distinct on (vendor, list, vendor_record_id) source_row, vendor, list, vendor_record_id, entity_type, entity_id
    from (select * from own union all select * from later_occurrences) s
    order by vendor, list, vendor_record_id, source_row desc`.execute(trx);
  const orphan = await sql<{ source_row: number }>`select source_row from lg_vendor_ids where entity_id is null or entity_type is null limit 1`.execute(trx);
  if (orphan.rows.length) throw new Error(`batch ${batchId} row ${orphan.rows[0].source_row}: a vendor record id with no record to keep it on`);
  // ids seen before: point them at this record and this batch (first_seen stays), logging the earlier row
  const refreshed = await sql`
    with prev as (
      select v.* from vendor_record_ids v join lg_vendor_ids s using (vendor, list, vendor_record_id)
    ), upd as (
      update vendor_record_ids v set entity_type = s.entity_type, entity_id = s.entity_id,
        last_seen_batch = ${batchId}, last_seen_at = now()
      from lg_vendor_ids s
      where v.vendor = s.vendor and v.list = s.list and v.vendor_record_id = s.vendor_record_id
      returning v.*
    )
    insert into change_log (batch_id, entity_type, entity_id, operation, before, after)
    select ${batchId}, 'vendor_record_id', upd.vendor || '/' || upd.list || '/' || upd.vendor_record_id, 'update', to_jsonb(prev), to_jsonb(upd)
    from upd join prev on prev.vendor = upd.vendor and prev.list = upd.list and prev.vendor_record_id = upd.vendor_record_id`.execute(trx);
  // new ids: plain inserts (cheaper than an upsert for the many new ones)
  const added = await sql`
    with ins as (
      insert into vendor_record_ids (vendor, list, vendor_record_id, entity_type, entity_id, first_seen_batch, last_seen_batch, first_seen_at, last_seen_at)
      select s.vendor, s.list, s.vendor_record_id, s.entity_type, s.entity_id, ${batchId}, ${batchId}, now(), now() from lg_vendor_ids s
      where not exists (select 1 from vendor_record_ids v where v.vendor = s.vendor and v.list = s.list and v.vendor_record_id = s.vendor_record_id)
      returning *
    )
    insert into change_log (batch_id, entity_type, entity_id, operation, before, after)
    select ${batchId}, 'vendor_record_id', ins.vendor || '/' || ins.list || '/' || ins.vendor_record_id, 'insert', null, to_jsonb(ins) from ins`.execute(trx);
  return { added: Number(added.numAffectedRows ?? 0), refreshed: Number(refreshed.numAffectedRows ?? 0) };
}

/** The summary in a few lines for the terminal. */
export function formatCommitSummary(s: CommitSummary): string {
  if (s.outcome === 'already_committed') return `batch ${s.batchId} is already committed; nothing changed`;
  const d = s.decisions;
  return [
    `batch ${s.batchId} committed in ${formatDuration(s.seconds)}: ${countOf(s.rowsApplied, 'row')} applied`,
    `  created: ${countOf(s.created.leads, 'Lead')}, ${countOf(s.created.contacts, 'Contact')}, ${countOf(s.created.opportunities, 'Opportunity', 'Opportunities')}`,
    `  updated: ${countOf(s.updated.contacts, 'Contact')}, ${countOf(s.updated.leads, 'Lead')}${s.fieldsKept ? `; ${countOf(s.fieldsKept, 'proposed value')} not taken (the CRM value is kept)` : ''}`,
    `  campaign responses: ${formatCount(s.campaignResponses)}; vendor record ids: ${formatCount(s.vendorRecordIds.added)} added, ${formatCount(s.vendorRecordIds.refreshed)} refreshed`,
    ...(d.merge + d.create_new + d.skip + d.undecided ? [`  merge candidates: ${formatCount(d.merge)} merged, ${formatCount(d.create_new)} created new, ${formatCount(d.skip)} skipped` +
      (d.undecided ? `, ${formatCount(d.undecided)} undecided ${s.undecidedPolicy === 'create_new' ? 'created new' : 'skipped'} (--undecided ${s.undecidedPolicy ?? 'skip'})` : '')] : []),
    `  undo with: listgate undo ${s.batchId}`,
  ].join('\n');
}
