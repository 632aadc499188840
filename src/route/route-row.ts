import type { NormalizedRow, Route, RowMatch, ScoredCandidate } from '../types.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { CrmRecords } from './matched-records.js';
import { sameEmailCandidate } from './same-email-candidate.js';
import { decidedRoute, routePolicyOf, type MatchKind, type RoutePolicy } from './route-policy.js';

/** Everything known about one staged row when it is routed. */
export interface RowContext {
  row: NormalizedRow;
  match?: RowMatch;
  /** an earlier row of the same file is the same person */
  duplicateOf?: { sourceRow: number; reason: string };
  /** words of a suppression-list hit, e.g. "email x@y.com is on the suppression list" */
  suppression?: string;
  records: CrmRecords;
}

export interface MergeChoice { kind: MatchKind; route: Route }

/** Where a row goes and why; the ids are the CRM's own ids of the records it was matched to. */
export interface RouteDecision {
  route: Route;
  reasons: string[];
  score: number | null;
  /** the kind of match that chose the route (null for suppressed, rejected, duplicates) */
  kind: MatchKind | null;
  accountId?: string;
  contactId?: string;
  leadId?: string;
  /** merge_candidate: the record the steward compares the row with, and where each decision leads */
  candidate?: { entityType: 'contact' | 'lead'; id: string };
  onMerge?: MergeChoice;
  onCreateNew?: MergeChoice;
}

type PersonType = 'contact' | 'lead';

interface PersonMatch {
  entityType: PersonType;
  id: string;
  score: number | null;
  certain: boolean;
  why: string;
}

/** Routes one row by the pipeline's policy. Pure: the caller loads matches, records and suppressions. */
export function routeRow(context: RowContext, pipeline: Pick<Pipeline, 'intent' | 'routes'>, policy: RoutePolicy = routePolicyOf(pipeline)): RouteDecision {
  const { row, match, records } = context;
  const bestScore = match?.candidates[0]?.score ?? null;

  if (context.suppression) {
    return { route: 'suppressed', kind: null, score: bestScore, reasons: [context.suppression, 'suppressed rows are never imported'] };
  }
  if (row.rejected) {
    const rejects = row.issues.filter((i) => i.severity === 'reject').map((i) => i.message);
    return { route: 'rejected', kind: null, score: null, reasons: rejects.length ? rejects : ['no usable identity (name with email, phone or company)'] };
  }
  if (context.duplicateOf) {
    return {
      route: 'duplicate_in_file', kind: null, score: null,
      reasons: [`same person as row ${context.duplicateOf.sourceRow} of this file: ${context.duplicateOf.reason}`, 'only the first occurrence is imported'],
    };
  }

  const contact = personMatch('contact', match);
  const lead = personMatch('lead', match);
  const account = match?.account && match.account.band === 'match' ? match.account : undefined;
  const accountWords = account ? `Account ${account.id}${nameOf(records.accounts.get(account.id))} via ${account.via} (score ${fmt(account.score)})` : '';

  for (const certain of [contact, lead]) {
    if (!certain?.certain) continue;
    const record = certain.entityType === 'contact' ? records.contacts.get(certain.id) : records.leads.get(certain.id);
    if (record?.do_not_contact) {
      return {
        route: 'suppressed', kind: null, score: certain.score, ...idsOf(certain, record.account_id ?? undefined),
        reasons: [`matches ${label(certain.entityType)} ${certain.id}${nameOf(record)}, which is flagged do not contact`, certain.why],
      };
    }
  }

  if (match?.ambiguous) {
    const [first] = match.ambiguous.ids;
    return mergeCandidate(context, pipeline, policy, { entityType: match.ambiguous.entityType, id: first, score: candidateScore(match, first), certain: false, why: '' },
      [`too close to call between ${label(match.ambiguous.entityType)}s ${match.ambiguous.ids.join(', ')}: ${match.ambiguous.reason}`], accountWords);
  }

  const certain = contact?.certain ? contact : lead?.certain ? lead : undefined;
  if (certain) {
    const kind: MatchKind = certain.entityType === 'contact' ? 'contact_match' : 'lead_match';
    const record = certain.entityType === 'contact' ? records.contacts.get(certain.id) : records.leads.get(certain.id);
    const reasons = [`matches ${label(certain.entityType)} ${certain.id}${nameOf(record)}: ${certain.why}`];
    const other = certain === contact ? lead : contact;
    if (other && !other.certain) reasons.push(`also resembles ${label(other.entityType)} ${other.id} (score ${fmt(other.score)}, review band); the certain match wins`);
    if (policy[kind] === 'merge_candidate') {
      return mergeCandidate(context, pipeline, policy, certain, [...reasons, `the pipeline sends every ${kind.replace('_', ' ')} to a data steward`], accountWords);
    }
    const accountId = record?.account_id ?? account?.id;
    reasons.push(routeWords(policy[kind]));
    return { route: policy[kind], kind, score: certain.score, reasons, ...idsOf(certain, accountId ?? undefined) };
  }

  const review = contact ?? lead;
  if (review) {
    return mergeCandidate(context, pipeline, policy, review,
      [`${label(review.entityType)} ${review.id}${nameOf(review.entityType === 'contact' ? records.contacts.get(review.id) : records.leads.get(review.id))} scored ${fmt(review.score)}, in the review band: ${review.why}`], accountWords);
  }

  // a role address (info@, sales@) is shared by different people: the same one repeats by design
  const sameEmail = row.person.emailIsRole ? undefined : sameEmailCandidate(match);
  if (sameEmail) {
    const record = sameEmail.entityType === 'contact' ? records.contacts.get(sameEmail.id) : records.leads.get(sameEmail.id);
    return mergeCandidate(context, pipeline, policy, { entityType: sameEmail.entityType, id: sameEmail.id, score: sameEmail.score, certain: false, why: '' },
      [`${label(sameEmail.entityType)} ${sameEmail.id}${nameOf(record)} has the same email but scored ${fmt(sameEmail.score)}, below the review band: ${sameEmail.explanation}`,
        'a new record would repeat its email'], accountWords);
  }

  if (account) {
    const kind: MatchKind = 'account_match';
    const reasons = [`no matching Contact or Lead; matches ${accountWords}: ${account.explanation}`];
    if (policy[kind] === 'merge_candidate') return { ...mergeWithoutCandidate(reasons, policy, pipeline, kind), accountId: account.id, score: account.score };
    reasons.push(routeWords(policy[kind]));
    return { route: policy[kind], kind, score: account.score, reasons, accountId: account.id };
  }

  const reasons = ['no matching Contact, Lead or Account'];
  const weak = match?.candidates[0];
  if (weak) reasons.push(`best candidate ${label(weak.entityType)} ${weak.id} scored ${fmt(weak.score)}, below the review band: ${weak.explanation}`);
  if (match?.account && match.account.band === 'review') reasons.push(`Account ${match.account.id} via ${match.account.via} is only a possible match (score ${fmt(match.account.score)}); not linked`);
  if (policy.no_match === 'merge_candidate') return { ...mergeWithoutCandidate(reasons, policy, pipeline, 'no_match'), score: bestScore };
  reasons.push(routeWords(policy.no_match));
  return { route: policy.no_match, kind: 'no_match', score: bestScore, reasons };
}

function personMatch(entityType: PersonType, match: RowMatch | undefined): PersonMatch | undefined {
  if (!match) return undefined;
  if (match.vendorMatch?.entityType === entityType) {
    const scored = entityType === 'contact' ? match.contact : match.lead;
    return {
      entityType, id: match.vendorMatch.id, certain: true,
      score: scored?.id === match.vendorMatch.id ? scored.score : candidateScore(match, match.vendorMatch.id),
      why: 'the list vendor\'s record id is already on it (refresh)',
    };
  }
  const candidate: ScoredCandidate | undefined = entityType === 'contact' ? match.contact : match.lead;
  if (!candidate || candidate.band === 'none') return undefined;
  const guards = candidate.guards.length ? ` [${candidate.guards.join('; ')}]` : '';
  return { entityType, id: candidate.id, score: candidate.score, certain: candidate.band === 'match', why: `${candidate.explanation}${guards}` };
}

function mergeCandidate(context: RowContext, pipeline: Pick<Pipeline, 'intent'>, policy: RoutePolicy, candidate: PersonMatch, reasons: string[], accountWords: string): RouteDecision {
  const account = context.match?.account?.band === 'match' ? context.match.account : undefined;
  const record = candidate.entityType === 'contact' ? context.records.contacts.get(candidate.id) : context.records.leads.get(candidate.id);
  const mergeKind: MatchKind = candidate.entityType === 'contact' ? 'contact_match' : 'lead_match';
  const newKind: MatchKind = account ? 'account_match' : 'no_match';
  const onMerge = { kind: mergeKind, route: decidedRoute(policy, pipeline.intent, mergeKind) };
  const onCreateNew = { kind: newKind, route: decidedRoute(policy, pipeline.intent, newKind) };
  const words = [...reasons];
  if (account) words.push(`the row's company matches ${accountWords}`);
  words.push(`a data steward decides: merge -> ${onMerge.route} on ${label(candidate.entityType)} ${candidate.id}; create_new -> ${onCreateNew.route}`);
  return {
    route: 'merge_candidate', kind: mergeKind, score: candidate.score, reasons: words,
    ...idsOf(candidate, record?.account_id ?? account?.id),
    candidate: { entityType: candidate.entityType, id: candidate.id },
    onMerge, onCreateNew,
  };
}

/** The pipeline routes a whole kind of match to review though there is no person to compare with. */
function mergeWithoutCandidate(reasons: string[], policy: RoutePolicy, pipeline: Pick<Pipeline, 'intent'>, kind: MatchKind): RouteDecision {
  const onCreateNew = { kind, route: decidedRoute(policy, pipeline.intent, kind) };
  return {
    route: 'merge_candidate', kind, score: null, onCreateNew,
    reasons: [...reasons, `the pipeline sends every ${kind.replace('_', ' ')} to a data steward: create_new -> ${onCreateNew.route}`],
  };
}

function idsOf(person: PersonMatch, accountId: string | undefined): Pick<RouteDecision, 'contactId' | 'leadId' | 'accountId'> {
  return { ...(person.entityType === 'contact' ? { contactId: person.id } : { leadId: person.id }), ...(accountId ? { accountId } : {}) };
}

function candidateScore(match: RowMatch, id: string): number | null {
  return match.candidates.find((c) => c.id === id)?.score ?? null;
}

function routeWords(route: Route): string {
  switch (route) {
    case 'opportunity_for_contact': return 'a known Contact showing interest gets an Opportunity, not a Lead';
    case 'new_contact_and_opportunity': return 'a new person at a known Account becomes a Contact under it, with an Opportunity';
    case 'existing_lead': return 'the existing Lead is kept and refreshed, no new Lead';
    case 'update_contact': return 'a purchased list carries no interest: the Contact\'s data is refreshed, no Opportunity';
    case 'new_lead': return 'an unknown person becomes a Lead';
    default: return route;
  }
}

function label(entityType: string): string {
  return entityType.charAt(0).toUpperCase() + entityType.slice(1);
}

function nameOf(record: { first_name?: string | null; last_name?: string | null; name?: string } | undefined): string {
  if (!record) return '';
  const name = 'name' in record && record.name ? record.name : [record.first_name, record.last_name].filter(Boolean).join(' ');
  return name ? ` (${name})` : '';
}

function fmt(score: number | null): string {
  return score === null ? '?' : score.toFixed(1);
}
