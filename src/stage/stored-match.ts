import type { RowMatch, ScoredCandidate } from '../types.js';

/**
 * RowMatch as batch_rows.match stores it: the best contact, lead and account are always among
 * the candidates (the first of their type), so they are stored as references (entity type and
 * id, and the account's via) instead of a second copy of their comparisons and explanation.
 * The references keep `id`, so SQL can still read match->'contact'->>'id'.
 */
interface CandidateRef { entityType: ScoredCandidate['entityType']; id: string }

export type StoredRowMatch = Omit<RowMatch, 'contact' | 'lead' | 'account'> & {
  contact?: CandidateRef;
  lead?: CandidateRef;
  account?: CandidateRef & { via: string };
};

function refOf(candidate: ScoredCandidate | undefined): CandidateRef | undefined {
  return candidate && { entityType: candidate.entityType, id: candidate.id };
}

export function storedMatch(match: RowMatch): StoredRowMatch {
  return {
    ...match,
    contact: refOf(match.contact),
    lead: refOf(match.lead),
    account: match.account && { entityType: match.account.entityType, id: match.account.id, via: match.account.via },
  };
}

/** The RowMatch again, its best candidates taken from the candidates (a whole RowMatch passes unchanged). */
export function rowMatchOf(stored: StoredRowMatch | RowMatch): RowMatch {
  const candidate = (ref: CandidateRef | undefined): ScoredCandidate | undefined => {
    if (!ref) return undefined;
    if ('score' in ref) return ref as ScoredCandidate;
    const found = stored.candidates.find((c) => c.entityType === ref.entityType && c.id === ref.id);
    if (!found) throw new Error(`stored match refers to ${ref.entityType} ${ref.id}, which is not among its candidates`);
    return found;
  };
  const account = candidate(stored.account);
  return {
    ...stored,
    contact: candidate(stored.contact),
    lead: candidate(stored.lead),
    account: account && stored.account && { ...account, via: stored.account.via },
  };
}

/** Routes a steward decides: their rows keep every candidate the match scored (the review screen and the report show them side by side). */
const reviewedRoutes = new Set<string>(['merge_candidate']);

/**
 * What a routed row keeps of its match: a reviewed row (or one with close candidates) keeps
 * every candidate with its comparisons; any other keeps the best candidate of each kind of record
 * by id, score, band and guards (its reasons already say, in words, why the chosen one won).
 * The rest is recomputed on demand (`listgate explain BATCH ROW`).
 */
export function keptMatch(match: RowMatch, route: string): RowMatch {
  if (reviewedRoutes.has(route) || match.ambiguous) return match;
  const seen = new Set<string>();
  const candidates: ScoredCandidate[] = [];
  for (const c of match.candidates) {
    if (seen.has(c.entityType)) continue;
    seen.add(c.entityType);
    candidates.push({ entityType: c.entityType, id: c.id, score: c.score, band: c.band, comparisons: [], guards: c.guards, explanation: '' });
  }
  const byKind = (chosen: ScoredCandidate | undefined) => chosen && candidates.find((c) => c.entityType === chosen.entityType && c.id === chosen.id);
  // the chosen contact, lead and account are the best of their kind, so they are among the kept candidates
  const kept: RowMatch = { ...match, candidates, contact: byKind(match.contact) ?? match.contact, lead: byKind(match.lead) ?? match.lead };
  const account = byKind(match.account) ?? match.account;
  kept.account = account && match.account && { ...account, via: match.account.via };
  for (const key of ['contact', 'lead', 'account'] as const) if (!kept[key]) delete kept[key];
  if (candidates.length < match.candidates.length) kept.candidatesScored = match.candidates.length;
  return kept;
}
