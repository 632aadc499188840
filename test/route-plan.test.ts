import { describe, expect, it } from 'vitest';
import { followUpDue, newRecordId, opportunityName, planRow, proposedFieldUpdates, ratingOf } from '../src/route/plan-row.js';
import { routeRow } from '../src/route/route-row.js';
import { emptyCrmRecords, type AccountRecord, type ContactRecord, type CrmRecords, type LeadRecord } from '../src/route/matched-records.js';
import { parsePipeline } from '../src/pipeline/pipeline.js';
import type { NormalizedRow, RowMatch, ScoredCandidate } from '../src/types.js';

const tradeshow = parsePipeline({
  intent: 'interest', source_kind: 'tradeshow', lead_source: 'Trade Show', campaign: 'Expo 2026',
  rating: { values: { a: 'hot', c: 'cold' } }, opportunity: { stage: 'Qualification', name: '{campaign} - {company}' },
});
const purchased = parsePipeline({ intent: 'prospect', lead_source: 'Purchased List', vendor: 'ZoomInfo', list: 'Q4 CFOs', source_is_newer: true });
const context = { batchShort: '20261124181530ab12', stagedAt: new Date('2026-11-24T18:15:30Z') };

function row(values: NormalizedRow['values'] = {}, person: NormalizedRow['person'] = {}): NormalizedRow {
  return {
    sourceRow: 7, raw: {}, unmapped: {}, issues: [], rejected: false,
    values: { first_name: 'Jane', last_name: 'Doe', company: 'Acme', ...values },
    person: {
      firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@acme.com', emailKey: 'jane.doe@acme.com', emailDomain: 'acme.com',
      corporateDomain: 'acme.com', firstNameKey: 'jane', firstInitial: 'j', lastNameKey: 'doe', lastNameMetaphone: 'T', company: 'Acme', companyKey: 'acme', ...person,
    },
  };
}

const account = { id: 'A1', name: 'Acme Inc', phone: '+1 617 555 0100', phone_e164: '+16175550100', street: '1 Main St', city: 'Boston', state: 'MA', postal_code: '02110', country: 'US' } as AccountRecord;
const contact = { id: 'C1', account_id: 'A1', first_name: 'Jane', last_name: 'Doe', email: 'jane@acme.com', email_key: 'jane@acme.com', secondary_email: null, title: 'Engineer', phone: null, phone_e164: null, mobile: '+1 617 555 0199', mobile_e164: '+16175550199', street: null, city: null, state: null, postal_code: null, country: null, do_not_contact: false } as unknown as ContactRecord;
const lead = { id: 'L1', account_id: null, first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@acme.com', email_key: 'jane.doe@acme.com', title: null, phone: '555', phone_e164: '+15555', mobile: null, mobile_e164: null, street: '9 Elm', city: 'Salem', state: 'MA', postal_code: null, country: 'US', do_not_contact: false } as unknown as LeadRecord;

function crm(): CrmRecords {
  const r = emptyCrmRecords();
  r.accounts.set('A1', account);
  r.contacts.set('C1', contact);
  r.leads.set('L1', lead);
  return r;
}
const cand = (entityType: ScoredCandidate['entityType'], id: string, band: ScoredCandidate['band'] = 'match'): ScoredCandidate =>
  ({ entityType, id, score: band === 'match' ? 15 : 6, band, comparisons: [], guards: [], explanation: 'email identical +9.0' });
const match = (m: Partial<RowMatch>): RowMatch => ({ candidates: [], candidatesCut: false, ...m });
const accountMatch = { account: { ...cand('account', 'A1'), via: 'corporate domain' } };

function plan(r: NormalizedRow, m: RowMatch | undefined, pipeline = tradeshow) {
  const records = crm();
  return planRow(routeRow({ row: r, match: m, records }, pipeline), r, records, pipeline, context);
}

describe('ratings and follow-ups', () => {
  it('reads the rating or interest column through the pipeline table, case-insensitively', () => {
    expect(ratingOf({ values: { rating: ' A ' } }, tradeshow)).toBe('hot');
    expect(ratingOf({ values: { interest: 'COLD' } }, tradeshow)).toBe('cold');
    expect(ratingOf({ values: { rating: 'whatever' } }, tradeshow)).toBe('warm');
  });
  it('dates the follow-up by rating: hot +1, warm +3, cold +5', () => {
    expect(followUpDue('hot', tradeshow, context.stagedAt)).toBe('2026-11-25');
    expect(followUpDue('warm', tradeshow, context.stagedAt)).toBe('2026-11-27');
    expect(followUpDue('cold', tradeshow, context.stagedAt)).toBe('2026-11-29');
  });
  it('names opportunities from the template without dangling separators', () => {
    expect(opportunityName('{campaign} - {company}', { campaign: 'Expo', company: 'Acme' })).toBe('Expo - Acme');
    expect(opportunityName('{campaign} - {company}', { campaign: null, company: 'Acme' })).toBe('Acme');
    expect(opportunityName('{campaign} - {company} - {last_name}', { campaign: 'Expo', company: '', last_name: 'Doe' })).toBe('Expo - Doe');
    expect(opportunityName('{campaign} - {company}', { company: 'Hewlett-Packard' })).toBe('Hewlett-Packard');
  });
});

describe('plans per route', () => {
  it('new_lead: source, campaign, rating, follow-up, chosen id and key columns', () => {
    const p = plan(row({ rating: 'a', campaign: 'Booth 12' }), undefined);
    expect(p.createLead?.id).toBe(newRecordId('lead', context, 7));
    expect(p.createLead?.id).toBe('LG-L-20261124181530ab12-7');
    expect(p.createLead?.values).toMatchObject({
      lead_source: 'Trade Show', source_campaign: 'Booth 12', rating: 'hot', follow_up_due: '2026-11-25', status: 'Open',
      email_key: 'jane.doe@acme.com', last_name_metaphone: 'T', company_key: 'acme', account_id: null,
    });
  });
  it('prospect new_lead at a known Account sets the account and the vendor record id', () => {
    const p = plan(row({ vendor_record_id: 'ZI-99' }), match(accountMatch), purchased);
    expect(p.createLead?.values.account_id).toBe('A1');
    expect(p.createLead?.values.lead_source).toBe('Purchased List');
    expect(p.vendorRecord).toEqual({ vendor: 'ZoomInfo', list: 'Q4 CFOs', vendorRecordId: 'ZI-99', entityType: 'lead', entityId: p.createLead?.id });
  });
  it('new_contact_and_opportunity: the Contact inherits the account phone and address when the row has none', () => {
    const p = plan(row(), match(accountMatch));
    expect(p.createContact?.values).toMatchObject({ account_id: 'A1', phone: account.phone, phone_e164: '+16175550100', street: '1 Main St', city: 'Boston', lead_source: 'Trade Show', source_campaign: 'Expo 2026' });
    expect(p.createOpportunity?.values).toMatchObject({ name: 'Expo 2026 - Acme Inc', stage: 'Qualification', account_id: 'A1', contact_id: p.createContact?.id, source_campaign: 'Expo 2026' });
  });
  it('new_contact_and_opportunity keeps the row\'s own address and phone', () => {
    const p = plan(row({}, { phone: '+1 212 555 0101', phoneE164: '+12125550101', street: '5 Park Ave', city: 'New York' }), match(accountMatch));
    expect(p.createContact?.values).toMatchObject({ phone: '+1 212 555 0101', phone_e164: '+12125550101', street: '5 Park Ave', city: 'New York' });
  });
  it('opportunity_for_contact: an Opportunity on the Contact, fills blanks, keeps a changed email as secondary, records the response', () => {
    const p = plan(row({}, { title: 'CTO', phone: '+1 617 555 0142', phoneE164: '+16175550142' }), match({ contact: cand('contact', 'C1') }));
    expect(p.createOpportunity?.values).toMatchObject({ contact_id: 'C1', account_id: 'A1', name: 'Expo 2026 - Acme Inc' });
    expect(p.update?.entityId).toBe('C1');
    expect(p.update?.fields).toEqual([
      { field: 'phone', old: null, new: '+1 617 555 0142', kind: 'fill' },
      { field: 'secondary_email', old: null, new: 'jane.doe@acme.com', kind: 'secondary_email' },
    ]);
    expect(p.campaignResponse).toMatchObject({ entityType: 'contact', entityId: 'C1', campaign: 'Expo 2026', kind: 'tradeshow' });
  });
  it('update_contact overwrites only when the source is newer; blanks never overwrite', () => {
    const p = plan(row({}, { email: 'jane@acme.com', emailKey: 'jane@acme.com', title: 'CTO', mobile: undefined }), match({ contact: cand('contact', 'C1') }), purchased);
    expect(p.createOpportunity).toBeUndefined();
    expect(p.update?.fields).toEqual([{ field: 'title', old: 'Engineer', new: 'CTO', kind: 'overwrite' }]);
    expect(proposedFieldUpdates(contact, { title: 'CTO' }, false)).toEqual([]);
  });
  it('moves the address as a unit', () => {
    const other = { street: '1 Other Rd', city: 'Lowell', state: 'MA' };
    expect(proposedFieldUpdates(lead, { ...other }, false)).toEqual([]);
    expect(proposedFieldUpdates(lead, { street: '9 Elm', city: 'Salem', postalCode: '01970' }, false))
      .toEqual([{ field: 'postal_code', old: null, new: '01970', kind: 'fill' }]);
    expect(proposedFieldUpdates(lead, { ...other }, true).map((u) => `${u.field}:${u.kind}`)).toEqual(['street:overwrite', 'city:overwrite']);
  });
  it('existing_lead updates the Lead', () => {
    const p = plan(row({}, { title: 'VP' }), match({ lead: cand('lead', 'L1') }));
    expect(p.update).toEqual({ entityType: 'lead', entityId: 'L1', fields: [{ field: 'title', old: null, new: 'VP', kind: 'fill' }] });
  });
  it('merge_candidate: what merge and create_new each do', () => {
    const p = plan(row({}, { title: 'CTO' }), match({ contact: cand('contact', 'C1', 'review'), ...accountMatch }));
    expect(p.onMerge?.createOpportunity?.values).toMatchObject({ contact_id: 'C1' });
    expect(p.onMerge?.update?.entityId).toBe('C1');
    expect(p.onCreateNew?.createContact?.values).toMatchObject({ account_id: 'A1' });
    expect(p.createLead ?? p.createContact ?? p.update).toBeUndefined();
  });
  it('suppressed, rejected and duplicate rows plan nothing', () => {
    const records = crm();
    const r = row();
    expect(planRow(routeRow({ row: r, records, suppression: 'on the list' }, tradeshow), r, records, tradeshow, context)).toEqual({});
    expect(planRow(routeRow({ row: r, records, duplicateOf: { sourceRow: 2, reason: 'same email' } }, tradeshow), r, records, tradeshow, context)).toEqual({});
  });
});
