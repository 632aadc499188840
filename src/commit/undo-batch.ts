import { sql, type Transaction } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import type { CrmDatabase } from '../db/schema.js';
import { UserError } from '../errors.js';
import { countOf, formatCount, formatDuration } from '../plain-words.js';
import { loggedTables, quoteIdent, readTableColumns, type LoggedTable } from './crm-tables.js';
import { lockBatch } from './commit-batch.js';

export interface UndoOptions {
  /** undo what can be undone when later changes touched the same records: only fields still holding this batch's values */
  force?: boolean;
  wait?: boolean;
  log?: (message: string) => void;
}

export interface UndoConflict {
  entityType: LoggedTable['entityType'];
  entityId: string;
  /** in words: "changed by batch B2", "changed outside listgate", "has opportunity O1 of batch B2" */
  why: string;
}

export interface UndoSummary {
  batchId: string;
  outcome: 'undone' | 'already_undone';
  /** records the batch created, now deleted, by entity type */
  deleted: Record<string, number>;
  /** records the batch updated, now back to their exact earlier contents */
  restored: Record<string, number>;
  /** --force: records changed later; only fields still holding this batch's values were restored */
  partlyRestored: number;
  /** --force: records the batch created that later changes depend on; they are kept */
  kept: UndoConflict[];
  seconds: number;
}

/** Where a change_log entry's record is: its table's row with the same key. */
function joinOn(table: LoggedTable): string {
  if (table.table === 'campaign_responses') return `t.id = u.entity_id::bigint`;
  if (table.keyColumns.length === 1) return `t.id = u.entity_id`;
  return table.keyColumns.map((k) => `t.${quoteIdent(k)} = coalesce(u.after, u.before)->>'${k}'`).join(' and ');
}

/**
 * Restores the state before a batch's commit, in one transaction, from its change log: created
 * records are deleted, updated records get their exact earlier contents (updated_at too), vendor
 * record ids go back. When later changes touched the same records it refuses and names them;
 * with force it keeps those and restores only the fields still holding this batch's values.
 */
export async function undoBatch(crm: CrmConnection, batchId: string, options: UndoOptions = {}): Promise<UndoSummary> {
  const startedAt = Date.now();
  const summary = await crm.withLock('commit', { wait: options.wait ?? true }, () =>
    crm.db.transaction().execute((trx) => undoInTransaction(trx, batchId, options)));
  summary.seconds = (Date.now() - startedAt) / 1000;
  return summary;
}

async function undoInTransaction(trx: Transaction<CrmDatabase>, batchId: string, options: UndoOptions): Promise<UndoSummary> {
  const log = options.log ?? (() => {});
  await sql`set local timezone = 'UTC'`.execute(trx);
  const batch = await lockBatch(trx, batchId);
  const summary: UndoSummary = { batchId, outcome: 'undone', deleted: {}, restored: {}, partlyRestored: 0, kept: [], seconds: 0 };
  if (batch.status === 'undone') return { ...summary, outcome: 'already_undone' };
  if (batch.status !== 'committed') throw new UserError(`batch ${batchId} is ${batch.status}, not committed: there is nothing to undo`);

  log(`batch ${batchId}: reading the change log`);
  // per record: the state before its first change and after its last change in this batch
  await sql`create temp table lg_undo on commit drop as
    select f.entity_type, f.entity_id, f.before, l.after, l.id as last_id
    from (select entity_type, entity_id, min(id) as first_id, max(id) as last_id from change_log
          where batch_id = ${batchId} group by entity_type, entity_id) g
    join change_log f on f.id = g.first_id
    join change_log l on l.id = g.last_id`.execute(trx);
  await sql`create index on lg_undo (entity_type, entity_id)`.execute(trx);
  await sql`analyze lg_undo`.execute(trx);

  log(`batch ${batchId}: looking for later changes to the batch's records`);
  const conflicts = await findConflicts(trx, batchId);
  log(`batch ${batchId}:   ${countOf(conflicts.length, 'record')} changed since the commit`);
  if (conflicts.length && !options.force) {
    const named = conflicts.slice(0, 10).map((c) => `${c.entityType.replace('_', ' ')} ${c.entityId} (${c.why})`).join(', ');
    throw new UserError(`cannot undo batch ${batchId}: ${countOf(conflicts.length, 'record')} changed since it was committed: ${named}` +
      `${conflicts.length > 10 ? ', ...' : ''}; undo the later batches first, or run 'listgate undo ${batchId} --force' ` +
      `to undo only the fields still holding this batch's values`);
  }
  await sql`create temp table lg_undo_conflicts (entity_type text, entity_id text, primary key (entity_type, entity_id)) on commit drop`.execute(trx);
  if (conflicts.length) {
    await sql`insert into lg_undo_conflicts
      select distinct x."entityType", x."entityId" from jsonb_to_recordset(${JSON.stringify(conflicts)}::jsonb) as x("entityType" text, "entityId" text)`.execute(trx);
  }

  const columns = await readTableColumns(trx);
  for (const table of loggedTables) {
    const startedAt = Date.now();
    log(`batch ${batchId}: undoing ${undoneWhat[table.entityType].plural}`);
    // "(...) is true": an equality the planner cannot hash on. As a hash key, to_jsonb(t) was
    // computed for every record of the table, not only for the batch's.
    const unchanged = `u.entity_type = '${table.entityType}' and ${joinOn(table)} and (to_jsonb(t) = u.after) is true
      and not exists (select 1 from lg_undo_conflicts k where k.entity_type = u.entity_type and k.entity_id = u.entity_id)`;
    const deleted = await sql`delete from ${sql.table(table.table)} t using lg_undo u
      where u.before is null and ${sql.raw(unchanged)}`.execute(trx);
    summary.deleted[table.entityType] = Number(deleted.numAffectedRows ?? 0);

    const assignments = columns[table.table].map((c) => `${quoteIdent(c)} = r.${quoteIdent(c)}`).join(', ');
    const restored = await sql`update ${sql.table(table.table)} t set ${sql.raw(assignments)}
      from lg_undo u cross join lateral jsonb_populate_record(null::${sql.table(table.table)}, u.before) r
      where u.before is not null and u.after is not null and ${sql.raw(unchanged)}`.execute(trx);
    summary.restored[table.entityType] = Number(restored.numAffectedRows ?? 0);

    if (options.force) summary.partlyRestored += await restoreFieldsStillOurs(trx, table, columns[table.table]);
    const what = undoneWhat[table.entityType];
    log(`batch ${batchId}:   ${countOf(summary.deleted[table.entityType], what.one, what.plural)} deleted, ${formatCount(summary.restored[table.entityType])} restored (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  }
  summary.kept = conflicts.filter((c) => c.why.startsWith('has ') || c.why.includes('created'));

  await trx.updateTable('batch_rows').set({ applied: false }).where('batch_id', '=', batchId).execute();
  await trx.updateTable('import_batches').set({ status: 'undone', undone_at: sql<Date>`now()` as any }).where('id', '=', batchId).execute();
  return summary;
}

/**
 * Records whose current contents are not what this batch left (a later batch or someone in the
 * CRM changed them), and created records other records now depend on.
 */
async function findConflicts(trx: Transaction<CrmDatabase>, batchId: string): Promise<UndoConflict[]> {
  const conflicts: UndoConflict[] = [];
  for (const table of loggedTables) {
    const { rows } = await sql<{ entity_id: string; gone: boolean; created: boolean; later: string | null }>`
      select u.entity_id, t.${sql.raw(quoteIdent(table.keyColumns[0]))} is null as gone, u.before is null as created,
        (select string_agg(distinct l.batch_id, ', ') from change_log l join import_batches b on b.id = l.batch_id
          where l.entity_type = u.entity_type and l.entity_id = u.entity_id and l.id > u.last_id
            and l.batch_id <> ${batchId} and b.status = 'committed') as later
      from lg_undo u left join ${sql.table(table.table)} t on ${sql.raw(joinOn(table))}
      where u.entity_type = ${table.entityType} and u.after is not null
        and (t.${sql.raw(quoteIdent(table.keyColumns[0]))} is null or to_jsonb(t) is distinct from u.after)
      order by u.entity_id`.execute(trx);
    for (const row of rows) {
      if (row.gone && row.created) continue; // created by this batch and already deleted since: nothing to undo
      const by = row.later ? `by batch ${row.later}` : 'outside listgate';
      conflicts.push({
        entityType: table.entityType, entityId: row.entity_id,
        why: row.gone ? `deleted since, ${by}` : `${row.created ? 'created by this batch, ' : ''}changed ${by}`,
      });
    }
  }
  const dependents = await sql<{ entity_type: LoggedTable['entityType']; entity_id: string; what: string }>`
    with created as (
      select entity_type, entity_id from lg_undo where before is null and entity_type in ('contact', 'lead')
    ), refs as (
      select c.entity_type, c.entity_id, 'opportunity' as kind, o.id as id, o.created_batch_id as batch
        from opportunities o join created c on c.entity_type = 'contact' and o.contact_id = c.entity_id
      union all
      select c.entity_type, c.entity_id, 'opportunity', o.id, o.created_batch_id
        from opportunities o join created c on c.entity_type = 'lead' and o.lead_id = c.entity_id
      union all
      select c.entity_type, c.entity_id, 'vendor_record_id', v.vendor || '/' || v.list || '/' || v.vendor_record_id, v.last_seen_batch
        from vendor_record_ids v join created c on v.entity_type = c.entity_type and v.entity_id = c.entity_id
      union all
      select c.entity_type, c.entity_id, 'campaign_response', r.id::text, r.batch_id
        from campaign_responses r join created c on r.entity_type = c.entity_type and r.entity_id = c.entity_id
    )
    select d.entity_type, d.entity_id,
      string_agg(replace(d.kind, '_', ' ') || ' ' || d.id || coalesce(' of batch ' || d.batch, ''), ', ' order by d.kind, d.id) as what
    from refs d
    where not exists (select 1 from lg_undo mine where mine.entity_type = d.kind and mine.entity_id = d.id)
    group by d.entity_type, d.entity_id
    order by d.entity_id`.execute(trx);
  for (const row of dependents.rows) conflicts.push({ entityType: row.entity_type, entityId: row.entity_id, why: `has ${row.what}` });
  return conflicts;
}

/** --force on a record changed later: each field this batch changed goes back only if it still holds this batch's value. */
async function restoreFieldsStillOurs(trx: Transaction<CrmDatabase>, table: LoggedTable, columns: string[]): Promise<number> {
  const { rows } = await sql<{ entity_id: string; current: Record<string, unknown>; before: Record<string, unknown>; after: Record<string, unknown> }>`
    select u.entity_id, to_jsonb(t) as current, u.before, u.after
    from lg_undo u join lg_undo_conflicts k on k.entity_type = u.entity_type and k.entity_id = u.entity_id
    join ${sql.table(table.table)} t on ${sql.raw(joinOn(table))}
    where u.entity_type = ${table.entityType} and u.before is not null and u.after is not null`.execute(trx);
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const patched = rows.flatMap(({ current, before, after }) => {
    const next = { ...current };
    let changed = false;
    for (const column of columns) {
      if (same(before[column], after[column]) || !same(current[column], after[column])) continue;
      next[column] = before[column];
      changed = true;
    }
    return changed ? [next] : [];
  });
  if (!patched.length) return 0;
  const assignments = columns.map((c) => `${quoteIdent(c)} = r.${quoteIdent(c)}`).join(', ');
  const where = table.keyColumns.map((k) => `t.${quoteIdent(k)} = r.${quoteIdent(k)}`).join(' and ');
  const result = await sql`update ${sql.table(table.table)} t set ${sql.raw(assignments)}
    from jsonb_populate_recordset(null::${sql.table(table.table)}, ${JSON.stringify(patched)}::jsonb) r
    where ${sql.raw(where)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** The records of each logged table in the domain's words, for progress and the summary. */
const undoneWhat: Record<LoggedTable['entityType'], { one: string; plural: string }> = {
  campaign_response: { one: 'campaign response', plural: 'campaign responses' },
  vendor_record_id: { one: 'vendor record id', plural: 'vendor record ids' },
  opportunity: { one: 'Opportunity', plural: 'Opportunities' },
  contact: { one: 'Contact', plural: 'Contacts' },
  lead: { one: 'Lead', plural: 'Leads' },
};

export function formatUndoSummary(s: UndoSummary): string {
  if (s.outcome === 'already_undone') return `batch ${s.batchId} is already undone; nothing changed`;
  const list = (counts: Record<string, number>) =>
    Object.entries(counts).filter(([, n]) => n).map(([type, n]) => countOf(n, undoneWhat[type as LoggedTable['entityType']]?.one ?? type, undoneWhat[type as LoggedTable['entityType']]?.plural)).join(', ') || 'nothing';
  return [
    `batch ${s.batchId} undone in ${formatDuration(s.seconds)}`,
    `  deleted: ${list(s.deleted)}`,
    `  restored: ${list(s.restored)}`,
    ...(s.partlyRestored ? [`  partly restored (changed later; only fields still holding this batch's values): ${s.partlyRestored}`] : []),
    ...(s.kept.length ? [`  kept (later changes depend on them): ${s.kept.map((k) => `${k.entityType} ${k.entityId} (${k.why})`).join(', ')}`] : []),
  ].join('\n');
}
