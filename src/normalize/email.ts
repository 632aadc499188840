import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { distance } from 'fastest-levenshtein';
import { cleanText, memoize } from './text.js';

const require = createRequire(import.meta.url);
// Both lists are read as data files, not required as modules: a module loader that transpiles (tsx)
// would parse megabytes of source and briefly double the process's memory.
const freeDomains = readQuotedStrings(require.resolve('free-email-domains-list/build/src/constants.js'));
const disposableDomains = new Set<string>(JSON.parse(readFileSync(require.resolve('disposable-email-domains/index.json'), 'utf8')));

/** The domains of free-email-domains-list's constants.js: one quoted domain per line of a Set literal. */
function readQuotedStrings(path: string): Set<string> {
  const domains = new Set<string>();
  for (const match of readFileSync(path, 'utf8').matchAll(/"([a-z0-9.-]+\.[a-z0-9-]+)"/gi)) domains.add(match[1].toLowerCase());
  return domains;
}

/** A normalized email address and what it tells us. */
export interface NormalizedEmail {
  /** trimmed, lower-cased address (as far as it could be cleaned) */
  email: string;
  valid: boolean;
  /** match key: Gmail dots removed, +tags removed for every domain */
  key?: string;
  domain?: string;
  /** the domain when it belongs to a company (not free-mail, not disposable) */
  corporateDomain?: string;
  isFree: boolean;
  isRole: boolean;
  isDisposable: boolean;
  /** a likely intended address when the domain looks like a typo: jane@gmial.com -> jane@gmail.com */
  suggestion?: string;
}

/** Local parts that name a function, not a person: weak evidence for matching. */
const roleLocalParts = new Set([
  'info', 'sales', 'admin', 'administrator', 'support', 'contact', 'contactus', 'hello', 'hi', 'office', 'marketing',
  'team', 'help', 'helpdesk', 'billing', 'accounts', 'accounting', 'finance', 'hr', 'jobs', 'careers', 'recruiting',
  'noreply', 'no-reply', 'donotreply', 'do-not-reply', 'webmaster', 'postmaster', 'hostmaster', 'abuse', 'enquiries',
  'enquiry', 'inquiries', 'inquiry', 'press', 'media', 'pr', 'service', 'services', 'customerservice', 'customercare',
  'orders', 'order', 'reception', 'frontdesk', 'mail', 'email', 'general', 'events', 'legal', 'compliance', 'privacy',
  'security', 'it', 'tech', 'operations', 'ops', 'purchasing', 'procurement', 'invoices', 'ap', 'ar', 'newsletter',
  'feedback', 'partners', 'partnerships', 'bizdev', 'business', 'all', 'staff', 'everyone', 'register', 'registration',
]);

/** The most common free-mail domains: targets for typo suggestions. */
const popularDomains = [
  'gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'aol.com', 'icloud.com', 'live.com', 'msn.com',
  'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'me.com', 'mac.com', 'protonmail.com', 'gmx.de',
  'web.de', 'yahoo.co.uk', 'hotmail.co.uk', 'btinternet.com', 'googlemail.com', 'ymail.com', 'mail.com', 'gmx.com',
];
const popularSet = new Set(popularDomains);
/** Real free-mail domains one edit away from a popular one: never "corrected". */
const realNearMisses = new Set([
  'email.com', 'gmx.net', 'gmx.at', 'gmx.ch', 'aim.com', 'mail.ru', 'inbox.com', 'rocketmail.com', 'hotmail.fr', 'hotmail.de',
  'hotmail.it', 'hotmail.es', 'live.ca', 'live.de', 'live.fr', 'yahoo.ca', 'yahoo.fr', 'yahoo.de', 'yahoo.in', 'yahoo.es',
  'yahoo.it', 'aol.de', 'mac.com', 'me.com', 'web.de', 'wp.pl', 'o2.pl', 'att.com', 'msn.de', 'qq.com', 'gmail.de',
]);
/** Top-level domain typos: .con, .cmo, .ocm... */
const tldTypos: Record<string, string> = { con: 'com', cmo: 'com', ocm: 'com', comm: 'com', om: 'com', cm: 'com', vom: 'com', xom: 'com', cpm: 'com', nett: 'net', nte: 'net', ogr: 'org', orgg: 'org' };

/** starts and ends with a letter or digit and has no spaces: nothing to strip */
const plainAddress = /^[a-z0-9][^\s]*[a-z0-9]$/;
const localPartPattern = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const domainLabelPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const tldPattern = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/;

function isValidDomain(domain: string): boolean {
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) if (!domainLabelPattern.test(label)) return false;
  return tldPattern.test(labels[labels.length - 1]);
}

function sortedLetters(text: string): string {
  return [...text].sort().join('');
}

/** A free-mail domain the typed domain is one edit (or one swap) away from, else undefined. */
export function suggestEmailDomain(domain: string): string | undefined {
  if (popularSet.has(domain) || realNearMisses.has(domain)) return undefined;
  const dot = domain.lastIndexOf('.');
  if (dot > 0) {
    const fixedTld = tldTypos[domain.slice(dot + 1)];
    if (fixedTld) {
      const fixed = domain.slice(0, dot + 1) + fixedTld;
      return suggestEmailDomain(fixed) ?? fixed;
    }
  }
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of popularDomains) {
    if (Math.abs(candidate.length - domain.length) > 2) continue;
    const d = distance(domain, candidate);
    // one edit, or a swap of two letters (gmial.com) which Levenshtein counts as two
    const acceptable = d === 1 || (d === 2 && sortedLetters(domain) === sortedLetters(candidate));
    if (acceptable && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

interface DomainFacts {
  domain: string;
  valid: boolean;
  isFree: boolean;
  isDisposable: boolean;
  suggestion?: string;
  corporate: boolean;
}

/** What an email domain tells us, memoized: lists repeat the same few thousand domains. */
const domainFacts = memoize((raw: string): DomainFacts => {
  const domain = raw.replace(/\.+$/, '');
  const isFree = isFreeEmailDomain(domain);
  const isDisposable = isDisposableEmailDomain(domain);
  const suggested = suggestEmailDomain(domain);
  const suggestion = suggested && suggested !== domain ? suggested : undefined;
  const valid = isValidDomain(domain) && !tldTypos[domain.slice(domain.lastIndexOf('.') + 1)];
  return { domain, valid, isFree, isDisposable, suggestion, corporate: valid && !isFree && !isDisposable && !suggestion };
});

/** The match key of an address: +tags dropped for every domain; Gmail also ignores dots. */
export function emailMatchKey(local: string, domain: string): string {
  let user = local;
  const plus = user.indexOf('+');
  if (plus > 0) user = user.slice(0, plus);
  let host = domain;
  if (host === 'googlemail.com') host = 'gmail.com';
  if (host === 'gmail.com') user = user.replace(/\./g, '');
  return `${user}@${host}`;
}

export function isFreeEmailDomain(domain: string): boolean {
  return freeDomains.has(domain) || popularSet.has(domain);
}

export function isDisposableEmailDomain(domain: string): boolean {
  return disposableDomains.has(domain);
}

export function isRoleLocalPart(local: string): boolean {
  const plus = local.indexOf('+');
  const base = plus === -1 ? local : local.slice(0, plus);
  if (base.length > 20) return false;
  return roleLocalParts.has(base) || roleLocalParts.has(base.replace(/[._-]/g, ''));
}

/**
 * Cleans and checks one address: "  Jane.Doe+expo@GMail.com " -> jane.doe+expo@gmail.com, key janedoe@gmail.com.
 * Accepts "Name <addr>" and "mailto:" forms. Returns undefined for an empty value.
 */
export function normalizeEmail(raw: string | undefined | null): NormalizedEmail | undefined {
  let text = cleanText(raw);
  if (!text) return undefined;
  if (text.includes('<')) {
    const angle = /<([^<>]*@[^<>]*)>/.exec(text);
    if (angle) text = angle[1].trim();
  }
  text = text.toLowerCase();
  if (text.startsWith('mailto:')) text = text.slice(7);
  if (!plainAddress.test(text)) text = text.replace(/^['"]+|['".,;]+$/g, '').replace(/\s+/g, '');
  const result: NormalizedEmail = { email: text, valid: false, isFree: false, isRole: false, isDisposable: false };
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1 || text.indexOf('@') !== at) return result;
  const local = text.slice(0, at);
  const facts = domainFacts(text.slice(at + 1));
  const domain = facts.domain;
  result.domain = domain;
  result.isRole = isRoleLocalPart(local);
  result.isFree = facts.isFree;
  result.isDisposable = facts.isDisposable;
  if (facts.suggestion) result.suggestion = `${local}@${facts.suggestion}`;
  result.valid = facts.valid && local.length <= 64 && localPartPattern.test(local);
  if (result.valid) {
    result.key = emailMatchKey(local, domain);
    if (facts.corporate) result.corporateDomain = domain;
  }
  return result;
}
