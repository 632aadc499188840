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
  /**
   * company name keys shared by several Accounts, as a share of the Accounts: "ABC Consulting"
   * held by five is weaker evidence than "Xenova Media" held by one
   */
  company: Map<string, number>;
  /** acronyms of Account names held by two or more Accounts, with their count: "NHN" for one is evidence, for five none */
  acronyms: Map<string, number>;
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
  // One scan of the contacts for the total and both name counts (grouping sets), not a count and
  // two group-bys.
  const rows = await sql<{ first: string | null; last: string | null; grouped: number; n: number }>`
    select first_name_key as first, last_name_key as last, grouping(first_name_key, last_name_key)::int as grouped, count(*)::int as n
    from contacts group by grouping sets ((first_name_key), (last_name_key), ())`.execute(db);
  // grouping() is 1 for the first-name counts (last_name_key not grouped), 2 for the last-name counts, 3 for the total
  const contacts = Number(rows.rows.find((row) => Number(row.grouped) === 3)?.n ?? 0);
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  // only values common enough to weaken a match are kept: rare ones keep the level's weight
  const minCount = Math.max(2, Math.floor(contacts / 20_000));
  for (const row of rows.rows) {
    const n = Number(row.n);
    if (n < minCount) continue;
    if (Number(row.grouped) === 1 && row.first !== null) first.set(row.first, n / contacts);
    if (Number(row.grouped) === 2 && row.last !== null) last.set(row.last, n / contacts);
  }
  // Accounts are few next to contacts (a fifth): keys held by two or more are counted in one group-by.
  const companies = await sql<{ key: string; n: number; total: number }>`
    select name_key as key, count(*)::int as n, (select count(*)::int from accounts) as total
    from accounts where name_key is not null group by name_key having count(*) >= 2`.execute(db);
  const company = new Map<string, number>();
  for (const row of companies.rows) company.set(row.key, Number(row.n) / Number(row.total));
  const acronymRows = await sql<{ key: string; n: number }>`
    select acronym_key as key, count(*)::int as n from accounts where acronym_key is not null group by acronym_key having count(*) >= 2`.execute(db);
  const acronyms = new Map<string, number>();
  for (const row of acronymRows.rows) acronyms.set(row.key, Number(row.n));
  return { first, last, contacts, company, acronyms };
}

/** The frequencies keyed by the names of a target's first- and last-name comparisons. */
export function termFrequenciesFor(target: MatchTarget, frequencies: NameFrequencies): Map<string, Map<string, number>> {
  const result = new Map<string, Map<string, number>>();
  for (const comparison of target.comparisons) {
    if (comparison.role === 'first_name') result.set(comparison.name, frequencies.first);
    if (comparison.role === 'last_name') result.set(comparison.name, frequencies.last);
    if (comparison.role === 'company') result.set(comparison.name, frequencies.company);
  }
  return result;
}
