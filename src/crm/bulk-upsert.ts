import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';

type Db = Kysely<CrmDatabase> | Transaction<CrmDatabase>;

export type ColumnType = 'text' | 'boolean' | 'jsonb';

export interface ColumnDef {
  name: string;
  type: ColumnType;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/**
 * Inserts or updates rows by id in one statement: `insert ... select * from unnest(...)
 * on conflict (id) do update`, one array parameter per column, so it runs the same on PGlite and
 * PostgreSQL whatever the chunk size. Column names come from code, never from a file.
 * `values` holds one array per column, in `columns` order; ids must be unique within the chunk.
 */
export async function upsertById(db: Db, table: string, columns: ColumnDef[], values: unknown[][]): Promise<UpsertCounts> {
  if (!values.length || !values[0].length) return { inserted: 0, updated: 0 };
  const names = columns.map((c) => c.name);
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type === 'boolean' ? 'boolean' : 'text'}[]`);
  const selected = columns.map((c) => {
    if (c.type === 'jsonb') return `coalesce(${c.name}::jsonb, '{}'::jsonb)`;
    if (c.name === 'name' && (table === 'accounts' || table === 'opportunities')) return `coalesce(name, '')`;
    if (c.type === 'boolean') return `coalesce(${c.name}, false)`;
    return c.name;
  });
  const updates = names.filter((n) => n !== 'id').map((n) => `${n} = excluded.${n}`);
  const text = `with up as (
      insert into ${table} (${names.join(', ')}, updated_at)
      select ${selected.join(', ')}, now() from unnest(${arrays.join(', ')}) as t(${names.join(', ')})
      on conflict (id) do update set ${updates.join(', ')}, updated_at = now()
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated from up`;
  const result = await db.executeQuery<UpsertCounts>(CompiledQuery.raw(text, values));
  return result.rows[0] ?? { inserted: 0, updated: 0 };
}

/** The ids among `ids` that `table` does not hold. */
export async function unknownIds(db: Db, table: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await sql<{ id: string }>`
    select u.id from unnest(${ids}::text[]) as u(id)
    where not exists (select 1 from ${sql.table(table)} r where r.id = u.id)`.execute(db);
  return new Set(rows.map((r) => r.id));
}
