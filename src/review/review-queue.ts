import { sql, type Kysely } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import { UserError } from '../errors.js';

/**
 * The review screen's queue of merge candidates, read a page at a time on the server so a
 * 100,000-row batch costs no more than a small one: a filter (undecided or all, a score band, a
 * reason), counts per band and per reason for bulk decisions, and the neighbours of a row.
 */
export interface QueueFilter {
  undecidedOnly: boolean;
  /** lower bound of a band of bandWidth score points */
  band?: number;
  /** a reason with its record ids and numbers blanked out (reasonKey) */
  reason?: string;
}

export interface QueueRow {
  sourceRow: number;
  name: string;
  company: string | null;
  score: number | null;
  reason: string | null;
  decision: string | null;
  target: string | null;
  decidedBy: string | null;
}

export interface QueueGroup { key: string; label: string; rows: number; undecided: number }

export const bandWidth = 5;

/** A reason as a group of rows shares it: the first reason, its record ids and numbers blanked. */
const reasonKey = sql<string>`regexp_replace(split_part(coalesce(reasons, ''), ' | ', 1), '[A-Z]+-[0-9A-Za-z-]+|[0-9]+(\\.[0-9]+)?', '#', 'g')`;
const bandOf = sql<number>`(floor(coalesce(score, 0) / ${sql.lit(bandWidth)}) * ${sql.lit(bandWidth)})::int`;

function filtered(db: Kysely<CrmDatabase>, batchId: string, filter: QueueFilter) {
  let query = db.selectFrom('batch_rows').where('batch_id', '=', batchId).where('route', '=', 'merge_candidate');
  if (filter.undecidedOnly) query = query.where('decision', 'is', null);
  if (filter.band !== undefined) query = query.where(bandOf, '=', filter.band);
  if (filter.reason !== undefined) query = query.where(reasonKey, '=', filter.reason);
  return query;
}

export async function batchHeader(db: Kysely<CrmDatabase>, batchId: string) {
  const batch = await db.selectFrom('import_batches').select(['id', 'file', 'pipeline', 'status', 'row_count', 'intent'])
    .where('id', '=', batchId).executeTakeFirst();
  if (!batch) throw new UserError(`no batch ${batchId}; 'listgate batches' lists them`);
  return batch;
}

export async function queuePage(db: Kysely<CrmDatabase>, batchId: string, filter: QueueFilter, page: number, pageSize: number): Promise<{ rows: QueueRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, batchId, filter)
      .select(['source_row', 'score', 'decision', 'decided_by',
        sql<string>`concat_ws(' ', normalized->'person'->>'firstName', normalized->'person'->>'lastName')`.as('name'),
        sql<string | null>`normalized->'person'->>'company'`.as('company'),
        sql<string | null>`split_part(coalesce(reasons, ''), ' | ', 1)`.as('reason'),
        sql<string | null>`decision_target->>'id'`.as('target')])
      .orderBy('source_row').offset(page * pageSize).limit(pageSize).execute(),
    filtered(db, batchId, filter).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: count.n,
    rows: rows.map((r) => ({ sourceRow: r.source_row, name: r.name || '(no name)', company: r.company, score: r.score, reason: r.reason, decision: r.decision, target: r.target, decidedBy: r.decided_by })),
  };
}

/** Rows per score band and per reason, with how many are undecided: what a bulk decision would take. */
export async function queueGroups(db: Kysely<CrmDatabase>, batchId: string): Promise<{ bands: QueueGroup[]; reasons: QueueGroup[] }> {
  const base = filtered(db, batchId, { undecidedOnly: false });
  const [bands, reasons] = await Promise.all([
    base.select([bandOf.as('key'), sql<number>`count(*)::int`.as('rows'), sql<number>`count(*) filter (where decision is null)::int`.as('undecided')])
      .groupBy(bandOf).orderBy(bandOf, 'desc').execute(),
    base.select([reasonKey.as('key'), sql<number>`count(*)::int`.as('rows'), sql<number>`count(*) filter (where decision is null)::int`.as('undecided')])
      .groupBy(reasonKey).orderBy(sql`count(*)`, 'desc').limit(20).execute(),
  ]);
  return {
    bands: bands.map((b) => ({ key: String(b.key), label: `score ${b.key} to ${b.key + bandWidth}`, rows: b.rows, undecided: b.undecided })),
    reasons: reasons.map((r) => ({ key: r.key, label: r.key || '(no reason)', rows: r.rows, undecided: r.undecided })),
  };
}

/** Every row of a filter (for a bulk decision), undecided ones only. */
export async function undecidedRowsOf(db: Kysely<CrmDatabase>, batchId: string, filter: QueueFilter): Promise<number[]> {
  const rows = await filtered(db, batchId, { ...filter, undecidedOnly: true }).select('source_row').orderBy('source_row').execute();
  return rows.map((r) => r.source_row);
}

/** The merge candidates before and after a row, and the next undecided one after it (wrapping round). */
export async function neighbours(db: Kysely<CrmDatabase>, batchId: string, sourceRow: number): Promise<{ previous?: number; next?: number; nextUndecided?: number }> {
  const candidates = () => db.selectFrom('batch_rows').select('source_row').where('batch_id', '=', batchId).where('route', '=', 'merge_candidate');
  const [previous, next, after, first] = await Promise.all([
    candidates().where('source_row', '<', sourceRow).orderBy('source_row', 'desc').limit(1).executeTakeFirst(),
    candidates().where('source_row', '>', sourceRow).orderBy('source_row').limit(1).executeTakeFirst(),
    candidates().where('decision', 'is', null).where('source_row', '>', sourceRow).orderBy('source_row').limit(1).executeTakeFirst(),
    candidates().where('decision', 'is', null).where('source_row', '<>', sourceRow).orderBy('source_row').limit(1).executeTakeFirst(),
  ]);
  return { previous: previous?.source_row, next: next?.source_row, nextUndecided: (after ?? first)?.source_row };
}

export interface FoundRecord { entityType: 'contact' | 'lead'; id: string; name: string; email: string | null; company: string | null; title: string | null }

/** Contacts and leads whose name, email, company or id contain every word searched for (at most 20). */
export async function searchCrm(db: Kysely<CrmDatabase>, text: string): Promise<FoundRecord[]> {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  if (!words.length) return [];
  const haystack = (t: 'c' | 'l') => sql<string>`lower(concat_ws(' ', ${sql.ref(`${t}.id`)}, ${sql.ref(`${t}.first_name`)}, ${sql.ref(`${t}.last_name`)}, ${sql.ref(`${t}.email`)}, ${sql.ref(`${t}.title`)}))`;
  const like = (t: 'c' | 'l') => sql.join(words.map((w) => sql`${haystack(t)} like ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`), sql` and `);
  const { rows: contacts } = await sql<FoundRecord>`select 'contact' as "entityType", c.id, concat_ws(' ', c.first_name, c.last_name) as name, c.email,
      a.name as company, c.title
    from contacts c left join accounts a on a.id = c.account_id where ${like('c')} order by c.id limit 20`.execute(db);
  const { rows: leads } = await sql<FoundRecord>`select 'lead' as "entityType", l.id, concat_ws(' ', l.first_name, l.last_name) as name, l.email,
      l.company, l.title
    from leads l where ${like('l')} order by l.id limit 20`.execute(db);
  return [...contacts, ...leads].slice(0, 20);
}
