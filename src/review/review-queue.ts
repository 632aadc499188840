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

/** A reason as a group of rows shares it (batch_rows.reason_key, generated from reasons). */
const reasonKey = sql<string>`coalesce(reason_key, '')`;
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

/** Where a page of the queue starts: after a source row (next pages) or before one (previous pages). */
export interface PagePosition { after?: number; before?: number }

/**
 * One page of the queue, found by its neighbouring source row (keyset paging along the primary
 * key: as quick at row 90,000 as at row 1). Its total comes from the groups (queueGroups) the
 * same page shows, so a page costs one scan of the batch, for the groups.
 */
export async function queuePage(db: Kysely<CrmDatabase>, batchId: string, filter: QueueFilter, position: PagePosition, pageSize: number): Promise<{ rows: QueueRow[]; more: { before: boolean; after: boolean } }> {
  let keys = filtered(db, batchId, filter).select('source_row');
  if (position.before !== undefined) keys = keys.where('source_row', '<', position.before).orderBy('source_row', 'desc');
  else keys = keys.where('source_row', '>', position.after ?? -1).orderBy('source_row');
  const numbers = (await keys.limit(pageSize + 1).execute()).map((r) => r.source_row);
  const hasMore = numbers.length > pageSize;
  const page = numbers.slice(0, pageSize).sort((a, b) => a - b);
  const rows = page.length ? await db.selectFrom('batch_rows').where('batch_id', '=', batchId).where('source_row', 'in', page)
    .select(['source_row', 'score', 'decision', 'decided_by',
      sql<string>`concat_ws(' ', normalized->'person'->>'firstName', normalized->'person'->>'lastName')`.as('name'),
      sql<string | null>`normalized->'person'->>'company'`.as('company'),
      sql<string | null>`split_part(coalesce(reasons, ''), ' | ', 1)`.as('reason'),
      sql<string | null>`decision_target->>'id'`.as('target')])
    .orderBy('source_row').execute() : [];
  const starts = position.after !== undefined || position.before !== undefined;
  return {
    rows: rows.map((r) => ({ sourceRow: r.source_row, name: r.name || '(no name)', company: r.company, score: r.score, reason: r.reason, decision: r.decision, target: r.target, decidedBy: r.decided_by })),
    more: position.before !== undefined ? { before: hasMore, after: true } : { before: starts, after: hasMore },
  };
}

/** How many rows a filter shows, from the groups. */
export function filterTotal(groups: { bands: QueueGroup[]; reasons: QueueGroup[] }, filter: QueueFilter): number {
  const count = (g: QueueGroup) => (filter.undecidedOnly ? g.undecided : g.rows);
  if (filter.band !== undefined) return groups.bands.filter((g) => g.key === String(filter.band)).reduce((n, g) => n + count(g), 0);
  if (filter.reason !== undefined) return groups.reasons.filter((g) => g.key === filter.reason).reduce((n, g) => n + count(g), 0);
  return groups.bands.reduce((n, g) => n + count(g), 0);
}

/** Rows per score band and per reason, with how many are undecided (what a bulk decision would take), in one scan. */
export async function queueGroups(db: Kysely<CrmDatabase>, batchId: string): Promise<{ bands: QueueGroup[]; reasons: QueueGroup[] }> {
  const { rows } = await sql<{ band: number | null; reason: string | null; rows: number; undecided: number }>`
    select ${bandOf} as band, ${reasonKey} as reason, count(*)::int as rows, count(*) filter (where decision is null)::int as undecided
    from batch_rows where batch_id = ${batchId} and route = 'merge_candidate'
    group by grouping sets ((${bandOf}), (${reasonKey}))`.execute(db);
  const bands = rows.filter((r) => r.band !== null).sort((a, b) => b.band! - a.band!);
  const reasons = rows.filter((r) => r.band === null).sort((a, b) => b.rows - a.rows);
  return {
    bands: bands.map((b) => ({ key: String(b.band), label: `score ${b.band} to ${b.band! + bandWidth}`, rows: b.rows, undecided: b.undecided })),
    reasons: reasons.map((r) => ({ key: r.reason ?? '', label: r.reason || '(no reason)', rows: r.rows, undecided: r.undecided })),
  };
}

/** Every row of a filter (for a bulk decision), undecided ones only. */
export async function undecidedRowsOf(db: Kysely<CrmDatabase>, batchId: string, filter: QueueFilter): Promise<number[]> {
  const rows = await filtered(db, batchId, { ...filter, undecidedOnly: true }).select('source_row').orderBy('source_row').execute();
  return rows.map((r) => r.source_row);
}

/** How many undecided rows a filter holds, and the first few (the bulk confirmation), in one scan. */
export async function undecidedSample(db: Kysely<CrmDatabase>, batchId: string, filter: QueueFilter, size = 20): Promise<{ total: number; first: number[] }> {
  const rows = await filtered(db, batchId, { ...filter, undecidedOnly: true })
    .select(['source_row', sql<number>`count(*) over ()::int`.as('total')]).orderBy('source_row').limit(size).execute();
  return { total: rows[0]?.total ?? 0, first: rows.map((r) => r.source_row) };
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
