import { sql, type Kysely, type RawBuilder } from 'kysely';
import { UserError } from '../errors.js';
import type { BlockingRule, MatchTarget } from './matcher.js';

/**
 * Candidate pairs from indexed joins: for a range of a batch's rows, one statement per target
 * (a UNION ALL of one join per blocking rule and key variant), ranked per row by a cheap
 * pre-score (rules hit, weighted by their order, plus name-key agreement) and cut to the bound.
 * The range's keys are read once (a materialized CTE); every join probes the target's index per
 * row (nested loops, no parallel workers, no JIT): a few thousand probes cost far less than the
 * hash joins over whole CRM tables the planner would otherwise pick.
 */

export type CrmTarget = 'contact' | 'lead' | 'account';

/**
 * One way a key reaches the target: the joins after "from br" (the range's rows of batch_row_keys),
 * the row columns it needs, and the target's id (default t.id; an account reached through a
 * contact's account_id needs no probe of its own: the foreign key vouches for it).
 */
interface KeyJoin {
  join: string;
  needs: string[];
  id?: string;
}

/**
 * A CRM person whose last name sounds like the row's first name and whose first initial is the
 * row's last name's: the row may have its names the other way round (the name_block indexes serve it).
 */
const swappedCondition = 't.last_name_metaphone = br.first_name_metaphone and t.first_initial = br.last_initial';

const contactJoins: Record<string, KeyJoin[]> = {
  email_key: [{ join: 'join contacts t on t.email_key = br.email_key', needs: ['email_key'] }],
  phone: [
    { join: 'join contacts t on t.phone_e164 = br.phone_e164', needs: ['phone_e164'] },
    { join: 'join contacts t on t.mobile_e164 = br.mobile_e164', needs: ['mobile_e164'] },
    { join: 'join contacts t on t.phone_e164 = br.mobile_e164', needs: ['mobile_e164'] },
    { join: 'join contacts t on t.mobile_e164 = br.phone_e164', needs: ['phone_e164'] },
  ],
  corporate_domain: [{ join: 'join contacts t on t.corporate_domain = br.corporate_domain', needs: ['corporate_domain'] }],
  website_domain: [
    { join: 'join accounts a on a.website_domain = br.website_domain join contacts t on t.account_id = a.id', needs: ['website_domain'] },
    { join: 'join contacts t on t.corporate_domain = br.website_domain', needs: ['website_domain'] },
  ],
  company_key: [
    { join: 'join accounts a on a.name_key = br.company_key join contacts t on t.account_id = a.id', needs: ['company_key'] },
    { join: 'join accounts a on a.acronym_key = br.company_key join contacts t on t.account_id = a.id', needs: ['company_key'] },
    { join: 'join accounts a on a.name_key = br.company_acronym join contacts t on t.account_id = a.id', needs: ['company_acronym'] },
  ],
  company_acronym: [{ join: 'join accounts a on a.name_key = br.company_acronym join contacts t on t.account_id = a.id', needs: ['company_acronym'] }],
  last_name_metaphone: [{ join: 'join contacts t on t.last_name_metaphone = br.last_name_metaphone', needs: ['last_name_metaphone'] }],
  swapped_name: [{ join: `join contacts t on ${swappedCondition}`, needs: ['first_name_metaphone', 'last_initial'] }],
};

const leadJoins: Record<string, KeyJoin[]> = {
  email_key: [{ join: 'join leads t on t.email_key = br.email_key', needs: ['email_key'] }],
  phone: [
    { join: 'join leads t on t.phone_e164 = br.phone_e164', needs: ['phone_e164'] },
    { join: 'join leads t on t.phone_e164 = br.mobile_e164', needs: ['mobile_e164'] },
  ],
  corporate_domain: [{ join: 'join leads t on t.corporate_domain = br.corporate_domain', needs: ['corporate_domain'] }],
  website_domain: [{ join: 'join leads t on t.corporate_domain = br.website_domain', needs: ['website_domain'] }],
  company_key: [
    { join: 'join leads t on t.company_key = br.company_key', needs: ['company_key'] },
    { join: 'join leads t on t.company_key = br.company_acronym', needs: ['company_acronym'] },
  ],
  company_acronym: [{ join: 'join leads t on t.company_key = br.company_acronym', needs: ['company_acronym'] }],
  last_name_metaphone: [{ join: 'join leads t on t.last_name_metaphone = br.last_name_metaphone', needs: ['last_name_metaphone'] }],
  swapped_name: [{ join: `join leads t on ${swappedCondition}`, needs: ['first_name_metaphone', 'last_initial'] }],
};

const accountJoins: Record<string, KeyJoin[]> = {
  corporate_domain: [
    { join: 'join accounts t on t.website_domain = br.corporate_domain', needs: ['corporate_domain'] },
    { join: 'join contacts c on c.corporate_domain = br.corporate_domain and c.account_id is not null', id: 'c.account_id', needs: ['corporate_domain'] },
  ],
  website_domain: [
    { join: 'join accounts t on t.website_domain = br.website_domain', needs: ['website_domain'] },
    { join: 'join contacts c on c.corporate_domain = br.website_domain and c.account_id is not null', id: 'c.account_id', needs: ['website_domain'] },
  ],
  company_key: [
    { join: 'join accounts t on t.name_key = br.company_key', needs: ['company_key'] },
    { join: 'join accounts t on t.acronym_key = br.company_key', needs: ['company_key'] },
    { join: 'join accounts t on t.name_key = br.company_acronym', needs: ['company_acronym'] },
  ],
  company_acronym: [{ join: 'join accounts t on t.name_key = br.company_acronym', needs: ['company_acronym'] }],
  phone: [{ join: 'join accounts t on t.phone_e164 = br.phone_e164', needs: ['phone_e164'] }],
};

const joinsByTarget: Record<CrmTarget, Record<string, KeyJoin[]>> = { contact: contactJoins, lead: leadJoins, account: accountJoins };

/** Keys that may follow the first key of a rule, or appear in also_one_of: plain columns of the target and the row. */
const columnKeys: Record<CrmTarget, string[]> = {
  contact: ['email_key', 'corporate_domain', 'first_initial', 'last_name_metaphone', 'swapped_name'],
  lead: ['email_key', 'corporate_domain', 'first_initial', 'last_name_metaphone', 'company_key', 'company_acronym', 'website_domain', 'swapped_name'],
  account: [],
};

const rowKeys = new Set([
  'email_key', 'corporate_domain', 'phone_e164', 'mobile_e164', 'first_initial', 'last_name_metaphone', 'company_key', 'company_acronym', 'website_domain',
  'first_name_metaphone', 'last_initial',
]);

/** The condition a plain key (or swapped_name) puts on a pair. */
function keyCondition(key: string): string {
  return key === 'swapped_name' ? `(${swappedCondition})` : `t.${key} = br.${key}`;
}

/** Checks a target's blocking rules against the keys the database can join on; the error names the rule. */
export function checkBlockingRules(target: CrmTarget, rules: BlockingRule[], where = 'matcher'): void {
  rules.forEach((rule, index) => {
    const at = `${where}: key "targets.${target}.blocking.${index}"`;
    const [first, ...rest] = rule.keys;
    if (!joinsByTarget[target][first]) {
      throw new UserError(`${at}: "${first}" cannot start a ${target} blocking rule (use one of: ${Object.keys(joinsByTarget[target]).join(', ')})`);
    }
    for (const key of [...rest, ...(rule.also_one_of ?? [])]) {
      if (!columnKeys[target].includes(key)) throw new UserError(`${at}: "${key}" cannot be combined in a ${target} rule (use one of: ${columnKeys[target].join(', ') || 'none'})`);
    }
    for (const key of rule.unless ?? []) {
      if (!rowKeys.has(key)) throw new UserError(`${at}: unless "${key}" is not a batch row key (${[...rowKeys].join(', ')})`);
    }
  });
}

export interface CandidateHit {
  sourceRow: number;
  id: string;
  /** candidates blocking produced for this row before the cut */
  total: number;
}

function rulePart(target: CrmTarget, rule: BlockingRule, priority: number): RawBuilder<unknown>[] {
  const [first, ...rest] = rule.keys;
  const conditions: string[] = [];
  for (const key of rest) conditions.push(keyCondition(key));
  if (rule.also_one_of?.length) conditions.push(`(${rule.also_one_of.map(keyCondition).join(' or ')})`);
  for (const key of rule.unless ?? []) conditions.push(`br.${key} is null`);
  const bonus = target === 'account'
    ? '0'
    : `(case when t.last_name_metaphone = br.last_name_metaphone then 5 else 0 end + case when t.first_initial = br.first_initial then 2 else 0 end)`;
  return joinsByTarget[target][first].map((keyJoin) => {
    const needs = [...keyJoin.needs, ...rest.filter((key) => key !== 'swapped_name')].map((key) => `br.${key} is not null`);
    const where = [...needs, ...conditions].join(' and ');
    return sql`select br.source_row, ${sql.raw(keyJoin.id ?? 't.id')} as id, ${sql.raw(String(priority))} + ${sql.raw(bonus)} as p
      from br ${sql.raw(keyJoin.join)}
      where ${sql.raw(where)}`;
  });
}

/** The batch row columns blocking reads: the row number and every key a join or condition may use. */
const rangeColumns = ['source_row', ...rowKeys].join(', ');

export interface RowRange {
  batchId: string;
  /** first source_row, inclusive */
  from: number;
  /** last source_row, exclusive */
  to: number;
}

/** Candidates of one target for a range of batch rows: at most max_candidates per row, the most likely first. */
export async function blockCandidates(db: Kysely<any>, target: CrmTarget, config: MatchTarget, range: RowRange): Promise<CandidateHit[]> {
  const statement = blockingStatement(target, config, range).compile(db);
  const expected = [range.batchId, range.from, range.to, config.max_candidates];
  if (statement.parameters.length !== expected.length || statement.parameters.some((value, i) => value !== expected[i])) {
    throw new Error(`blocking statement of ${target}s: parameters ${JSON.stringify(statement.parameters)}, expected ${JSON.stringify(expected)}`);
  }
  // Index probes only, even when the CRM's statistics are stale or missing (a table loaded moments
  // ago): the function runs the statement with hash and merge joins, sequential scans, parallel
  // workers and JIT off, in one round trip (migration 0007).
  const result = await sql<{ source_row: number; id: string; total: number }>`
    select source_row, id, total from lg_blocking_candidates(${statement.sql}, ${range.batchId}, ${range.from}, ${range.to}, ${config.max_candidates})`.execute(db);
  return result.rows.map((row) => ({ sourceRow: Number(row.source_row), id: row.id, total: Number(row.total) }));
}

/**
 * The blocking statement of one target for a range (exported for EXPLAIN in benchmarks). Its
 * parameters, in order: the batch id, the range's first and end source_row, max_candidates.
 */
export function blockingStatement(target: CrmTarget, config: MatchTarget, range: RowRange): RawBuilder<{ source_row: number; id: string; total: number }> {
  const rules = config.blocking;
  const parts = rules.flatMap((rule, index) => rulePart(target, rule, (rules.length - index) * 10));
  return sql<{ source_row: number; id: string; total: number }>`
    with br as materialized (
      select ${sql.raw(rangeColumns)} from batch_row_keys
      where batch_id = ${range.batchId} and source_row >= ${range.from} and source_row < ${range.to} and not rejected),
    hits as (${sql.join(parts, sql` union all `)}),
    pairs as (select source_row, id, sum(p) as prescore from hits group by source_row, id),
    ranked as (
      select source_row, id, row_number() over (partition by source_row order by prescore desc, id) as rank,
             count(*) over (partition by source_row) as total
      from pairs)
    select source_row, id, total::int as total from ranked where rank <= ${config.max_candidates}`;
}
