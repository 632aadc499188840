import { sql, type Transaction } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import type { CrmDatabase } from '../db/schema.js';
import type { CrmFileKind } from './crm-files.js';
import { listgateColumns } from './crm-layout.js';
import { entityOfKind, type SnapshotPlan } from './snapshot-plan.js';
import { contactKeyColumns, leadKeyColumns } from './record-keys.js';

type PersonEntity = 'contact' | 'lead';

export interface PendingUpdate {
  batchId: string;
  entityType: PersonEntity;
  entityId: string;
  field: string;
  /** the value listgate committed */
  value: string | null;
  /** the value the export has */
  crmValue: string | null;
}

export interface TieBackResult {
  /** listgate ids replaced by the CRM's, by entity type */
  replaced: Partial<Record<'account' | 'contact' | 'lead' | 'opportunity', number>>;
  /** records committed batches created that the export does not have yet (they keep their LG- id) */
  notInCrm: { batchId: string; count: number; byEntity: Record<string, number> }[];
  /** committed field updates the export still shows the old value of: listgate's value is kept */
  pending: PendingUpdate[];
  /** committed field updates the CRM has since changed to a third value: the CRM's value is loaded */
  overridden: PendingUpdate[];
}

const tables = { account: 'accounts', contact: 'contacts', lead: 'leads', opportunity: 'opportunities' } as const;
type Entity = keyof typeof tables;

/** Columns that point at a record of each table, rewritten when its id changes. */
const referencesTo: Record<Entity, { table: string; column: string }[]> = {
  account: [{ table: 'contacts', column: 'account_id' }, { table: 'leads', column: 'account_id' }, { table: 'opportunities', column: 'account_id' },
    { table: 'batch_rows', column: 'account_id' }],
  contact: [{ table: 'opportunities', column: 'contact_id' }, { table: 'batch_rows', column: 'contact_id' }],
  lead: [{ table: 'opportunities', column: 'lead_id' }, { table: 'batch_rows', column: 'lead_id' }],
  opportunity: [],
};

const isListgateId = (id: string) => /^LG-/.test(id);

/**
 * After a CRM export is loaded: the records listgate created (LG-... ids) that the export carries in
 * its external id column take the CRM's id everywhere (the record itself, references to it,
 * vendor record ids, the change log, staged rows and their plans, campaign responses), so no
 * record exists twice. Records of committed batches the export lacks are kept and counted, and
 * committed field updates the export does not show yet are kept and listed, never reverted
 * silently. The purge log keys on vendor record ids, not on CRM ids, so it needs no change.
 */
export async function tieBack(
  crm: CrmConnection, snapshot: SnapshotPlan, externalIds: Map<CrmFileKind, Map<string, string>>, defaultCountry: string,
): Promise<TieBackResult> {
  const result: TieBackResult = { replaced: {}, notInCrm: [], pending: [], overridden: [] };
  const loaded = new Set(snapshot.files.map((f) => entityOfKind[f.kind]));
  const pairs: { entity: Entity; lg: string; crm: string }[] = [];
  for (const [kind, map] of externalIds) {
    const entity = entityOfKind[kind] as Entity;
    for (const [lg, crmId] of map) if (isListgateId(lg) && crmId && lg !== crmId) pairs.push({ entity, lg, crm: crmId });
  }
  const fromCrm = snapshot.layout.name !== 'listgate';
  if (!pairs.length && !fromCrm) return result;

  await crm.db.transaction().execute(async (trx) => {
    if (pairs.length) await replaceIds(trx, pairs, result);
    if (!fromCrm) return;
    await listNotInCrm(trx, loaded, result);
    for (const entity of ['contact', 'lead'] as const) {
      const file = snapshot.files.find((f) => entityOfKind[f.kind] === entity);
      if (!file) continue;
      // only what the export can show: a field its layout has no column for is not compared
      const placed = new Set(file.plan.columns.map((c) => c.column));
      if (file.plan.fullName) for (const name of ['first_name', 'last_name']) placed.add(name);
      await keepPendingUpdates(trx, entity, placed, defaultCountry, result);
    }
    for (const file of snapshot.files) {
      const placed = new Set(file.plan.columns.map((c) => c.column));
      if (file.plan.fullName) for (const name of ['first_name', 'last_name']) placed.add(name);
      await confirmImported(trx, entityOfKind[file.kind] as Entity, placed);
    }
  });
  return result;
}

async function replaceIds(trx: Transaction<CrmDatabase>, pairs: { entity: Entity; lg: string; crm: string }[], result: TieBackResult): Promise<void> {
  await sql`create temp table lg_tie_back (entity_type text, lg_id text primary key, crm_id text) on commit drop`.execute(trx);
  await sql`insert into lg_tie_back select * from jsonb_to_recordset(${JSON.stringify(pairs.map((p) => ({ entity_type: p.entity, lg_id: p.lg, crm_id: p.crm })))}::jsonb)
    as x(entity_type text, lg_id text, crm_id text) on conflict (lg_id) do nothing`.execute(trx);
  // the batches whose change log and staged rows name these ids, read before the ids change
  const { rows: batches } = await sql<{ batch_id: string }>`
    select distinct l.batch_id from change_log l join lg_tie_back t on t.lg_id = l.entity_id and t.entity_type = l.entity_type`.execute(trx);

  for (const entity of Object.keys(tables) as Entity[]) {
    const table = sql.table(tables[entity]);
    // the CRM's record is the one listgate created: it keeps its origin and creating batch
    await sql`update ${table} c set origin = l.origin, created_batch_id = l.created_batch_id
      from ${table} l, lg_tie_back t
      where t.entity_type = ${entity} and l.id = t.lg_id and c.id = t.crm_id`.execute(trx);
    for (const ref of referencesTo[entity]) {
      await sql`update ${sql.table(ref.table)} r set ${sql.ref(ref.column)} = t.crm_id from lg_tie_back t
        where t.entity_type = ${entity} and r.${sql.ref(ref.column)} = t.lg_id`.execute(trx);
    }
    const deleted = await sql`delete from ${table} l using lg_tie_back t
      where t.entity_type = ${entity} and l.id = t.lg_id and exists (select 1 from ${table} c where c.id = t.crm_id)`.execute(trx);
    const replaced = Number(deleted.numAffectedRows ?? 0);
    if (replaced) result.replaced[entity] = replaced;
    for (const logged of ['vendor_record_ids', 'change_log', 'campaign_responses']) {
      await sql`update ${sql.table(logged)} r set entity_id = t.crm_id from lg_tie_back t
        where t.entity_type = ${entity} and r.entity_type = ${entity} and r.entity_id = t.lg_id`.execute(trx);
    }
  }

  // ids inside json: the change log's before/after and the staged rows' plans and matches
  const map = new Map(pairs.map((p) => [p.lg, p.crm]));
  const rewrite = (text: string | null) => text?.replace(/"(LG-[^"]+)"/g, (whole, id: string) => (map.has(id) ? JSON.stringify(map.get(id)) : whole)) ?? null;
  const batchIds = batches.map((b) => b.batch_id);
  if (!batchIds.length) return;
  const { rows: logged } = await sql<{ id: string; before: string | null; after: string | null }>`
    select id, before::text as before, after::text as after from change_log where batch_id = any(${batchIds}::text[])`.execute(trx);
  for (const row of logged) {
    const before = rewrite(row.before);
    const after = rewrite(row.after);
    if (before !== row.before || after !== row.after) {
      await sql`update change_log set before = ${before}::jsonb, after = ${after}::jsonb where id = ${row.id}`.execute(trx);
    }
  }
  const { rows: staged } = await sql<{ batch_id: string; source_row: number; plan: string | null; match: string | null }>`
    select batch_id, source_row, plan::text as plan, match::text as match from batch_rows
    where batch_id = any(${batchIds}::text[]) and (plan::text like '%"LG-%' or match::text like '%"LG-%')`.execute(trx);
  for (const row of staged) {
    const plan = rewrite(row.plan);
    const match = rewrite(row.match);
    if (plan !== row.plan || match !== row.match) {
      await sql`update batch_rows set plan = ${plan}::jsonb, match = ${match}::jsonb
        where batch_id = ${row.batch_id} and source_row = ${row.source_row}`.execute(trx);
    }
  }
}

/** Records committed batches created that still carry listgate's id: the CRM has not imported them. */
async function listNotInCrm(trx: Transaction<CrmDatabase>, loaded: Set<string>, result: TieBackResult): Promise<void> {
  const counts = new Map<string, Record<string, number>>();
  for (const entity of ['account', 'contact', 'lead', 'opportunity'] as const) {
    if (!loaded.has(entity)) continue;
    const { rows } = await sql<{ batch_id: string; n: number }>`
      select l.batch_id, count(distinct l.entity_id)::int as n
      from change_log l join import_batches b on b.id = l.batch_id
      where b.status = 'committed' and l.operation = 'insert' and l.entity_type = ${entity} and l.entity_id like 'LG-%'
        and exists (select 1 from ${sql.table(tables[entity])} r where r.id = l.entity_id)
      group by l.batch_id order by l.batch_id`.execute(trx);
    for (const row of rows) counts.set(row.batch_id, { ...(counts.get(row.batch_id) ?? {}), [entity]: row.n });
  }
  for (const [batchId, byEntity] of counts) {
    result.notInCrm.push({ batchId, count: Object.values(byEntity).reduce((a, b) => a + b, 0), byEntity });
  }
}

const comparable = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));

/**
 * Field updates committed batches made to Contacts and Leads, compared with what the export has
 * now: the export still at the old value means the CRM has not received the update, so listgate's
 * value is written back (with its match keys) and listed; a third value means someone changed it
 * in the CRM since, and the CRM's value stays, also listed.
 */
async function keepPendingUpdates(
  trx: Transaction<CrmDatabase>, entity: PersonEntity, placed: Set<string>, defaultCountry: string, result: TieBackResult,
): Promise<void> {
  const table = tables[entity];
  const { rows } = await sql<{ batch_id: string; entity_id: string; before: Record<string, unknown>; after: Record<string, unknown> }>`
    select l.batch_id, l.entity_id, l.before, l.after from change_log l join import_batches b on b.id = l.batch_id
    where b.status = 'committed' and l.operation = 'update' and l.entity_type = ${entity} and l.before is not null and l.after is not null
    order by l.id`.execute(trx);
  if (!rows.length) return;
  const fields = listgateColumns[entity].filter((c) => c !== `${entity}_id` && c !== 'do_not_contact' && placed.has(c));
  // per record and field: the value before listgate's first update and after its last
  const updates = new Map<string, Map<string, { batchId: string; before: string | null; after: string | null }>>();
  for (const row of rows) {
    const byField = updates.get(row.entity_id) ?? new Map();
    updates.set(row.entity_id, byField);
    for (const field of fields) {
      const before = comparable(row.before[field]);
      const after = comparable(row.after[field]);
      if (before === after) continue;
      const earlier = byField.get(field);
      byField.set(field, { batchId: row.batch_id, before: earlier ? earlier.before : before, after });
    }
  }
  const ids = [...updates.keys()];
  const { rows: current } = await sql<{ row: Record<string, unknown> }>`
    select to_jsonb(t) as row from ${sql.table(table)} t where t.id = any(${ids}::text[])`.execute(trx);
  for (const { row } of current) {
    const id = row.id as string;
    const restore: Record<string, string | null> = {};
    for (const [field, update] of updates.get(id) ?? []) {
      const now = comparable(row[field]);
      if (now === update.after) continue;
      const entry = { batchId: update.batchId, entityType: entity, entityId: id, field, value: update.after, crmValue: now };
      if (now === update.before) {
        restore[field] = update.after;
        result.pending.push(entry);
      } else {
        result.overridden.push(entry);
      }
    }
    if (!Object.keys(restore).length) continue;
    const merged = { ...row, ...restore };
    const keys = entity === 'contact' ? contactKeyColumns(merged, defaultCountry) : leadKeyColumns(merged, defaultCountry);
    const assignments = { ...restore, ...keys };
    await sql`update ${sql.table(table)} t set ${sql.join(Object.entries(assignments).map(([c, v]) => sql`${sql.ref(c)} = ${v}`))}
      where t.id = ${id}`.execute(trx);
  }
}

/**
 * The records committed batches wrote, as the CRM's export now shows them. Where every field the
 * export can show still holds what listgate wrote, the CRM has taken listgate's change, and what
 * else differs (the export's own columns kept in extra, the CRM's system fields) is the CRM's: the
 * change log's last image of the record becomes the loaded one, so that undo finds the record as
 * listgate left it instead of "changed outside listgate". A field the CRM has changed since keeps
 * the old image, and undo still refuses, naming the record.
 */
const choiceFields = new Set(['status', 'stage', 'rating', 'relationship_type']);

async function confirmImported(trx: Transaction<CrmDatabase>, entity: Entity, placed: Set<string>): Promise<void> {
  const { rows } = await sql<{ id: string; after: Record<string, unknown>; row: Record<string, unknown> }>`
    select last.id, last.after, to_jsonb(t) as row
    from (select distinct on (l.entity_id) l.id, l.entity_id, l.after
          from change_log l join import_batches b on b.id = l.batch_id
          where b.status = 'committed' and l.entity_type = ${entity} and l.after is not null
          order by l.entity_id, l.id desc) last
    join ${sql.table(tables[entity])} t on t.id = last.entity_id
    where to_jsonb(t) is distinct from last.after`.execute(trx);
  // choice fields come back in the CRM's own wording (a new Lead's Open is Salesforce's Open - Not Contacted)
  const fields = listgateColumns[entity].filter((c) => c !== `${entity}_id` && placed.has(c) && !choiceFields.has(c));
  const same = (a: unknown, b: unknown) => comparable(a)?.trim().toLowerCase() === comparable(b)?.trim().toLowerCase();
  for (const { id, after, row } of rows) {
    if (!fields.every((field) => same(after[field], row[field]))) continue;
    await sql`update change_log set after = ${JSON.stringify(row)}::jsonb where id = ${id}`.execute(trx);
  }
}
