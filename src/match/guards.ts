import type { ComparisonOutcome } from '../types.js';
import { phoneNumberPart } from './comparators.js';
import type { Comparison, ComparisonRole, Guards, MatchTarget } from './matcher.js';
import type { MatchRecord } from './score.js';

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

export function applyGuards(
  target: MatchTarget,
  guards: Guards,
  outcomes: ComparisonOutcome[],
  a: MatchRecord,
  b: MatchRecord,
): GuardResult {
  const comparisons = outcomes.map((outcome) => ({ ...outcome }));
  const fired: string[] = [];
  let cap: number | undefined;
  const lower = (value: number) => { cap = cap === undefined ? value : Math.min(cap, value); };
  const belowReview = target.thresholds.review - 0.1;
  const belowMatch = target.thresholds.match - 0.1;

  const indexOf = (role: ComparisonRole) => target.comparisons.findIndex((c) => c.role === role);
  const byRole = (role: ComparisonRole) => {
    const index = indexOf(role);
    return index < 0 ? undefined : comparisons[index];
  };
  const email = byRole('email');
  const phone = byRole('phone');
  const first = byRole('first_name');
  const last = byRole('last_name');
  const company = byRole('company');
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
    const numbersA = new Set(list(a, 'phones').map(phoneNumberPart));
    const accountPhone = text(b, 'accountPhoneE164');
    const counts = (b.phoneCounts ?? {}) as Record<string, number>;
    const shared = [...numbersA].find((n) => n === accountPhone || (counts[n] ?? 0) >= guards.switchboard_phone!.min_contacts);
    if (shared) {
      phone.weight = Math.min(phone.weight, guards.switchboard_phone.weak_weight);
      phone.detail += ' (switchboard: weak evidence)';
      fired.push(shared === accountPhone
        ? `switchboard phone ${shared} is the account's number`
        : `switchboard phone ${shared} is shared by ${counts[shared]} contacts of the account`);
      phoneWeak = true;
    }
  }
  if ((emailWeak || phoneWeak) && !nameAgrees) {
    lower(belowReview);
    fired.push('shared evidence alone is not enough: names do not agree');
  }

  const emailAgrees = !!email && email.weight > 0 && !emailWeak;
  // colleagues' addresses can be one edit apart (j.smith, j.smyth): only the same address is personal
  const sameEmail = emailAgrees && email!.level === 'exact';
  const phoneAgrees = !!phone && phone.weight > 0 && !phoneWeak;
  const personTarget = !!first || !!last;
  if (guards.account_evidence && personTarget) {
    const evidence = guards.account_evidence;
    const accountLevel = comparisons.filter((c) => evidence.comparisons.includes(c.comparison) && c.weight > 0);
    if (!sameEmail && !phoneAgrees && !nameAgrees) {
      if (accountLevel.length) {
        for (const outcome of accountLevel) {
          outcome.weight = 0;
          outcome.detail += ' (shared by everyone at the company: not counted)';
        }
        fired.push(`${accountLevel.map((c) => labelOf(target, c.comparison)).join(', ')} only tell the company: nothing personal agrees (same email, personal phone, or first and last name)`);
      }
    } else {
      for (const group of evidence.correlated) {
        const agreeing = comparisons.filter((c) => group.includes(c.comparison) && c.weight > 0).sort((p, q) => q.weight - p.weight);
        for (const outcome of agreeing.slice(1)) {
          outcome.weight = 0;
          outcome.detail += ` (the same evidence as ${labelOf(target, agreeing[0].comparison)}: not counted twice)`;
        }
      }
    }
  }

  if (guards.names_conflict && first && last && first.level === 'else' && last.level === 'else' && first.weight < 0 && last.weight < 0
    && !namesSwapped(target, a, b)) {
    lower(guards.names_conflict.cap === 'none' ? belowReview : belowMatch);
    fired.push(`names conflict: ${personName(target, a, false)} vs ${personName(target, b, true)} (first and last name both differ)`);
  }

  const domainA = text(a, 'corporateDomain');
  const domainB = text(b, 'corporateDomain');
  const accountDomain = text(b, 'accountWebsiteDomain');
  let moved = false;
  if (guards.moved_company && domainA && domainB && domainA !== domainB && domainA !== accountDomain && !emailAgrees) {
    lower(guards.moved_company.cap === 'none' ? belowReview : belowMatch);
    fired.push(`moved company: the row writes from ${domainA}, the record from ${domainB}`);
    moved = true;
  }
  if (guards.other_company && nameAgrees && !emailAgrees && !moved) {
    const companyDisagrees = !!company && company.level === 'else' && company.weight < 0;
    const domainDisagrees = !!domainA && !!accountDomain && domainA !== accountDomain && domainA !== domainB;
    if (companyDisagrees || domainDisagrees) {
      lower(guards.other_company.cap === 'none' ? belowReview : belowMatch);
      fired.push(`same name at another company: ${company && companyDisagrees ? company.detail : `${domainA} vs ${accountDomain}`}`);
    }
  }
  return { comparisons, guards: fired, cap };
}

function comparisonFor(target: MatchTarget, role: ComparisonRole): Comparison | undefined {
  return target.comparisons.find((c) => c.role === role);
}

function labelOf(target: MatchTarget, name: string): string {
  const comparison = target.comparisons.find((c) => c.name === name);
  return comparison?.label ?? name.replace(/_/g, ' ');
}

function keys(record: MatchRecord, comparison: Comparison | undefined, candidate: boolean): string[] {
  if (!comparison) return [];
  const field = candidate ? comparison.candidate_field ?? comparison.field : comparison.field;
  return (typeof field === 'string' ? [field] : field).flatMap((name) => list(record, name).map((v) => v.trim().toLowerCase()));
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
