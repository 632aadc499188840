import { sql, type Kysely } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import { UserError } from '../errors.js';
import { jsonColumn } from '../db/json-column.js';
import { both, forEach, parallelDatabaseWork } from '../overlap.js';
import { countStep, timeStep, timeStepSync } from '../step-timings.js';
import type { NormalizedPerson, RowMatch, ScoredCandidate } from '../types.js';
import { blockCandidates, checkBlockingRules, type CandidateHit, type CrmTarget, type RowRange } from './blocking.js';
import type { Matcher, MatchTarget } from './matcher.js';
import { defaultLevelContext, isRoleEmail } from './name-knowledge.js';
import { accountRecord, crmPersonRecord, personRecord, type AccountRow, type ContactRow } from './records.js';
import { scorePair, type MatchRecord, type ScoringContext } from './score.js';
import { contactNameFrequencies, termFrequenciesFor } from './term-frequency.js';
import { defaultRangeSize } from './range-size.js';

/**
 * The match stage: every staged row of a batch against the CRM's Contacts, Leads and Accounts.
 * Rows are taken in ranges of source_row (memory stays bounded for million-row batches);
 * per range and target one blocking statement finds candidates, one query fetches them,
 * and pairs are scored in TypeScript with the matcher's comparisons and guards.
 */

export interface MatchBatchOptions {
  /** source_row range per chunk (default defaultRangeSize, as the stage) */
  chunkSize?: number;
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  /** run the targets' blocking queries at once (default: parallelDatabaseWork()) */
  parallel?: boolean;
  /** candidates of each kind of record kept in RowMatch.candidates (default 3; explain keeps all) */
  keptPerType?: number;
}

const crmTargets: CrmTarget[] = ['contact', 'lead', 'account'];
/** candidates of each type kept in RowMatch.candidates for the report */
const reportedPerType = 3;

/** The whole batch's matches by source_row. Use matchBatchChunks to write them as they come. */
export async function matchBatch(crm: CrmConnection, batchId: string, matcher: Matcher, options: MatchBatchOptions = {}): Promise<Map<number, RowMatch>> {
  const all = new Map<number, RowMatch>();
  for await (const chunk of matchBatchChunks(crm, batchId, matcher, options)) {
    for (const [row, match] of chunk) all.set(row, match);
  }
  return all;
}

/** What matching a batch needs once, before its chunks: the targets in order and their scoring contexts. */
export interface BatchMatching {
  db: Kysely<any>;
  matcher: Matcher;
  targets: CrmTarget[];
  /** ready once the name frequencies are read: scoring waits for them, blocking does not */
  contexts: Promise<Map<CrmTarget, ScoringContext>>;
  parallel: boolean;
  keptPerType: number;
}

/** Checks the matcher's CRM targets and starts reading the name frequencies its comparisons weigh by. */
export async function prepareBatchMatching(crm: Pick<CrmConnection, 'db'>, matcher: Matcher, options: MatchBatchOptions = {}): Promise<BatchMatching> {
  const db = crm.db as unknown as Kysely<any>;
  const targets = crmTargets.filter((name) => matcher.targets[name]);
  if (!targets.length) throw new UserError(`${matcher.path}: a CRM matcher needs at least one of targets.contact, targets.lead, targets.account`);
  for (const name of targets) checkBlockingRules(name, matcher.targets[name]!.blocking, matcher.path);
  const contexts = timeStep('match: name frequencies', () => contactNameFrequencies(db)).then((frequencies) => new Map<CrmTarget, ScoringContext>(targets.map((name) => [name, {
    ...defaultLevelContext,
    termFrequencies: termFrequenciesFor(matcher.targets[name]!, frequencies),
    sharedAcronyms: frequencies.acronyms,
  }])));
  contexts.catch(() => {}); // awaited before the first scoring; a failure surfaces there
  return { db, matcher, targets, contexts, parallel: options.parallel ?? parallelDatabaseWork(), keptPerType: options.keptPerType ?? reportedPerType };
}

export async function* matchBatchChunks(
  crm: CrmConnection,
  batchId: string,
  matcher: Matcher,
  options: MatchBatchOptions = {},
): AsyncGenerator<Map<number, RowMatch>> {
  const matching = await prepareBatchMatching(crm, matcher, options);
  const { db } = matching;
  const bounds = await sql<{ low: number | null; high: number | null; n: number }>`
    select min(source_row) as low, max(source_row) as high, count(*)::int as n from batch_row_keys where batch_id = ${batchId}`.execute(db);
  const { low, high, n } = bounds.rows[0] ?? { low: null, high: null, n: 0 };
  if (low === null || high === null) return;
  const chunkSize = options.chunkSize ?? defaultRangeSize;
  const readPeople = async (range: RowRange) => {
    const rows = await timeStep('match: read rows', () => sql<{ source_row: number; person: NormalizedPerson | string | null }>`
      select source_row, person from batch_row_keys
      where batch_id = ${batchId} and source_row >= ${range.from} and source_row < ${range.to}
        and not rejected`.execute(db));
    const people = new Map<number, NormalizedPerson>();
    for (const row of rows.rows) people.set(Number(row.source_row), jsonColumn<NormalizedPerson>(row.person, {}));
    return people;
  };
  const readChunk = async (range: RowRange) => {
    const [people, candidates] = await both(matching.parallel, () => readPeople(range), () => findChunkCandidates(matching, range));
    return { people, candidates };
  };
  let done = 0;
  for await (const { people, candidates } of rangesAhead(batchId, Number(low), Number(high), chunkSize, readChunk, matching.parallel)) {
    const chunk = scoreChunk(matching, await matching.contexts, people, candidates);
    done += people.size;
    options.onProgress?.(done, Number(n));
    yield chunk;
  }
}

/**
 * `read` of each source_row range in turn, the next range's started before the current one is
 * handed over (when `ahead`): the database blocks the next range while Node scores this one.
 */
export async function* rangesAhead<T>(batchId: string, low: number, high: number, chunkSize: number, read: (range: RowRange) => Promise<T>, ahead: boolean): AsyncGenerator<T> {
  const start = (from: number) => {
    const pending = read({ batchId, from, to: from + chunkSize });
    pending.catch(() => {}); // awaited on its turn; a failure surfaces there
    return pending;
  };
  let next = ahead ? start(low) : undefined;
  for (let from = low; from <= high; from += chunkSize) {
    const current = await (next ?? start(from));
    next = ahead && from + chunkSize <= high ? start(from + chunkSize) : undefined;
    yield current;
  }
}

/** What the database finds for one range of rows: per target the blocking hits and the candidates' records. */
export type ChunkCandidates = Map<CrmTarget, { hits: CandidateHit[]; records: Map<string, MatchRecord> }>;

/**
 * Per target one blocking statement finds a range's candidates and one query fetches them; the
 * targets' statements run at once (on PostgreSQL each on its own connection and core).
 */
export async function findChunkCandidates(matching: BatchMatching, range: RowRange): Promise<ChunkCandidates> {
  const { db, matcher, targets, parallel } = matching;
  const candidates = async (name: CrmTarget) => {
    const hits = await timeStep(`match: block ${name}s`, () => blockCandidates(db, name, matcher.targets[name]!, range));
    const records = await timeStep(`match: fetch ${name}s`, () => fetchCandidates(db, name, [...new Set(hits.map((hit) => hit.id))]));
    return [name, { hits, records }] as const;
  };
  return new Map(await forEach(parallel, targets, candidates));
}

/** Scores a range's candidate pairs (`people`: its rows that were not rejected, by source_row) and picks each row's match. */
export function scoreChunk(
  matching: BatchMatching, contexts: Map<CrmTarget, ScoringContext>, people: Map<number, NormalizedPerson>, candidates: ChunkCandidates,
): Map<number, RowMatch> {
  const { matcher, targets } = matching;
  const incoming = new Map<number, MatchRecord>();
  for (const [sourceRow, person] of people) incoming.set(sourceRow, personRecord(person));
  const perTarget = new Map<CrmTarget, Map<number, { scored: ScoredCandidate[]; cut: boolean }>>();
  for (const name of targets) {
    const { hits, records } = candidates.get(name)!;
    countStep(`match: pairs ${name}s`, hits.length);
    perTarget.set(name, timeStepSync(`match: score ${name}s`, () => scoreHits(hits, incoming, records, name, matcher.targets[name]!, matcher, contexts.get(name)!)));
  }
  const accountRecords = candidates.get('account')?.records ?? new Map<string, MatchRecord>();
  const chunk = new Map<number, RowMatch>();
  for (const [sourceRow, record] of incoming) {
    chunk.set(sourceRow, assembleRowMatch(sourceRow, record, perTarget, matcher, accountRecords, matching.keptPerType));
  }
  return chunk;
}

function scoreHits(
  hits: CandidateHit[],
  incoming: Map<number, MatchRecord>,
  records: Map<string, MatchRecord>,
  entityType: CrmTarget,
  config: MatchTarget,
  matcher: Matcher,
  context: ScoringContext,
): Map<number, { scored: ScoredCandidate[]; cut: boolean }> {
  const byRow = new Map<number, { scored: ScoredCandidate[]; cut: boolean }>();
  for (const hit of hits) {
    const a = incoming.get(hit.sourceRow);
    const b = records.get(hit.id);
    if (!a || !b) continue;
    let entry = byRow.get(hit.sourceRow);
    if (!entry) byRow.set(hit.sourceRow, (entry = { scored: [], cut: false }));
    if (hit.total > config.max_candidates) entry.cut = true;
    entry.scored.push(scorePair(config, matcher.guards, a, b, context, { entityType, id: hit.id }));
  }
  for (const entry of byRow.values()) entry.scored.sort((p, q) => q.score - p.score || (p.id < q.id ? -1 : 1));
  return byRow;
}

function assembleRowMatch(
  sourceRow: number,
  record: MatchRecord,
  perTarget: Map<CrmTarget, Map<number, { scored: ScoredCandidate[]; cut: boolean }>>,
  matcher: Matcher,
  accountRecords: Map<string, MatchRecord>,
  keptPerType: number,
): RowMatch {
  const match: RowMatch = { candidates: [], candidatesCut: false };
  for (const [name, byRow] of perTarget) {
    const entry = byRow.get(sourceRow);
    if (!entry) continue;
    if (entry.cut) match.candidatesCut = true;
    match.candidates.push(...entry.scored.slice(0, keptPerType));
    const [best, second] = entry.scored;
    if (!best || best.band === 'none') continue;
    if (name === 'account') {
      match.account = { ...best, via: accountVia(record, accountRecords.get(best.id) ?? {}) };
      continue;
    }
    if (name === 'contact') match.contact = best;
    if (name === 'lead') match.lead = best;
    const config = matcher.targets[name]!;
    if (!match.ambiguous && second && second.score >= config.thresholds.review && best.score - second.score <= config.ambiguity_margin) {
      const close = entry.scored.filter((c) => c.score >= config.thresholds.review && best.score - c.score <= config.ambiguity_margin);
      match.ambiguous = {
        entityType: name,
        ids: close.map((c) => c.id),
        reason: `${close.length} ${name}s score within ${config.ambiguity_margin} of each other (${close.map((c) => c.score.toFixed(1)).join(', ')})`,
      };
    }
  }
  match.candidates.sort((p, q) => q.score - p.score);
  return match;
}

/** Which evidence tied a row to its account, in words. */
export function accountVia(row: MatchRecord, account: MatchRecord): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const corporate = text(row.corporateDomain);
  const website = text(row.websiteDomain);
  const accountWebsite = text(account.websiteDomain);
  const contactDomains = Array.isArray(account.contactDomains) ? (account.contactDomains as string[]) : [];
  if (corporate && corporate === accountWebsite) return `email domain ${corporate} = account website`;
  if (website && website === accountWebsite) return `website ${website} = account website`;
  if (corporate && contactDomains.includes(corporate)) return `email domain ${corporate} = its contacts' email domain`;
  if (website && contactDomains.includes(website)) return `website ${website} = its contacts' email domain`;
  const key = text(row.companyKey);
  if (key && key === text(account.companyKey)) return `company name key ${key}`;
  const acronym = text(row.companyAcronym);
  if ((key && key === text(account.companyAcronym)) || (acronym && acronym === text(account.companyKey))) {
    return `company acronym ${key === text(account.companyAcronym) ? key : acronym}`;
  }
  return `company name ${text(row.company) || key} ~ ${text(account.companyName)}`;
}

const personColumns = `t.id, t.account_id, t.first_name, t.last_name, t.email, t.email_key, t.email_domain, t.corporate_domain,
  t.phone_e164, t.mobile_e164, t.first_name_key, t.first_name_canonical, t.first_initial, t.last_name_key,
  t.last_name_metaphone, t.city, t.state, t.postal_code, t.country, t.title`;

/** The candidates' columns the comparisons and guards need, in one query per target (plus one for shared phones). */
export async function fetchCandidates(db: Kysely<any>, target: CrmTarget, ids: string[]): Promise<Map<string, MatchRecord>> {
  const records = new Map<string, MatchRecord>();
  if (!ids.length) return records;
  if (target === 'account') {
    const rows = await sql<AccountRow>`
      select t.id, t.name, t.name_key, t.acronym_key, t.website_domain, t.phone_e164, t.city, t.state, t.postal_code, t.country,
        (select array_agg(d.corporate_domain) from (
           select distinct c.corporate_domain from contacts c
           where c.account_id = t.id and c.corporate_domain is not null limit 20) d) as contact_domains
      from accounts t where t.id = any(${ids}::text[])`.execute(db);
    for (const row of rows.rows) records.set(row.id, accountRecord(row));
    return records;
  }
  // Each candidate's account by its primary key, one probe per candidate: a LATERAL subquery with
  // a LIMIT is not flattened into a join, so the planner cannot hash a range's candidates and read
  // every account instead; and it takes one round trip, not a transaction of its own with
  // settings, each round trip waiting for Node's busy event loop.
  const account = sql.raw(`left join lateral (
      select a.name, a.name_key, a.acronym_key, a.website_domain, a.phone_e164 from accounts a where a.id = t.account_id limit 1) a on true`);
  const query = target === 'contact'
    ? sql<ContactRow>`
        select ${sql.raw(personColumns)}, a.name as company_name, a.name_key as company_key, a.acronym_key as company_acronym,
          a.website_domain as account_website_domain, a.phone_e164 as account_phone_e164
        from contacts t ${account} where t.id = any(${ids}::text[])`
    : sql<ContactRow>`
        select ${sql.raw(personColumns)}, t.company as company_name, t.company_key, t.company_acronym,
          coalesce(a.website_domain, t.website_domain) as account_website_domain, a.phone_e164 as account_phone_e164
        from leads t ${account} where t.id = any(${ids}::text[])`;
  const rows = await query.execute(db);
  const counts = await sharedPhoneCounts(db, target, rows.rows);
  for (const row of rows.rows) {
    const group = target === 'contact' ? row.account_id : row.company_key;
    const phoneCounts: Record<string, number> = {};
    for (const phone of [row.phone_e164, row.mobile_e164]) {
      if (phone && group) phoneCounts[phone] = counts.get(`${group}\u0001${phone}`) ?? 1;
    }
    records.set(row.id, crmPersonRecord(row, isRoleEmail, phoneCounts));
  }
  return records;
}

/** How many contacts of one account (leads of one company) share each phone number: a switchboard is shared. */
async function sharedPhoneCounts(db: Kysely<any>, target: 'contact' | 'lead', rows: ContactRow[]): Promise<Map<string, number>> {
  const phones = [...new Set(rows.flatMap((row) => [row.phone_e164, row.mobile_e164]).filter((p): p is string => !!p))];
  const counts = new Map<string, number>();
  if (!phones.length) return counts;
  const result = target === 'contact'
    ? await sql<{ grp: string; phone: string; n: number }>`
        select account_id as grp, phone_e164 as phone, count(*)::int as n from contacts
        where phone_e164 = any(${phones}::text[]) and account_id is not null group by 1, 2 having count(*) >= 2`.execute(db)
    : await sql<{ grp: string; phone: string; n: number }>`
        select company_key as grp, phone_e164 as phone, count(*)::int as n from leads
        where phone_e164 = any(${phones}::text[]) and company_key is not null group by 1, 2 having count(*) >= 2`.execute(db);
  for (const row of result.rows) counts.set(`${row.grp}\u0001${row.phone}`, Number(row.n));
  return counts;
}
