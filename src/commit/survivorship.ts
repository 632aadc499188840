import type { FieldUpdate } from '../types.js';

/** Fields a newer source may overwrite; every other field is only ever filled when empty. */
export const overwritableFields: ReadonlySet<string> = new Set([
  'title', 'phone', 'phone_ext', 'mobile', 'street', 'street2', 'city', 'state', 'postal_code', 'country',
]);

/** Columns commit maintains itself; a plan may not update them. */
const protectedColumns = new Set(['id', 'created_at', 'updated_at', 'created_batch_id', 'origin']);

export interface SurvivorshipOptions {
  /** the pipeline says the source is more recent than the CRM */
  sourceIsNewer: boolean;
}

export interface FieldDecision {
  field: string;
  current: string | null;
  incoming: string;
  outcome: 'fill' | 'overwrite' | 'secondary_email' | 'unchanged' | 'kept' | 'blank';
}

export interface SurvivorshipResult {
  /** column -> new value, only what actually changes */
  changes: Record<string, string>;
  decisions: FieldDecision[];
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

/**
 * Which proposed field updates a record takes, judged against its CURRENT values (the record may
 * have changed since the batch was staged): empty fields are filled; title, phone, mobile and
 * address are overwritten only when the source is newer; nothing is overwritten with a blank;
 * a different email never replaces the primary one but is kept as secondary_email.
 */
export function surviveFieldUpdates(
  current: Readonly<Record<string, unknown>>,
  updates: readonly FieldUpdate[],
  options: SurvivorshipOptions,
): SurvivorshipResult {
  const record: Record<string, unknown> = { ...current };
  const changes: Record<string, string> = {};
  const decisions: FieldDecision[] = [];
  const set = (field: string, value: string) => { record[field] = value; changes[field] = value; };

  for (const update of updates) {
    if (protectedColumns.has(update.field)) throw new Error(`a plan may not update ${update.field}`);
    const incoming = text(update.new);
    const decide = (field: string, outcome: FieldDecision['outcome']) =>
      decisions.push({ field, current: text(record[field]), incoming: incoming ?? '', outcome });
    if (incoming === null) { decide(update.field, 'blank'); continue; }

    if (update.field === 'email' || update.field === 'secondary_email' || update.kind === 'secondary_email') {
      if (update.chosen === 'crm') { decide(update.field, 'kept'); continue; }
      const primary = text(record.email);
      const secondary = text(record.secondary_email);
      const same = (a: string | null) => a !== null && a.toLowerCase() === incoming.toLowerCase();
      if (primary === null) { decide('email', 'fill'); set('email', incoming); }
      else if (same(primary) || same(secondary)) decide('email', 'unchanged');
      else if (secondary === null) { decide('secondary_email', 'secondary_email'); set('secondary_email', incoming); }
      else if (options.sourceIsNewer || update.chosen === 'list') { decide('secondary_email', 'overwrite'); set('secondary_email', incoming); }
      else decide('secondary_email', 'kept');
      continue;
    }

    const existing = text(record[update.field]);
    // a steward's choice on the review screen or `--keep ROW.FIELD=crm|list` beats the rules
    if (update.chosen === 'crm') { decide(update.field, existing === incoming ? 'unchanged' : 'kept'); continue; }
    if (update.chosen === 'list' && existing !== null && existing !== incoming) { decide(update.field, 'overwrite'); set(update.field, incoming); continue; }
    if (existing === null) { decide(update.field, 'fill'); set(update.field, incoming); }
    else if (existing === incoming) decide(update.field, 'unchanged');
    else if (options.sourceIsNewer && overwritableFields.has(update.field)) { decide(update.field, 'overwrite'); set(update.field, incoming); }
    else decide(update.field, 'kept');
  }
  return { changes, decisions };
}

/** Which value survives a field a steward decided: the CRM's or the list's. */
export type FieldChoice = 'crm' | 'list';
