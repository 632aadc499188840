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
  /** rows whose id was already there: brought up to date */
  updated: number;
  /** of those, rows whose values actually changed (the others are not rewritten) */
  changed: number;
}

/**
 * Inserts or updates rows by id in one statement: `insert ... select * from unnest(...)
 * on conflict (id) do update`, one array parameter per column, so it runs the same on PGlite and
 * PostgreSQL whatever the chunk size. A row whose values are all unchanged is not rewritten (a
 * re-load of the same export writes nothing). Column names come from code, never from a file.
 * `values` holds one array per column, in `columns` order; ids must be unique within the chunk.
 */
export async function upsertById(db: Db, table: string, columns: ColumnDef[], values: unknown[][]): Promise<UpsertCounts> {
  const rows = values[0]?.length ?? 0;
  if (!rows) return { inserted: 0, updated: 0, changed: 0 };
  const names = columns.map((c) => c.name);
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type === 'boolean' ? 'boolean' : 'text'}[]`);
  const selected = columns.map((c) => {
    if (c.type === 'jsonb') return `coalesce(${c.name}::jsonb, '{}'::jsonb)`;
    if (c.name === 'name' && (table === 'accounts' || table === 'opportunities')) return `coalesce(name, '')`;
    if (c.type === 'boolean') return `coalesce(${c.name}, false)`;
    return c.name;
  });
  const updated = names.filter((n) => n !== 'id');
  const updates = updated.map((n) => `${n} = excluded.${n}`);
  const changed = `(${updated.map((n) => `${table}.${n}`).join(', ')}) is distinct from (${updated.map((n) => `excluded.${n}`).join(', ')})`;
  const text = `with up as (
      insert into ${table} (${names.join(', ')}, updated_at)
      select ${selected.join(', ')}, now() from unnest(${arrays.join(', ')}) as t(${names.join(', ')})
      on conflict (id) do update set ${updates.join(', ')}, updated_at = now()
      where ${changed}
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as changed from up`;
  const result = await db.executeQuery<{ inserted: number; changed: number }>(CompiledQuery.raw(text, values.map(arrayLiteral)));
  const { inserted, changed: rewritten } = result.rows[0] ?? { inserted: 0, changed: 0 };
  return { inserted, updated: rows - inserted, changed: rewritten };
}

/**
 * A column's values as a PostgreSQL array literal (`{"a","b",NULL}`), sent as the text of its
 * array parameter. Handing pg (or PGlite) the JavaScript array instead has it escape every element
 * in two passes: 5 s of the 1,000,000-contact load's CPU; here an element without a quote or
 * backslash is copied as it is.
 */
export function arrayLiteral(values: unknown[]): string {
  const elements = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) elements[i] = 'NULL';
    else if (typeof value === 'boolean') elements[i] = value ? 't' : 'f';
    else {
      const text = String(value);
      elements[i] = /["\\]/.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
    }
  }
  return `{${elements.join(',')}}`;
}

/** The ids among `ids` that `table` does not hold. */
export async function unknownIds(db: Db, table: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await sql<{ id: string }>`
    select u.id from unnest(${ids}::text[]) as u(id)
    where not exists (select 1 from ${sql.table(table)} r where r.id = u.id)`.execute(db);
  return new Set(rows.map((r) => r.id));
}
