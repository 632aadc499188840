import { describe, expect, it } from 'vitest';
import { routeRow, type RowContext } from '../src/route/route-row.js';
import { routePolicyOf } from '../src/route/route-policy.js';
import { emptyCrmRecords, type ContactRecord, type CrmRecords, type LeadRecord } from '../src/route/matched-records.js';
import { parsePipeline } from '../src/pipeline/pipeline.js';
import type { NormalizedRow, RowMatch, ScoredCandidate } from '../src/types.js';

const interest = parsePipeline({ intent: 'interest', lead_source: 'Trade Show', campaign: 'Expo' });
const prospect = parsePipeline({ intent: 'prospect', lead_source: 'Purchased List' });

function row(overrides: Partial<NormalizedRow> = {}): NormalizedRow {
  return {
    sourceRow: 2, raw: {}, values: { first_name: 'Jane', last_name: 'Doe', email: 'jane@acme.com', company: 'Acme' }, unmapped: {},
    person: { firstName: 'Jane', lastName: 'Doe', email: 'jane@acme.com', emailKey: 'jane@acme.com', company: 'Acme' },
    issues: [], rejected: false, ...overrides,
  };
}

function candidate(entityType: ScoredCandidate['entityType'], id: string, score: number, band: ScoredCandidate['band'] = 'match'): ScoredCandidate {
  return { entityType, id, score, band, comparisons: [], guards: [], explanation: `email identical +9.0 = ${score}` };
}

function contactRecord(id: string, extra: Partial<ContactRecord> = {}): ContactRecord {
  return { id, first_name: 'Jane', last_name: 'Doe', account_id: 'A1', do_not_contact: false, ...extra } as ContactRecord;
}

function records(contacts: ContactRecord[] = [], leads: LeadRecord[] = []): CrmRecords {
  const r = emptyCrmRecords();
  contacts.forEach((c) => r.contacts.set(c.id, c));
  leads.forEach((l) => r.leads.set(l.id, l));
  r.accounts.set('A1', { id: 'A1', name: 'Acme Inc' } as any);
  return r;
}

function context(match: Partial<RowMatch> | undefined, extra: Partial<RowContext> = {}): RowContext {
  return { row: row(), match: match ? { candidates: [], candidatesCut: false, ...match } : undefined, records: records([contactRecord('C1')]), ...extra };
}

const contactMatch = { contact: candidate('contact', 'C1', 16), candidates: [candidate('contact', 'C1', 16)] };
const accountMatch = { account: { ...candidate('account', 'A1', 8), via: 'corporate email domain acme.com' } };
const leadMatch = { lead: candidate('lead', 'L1', 14), candidates: [candidate('lead', 'L1', 14)] };

describe('routeRow on an interest list', () => {
  it('gives a known Contact an Opportunity', () => {
    const d = routeRow(context(contactMatch), interest);
    expect(d.route).toBe('opportunity_for_contact');
    expect(d.contactId).toBe('C1');
    expect(d.accountId).toBe('A1');
    expect(d.score).toBe(16);
    expect(d.reasons.join(' ')).toContain('email identical');
  });
  it('makes a new person at a known Account a Contact with an Opportunity', () => {
    const d = routeRow(context(accountMatch), interest);
    expect(d.route).toBe('new_contact_and_opportunity');
    expect(d.accountId).toBe('A1');
    expect(d.reasons.join(' ')).toContain('corporate email domain acme.com');
  });
  it('keeps a known Lead', () => {
    expect(routeRow(context(leadMatch), interest)).toMatchObject({ route: 'existing_lead', leadId: 'L1' });
  });
  it('makes the unknown a new Lead and says why', () => {
    const d = routeRow(context(undefined), interest);
    expect(d.route).toBe('new_lead');
    expect(d.reasons[0]).toBe('no matching Contact, Lead or Account');
  });
  it('prefers a certain Contact over a certain Lead', () => {
    expect(routeRow(context({ ...contactMatch, ...leadMatch }), interest).route).toBe('opportunity_for_contact');
  });
  it('ignores an Account in the review band', () => {
    const d = routeRow(context({ account: { ...candidate('account', 'A1', 4, 'review'), via: 'company name' } }), interest);
    expect(d.route).toBe('new_lead');
    expect(d.accountId).toBeUndefined();
    expect(d.reasons.join(' ')).toContain('only a possible match');
  });
});

describe('routeRow on a prospect list', () => {
  it('refreshes a known Contact without an Opportunity', () => {
    expect(routeRow(context(contactMatch), prospect).route).toBe('update_contact');
  });
  it('makes a new person at a known Account a Lead linked to it', () => {
    expect(routeRow(context(accountMatch), prospect)).toMatchObject({ route: 'new_lead', accountId: 'A1', kind: 'account_match' });
  });
  it('treats a known vendor record id as a certain match (refresh)', () => {
    const d = routeRow(context({ vendorMatch: { entityType: 'contact', id: 'C1' }, candidates: [] }), prospect);
    expect(d.route).toBe('update_contact');
    expect(d.reasons.join(' ')).toContain('vendor');
  });
});

describe('routeRow on both intents', () => {
  it('suppresses a suppression-list hit before anything else', () => {
    const d = routeRow(context(contactMatch, { suppression: 'email jane@acme.com is on the suppression list' }), interest);
    expect(d.route).toBe('suppressed');
    expect(d.reasons[0]).toContain('suppression list');
  });
  it('suppresses a match on a Contact flagged do not contact', () => {
    const d = routeRow(context(contactMatch, { records: records([contactRecord('C1', { do_not_contact: true })]) }), prospect);
    expect(d).toMatchObject({ route: 'suppressed', contactId: 'C1' });
    expect(d.reasons[0]).toContain('do not contact');
  });
  it('rejects junk with the reject issues as reasons', () => {
    const junk = row({ rejected: true, issues: [{ code: 'no_identity', message: 'no name, email or phone', severity: 'reject' }, { code: 'x', message: 'a warning', severity: 'warning' }] });
    const d = routeRow({ ...context(undefined), row: junk }, interest);
    expect(d).toMatchObject({ route: 'rejected', reasons: ['no name, email or phone'] });
  });
  it('marks a later occurrence as a duplicate in the file', () => {
    const d = routeRow(context(contactMatch, { duplicateOf: { sourceRow: 2, reason: 'same email' } }), interest);
    expect(d.route).toBe('duplicate_in_file');
    expect(d.reasons[0]).toContain('row 2');
  });
  it('sends a review-band score to a data steward with both outcomes', () => {
    const review = { contact: candidate('contact', 'C1', 6, 'review'), candidates: [candidate('contact', 'C1', 6, 'review')] };
    const d = routeRow(context({ ...review, ...accountMatch }), interest);
    expect(d).toMatchObject({
      route: 'merge_candidate', contactId: 'C1', candidate: { entityType: 'contact', id: 'C1' },
      onMerge: { route: 'opportunity_for_contact' }, onCreateNew: { kind: 'account_match', route: 'new_contact_and_opportunity' },
    });
    expect(d.reasons.join(' ')).toContain('review band');
  });
  it('sends two candidates too close to call to a data steward', () => {
    const d = routeRow(context({ ...contactMatch, ambiguous: { entityType: 'contact', ids: ['C1', 'C2'], reason: 'scores 16.0 and 15.8' } }), prospect);
    expect(d).toMatchObject({ route: 'merge_candidate', onMerge: { route: 'update_contact' }, onCreateNew: { route: 'new_lead' } });
    expect(d.reasons[0]).toContain('C1, C2');
  });
  it('lets a certain Lead win over a Contact in the review band, noting it', () => {
    const d = routeRow(context({ ...leadMatch, contact: candidate('contact', 'C1', 6, 'review') }), interest);
    expect(d.route).toBe('existing_lead');
    expect(d.reasons.join(' ')).toContain('also resembles Contact C1');
  });
});

describe('pipeline route overrides', () => {
  it('routes as the pipeline says', () => {
    const toSteward = parsePipeline({ intent: 'interest', lead_source: 'Web', routes: { contact_match: 'merge_candidate', account_match: 'new_lead' } });
    expect(routeRow(context(contactMatch), toSteward)).toMatchObject({ route: 'merge_candidate', onMerge: { route: 'opportunity_for_contact' } });
    expect(routeRow(context(accountMatch), toSteward)).toMatchObject({ route: 'new_lead', accountId: 'A1' });
  });
  it('refuses a route that cannot act on the match, naming the key', () => {
    const bad = { ...parsePipeline({ intent: 'interest', lead_source: 'Web', routes: { no_match: 'opportunity_for_contact' } }), path: 'pipelines/x.json' };
    expect(() => routePolicyOf(bad)).toThrow(/routes\.no_match/);
  });
});
