import type { RowMatch, ScoredCandidate } from '../types.js';

/**
 * A Contact or Lead among a row's candidates whose email comparison found the very same address,
 * though it scored below the review band: a one-letter typo in the last name ("Sttong" for
 * "Strong") and a guard ("names do not agree") sink it. Creating a record for the row would repeat
 * that record's email, so such a row goes to a data steward
 * (unless the address is a role address, shared by different people by design: route-row.ts).
 */
export function sameEmailCandidate(match: RowMatch | undefined): (ScoredCandidate & { entityType: 'contact' | 'lead' }) | undefined {
  if (!match) return undefined;
  for (const candidate of match.candidates) {
    if (candidate.entityType === 'account') continue;
    if (candidate.comparisons.some((c) => c.comparison === 'email' && c.level === 'exact')) {
      return candidate as ScoredCandidate & { entityType: 'contact' | 'lead' };
    }
  }
  return undefined;
}
