import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { describeComparison, loadMatcher, parseMatcher } from '../src/match/matcher.js';
import { defaultLevelContext } from '../src/match/name-knowledge.js';
import { personRecord } from '../src/match/records.js';
import { scorePair, type MatchRecord } from '../src/match/score.js';
import type { NormalizedPerson } from '../src/types.js';

const matcher = loadMatcher('crm');
const contact = matcher.targets.contact!;
const context = { ...defaultLevelContext };

/** A CRM contact as fetchCandidates builds it (keys as the normalizer writes them). */
function crmContact(fields: MatchRecord): MatchRecord {
  return { phones: [], domains: [fields.corporateDomain, fields.accountWebsiteDomain].filter(Boolean), phoneCounts: {}, ...fields };
}

function score(row: NormalizedPerson, candidate: MatchRecord) {
  return scorePair(contact, matcher.guards, personRecord(row), candidate, context, { entityType: 'contact', id: 'C1' });
}

const robert = crmContact({
  firstName: 'Robert', firstNameKey: 'robert', lastName: 'Smith', lastNameKey: 'smith', email: 'robert.smith@acme.com',
  emailKey: 'robert.smith@acme.com', corporateDomain: 'acme.com', companyName: 'ACME Corporation', companyKey: 'acme',
  accountWebsiteDomain: 'acme.com', phones: ['+14155550100'], city: 'san francisco',
});

describe('scoring a pair', () => {
  it('explains every comparison and the total in words', () => {
    const result = score({
      firstName: 'Bob', firstNameKey: 'bob', lastName: 'Smith', lastNameKey: 'smith', email: 'robert.smith@acme.com',
      emailKey: 'robert.smith@acme.com', corporateDomain: 'acme.com', company: 'Acme Corp', companyKey: 'acme',
    }, robert);
    expect(result.band).toBe('match');
    expect(result.explanation).toBe('email identical +17.5; first name Bob ~ Robert (nickname) +4.0; last name identical +8.8; company identical +9.5; '
      + 'email domain identical (the same evidence as company: not counted twice) +0.0 = 39.7');
    expect(result.comparisons.map((c) => c.level)).toEqual(['exact', 'nickname', 'exact', 'null', 'exact', 'domain', 'null']);
    expect(result.score).toBeCloseTo(result.comparisons.reduce((s, c) => s + c.weight, 0), 1);
    expect(result.guards).toEqual([]);
  });

  it('weighs a short form from another language like an English nickname (Pepe ~ José as Bob ~ Robert)', () => {
    const jose = crmContact({ ...robert, firstName: 'José', firstNameKey: 'jose' });
    const pepe = score({
      firstName: 'Pepe', firstNameKey: 'pepe', lastName: 'Smith', lastNameKey: 'smith', email: 'robert.smith@acme.com',
      emailKey: 'robert.smith@acme.com', corporateDomain: 'acme.com', company: 'Acme Corp', companyKey: 'acme',
    }, jose);
    const bob = score({
      firstName: 'Bob', firstNameKey: 'bob', lastName: 'Smith', lastNameKey: 'smith', email: 'robert.smith@acme.com',
      emailKey: 'robert.smith@acme.com', corporateDomain: 'acme.com', company: 'Acme Corp', companyKey: 'acme',
    }, robert);
    expect(pepe.explanation).toContain('first name Pepe ~ José (nickname) +4.0');
    expect(pepe.comparisons[1].level).toBe('nickname');
    expect(pepe.comparisons[1].weight).toBe(bob.comparisons[1].weight);
    expect(pepe.score).toBeCloseTo(bob.score, 5);
  });

  it('shows fuzzy company names as written', () => {
    const result = score({ firstNameKey: 'robert', firstName: 'Robert', lastNameKey: 'smith', lastName: 'Smith', company: 'Acme Rockets', companyKey: 'acme rockets' },
      crmContact({ ...robert, companyKey: 'acme rocket', companyName: 'Acme Rocket Inc' }));
    expect(result.explanation).toContain('company Acme Rockets ~ Acme Rocket Inc (name tokens');
  });

  it('a name alone, without company or contact data, is no auto-match', () => {
    const result = score({ firstNameKey: 'robert', lastNameKey: 'smith' }, robert);
    expect(result.band).toBe('review');
  });

  it('weighs a common last name less than a rare one (term frequencies)', () => {
    const frequent = { ...context, termFrequencies: new Map([['last_name', new Map([['smith', 0.01]])]]) };
    const row = personRecord({ firstNameKey: 'robert', lastName: 'Smith', lastNameKey: 'smith' });
    const common = scorePair(contact, matcher.guards, row, robert, frequent, { entityType: 'contact', id: 'C1' });
    const rare = scorePair(contact, matcher.guards, row, robert, context, { entityType: 'contact', id: 'C1' });
    expect(common.score).toBeLessThan(rare.score);
    expect(common.explanation).toContain('last name identical (Smith is common) +6.5');
  });

  it('an identical email with both names different goes to review, not auto-match', () => {
    const result = score({ firstNameKey: 'mary', lastNameKey: 'jones', emailKey: 'robert.smith@acme.com', corporateDomain: 'acme.com' }, robert);
    expect(result.band).toBe('review');
  });

  it('an identical email with both names different stays in review even when company and city agree', () => {
    const result = score({
      firstName: 'Mary', firstNameKey: 'mary', lastName: 'Jones', lastNameKey: 'jones', emailKey: 'robert.smith@acme.com',
      corporateDomain: 'acme.com', company: 'Acme', companyKey: 'acme', city: 'san francisco',
    }, robert);
    expect(result.comparisons.reduce((sum, c) => sum + c.weight, 0)).toBeGreaterThanOrEqual(contact.thresholds.match);
    expect(result.band).toBe('review');
    expect(result.guards).toContain('names conflict: Mary Jones vs Robert Smith (first and last name both differ)');
  });
});

describe('account-level evidence (company, email domain, city) tells the company, not the person', () => {
  /** a colleague of Robert Smith's: same company, domain and city, own email and phone */
  const colleague = (fields: Partial<NormalizedPerson>): NormalizedPerson => ({
    emailKey: `${fields.firstNameKey}.${fields.lastNameKey}@acme.com`, corporateDomain: 'acme.com', company: 'ACME Corp', companyKey: 'acme',
    phoneE164: '+14155550177', city: 'san francisco', ...fields,
  });
  const accountLevel = 'company, email domain, city only tell the company: nothing personal agrees (same email, personal phone, or first and last name)';

  it('a new person at a known account, names entirely different, is nobody we know', () => {
    const result = score(colleague({ firstName: 'Andrew', firstNameKey: 'andrew', lastName: 'Bennett', lastNameKey: 'bennett' }), robert);
    expect(result.band).toBe('none');
    expect(result.guards).toEqual([accountLevel, 'names conflict: Andrew Bennett vs Robert Smith (first and last name both differ)']);
    expect(result.explanation).toContain('company identical (shared by everyone at the company: not counted) +0.0');
    expect(result.explanation).toContain('email domain identical (shared by everyone at the company: not counted) +0.0');
  });

  it('the same first name alone at the same company is another person', () => {
    const result = score(colleague({ firstName: 'Robert', firstNameKey: 'robert', lastName: 'Hale', lastNameKey: 'hale' }), robert);
    expect(result.band).toBe('none');
    expect(result.guards).toEqual([accountLevel]);
  });

  it('the same last name alone at the same company is another person', () => {
    const result = score(colleague({ firstName: 'Maya', firstNameKey: 'maya', lastName: 'Smith', lastNameKey: 'smith' }), robert);
    expect(result.band).toBe('none');
    expect(result.guards).toEqual([accountLevel]);
  });

  it('counts once the full name agrees: a known contact with a new address and phone', () => {
    const result = score(colleague({ firstName: 'Bob', firstNameKey: 'bob', lastName: 'Smith', lastNameKey: 'smith', emailKey: 'bsmith@acme.com' }), robert);
    expect(result.band).toBe('match');
    expect(result.guards).toEqual([]);
    expect(result.explanation).toContain('company identical +9.5');
    expect(result.explanation).toContain('city san francisco ~ san francisco (Jaro-Winkler 1.00) +4.0');
  });

  it('counts once a personal phone agrees, even with another last name (a married name)', () => {
    const result = score(colleague({ firstName: 'Robert', firstNameKey: 'robert', lastName: 'Hale', lastNameKey: 'hale', phoneE164: '+14155550100' }),
      crmContact({ ...robert, phoneCounts: { '+14155550100': 1 } }));
    expect(result.guards).toEqual([]);
    expect(result.explanation).toContain('company identical +9.5');
    expect(result.band).toBe('match');
  });

  it('counts once the email agrees', () => {
    const result = score(colleague({ firstName: 'Robert', firstNameKey: 'robert', lastName: 'Hale', lastNameKey: 'hale', emailKey: 'robert.smith@acme.com' }), robert);
    expect(result.guards).toEqual([]);
    expect(result.band).toBe('match');
  });

  it('an address one edit from a colleague\'s is not personal evidence', () => {
    const jsmith = crmContact({ ...robert, firstName: 'James', firstNameKey: 'james', emailKey: 'j.smith@acme.com' });
    const result = score(colleague({ firstName: 'John', firstNameKey: 'john', lastName: 'Smyth', lastNameKey: 'smyth', emailKey: 'j.smyth@acme.com' }), jsmith);
    expect(result.comparisons.find((c) => c.comparison === 'email')!.level).toBe('levenshtein<=1');
    expect(result.band).toBe('none');
    expect(result.guards).toEqual([accountLevel]);
  });

  it('a role address or a switchboard phone is not personal evidence', () => {
    const info = crmContact({ ...robert, emailKey: 'info@acme.com', emailIsRole: true, phones: ['+14155550100'], accountPhoneE164: '+14155550100' });
    const result = score(colleague({
      firstName: 'Jordan', firstNameKey: 'jordan', lastName: 'Blake', lastNameKey: 'blake', emailKey: 'info@acme.com', emailIsRole: true, phoneE164: '+14155550100',
    }), info);
    expect(result.band).toBe('none');
    expect(result.guards).toContain(accountLevel);
  });

  it('company and email domain are one piece of evidence: the weaker is not counted twice', () => {
    const result = score(colleague({ firstName: 'Robert', firstNameKey: 'robert', lastName: 'Smith', lastNameKey: 'smith', emailKey: 'rs@acme.com' }), robert);
    const company = result.comparisons.find((c) => c.comparison === 'company')!;
    const domain = result.comparisons.find((c) => c.comparison === 'email_domain')!;
    expect(company.weight).toBeGreaterThan(9);
    expect(domain.weight).toBe(0);
    expect(domain.detail).toBe('email domain identical (the same evidence as company: not counted twice)');
  });

  it('first and last name swapped is not a names conflict', () => {
    const result = score({ firstName: 'Smith', firstNameKey: 'smith', lastName: 'Robert', lastNameKey: 'robert', emailKey: 'robert.smith@acme.com', companyKey: 'acme' }, robert);
    expect(result.guards).toEqual([]);
    expect(result.band).toBe('match');
  });

  it('first and last name swapped without email or phone: the names count, exchanged, and the reason says so', () => {
    const swapped = score({ firstName: 'Smith', firstNameKey: 'smith', lastName: 'Robert', lastNameKey: 'robert', company: 'Acme', companyKey: 'acme' }, robert);
    const straight = score({ firstName: 'Robert', firstNameKey: 'robert', lastName: 'Smith', lastNameKey: 'smith', company: 'Acme', companyKey: 'acme' }, robert);
    expect(swapped.band).toBe('match');
    expect(swapped.explanation).toContain('first and last name swapped -1.0');
    expect(swapped.score).toBeCloseTo(straight.score - 1, 5);
    // another person's name the other way round is still another person
    const other = score({ firstName: 'Jones', firstNameKey: 'jones', lastName: 'Robert', lastNameKey: 'robert', company: 'Acme', companyKey: 'acme' }, robert);
    expect(other.band).not.toBe('match');
    expect(other.explanation).not.toContain('swapped');
  });
});

describe('acronyms weighed by how many Accounts share them', () => {
  const account = matcher.targets.account!;
  const nhn = { companyName: 'National Hospital Networks LLC', companyKey: 'national hospital networks', companyAcronym: 'nhn', domains: [], phones: [], city: 'boston' };
  const row: MatchRecord = { company: 'NHN LLC', companyName: 'NHN LLC', companyKey: 'nhn', city: 'boston', domains: [], phones: [] };
  const scoreWith = (shared: Map<string, number>) => scorePair(account, matcher.guards, row, nhn, { ...context, sharedAcronyms: shared }, { entityType: 'account', id: 'A1' });

  it('an acronym only one Account has attaches, and the reason says so', () => {
    const result = scoreWith(new Map([['ssl', 3]]));
    expect(result.band).toBe('match');
    expect(result.explanation).toContain('NHN LLC is the acronym of National Hospital Networks LLC, the only Account with it');
  });
  it('an acronym several Accounts have is no evidence', () => {
    const result = scoreWith(new Map([['nhn', 4]]));
    expect(result.band).not.toBe('match');
    expect(result.explanation).toContain('but 4 Accounts have it: no evidence +0.0');
  });
});

describe('two people equally close', () => {
  it('a first initial and the last name at the company fit every J. Smith there: a steward decides, the company does not pick one', () => {
    const result = score({ firstName: 'R.', firstNameKey: 'r', lastName: 'Smith', lastNameKey: 'smith', company: 'Acme', companyKey: 'acme', city: 'san francisco' }, robert);
    expect(result.band).toBe('review');
    expect(result.guards.join(' ')).toContain('only tell the company');
  });
});

describe('typos', () => {
  it('a misspelled email domain, names and company agreeing: the same person, not a move', () => {
    const result = score({
      firstName: 'Robert', firstNameKey: 'robert', lastName: 'Smith', lastNameKey: 'smith', email: 'robert.smith@amce.com',
      emailKey: 'robert.smith@amce.com', corporateDomain: 'amce.com', company: 'Acme', companyKey: 'acme',
    }, robert);
    expect(result.guards).toEqual([]);
    expect(result.band).toBe('match');
  });
  it('one slip in the first name, without email or phone, still matches with the company', () => {
    const marjorie = crmContact({ ...robert, firstName: 'Marjorie', firstNameKey: 'marjorie', email: undefined, emailKey: undefined, phones: [] });
    const result = score({ firstName: 'Maijorie', firstNameKey: 'maijorie', lastName: 'Smith', lastNameKey: 'smith', company: 'Acme', companyKey: 'acme', city: 'san francisco' }, marjorie);
    expect(result.band).toBe('match');
    expect(result.explanation).toContain('first name Maijorie ~ Marjorie (1 edit)');
  });
});

describe('guards against classic false merges', () => {
  const info = crmContact({
    firstName: 'Mary', firstNameKey: 'mary', lastName: 'Jones', lastNameKey: 'jones', email: 'info@acme.com', emailKey: 'info@acme.com',
    emailIsRole: true, corporateDomain: 'acme.com', companyKey: 'acme', companyName: 'Acme', accountWebsiteDomain: 'acme.com',
  });

  it('a shared info@ address is weak evidence and never enough alone', () => {
    const result = score({ firstNameKey: 'john', lastNameKey: 'doe', emailKey: 'info@acme.com', email: 'info@acme.com', emailIsRole: true, corporateDomain: 'acme.com', companyKey: 'acme' }, info);
    expect(result.band).toBe('none');
    expect(result.guards).toContain('role address info@acme.com is weak evidence');
    expect(result.guards).toContain('shared evidence alone is not enough: names do not agree');
    expect(result.explanation).toContain('email identical (role address: weak evidence) +1.0');
  });

  it('an info@ address alone, without a name, stays below review', () => {
    const result = score({ emailKey: 'info@acme.com', emailIsRole: true }, info);
    expect(result.score).toBeLessThan(contact.thresholds.review);
  });

  it('an info@ address with the same name still matches', () => {
    const result = score({ firstNameKey: 'mary', lastNameKey: 'jones', emailKey: 'info@acme.com', emailIsRole: true, companyKey: 'acme', corporateDomain: 'acme.com' }, info);
    expect(result.band).toBe('match');
    expect(result.guards).toEqual(['role address info@acme.com is weak evidence']);
  });

  it('a switchboard phone shared by many contacts of the account is weak evidence', () => {
    const receptionist = crmContact({ firstNameKey: 'mary', lastNameKey: 'jones', phones: ['+14155550100'], phoneCounts: { '+14155550100': 12 }, companyKey: 'acme' });
    const result = score({ firstNameKey: 'john', lastNameKey: 'doe', phoneE164: '+14155550100', companyKey: 'acme' }, receptionist);
    expect(result.band).toBe('none');
    expect(result.guards[0]).toBe('switchboard phone +14155550100 is shared by 12 contacts of the account');
  });

  it("a phone equal to the account's phone is the switchboard", () => {
    const someone = crmContact({ firstNameKey: 'mary', lastNameKey: 'jones', phones: ['+14155550100'], accountPhoneE164: '+14155550100' });
    const result = score({ phoneE164: '+14155550100' }, someone);
    expect(result.band).toBe('none');
    expect(result.guards[0]).toBe("switchboard phone +14155550100 is the account's number");
  });

  it('a personal phone is strong evidence', () => {
    const someone = crmContact({ firstNameKey: 'mary', lastNameKey: 'jones', phones: ['+14155550199'], phoneCounts: { '+14155550199': 1 } });
    const result = score({ firstNameKey: 'mary', lastNameKey: 'jones', phoneE164: '+14155550199' }, someone);
    expect(result.band).toBe('match');
    expect(result.guards).toEqual([]);
  });

  it('the same name at another company is another person', () => {
    const result = score({ firstNameKey: 'robert', lastNameKey: 'smith', company: 'Globex', companyKey: 'globex', city: 'san francisco' }, robert);
    expect(result.band).toBe('none');
    expect(result.guards[0]).toBe('same name at another company: company differs (Globex vs ACME Corporation)');
  });

  it('a person writing from another corporate domain moved company: no match to the old contact', () => {
    const result = score({
      firstNameKey: 'robert', lastNameKey: 'smith', emailKey: 'rsmith@globex.com', corporateDomain: 'globex.com',
      phoneE164: '+14155550100', companyKey: 'globex',
    }, robert);
    expect(result.band).toBe('none');
    expect(result.guards[0]).toBe('moved company: the row writes from globex.com, the record from acme.com');
  });

  it("a second domain of the same account is not a move", () => {
    const result = score({ firstNameKey: 'robert', lastNameKey: 'smith', emailKey: 'rsmith@acme.io', corporateDomain: 'acme.io', companyKey: 'acme' },
      crmContact({ ...robert, accountWebsiteDomain: 'acme.io' }));
    expect(result.guards).toEqual([]);
    expect(result.band).toBe('match');
  });
});

describe('matcher files', () => {
  it('describe each comparison in words', () => {
    const email = contact.comparisons.find((c) => c.name === 'email')!;
    expect(describeComparison(email)).toBe('Exact match on email vs. Levenshtein <= 1 (a swap of two letters counts once) on email vs. anything else');
    const last = contact.comparisons.find((c) => c.name === 'last_name')!;
    expect(describeComparison(last)).toBe('Exact match (term-frequency adjusted) on last name vs. Jaro-Winkler >= 0.92 on last name vs. Levenshtein <= 1 (a swap of two letters counts once) on last name vs. Double Metaphone match on last name vs. anything else');
  });

  it('name the key of a mistake', () => {
    const bad = { targets: { record: { blocking: [{ keys: ['a'] }], comparisons: [{ name: 'a', field: 'a', levels: [{ kind: 'jaro_winkler', weight: 2 }] }], thresholds: { match: 1, review: 0 } } } };
    expect(() => parseMatcher(bad, 'm.json')).toThrow(UserError);
    expect(() => parseMatcher(bad, 'm.json')).toThrow('m.json: key "targets.record.comparisons.0.levels.0": level "jaro_winkler" needs a "threshold" between 0 and 1');
    expect(() => parseMatcher({ targets: { record: { ...bad.targets.record, comparisons: [], thresholds: { match: 1, review: 5 } } } }, 'm.json')).toThrow(/key "targets.record.comparisons"/);
  });

  it('name a guard comparison no target has', () => {
    const json = JSON.parse(readFileSync(matcher.path, 'utf8'));
    json.guards.account_evidence.correlated = [['company', 'email_domian']];
    expect(() => parseMatcher(json, 'crm.json')).toThrow('crm.json: key "guards.account_evidence.correlated.0.1": no target has a comparison named "email_domian"');
  });

  it('load from a path and report a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matcher-'));
    writeFileSync(join(dir, 'x.json'), '{ "targets": {}, "extra": 1 }');
    expect(() => loadMatcher(join(dir, 'x.json'))).toThrow(/key "\(top level\)"|key "extra"/);
    expect(() => loadMatcher('no-such-matcher')).toThrow(/matcher not found/);
  });
});
