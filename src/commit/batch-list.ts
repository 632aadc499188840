import { sql, type Kysely } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import { countOf, formatCount } from '../plain-words.js';

export interface BatchListing {
  id: string;
  file: string;
  pipeline: string;
  status: string;
  rows: number;
  /** rows per route, from the staged rows */
  routes: Record<string, number>;
  undecided: number;
  createdAt: Date;
  stagedAt: Date | null;
  committedAt: Date | null;
  undoneAt: Date | null;
}

/** Every batch, newest first, with its rows counted per route. */
export async function listBatches(db: Kysely<CrmDatabase>, options: { limit?: number } = {}): Promise<BatchListing[]> {
  const { rows } = await sql<{
    id: string; file: string; pipeline: string; status: string; row_count: number; routes: Record<string, number> | null;
    undecided: number; created_at: Date; staged_at: Date | null; committed_at: Date | null; undone_at: Date | null;
  }>`
    select b.id, b.file, b.pipeline, b.status, b.row_count, r.routes, coalesce(r.undecided, 0)::int as undecided,
      b.created_at, b.staged_at, b.committed_at, b.undone_at
    from import_batches b
    left join lateral (
      select jsonb_object_agg(route, n) as routes, sum(undecided)::int as undecided from (
        select coalesce(route, 'unrouted') as route, count(*)::int as n,
          count(*) filter (where route = 'merge_candidate' and decision is null)::int as undecided
        from batch_rows where batch_id = b.id group by route) x
    ) r on true
    order by b.created_at desc, b.id desc
    limit ${options.limit ?? 1000}`.execute(db);
  return rows.map((row) => ({
    id: row.id, file: row.file, pipeline: row.pipeline, status: row.status,
    rows: Object.values(row.routes ?? {}).reduce((a, b) => a + b, 0) || row.row_count,
    routes: row.routes ?? {}, undecided: row.undecided,
    createdAt: new Date(row.created_at), stagedAt: row.staged_at && new Date(row.staged_at),
    committedAt: row.committed_at && new Date(row.committed_at), undoneAt: row.undone_at && new Date(row.undone_at),
  }));
}

const time = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 19) : '-');

/** The listing as text: one block per batch. */
export function formatBatches(batches: readonly BatchListing[]): string {
  if (!batches.length) return 'no batches yet; stage a file with listgate stage FILE --pipeline NAME';
  return batches.map((b) => {
    const routes = Object.entries(b.routes).sort(([a], [c]) => a.localeCompare(c)).map(([route, n]) => `${route} ${formatCount(n)}`).join(', ');
    return [
      `${b.id}  ${b.status}${b.undecided ? ` (${countOf(b.undecided, 'merge candidate')} undecided)` : ''}`,
      `  file ${b.file}, pipeline ${b.pipeline}, ${countOf(b.rows, 'row')}`,
      `  routes: ${routes || '-'}`,
      `  created ${time(b.createdAt)}, staged ${time(b.stagedAt)}, committed ${time(b.committedAt)}, undone ${time(b.undoneAt)}`,
    ].join('\n');
  }).join('\n');
}
