import type { CanonicalField, MappedRow, NormalizedPerson, NormalizedRow, RowIssue } from '../types.js';
import { identityFields, isJunkName, isJunkWord, isPlaceholderEmailDomain, isPlaceholderValue } from './junk.js';

type Values = Partial<Record<CanonicalField, string>>;

/**
 * Drops placeholder values (N/A, none, -, unknown...) from a row's canonical values before they are
 * normalized, with an info issue for each, so "N/A" never becomes a company called N/A.
 */
export function withoutPlaceholders(values: Values): { values: Values; issues: RowIssue[] } {
  let cleaned: Values | undefined;
  const issues: RowIssue[] = [];
  for (const field in values) {
    const value = values[field as CanonicalField];
    if (value !== undefined && identityFields.has(field as CanonicalField) && isPlaceholderValue(value)) {
      cleaned ??= { ...values };
      delete cleaned[field as CanonicalField];
      issues.push({ code: 'placeholder_value', field, severity: 'info', message: `${field} "${value}" is a placeholder; treated as empty` });
    }
  }
  return { values: cleaned ?? values, issues };
}

/** The share of a row's non-empty cells whose value is its own column's header: a header row repeated in the data. */
function isRepeatedHeader(raw: Record<string, string>): boolean {
  let filled = 0;
  let same = 0;
  for (const header in raw) {
    const value = raw[header];
    if (!value) continue;
    filled++;
    // cheap length test first: this runs on every row
    const trimmed = value.length === header.length ? value : value.trim();
    if (trimmed.length === header.length && trimmed.toLowerCase() === header.toLowerCase()) same++;
  }
  return filled >= 2 && same >= 2 && same >= filled * 0.5;
}

/**
 * Decides whether a normalized row is usable and gathers all its issues. A row is rejected when it is a
 * repeated header row, when it is junk (test/asdf names, keyboard mash, example.com addresses), or when
 * it has no usable identity: no valid email, no phone number, and not a person's name plus company.
 */
export function validateRow(mapped: MappedRow, person: NormalizedPerson, issues: RowIssue[]): NormalizedRow {
  const all = issues;
  const reject = (code: string, message: string, field?: string) => {
    all.push(field ? { code, message, field, severity: 'reject' } : { code, message, severity: 'reject' });
  };

  if (isRepeatedHeader(mapped.raw)) {
    reject('repeated_header', 'this row repeats the header row');
    return normalizedRow(mapped, person, all, true);
  }

  const firstName = person.firstName ?? '';
  const lastName = person.lastName ?? '';
  const fullName = [firstName, lastName].filter(Boolean).join(' ');
  let junk = false;
  if (fullName && isJunkName(fullName)) {
    reject('junk_name', `name "${fullName}" is a test or placeholder entry`, lastName ? 'last_name' : 'first_name');
    junk = true;
  }
  let emailUsable = !!person.emailValid;
  if (person.email && person.emailDomain) {
    const local = person.email.slice(0, person.email.lastIndexOf('@'));
    if (isPlaceholderEmailDomain(person.emailDomain)) {
      reject('placeholder_email', `email "${person.email}" is on a placeholder domain (${person.emailDomain})`, 'email');
      emailUsable = false;
      junk = true;
    } else if (isJunkWord(local) && (isJunkWord(person.emailDomain.split('.')[0]) || !fullName || isJunkName(fullName))) {
      reject('junk_email', `email "${person.email}" is a test or keyboard-mash address`, 'email');
      emailUsable = false;
      junk = true;
    }
  }
  if (person.company && isJunkName(person.company) && !fullName && !emailUsable) {
    reject('junk_company', `company "${person.company}" is a test or placeholder entry`, 'company');
    junk = true;
  }

  if (!junk) {
    const phoneUsable = !!(person.phoneE164 || person.mobileE164);
    const namePlusCompany = !!(lastName || (firstName && person.middleName)) && !!firstName && !!person.company;
    if (!emailUsable && !phoneUsable && !namePlusCompany) {
      const has: string[] = [];
      if (person.email) has.push(`an invalid email "${person.email}"`);
      if (person.phone || person.mobile) has.push('an unusable phone number');
      if (fullName) has.push(`the name "${fullName}"`);
      if (person.company) has.push(`the company "${person.company}"`);
      const what = has.length ? `only ${has.join(', ')}` : 'no name, email, phone or company';
      const onlyCompany = !!person.company && !fullName && !person.email && !person.phone && !person.mobile;
      reject(onlyCompany ? 'only_company' : 'no_identity', `no usable identity (valid email, phone, or name plus company): ${what}`);
    }
  }
  let rejected = false;
  for (const issue of all) if (issue.severity === 'reject') { rejected = true; break; }
  return normalizedRow(mapped, person, all, rejected);
}

/**
 * A row the pipeline's skip_when skips (a refunded ticket, a cancelled registration): rejected with
 * the reason, and no other check, so the report says why in one line.
 */
export function skippedRow(mapped: MappedRow, person: NormalizedPerson, issues: RowIssue[], reason: string): NormalizedRow {
  issues.push({ code: 'skipped_by_pipeline', message: `skipped by the pipeline's skip_when: ${reason}`, severity: 'reject' });
  return normalizedRow(mapped, person, issues, true);
}

function normalizedRow(mapped: MappedRow, person: NormalizedPerson, issues: RowIssue[], rejected: boolean): NormalizedRow {
  return { sourceRow: mapped.sourceRow, raw: mapped.raw, values: mapped.values, unmapped: mapped.unmapped, person, issues, rejected };
}
