import { sql, type Kysely } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import { UserError } from '../errors.js';
import type { NormalizedPerson } from '../types.js';
import type { BlockingRule, Matcher } from './matcher.js';
import { defaultLevelContext } from './name-knowledge.js';
import { personRecord } from './records.js';
import { scorePair, type MatchRecord } from './score.js';
import { contactNameFrequencies, termFrequenciesFor } from './term-frequency.js';
import { UnionFind } from './union-find.js';

/**
 * Duplicates inside the incoming file, found with the same engine: pairs blocked by a self-join
 * of the batch's rows on the in-file target's blocking keys, scored with its comparisons and
 * guards, clustered over confident (match band) pairs. The lowest source_row of a cluster
 * survives; the others point to it.
 */

export interface InFileDuplicate {
  duplicateOf: number;
  score: number;
  explanation: string;
}

/** Rows sharing a key in more than this many rows are not paired on it (a shared switchboard, a generic company). */
const maxBlockRows = 500;

/** Self-join conditions per blocking key: the same key on two rows of the batch. */
function selfJoinConditions(key: string): string[] {
  if (key === 'phone') return ['phone_e164', 'mobile_e164'];
  return [key];
}

function rulePairs(rule: BlockingRule) {
  const [first, ...rest] = rule.keys;
  return selfJoinConditions(first).map((column) => {
    const conditions = [
      ...rest.map((key) => `b.${key} = a.${key}`),
      ...(rule.also_one_of?.length ? [`(${rule.also_one_of.map((key) => `b.${key} = a.${key}`).join(' or ')})`] : []),
      ...(rule.unless ?? []).map((key) => `a.${key} is null and b.${key} is null`),
    ];
    return sql`select a.source_row as a, b.source_row as b
      from k a join k b on b.${sql.raw(column)} = a.${sql.raw(column)} and b.source_row > a.source_row
      where a.${sql.raw(column)} in (
          select ${sql.raw(column)} from k where ${sql.raw(column)} is not null
          group by 1 having count(*) between 2 and ${maxBlockRows})
        ${sql.raw(conditions.length ? `and ${conditions.join(' and ')}` : '')}`;
  });
}

const validKeys = new Set(['email_key', 'phone', 'corporate_domain', 'website_domain', 'company_key', 'company_acronym', 'last_name_metaphone', 'first_initial']);
const pairKeyColumns = ['email_key', 'phone_e164', 'mobile_e164', 'corporate_domain', 'website_domain', 'company_key', 'company_acronym', 'last_name_metaphone', 'first_initial'];

export async function findInFileDuplicates(crm: CrmConnection, batchId: string, matcher: Matcher): Promise<Map<number, InFileDuplicate>> {
  const db = crm.db as unknown as Kysely<any>;
  const targetName = matcher.in_file.target;
  const target = matcher.targets[targetName];
  if (!target) throw new UserError(`${matcher.path}: key "in_file.target" names "${targetName}", which has no section in targets`);
  for (const rule of target.blocking) {
    for (const key of [...rule.keys, ...(rule.also_one_of ?? []), ...(rule.unless ?? [])]) {
      if (!validKeys.has(key)) throw new UserError(`${matcher.path}: in-file blocking key "${key}" is not a batch row key (${[...validKeys].join(', ')})`);
    }
  }

  // The batch's keys are read once (k, a few short columns) and self-joined in memory: joining
  // batch_rows itself scanned its wide jsonb rows three times per blocking rule (8 s at 100,000 rows).
  const parts = target.blocking.flatMap((rule) => rulePairs(rule));
  const pairs = await sql<{ a: number; b: number }>`
    with k as materialized (
      select source_row, ${sql.raw(pairKeyColumns.join(', '))} from batch_rows where batch_id = ${batchId} and not rejected)
    select distinct a, b from (${sql.join(parts, sql` union all `)}) p order by a, b`.execute(db);
  const result = new Map<number, InFileDuplicate>();
  if (!pairs.rows.length) return result;

  const rows = [...new Set(pairs.rows.flatMap((pair) => [Number(pair.a), Number(pair.b)]))];
  const records = new Map<number, MatchRecord>();
  for (let i = 0; i < rows.length; i += 20_000) {
    const slice = rows.slice(i, i + 20_000);
    const found = await sql<{ source_row: number; person: NormalizedPerson | string | null }>`
      select source_row, normalized->'person' as person from batch_rows
      where batch_id = ${batchId} and source_row = any(${slice}::int[])`.execute(db);
    for (const row of found.rows) {
      const person = typeof row.person === 'string' ? JSON.parse(row.person) : row.person ?? {};
      records.set(Number(row.source_row), personRecord(person));
    }
  }
  const phoneCounts = await filePhoneCounts(db, batchId);
  for (const record of records.values()) {
    const counts: Record<string, number> = {};
    const company = typeof record.companyKey === 'string' ? record.companyKey : '';
    for (const phone of [record.phoneE164, record.mobileE164]) {
      if (typeof phone === 'string' && company) counts[phone] = phoneCounts.get(`${company}\u0001${phone}`) ?? 1;
    }
    record.phoneCounts = counts;
  }

  const context = { ...defaultLevelContext, termFrequencies: termFrequenciesFor(target, await contactNameFrequencies(db)) };
  const clusters = new UnionFind();
  const confident: { a: number; b: number; score: number; explanation: string }[] = [];
  for (const pair of pairs.rows) {
    const a = Number(pair.a);
    const b = Number(pair.b);
    const scored = scorePair(target, matcher.guards, records.get(b) ?? {}, records.get(a) ?? {}, context, { entityType: 'contact', id: String(a) });
    if (scored.band !== 'match') continue;
    clusters.union(a, b);
    confident.push({ a, b, score: scored.score, explanation: scored.explanation });
  }

  const survivor = new Map<number, number>();
  for (const { a, b } of confident) {
    for (const row of [a, b]) {
      const root = clusters.find(row);
      survivor.set(root, Math.min(survivor.get(root) ?? row, row));
    }
  }
  // each duplicate is explained by its pair with the survivor when scored, else by its best pair
  const best = new Map<number, { direct: boolean; score: number; explanation: string }>();
  for (const { a, b, score, explanation } of confident) {
    const first = survivor.get(clusters.find(a))!;
    for (const row of [a, b]) {
      if (row === first) continue;
      const direct = a === first || b === first;
      const previous = best.get(row);
      if (!previous || (direct && !previous.direct) || (direct === previous.direct && score > previous.score)) {
        best.set(row, { direct, score, explanation });
      }
    }
  }
  for (const [row, { score, explanation }] of best) {
    result.set(row, { duplicateOf: survivor.get(clusters.find(row))!, score, explanation });
  }
  return result;
}

/** Rows of one company sharing a phone number within the file: a switchboard is weak evidence there too. */
async function filePhoneCounts(db: Kysely<any>, batchId: string): Promise<Map<string, number>> {
  const rows = await sql<{ company_key: string; phone: string; n: number }>`
    select company_key, phone_e164 as phone, count(*)::int as n from batch_rows
    where batch_id = ${batchId} and phone_e164 is not null and company_key is not null
    group by 1, 2 having count(*) >= 2`.execute(db);
  return new Map(rows.rows.map((row) => [`${row.company_key}\u0001${row.phone}`, Number(row.n)]));
}
