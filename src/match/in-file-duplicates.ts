import { sql, type Kysely } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import { jsonColumn } from '../db/json-column.js';
import { UserError } from '../errors.js';
import type { NormalizedPerson } from '../types.js';
import { withPlannerSettings } from '../db/planner-settings.js';
import type { BlockingRule, Matcher, MatchTarget } from './matcher.js';
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

/** Two rows of the file agreeing on a key; swapped_name: one wrote the names the other way round. */
function pairCondition(key: string): string {
  if (key === 'swapped_name') {
    return '(b.last_name_metaphone = a.first_name_metaphone and b.first_initial = a.last_initial'
      + ' or a.last_name_metaphone = b.first_name_metaphone and a.first_initial = b.last_initial)';
  }
  return `b.${key} = a.${key}`;
}

/**
 * One self-join per blocking rule and key column: its block CTE holds the rows that may pair on
 * it (the rule's other keys present, its `unless` keys absent) whose value of the column is
 * shared by 2 to maxBlockRows such rows; the pairs are two rows of a block meeting the rule's
 * other conditions.
 */
function ruleParts(rule: BlockingRule, ruleIndex: number) {
  const [first, ...rest] = rule.keys;
  return selfJoinConditions(first).map((column, variant) => {
    const block = sql.raw(`block_${ruleIndex}_${variant}`);
    const eligible = [`${column} is not null`, ...rest.map((key) => `${key} is not null`), ...(rule.unless ?? []).map((key) => `${key} is null`)].join(' and ');
    const conditions = [
      ...rest.map((key) => `b.${key} = a.${key}`),
      ...(rule.also_one_of?.length ? [`(${rule.also_one_of.map(pairCondition).join(' or ')})`] : []),
    ];
    return {
      block: sql`${block} as materialized (
        select * from k where ${sql.raw(eligible)} and ${sql.raw(column)} in (
          select ${sql.raw(column)} from k where ${sql.raw(eligible)} group by 1 having count(*) between 2 and ${maxBlockRows}))`,
      pairs: sql`select a.source_row as a, b.source_row as b
        from ${block} a join ${block} b on b.${sql.raw(column)} = a.${sql.raw(column)} and b.source_row > a.source_row
        ${sql.raw(conditions.length ? `where ${conditions.join(' and ')}` : '')}`,
    };
  });
}

const validKeys = new Set(['email_key', 'phone', 'corporate_domain', 'website_domain', 'company_key', 'company_acronym', 'last_name_metaphone', 'first_initial', 'swapped_name']);
const pairKeyColumns = [
  'email_key', 'phone_e164', 'mobile_e164', 'corporate_domain', 'website_domain', 'company_key', 'company_acronym', 'last_name_metaphone', 'first_initial',
  'first_name_metaphone', 'last_initial',
];

/** The candidate pairs of a batch's rows (a < b), from its target's blocking rules (exported for EXPLAIN in benchmarks). */
export function inFilePairsStatement(batchId: string, target: MatchTarget) {
  const parts = target.blocking.flatMap((rule, index) => ruleParts(rule, index));
  // Both sides of each self-join are its (small) block: joining a block against all of k sorted or
  // hashed the whole batch once per key and ran for minutes at 1,000,000 rows.
  return sql<{ a: number; b: number }>`
    with k as materialized (
      select source_row, ${sql.raw(pairKeyColumns.join(', '))} from batch_row_keys where batch_id = ${batchId} and not rejected),
    ${sql.join(parts.map((part) => part.block))}
    select distinct a, b from (${sql.join(parts.map((part) => part.pairs), sql` union all `)}) p order by a, b`;
}

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

  // The batch's keys are read once (k, a few short columns) and self-joined in memory: joining the
  // batch's table itself scanned its wide rows three times per blocking rule. Block sizes are
  // unknown to the planner (CTEs): with nested loops and merge joins off it hashes every self-join,
  // which is right for blocks of up to maxBlockRows rows (a nested loop ran for minutes at a
  // million rows); JIT compiling would cost more than it saves.
  const pairs = await withPlannerSettings(db, { enable_nestloop: 'off', enable_mergejoin: 'off', jit: 'off' },
    (trx) => inFilePairsStatement(batchId, target).execute(trx));
  const result = new Map<number, InFileDuplicate>();
  if (!pairs.rows.length) return result;

  const phoneCounts = await filePhoneCounts(db, batchId);
  const context = { ...defaultLevelContext, termFrequencies: termFrequenciesFor(target, await contactNameFrequencies(db)) };
  const clusters = new UnionFind();
  const confident: { a: number; b: number; score: number; explanation: string }[] = [];
  // Scored a slice of pairs at a time, with only the slice's rows loaded: every paired row's record at
  // once came to hundreds of MB at 1,000,000 rows.
  for (let i = 0; i < pairs.rows.length; i += pairsPerSlice) {
    const slice = pairs.rows.slice(i, i + pairsPerSlice).map((pair) => ({ a: Number(pair.a), b: Number(pair.b) }));
    const records = await pairRecords(db, batchId, slice, phoneCounts);
    for (const { a, b } of slice) {
      const scored = scorePair(target, matcher.guards, records.get(b) ?? {}, records.get(a) ?? {}, context, { entityType: 'contact', id: String(a) });
      if (scored.band !== 'match') continue;
      clusters.union(a, b);
      confident.push({ a, b, score: scored.score, explanation: scored.explanation });
    }
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

/** Candidate pairs scored per slice (see findInFileDuplicates). */
const pairsPerSlice = 20_000;

/** The match records of a slice of pairs' rows, with their file-wide shared-phone counts. */
async function pairRecords(db: Kysely<any>, batchId: string, pairs: { a: number; b: number }[], phoneCounts: Map<string, number>): Promise<Map<number, MatchRecord>> {
  const rows = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))];
  const records = new Map<number, MatchRecord>();
  const found = await sql<{ source_row: number; person: NormalizedPerson | string | null }>`
    select source_row, person from batch_row_keys
    where batch_id = ${batchId} and source_row = any(${rows}::int[])`.execute(db);
  for (const row of found.rows) {
    const record = personRecord(jsonColumn<NormalizedPerson>(row.person, {}));
    const counts: Record<string, number> = {};
    const company = typeof record.companyKey === 'string' ? record.companyKey : '';
    for (const phone of [record.phoneE164, record.mobileE164]) {
      if (typeof phone === 'string' && company) counts[phone] = phoneCounts.get(`${company}\u0001${phone}`) ?? 1;
    }
    record.phoneCounts = counts;
    records.set(Number(row.source_row), record);
  }
  return records;
}

/** Rows of one company sharing a phone number within the file: a switchboard is weak evidence there too. */
async function filePhoneCounts(db: Kysely<any>, batchId: string): Promise<Map<string, number>> {
  const rows = await sql<{ company_key: string; phone: string; n: number }>`
    select company_key, phone_e164 as phone, count(*)::int as n from batch_row_keys
    where batch_id = ${batchId} and phone_e164 is not null and company_key is not null
    group by 1, 2 having count(*) >= 2`.execute(db);
  return new Map(rows.rows.map((row) => [`${row.company_key}\u0001${row.phone}`, Number(row.n)]));
}
