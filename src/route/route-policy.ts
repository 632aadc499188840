import type { Pipeline } from '../pipeline/pipeline.js';
import type { Intent, Route } from '../types.js';
import { UserError } from '../errors.js';

/** The kinds of match a pipeline can route; `routes` in a pipeline file overrides any of them. */
export type MatchKind = 'contact_match' | 'account_match' | 'lead_match' | 'no_match';

export type RoutePolicy = Record<MatchKind, Route>;

/**
 * What each kind of match becomes by default. Interest (badge scans, web forms): a known
 * Contact gets an Opportunity, a new person at a known Account becomes a Contact under it with
 * an Opportunity. Prospect (purchased lists) carries no interest: matches refresh data, and
 * the unknown become Leads (linked to their Account when it is known).
 */
export const defaultRoutePolicy: Record<Intent, RoutePolicy> = {
  interest: {
    contact_match: 'opportunity_for_contact',
    account_match: 'new_contact_and_opportunity',
    lead_match: 'existing_lead',
    no_match: 'new_lead',
  },
  prospect: {
    contact_match: 'update_contact',
    account_match: 'new_lead',
    lead_match: 'existing_lead',
    no_match: 'new_lead',
  },
};

/** Routes that make sense for each kind of match: a route needs the record it acts on. */
const allowedRoutes: Record<MatchKind, Route[]> = {
  contact_match: ['opportunity_for_contact', 'update_contact', 'merge_candidate', 'suppressed', 'rejected'],
  account_match: ['new_contact_and_opportunity', 'new_lead', 'merge_candidate', 'suppressed', 'rejected'],
  lead_match: ['existing_lead', 'merge_candidate', 'suppressed', 'rejected'],
  no_match: ['new_lead', 'merge_candidate', 'suppressed', 'rejected'],
};

/** The pipeline's policy: its intent's defaults with its `routes` overrides, checked. */
export function routePolicyOf(pipeline: Pick<Pipeline, 'intent' | 'routes'> & { path?: string }): RoutePolicy {
  const policy = { ...defaultRoutePolicy[pipeline.intent] };
  for (const [kind, route] of Object.entries(pipeline.routes ?? {}) as [MatchKind, Route | undefined][]) {
    if (!route) continue;
    if (!allowedRoutes[kind].includes(route)) {
      throw new UserError(`${pipeline.path ?? 'pipeline'}: key "routes.${kind}": ${route} cannot act on a ${kind.replace('_', ' ')}; use one of ${allowedRoutes[kind].join(', ')}`);
    }
    policy[kind] = route;
  }
  return policy;
}

/** The route a steward's decision leads to when the policy itself says merge_candidate: the intent's default. */
export function decidedRoute(policy: RoutePolicy, intent: Intent, kind: MatchKind): Route {
  const route = policy[kind];
  return route === 'merge_candidate' ? defaultRoutePolicy[intent][kind] : route;
}
