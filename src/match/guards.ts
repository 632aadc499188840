import type { ComparisonOutcome } from '../types.js';
import { phoneNumberPart } from './comparators.js';
import type { ComparisonRole, Guards, MatchTarget } from './matcher.js';
import type { MatchRecord } from './score.js';

/**
 * Rules against the classic false merges. Shared evidence (a role address, a switchboard phone)
 * is weak and never enough alone; the same name at another company, or a person now writing from
 * another company's domain, is not the record we know.
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

  const byRole = (role: ComparisonRole) => {
    const index = target.comparisons.findIndex((c) => c.role === role);
    return index < 0 ? undefined : comparisons[index];
  };
  const email = byRole('email');
  const phone = byRole('phone');
  const first = byRole('first_name');
  const last = byRole('last_name');
  const company = byRole('company');
  const nameAgrees = !!first && !!last && first.weight > 0 && last.weight > 0;
  let weakOnly = false;

  if (guards.role_email && email && email.weight > 0 && (a.emailIsRole === true || b.emailIsRole === true)) {
    email.weight = Math.min(email.weight, guards.role_email.weak_weight);
    email.detail += ' (role address: weak evidence)';
    fired.push(`role address ${text(a, 'email') || text(a, 'emailKey') || 'shared'} is weak evidence`);
    weakOnly = true;
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
      weakOnly = true;
    }
  }
  if (weakOnly && !nameAgrees) {
    lower(belowReview);
    fired.push('shared evidence alone is not enough: names do not agree');
  }

  const domainA = text(a, 'corporateDomain');
  const domainB = text(b, 'corporateDomain');
  const accountDomain = text(b, 'accountWebsiteDomain');
  const emailAgrees = !!email && email.weight > 0 && !weakOnly;
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
