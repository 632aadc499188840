import { sql, type Kysely, type Transaction } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import type { ColumnDef } from './bulk-upsert.js';

type Db = Kysely<CrmDatabase> | Transaction<CrmDatabase>;

interface NamedParents {
  rows: number[];
  values: unknown[][];
  lookups: { at: number; header: string; column: string; entity: 'account' | 'contact'; name: string }[];
}

/**
 * Parents an export names instead of giving their id (Dynamics Export to Excel writes a contact's
 * "Company Name" and an opportunity's "Potential Customer" as the account's name): each name is
 * looked up among the records loaded so far, case-insensitively. A name that matches no record or
 * several is reported by row and column, and the record loads without that parent.
 */
export async function resolveNames(db: Db, columns: ColumnDef[], chunk: NamedParents, warn: (row: number, message: string) => void): Promise<void> {
  for (const entity of ['account', 'contact'] as const) {
    const wanted = chunk.lookups.filter((l) => l.entity === entity);
    if (!wanted.length) continue;
    const keys = [...new Set(wanted.map((l) => key(l.name)))];
    const { rows } = entity === 'account'
      ? await sql<{ id: string; key: string }>`
          select id, lower(regexp_replace(btrim(name), '[[:space:]]+', ' ', 'g')) as key from accounts where lower(regexp_replace(btrim(name), '[[:space:]]+', ' ', 'g')) = any(${keys}::text[]) order by id`.execute(db)
      : await sql<{ id: string; key: string }>`
          select id, lower(regexp_replace(btrim(concat_ws(' ', first_name, last_name)), '[[:space:]]+', ' ', 'g')) as key from contacts
          where lower(regexp_replace(btrim(concat_ws(' ', first_name, last_name)), '[[:space:]]+', ' ', 'g')) = any(${keys}::text[]) order by id`.execute(db);
    const found = new Map<string, string[]>();
    for (const row of rows) found.set(row.key, [...(found.get(row.key) ?? []), row.id]);
    for (const lookup of wanted) {
      const at = columns.findIndex((c) => c.name === lookup.column);
      if (at < 0 || chunk.values[at][lookup.at]) continue;
      const ids = found.get(key(lookup.name)) ?? [];
      const row = chunk.rows[lookup.at];
      if (ids.length === 1) chunk.values[at][lookup.at] = ids[0];
      else if (!ids.length) warn(row, `column "${lookup.header}": no ${entity} named "${lookup.name}"; loaded without ${article(entity)} ${entity}`);
      else warn(row, `column "${lookup.header}": "${lookup.name}" names ${ids.length} ${entity}s (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''}); loaded without ${article(entity)} ${entity}`);
    }
  }
}

const key = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
const article = (entity: string) => (entity === 'account' ? 'an' : 'a');
