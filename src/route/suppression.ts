import { createHash, hash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import type { NormalizedPerson } from '../types.js';

/** What a suppression entry blocks: one address, everyone at a domain, one phone, or a hashed address (vendor DNC files). */
/** person: first name, last name and company keys joined (kept by `suppress erase`, hash only, for a delivery without the email) */
export const suppressionKinds = ['email', 'domain', 'phone', 'email_hash', 'person'] as const;
export type SuppressionKind = (typeof suppressionKinds)[number];

/**
 * The value a suppression is keyed on: email lower-cased, domain lower-cased without "@" or
 * "www.", phone as E.164 digits with "+", email_hash as lower-case hex (already a sha256 of
 * the lower-cased email, as vendors ship them).
 */
export function normalizeSuppressionValue(kind: SuppressionKind, value: string): string {
  const trimmed = value.trim().toLowerCase();
  switch (kind) {
    case 'email': return trimmed;
    case 'domain': return trimmed.replace(/^@/, '').replace(/^www\./, '').replace(/\.$/, '');
    case 'phone': return trimmed.replace(/[^\d+]/g, '');
    case 'email_hash': return trimmed;
    case 'person': return trimmed;
  }
}

// crypto.hash (Node 20.12+) hashes in one call, without a Hash object per value: a stage hashes
// every row's email, domains and phones.
export const sha256Hex: (value: string) => string = typeof hash === 'function'
  ? (value) => hash('sha256', value, 'hex')
  : (value) => createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * suppressions.value_hash for a value: sha256 hex of the normalized value, so a list can be
 * stored without the addresses themselves. An email_hash entry is the hash already.
 */
export function suppressionHash(kind: SuppressionKind, value: string): string {
  const normalized = normalizeSuppressionValue(kind, value);
  return kind === 'email_hash' ? normalized : sha256Hex(normalized);
}

/** The value of a person suppression: first name, last name and company keys; undefined unless all three are known. */
export function personSuppressionValue(firstNameKey: string | null | undefined, lastNameKey: string | null | undefined, companyKey: string | null | undefined): string | undefined {
  return firstNameKey && lastNameKey && companyKey ? `${firstNameKey}|${lastNameKey}|${companyKey}` : undefined;
}

/** One way a row could be suppressed, with the words the report shows. */
export interface SuppressionKey {
  kind: SuppressionKind;
  valueHash: string;
  describes: string;
}

/** Every suppression key a person could hit: the email (plain and as its match key), its domains, phone and mobile. */
export function suppressionKeysOf(person: NormalizedPerson): SuppressionKey[] {
  const keys: SuppressionKey[] = [];
  const add = (kind: SuppressionKind, valueHash: string, describes: string) => {
    if (!keys.some((k) => k.kind === kind && k.valueHash === valueHash)) keys.push({ kind, valueHash, describes });
  };
  const addValue = (kind: SuppressionKind, value: string | undefined, describes: string) => {
    if (value) add(kind, suppressionHash(kind, value), describes);
  };
  for (const email of [person.email, person.emailKey]) {
    if (!email) continue;
    // an email entry's hash and a vendor's hashed entry are the same sha256 of the lower-cased address
    const valueHash = suppressionHash('email', email);
    add('email', valueHash, `email ${person.email}`);
    add('email_hash', valueHash, `email ${person.email} (hashed list)`);
  }
  addValue('domain', person.emailDomain, `email domain ${person.emailDomain}`);
  addValue('domain', person.websiteDomain, `website domain ${person.websiteDomain}`);
  addValue('phone', person.phoneE164, `phone ${person.phone ?? person.phoneE164}`);
  addValue('phone', person.mobileE164, `mobile ${person.mobile ?? person.mobileE164}`);
  const name = personSuppressionValue(person.firstNameKey, person.lastNameKey, person.companyKey);
  if (name) addValue('person', name, `${[person.firstName, person.lastName].filter(Boolean).join(' ')} at ${person.company ?? person.companyKey} (an erased person)`);
  return keys;
}

/** A person's suppression keys as "kind:sha256" (suppressionKeysOf without the words, for rows that are only looked up). */
export function suppressionHashesOf(person: NormalizedPerson): string[] {
  return suppressionKeysOf(person).map((key) => `${key.kind}:${key.valueHash}`);
}

/**
 * Looks a chunk of rows' suppression keys up in one query; returns, per row, the words of
 * the first hit ("email x@y.com is on the suppression list (reason)"), rows without a hit absent.
 * A row may bring its keys' hashes (suppressionHashesOf, computed where it was read): only a row
 * with a hit then has its keys worked out again, for the words.
 */
export async function findSuppressedRows(
  db: Kysely<CrmDatabase>,
  rows: { sourceRow: number; person: NormalizedPerson; hashes?: string[] }[],
): Promise<Map<number, string>> {
  const hashesByRow = rows.map((row) => ({ row, hashes: row.hashes ?? suppressionHashesOf(row.person) }));
  const hashes = [...new Set(hashesByRow.flatMap((r) => r.hashes.map((h) => h.slice(h.indexOf(':') + 1))))];
  const found = new Map<number, string>();
  if (hashes.length === 0) return found;
  const { rows: hits } = await sql<{ kind: string; value_hash: string; reason: string | null; source: string | null }>`
    select kind, value_hash, reason, source from suppressions where value_hash = any(${hashes}::text[])`.execute(db);
  if (hits.length === 0) return found;
  const byKey = new Map(hits.map((h) => [`${h.kind}:${h.value_hash}`, h]));
  for (const { row, hashes: rowHashes } of hashesByRow) {
    if (!rowHashes.some((h) => byKey.has(h))) continue;
    const { sourceRow } = row;
    const keys = suppressionKeysOf(row.person);
    for (const key of keys) {
      const hit = byKey.get(`${key.kind}:${key.valueHash}`);
      if (!hit) continue;
      const why = [hit.reason, hit.source && `source ${hit.source}`].filter(Boolean).join(', ');
      found.set(sourceRow, `${key.describes} is on the suppression list${why ? ` (${why})` : ''}`);
      break;
    }
  }
  return found;
}
