import { createRequire } from 'node:module';
import anyAscii from 'any-ascii';
import { hardFirstNames, otherScriptNames } from './hard-variations.js';
import { AffinePermutation, Rng, ZipfSampler } from './random.js';
import {
  areaCodes, brandNames, campaigns, cities, companyWords, exchanges, femaleFirstNames, freeMailDomains, industryWords,
  jobTitles, lastNames, leadSources, leadStatuses, legalSuffixes, maleFirstNames, opportunityStages,
  relationshipTypes, streetNames, topLevelDomains, type City,
} from './vocabulary.js';

/**
 * The synthetic CRM: every Account, Contact, Lead and company is a pure function of the seed and
 * its index, so the CRM files stream out in one pass and the incoming list can look any record
 * up again without keeping the CRM in memory.
 *
 * Uniqueness is by construction, so the truth is unambiguous:
 * - companies: index -> a distinct (brand, word) pair; domains are brand+word, never colliding;
 * - corporate emails: a pattern of first and last name at the company's domain, made unique
 *   within an account (its contacts are the indexes a, a+A, a+2A...; see corporateLocalPart);
 * - free-mail addresses carry a serial number unique to the person;
 * - direct and mobile phones: a serial per person mapped one-to-one into the phone space;
 *   only account switchboards are shared (by the account's contacts who list it).
 */

export interface SnapshotSize { contacts: number; accounts: number; leads: number }

export interface WorldOptions {
  /**
   * The hard world (issue 23): some people are named in other scripts or carry first names with
   * short forms beyond the census lists, and incoming lists hold the hard kinds of rows.
   */
  hard?: boolean;
}

const hardFirstNameList = Object.keys(hardFirstNames);

/** companies of new people in incoming lists (not in the CRM) are drawn from this many */
export const newCompanyPoolSize = 300_000;

const stream = {
  company: 1, account: 2, contactBase: 3, contact: 4, lead: 5, dnc: 6, phonePermutation: 7, companyPermutation: 8, emailPattern: 9,
} as const;

const opportunityNames = ['Renewal', 'Expansion', 'New Business', 'Upgrade'];
const emailPatterns: readonly EmailPattern[] = ['first.last', 'first.last', 'first.last', 'first.last', 'first.last', 'first.last', 'flast', 'flast', 'flast', 'first_last'];

const require = createRequire(import.meta.url);
let reservedDomains: Set<string> | undefined;
/** free-mail and disposable domains a made-up company domain must not be */
function isReservedDomain(domain: string): boolean {
  if (!reservedDomains) {
    const free = require('free-email-domains-list') as { DOMAINS: Iterable<string> };
    const disposable = require('disposable-email-domains') as string[];
    reservedDomains = new Set([...free.DOMAINS, ...disposable]);
  }
  return reservedDomains.has(domain);
}

const maleFirst = new ZipfSampler(maleFirstNames, 5);
const femaleFirst = new ZipfSampler(femaleFirstNames, 5);
const lastName = new ZipfSampler(lastNames, 20);
const uniqueBrands = [...new Set(brandNames)];

export function drawFirstName(rng: Rng): string {
  return rng.chance(0.5) ? maleFirst.sample(rng) : femaleFirst.sample(rng);
}
export function drawLastName(rng: Rng): string {
  return lastName.sample(rng);
}

/** A CRM person's name: in the hard world 4% are written in another script and 5% have a first name with short forms. */
function drawPersonName(rng: Rng, hard: boolean): [string, string] {
  if (hard) {
    const x = rng.next();
    if (x < 0.04) return [...rng.pick(otherScriptNames)] as [string, string];
    if (x < 0.09) return [rng.pick(hardFirstNameList), drawLastName(rng)];
  }
  const first = drawFirstName(rng);
  return [first, drawLastName(rng)];
}

export interface Company { name: string; baseName: string; suffix: string; domain: string }

export type EmailPattern = 'first.last' | 'flast' | 'first_last';

export interface Account extends Company {
  id: string;
  index: number;
  website: string;
  phone: string;
  street: string;
  city: City;
  postalCode: string;
  country: string;
  relationshipType: string;
  emailPattern: EmailPattern;
}

export interface ContactBase {
  index: number;
  accountIndex: number | null;
  firstName: string;
  lastName: string;
  emailKind: 'corporate' | 'free' | 'none';
}

export interface Contact extends ContactBase {
  id: string;
  accountId: string;
  email: string;
  phone: string;
  /** the phone is the account's switchboard (shared) */
  phoneIsSwitchboard: boolean;
  mobile: string;
  title: string;
  city: City;
  country: string;
  doNotContact: boolean;
  opportunity: { id: string; name: string; stage: string; status: string } | null;
}

export interface Lead {
  id: string;
  index: number;
  firstName: string;
  lastName: string;
  company: Company;
  email: string;
  phone: string;
  mobile: string;
  title: string;
  status: string;
  rating: string;
  leadSource: string;
  sourceCampaign: string;
}

export function padId(prefix: string, index: number): string {
  return prefix + String(index + 1).padStart(7, '0');
}

/** national digits of a US phone, e.g. 4155550132 */
export type PhoneDigits = string;

/** Everything derived from (seed, sizes): the record generators share it. */
export class SyntheticCrm {
  readonly companyCount: number;
  private readonly companyPermutation: AffinePermutation;
  private readonly phonePermutation: AffinePermutation;
  private readonly phoneSpace = areaCodes.length * exchanges.length * 10_000;

  readonly hard: boolean;
  private acronymCounts?: Map<string, number>;

  constructor(readonly seed: number, readonly size: SnapshotSize, options: WorldOptions = {}) {
    this.hard = !!options.hard;
    this.companyCount = size.accounts + size.leads + newCompanyPoolSize;
    const pairs = uniqueBrands.length * companyWords.length;
    if (this.companyCount > pairs) throw new Error(`at most ${pairs - size.leads - newCompanyPoolSize} accounts with ${size.leads} leads`);
    if (2 * size.contacts + 2 * size.leads + size.accounts > this.phoneSpace / 2) throw new Error('too many people for the phone number space');
    this.companyPermutation = new AffinePermutation(pairs, seed ^ stream.companyPermutation);
    this.phonePermutation = new AffinePermutation(this.phoneSpace, seed ^ stream.phonePermutation);
  }

  // --- phones: a serial per person -> one number; the serial ranges never overlap
  phone(serial: number): PhoneDigits {
    const n = this.phonePermutation.at(serial);
    const line = n % 10_000;
    const rest = Math.floor(n / 10_000);
    const exchange = exchanges[rest % exchanges.length];
    const area = areaCodes[Math.floor(rest / exchanges.length)];
    return `${area}${exchange}${String(line).padStart(4, '0')}`;
  }
  contactPhoneSerial(i: number): number { return i; }
  contactMobileSerial(i: number): number { return this.size.contacts + i; }
  leadPhoneSerial(k: number): number { return 2 * this.size.contacts + k; }
  leadMobileSerial(k: number): number { return 2 * this.size.contacts + this.size.leads + k; }
  accountPhoneSerial(j: number): number { return 2 * this.size.contacts + 2 * this.size.leads + j; }
  /** incoming-list people: two serials per row (direct, mobile) */
  newPersonPhoneSerial(row: number, mobile: boolean): number {
    return 2 * this.size.contacts + 2 * this.size.leads + this.size.accounts + 2 * row + (mobile ? 1 : 0);
  }
  /** free-mail serials: contacts, then leads, then incoming-list people */
  newPersonMailSerial(ordinal: number): number { return this.size.contacts + this.size.leads + ordinal; }

  // --- companies: [0, A) accounts, [A, A+L) lead companies, [A+L, A+L+pool) new companies
  company(c: number): Company {
    const pair = this.companyPermutation.at(c);
    const brand = uniqueBrands[pair % uniqueBrands.length];
    const word = companyWords[Math.floor(pair / uniqueBrands.length)];
    const rng = Rng.of(this.seed, stream.company, c);
    const industry = rng.pick(industryWords);
    const suffix = rng.pick(legalSuffixes);
    const stem = (brand + word).toLowerCase();
    let tld = rng.pick(topLevelDomains);
    let domain = `${stem}.${tld}`;
    for (let attempt = 0; isReservedDomain(domain); attempt++) domain = `${stem}${attempt ? attempt : ''}.biz`;
    const baseName = `${brand} ${word} ${industry}`;
    return { baseName, suffix, name: suffix ? `${baseName}${suffix === 'Inc.' || suffix === 'Co.' ? ',' : ''} ${suffix}` : baseName, domain };
  }

  account(j: number): Account {
    const company = this.company(j);
    const rng = Rng.of(this.seed, stream.account, j);
    const city = rng.pick(cities);
    const websiteStyle = rng.int(10);
    return {
      ...company,
      id: padId('ACC', j),
      index: j,
      website: websiteStyle < 6 ? `https://www.${company.domain}` : websiteStyle < 9 ? `${company.domain}` : '',
      phone: this.phone(this.accountPhoneSerial(j)),
      street: `${1 + rng.int(9800)} ${rng.pick(streetNames)}`,
      city,
      postalCode: `${city.zip}${String(rng.int(100)).padStart(2, '0')}`,
      country: rng.chance(0.8) ? 'US' : 'United States',
      relationshipType: rng.pick(relationshipTypes),
      emailPattern: this.accountEmailPattern(j),
    };
  }

  /** How many accounts share an acronym (counted once, on first use). */
  accountsWithAcronym(acronym: string, acronymOf: (baseName: string) => string): number {
    if (!this.acronymCounts) {
      this.acronymCounts = new Map();
      for (let j = 0; j < this.size.accounts; j++) {
        const a = acronymOf(this.company(j).baseName);
        this.acronymCounts.set(a, (this.acronymCounts.get(a) ?? 0) + 1);
      }
    }
    return this.acronymCounts.get(acronym) ?? 0;
  }

  /** the account's city, without building the whole account */
  accountCity(j: number): City {
    return Rng.of(this.seed, stream.account, j).pick(cities);
  }

  /** how account j spells its people's addresses (own stream: contacts need it without the whole account) */
  accountEmailPattern(j: number): EmailPattern {
    return Rng.of(this.seed, stream.emailPattern, j).pick(emailPatterns);
  }

  /** A contact's name and kind of email: what its account's other contacts need to know about it. */
  contactBase(i: number): ContactBase {
    const rng = Rng.of(this.seed, stream.contactBase, i);
    const orphan = this.size.accounts === 0 || rng.chance(0.05);
    const [firstName, last] = drawPersonName(rng, this.hard);
    const x = rng.next();
    const emailKind = orphan ? (x < 0.9 ? 'free' : 'none') : x < 0.85 ? 'corporate' : x < 0.95 ? 'free' : 'none';
    return { index: i, accountIndex: orphan ? null : i % this.size.accounts, firstName, lastName: last, emailKind };
  }

  /** Contacts flagged do-not-contact (3%): own stream, so the list can find them cheaply. */
  isDoNotContact(i: number): boolean {
    return Rng.of(this.seed, stream.dnc, i).chance(0.03);
  }

  /** The contacts of account j: indexes j, j+A, j+2A... that are not orphans. */
  *contactsOfAccount(j: number): Generator<ContactBase> {
    for (let i = j; i < this.size.contacts; i += this.size.accounts) {
      const base = this.contactBase(i);
      if (base.accountIndex === j) yield base;
    }
  }

  /**
   * The corporate email local part of contact i at account j: the account's pattern, made unique
   * with a digit against the colleagues before it (indexes j, j+A... below i).
   */
  corporateLocalPart(j: number, i: number): string {
    const pattern = this.accountEmailPattern(j);
    const taken = new Set<string>();
    for (let k = j; k <= i; k += this.size.accounts) {
      const base = k === i ? undefined : this.contactBase(k);
      if (base && (base.accountIndex !== j || base.emailKind !== 'corporate')) continue;
      const colleague = base ?? this.contactBase(i);
      const stem = localPart(pattern, colleague.firstName, colleague.lastName);
      let local = stem;
      for (let n = 2; taken.has(local); n++) local = `${stem}${n}`;
      if (k === i) return local;
      taken.add(local);
    }
    throw new Error(`contact ${i} is not at account ${j}`);
  }

  contact(i: number): Contact {
    const base = this.contactBase(i);
    const rng = Rng.of(this.seed, stream.contact, i);
    const j = base.accountIndex;
    let email = '';
    if (base.emailKind === 'corporate' && j !== null) {
      email = `${this.corporateLocalPart(j, i)}@${this.company(j).domain}`;
    } else if (base.emailKind === 'free') {
      email = freeMailAddress(rng, base.firstName, base.lastName, i);
    }
    const phoneDraw = rng.next();
    let phone = '';
    let phoneIsSwitchboard = false;
    if (base.emailKind === 'none' || phoneDraw < 0.55) phone = this.phone(this.contactPhoneSerial(i));
    else if (phoneDraw < 0.8 && j !== null) { phone = this.phone(this.accountPhoneSerial(j)); phoneIsSwitchboard = true; }
    const mobile = rng.chance(0.45) ? this.phone(this.contactMobileSerial(i)) : '';
    const city = j !== null && rng.chance(0.85) ? this.accountCity(j) : rng.pick(cities);
    const title = rng.pick(jobTitles);
    const hasOpportunity = j !== null && rng.chance(0.08);
    const stage = rng.pick(opportunityStages);
    const opportunityName = rng.pick(opportunityNames);
    return {
      index: i, accountIndex: j, firstName: base.firstName, lastName: base.lastName, emailKind: base.emailKind,
      id: padId('CON', i),
      accountId: j === null ? '' : padId('ACC', j),
      email, phone, phoneIsSwitchboard, mobile, title, city,
      country: rng.chance(0.85) ? 'US' : 'USA',
      doNotContact: this.isDoNotContact(i),
      opportunity: hasOpportunity
        ? { id: padId('OPP', i), name: `${opportunityName} ${2023 + rng.int(3)}`, stage, status: stage.startsWith('Closed') ? stage.slice(7) : 'Open' }
        : null,
    };
  }

  lead(k: number): Lead {
    const rng = Rng.of(this.seed, stream.lead, k);
    const [firstName, last] = drawPersonName(rng, this.hard);
    const company = this.company(this.size.accounts + k);
    const x = rng.next();
    const email = x < 0.7 ? `${localPart('first.last', firstName, last)}@${company.domain}`
      : x < 0.95 ? freeMailAddress(rng, firstName, last, this.size.contacts + k) : '';
    const phone = !email || rng.chance(0.7) ? this.phone(this.leadPhoneSerial(k)) : '';
    const mobile = rng.chance(0.3) ? this.phone(this.leadMobileSerial(k)) : '';
    return {
      id: padId('LEA', k), index: k, firstName, lastName: last, company, email, phone, mobile,
      title: rng.pick(jobTitles),
      status: rng.pick(leadStatuses),
      rating: rng.pick(['Hot', 'Warm', 'Cold', 'Warm', '']),
      leadSource: rng.pick(leadSources),
      sourceCampaign: rng.pick(campaigns),
    };
  }
}

/** A name as it appears in an email address: ASCII letters (José -> jose, Петров -> petrov). */
function mailName(name: string): string {
  return /^[A-Za-z]+$/.test(name) ? name.toLowerCase() : anyAscii(name).toLowerCase().replace(/[^a-z]/g, '') || 'x';
}

export function localPart(pattern: EmailPattern, firstName: string, last: string): string {
  const first = mailName(firstName);
  const surname = mailName(last);
  switch (pattern) {
    case 'first.last': return `${first}.${surname}`;
    case 'flast': return `${first[0]}${surname}`;
    case 'first_last': return `${first}_${surname}`;
  }
}

/** a personal address; the serial makes it unique to the person (digits end every local part) */
export function freeMailAddress(rng: Rng, firstName: string, last: string, serial: number): string {
  const first = mailName(firstName);
  const surname = mailName(last);
  const style = rng.int(3);
  const local = style === 0 ? `${first}.${surname}${serial}` : style === 1 ? `${first}${surname}${serial}` : `${first[0]}${surname}${serial}`;
  return `${local}@${rng.pick(freeMailDomains)}`;
}

/** CRM display format of a phone: (415) 555-0132 */
export function crmPhone(digits: PhoneDigits): string {
  return digits ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : '';
}
