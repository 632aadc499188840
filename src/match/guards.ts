import type { ComparisonOutcome } from '../types.js';
import { phoneNumberPart, slipDistance, workedOutOnce } from './comparators.js';
import type { Comparison, ComparisonRole, Guards, MatchRecord, MatchTarget } from './matcher.js';

/**
 * Rules against the classic false merges. Shared evidence (a role address, a switchboard phone)
 * is weak and never enough alone; what everyone at a company shares (company, email domain, city)
 * tells the company, not the person, so it counts only when something personal agrees; two
 * entirely different names are two people; the same name at another company, or a person now
 * writing from another company's domain, is not the record we know.
 *
 * Record properties the guards read (set by the record builders, src/match/records.ts):
 * emailIsRole, corporateDomain, phones, and on CRM candidates accountWebsiteDomain,
 * accountPhoneE164 and phoneCounts (contacts of the account per phone number).
 */
export interface GuardResult {
  comparisons: ComparisonOutcome[];
  guards: string[];
  /** the score may not exceed this */
  cap?: number;
}

function text(record: MatchRecord, field: string): string {
  const value = record[field];
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

function list(record: MatchRecord, field: string): string[] {
  const value = record[field];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return typeof value === 'string' && value ? [value] : [];
}

/** Where a target's comparisons of each role are, worked out once per target (the guards run for every pair). */
interface TargetRoles {
  email: number;
  phone: number;
  first: number;
  last: number;
  company: number;
}

const rolesByTarget = new WeakMap<MatchTarget, TargetRoles>();

function targetRoles(target: MatchTarget): TargetRoles {
  return workedOutOnce(rolesByTarget, target, () => {
    const indexOf = (role: ComparisonRole) => target.comparisons.findIndex((c) => c.role === role);
    return { email: indexOf('email'), phone: indexOf('phone'), first: indexOf('first_name'), last: indexOf('last_name'), company: indexOf('company') };
  });
}

function lowered(cap: number | undefined, value: number): number {
  return cap === undefined ? value : Math.min(cap, value);
}

/**
 * Applies the guards to a pair's outcomes (one per comparison of the target, in its order). The
 * outcomes are adjusted in place: scorePair builds them for this pair only.
 */
export function applyGuards(
  target: MatchTarget,
  guards: Guards,
  comparisons: ComparisonOutcome[],
  a: MatchRecord,
  b: MatchRecord,
): GuardResult {
  const fired: string[] = [];
  let cap: number | undefined;
  const belowReview = target.thresholds.review - 0.1;
  const belowMatch = target.thresholds.match - 0.1;

  const roles = targetRoles(target);
  const email = comparisons[roles.email];
  const phone = comparisons[roles.phone];
  const first = comparisons[roles.first];
  const last = comparisons[roles.last];
  const company = comparisons[roles.company];
  const nameAgrees = !!first && !!last && first.weight > 0 && last.weight > 0;
  let emailWeak = false;
  let phoneWeak = false;

  if (guards.role_email && email && email.weight > 0 && (a.emailIsRole === true || b.emailIsRole === true)) {
    email.weight = Math.min(email.weight, guards.role_email.weak_weight);
    email.detail += ' (role address: weak evidence)';
    fired.push(`role address ${text(a, 'email') || text(a, 'emailKey') || 'shared'} is weak evidence`);
    emailWeak = true;
  }

  if (guards.switchboard_phone && phone && phone.weight > 0) {
    const shared = switchboardNumber(a, b, guards.switchboard_phone.min_contacts);
    if (shared) {
      const counts = (b.phoneCounts ?? {}) as Record<string, number>;
      phone.weight = Math.min(phone.weight, guards.switchboard_phone.weak_weight);
      phone.detail += ' (switchboard: weak evidence)';
      fired.push(shared === text(b, 'accountPhoneE164')
        ? `switchboard phone ${shared} is the account's number`
        : `switchboard phone ${shared} is shared by ${counts[shared]} contacts of the account`);
      phoneWeak = true;
    }
  }
  if ((emailWeak || phoneWeak) && !nameAgrees) {
    cap = lowered(cap, belowReview);
    fired.push('shared evidence alone is not enough: names do not agree');
  }

  const emailAgrees = !!email && email.weight > 0 && !emailWeak;
  // colleagues' addresses can be one edit apart (j.smith, j.smyth): only the same address is personal
  const sameEmail = emailAgrees && email.level === 'exact';
  const phoneAgrees = !!phone && phone.weight > 0 && !phoneWeak;
  const personTarget = !!first || !!last;
  if (guards.account_evidence && personTarget) {
    const evidence = guards.account_evidence;
    // a first initial agreeing is not a first name agreeing: "J. Scott" at a company fits every J
    // Scott there, and what the company shares must not pick one of them (a steward does)
    const fullNameAgrees = nameAgrees && first.level !== 'initial';
    if (!sameEmail && !phoneAgrees && !fullNameAgrees) {
      const accountLevel = comparisons.filter((c) => evidence.comparisons.includes(c.comparison) && c.weight > 0);
      if (accountLevel.length) {
        for (const outcome of accountLevel) {
          outcome.weight = 0;
          outcome.detail += ' (shared by everyone at the company: not counted)';
        }
        fired.push(`${accountLevel.map((c) => labelOf(target, c.comparison)).join(', ')} only tell the company: nothing personal agrees (same email, personal phone, or first and last name)`);
      }
    } else {
      for (const group of evidence.correlated) countStrongestOnce(target, comparisons, group);
    }
  }

  if (guards.names_conflict && first && last && first.level === 'else' && last.level === 'else' && first.weight < 0 && last.weight < 0
    && !namesSwapped(target, a, b)) {
    cap = lowered(cap, guards.names_conflict.cap === 'none' ? belowReview : belowMatch);
    fired.push(`names conflict: ${personName(target, a, false)} vs ${personName(target, b, true)} (first and last name both differ)`);
  }

  let moved = false;
  if ((guards.moved_company || guards.other_company) && !emailAgrees) {
    // the candidate's domains matter only against the row's corporate domain
    const domainA = text(a, 'corporateDomain');
    const domainB = domainA ? text(b, 'corporateDomain') : '';
    const accountDomain = domainA ? text(b, 'accountWebsiteDomain') : '';
    if (guards.moved_company && domainA && domainB && domainA !== domainB && domainA !== accountDomain && !isDomainSlip(domainA, domainB)) {
      cap = lowered(cap, guards.moved_company.cap === 'none' ? belowReview : belowMatch);
      fired.push(`moved company: the row writes from ${domainA}, the record from ${domainB}`);
      moved = true;
    }
    if (guards.other_company && nameAgrees && !moved) {
      const companyDisagrees = !!company && company.level === 'else' && company.weight < 0;
      const domainDisagrees = !!domainA && !!accountDomain && domainA !== accountDomain && domainA !== domainB
        && !isDomainSlip(domainA, accountDomain) && !(domainB && isDomainSlip(domainA, domainB));
      if (companyDisagrees || domainDisagrees) {
        cap = lowered(cap, guards.other_company.cap === 'none' ? belowReview : belowMatch);
        fired.push(`same name at another company: ${company && companyDisagrees ? company.detail : `${domainA} vs ${accountDomain}`}`);
      }
    }
  }
  return { comparisons, guards: fired, cap };
}

/**
 * A domain one slip away from the other (pecockpioneer.com for peacockpioneer.com, gmial.com for
 * gmail.com): a misspelled address, not a move to another company.
 */
function isDomainSlip(a: string, b: string): boolean {
  return a.length >= 7 && b.length >= 7 && Math.abs(a.length - b.length) <= 1 && slipDistance(a, b) === 1;
}

/** The row's first phone number (extension ignored) that is the account's number or shared by min_contacts of its contacts. */
function switchboardNumber(a: MatchRecord, b: MatchRecord, minContacts: number): string | undefined {
  const accountPhone = text(b, 'accountPhoneE164');
  const counts = (b.phoneCounts ?? {}) as Record<string, number>;
  for (const phone of list(a, 'phones')) {
    const number = phoneNumberPart(phone);
    if (number === accountPhone || (counts[number] ?? 0) >= minContacts) return number;
  }
  return undefined;
}

/** Of a group of correlated comparisons that agree, only the strongest counts (the first of equals). */
function countStrongestOnce(target: MatchTarget, comparisons: ComparisonOutcome[], group: string[]): void {
  let strongest: ComparisonOutcome | undefined;
  for (const c of comparisons) {
    if (c.weight > 0 && group.includes(c.comparison) && (!strongest || c.weight > strongest.weight)) strongest = c;
  }
  if (!strongest) return;
  for (const c of comparisons) {
    if (c === strongest || c.weight <= 0 || !group.includes(c.comparison)) continue;
    c.weight = 0;
    c.detail += ` (the same evidence as ${labelOf(target, strongest.comparison)}: not counted twice)`;
  }
}

function comparisonFor(target: MatchTarget, role: ComparisonRole): Comparison | undefined {
  return target.comparisons.find((c) => c.role === role);
}

function labelOf(target: MatchTarget, name: string): string {
  const comparison = target.comparisons.find((c) => c.name === name);
  return comparison?.label ?? name.replace(/_/g, ' ');
}

function keys(record: MatchRecord, comparison: Comparison | undefined, candidate: boolean): string[] {
  const out: string[] = [];
  if (!comparison) return out;
  const field = candidate ? comparison.candidate_field ?? comparison.field : comparison.field;
  for (const name of typeof field === 'string' ? [field] : field) {
    for (const value of list(record, name)) out.push(value.trim().toLowerCase());
  }
  return out;
}

/** "Smith, John" read as first name Smith and last name John: both names differ, yet it is one person. */
function namesSwapped(target: MatchTarget, a: MatchRecord, b: MatchRecord): boolean {
  const first = comparisonFor(target, 'first_name');
  const last = comparisonFor(target, 'last_name');
  const firstA = keys(a, first, false);
  const lastA = keys(a, last, false);
  const firstB = keys(b, first, true);
  const lastB = keys(b, last, true);
  return firstA.some((v) => lastB.includes(v)) && lastA.some((v) => firstB.includes(v));
}

function personName(target: MatchTarget, record: MatchRecord, candidate: boolean): string {
  const part = (role: ComparisonRole) => {
    const comparison = comparisonFor(target, role);
    const shown = comparison && (candidate ? comparison.candidate_show ?? comparison.show : comparison.show);
    const value = shown ? record[shown] : undefined;
    return typeof value === 'string' && value.trim() ? value.trim() : keys(record, comparison, candidate)[0] ?? '';
  };
  return [part('first_name'), part('last_name')].filter(Boolean).join(' ') || '(no name)';
}
