import { sql, type Kysely } from 'kysely';
import type { MatchTarget } from './matcher.js';

/**
 * Term frequencies from the CRM's own contacts: a last name shared by 1% of contacts (Smith)
 * is weaker evidence than one held by three (Zywicki). One group-by per run, cached per connection.
 */

export interface NameFrequencies {
  first: Map<string, number>;
  last: Map<string, number>;
  contacts: number;
}

const cache = new WeakMap<object, Promise<NameFrequencies>>();

export function contactNameFrequencies(db: Kysely<any>): Promise<NameFrequencies> {
  let pending = cache.get(db);
  if (!pending) {
    pending = loadNameFrequencies(db);
    cache.set(db, pending);
    pending.catch(() => cache.delete(db));
  }
  return pending;
}

/** Forget the cached counts (after a commit changed the contacts). */
export function forgetNameFrequencies(db: Kysely<any>): void {
  cache.delete(db);
}

async function loadNameFrequencies(db: Kysely<any>): Promise<NameFrequencies> {
  const total = await sql<{ n: number }>`select count(*)::int as n from contacts`.execute(db);
  const contacts = Number(total.rows[0]?.n ?? 0);
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  if (!contacts) return { first, last, contacts };
  // only values common enough to weaken a match are kept: rare ones keep the level's weight
  const minCount = Math.max(2, Math.floor(contacts / 20_000));
  const rows = await sql<{ kind: string; value: string; n: number }>`
    select 'first' as kind, first_name_key as value, count(*)::int as n from contacts
      where first_name_key is not null group by first_name_key having count(*) >= ${minCount}
    union all
    select 'last', last_name_key, count(*)::int from contacts
      where last_name_key is not null group by last_name_key having count(*) >= ${minCount}`.execute(db);
  for (const row of rows.rows) (row.kind === 'first' ? first : last).set(row.value, Number(row.n) / contacts);
  return { first, last, contacts };
}

/** The frequencies keyed by the names of a target's first- and last-name comparisons. */
export function termFrequenciesFor(target: MatchTarget, frequencies: NameFrequencies): Map<string, Map<string, number>> {
  const result = new Map<string, Map<string, number>>();
  for (const comparison of target.comparisons) {
    if (comparison.role === 'first_name') result.set(comparison.name, frequencies.first);
    if (comparison.role === 'last_name') result.set(comparison.name, frequencies.last);
  }
  return result;
}
