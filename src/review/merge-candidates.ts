import type { Kysely } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import type { RowMatch, ScoredCandidate } from '../types.js';
import { UserError } from '../errors.js';
import { rowMatchOf, type StoredRowMatch } from '../stage/stored-match.js';

/** One merge candidate as a steward sees it: the incoming row, the CRM record it may be, and why. */
export interface MergeCandidateView {
  sourceRow: number;
  incoming: Record<string, string>;
  reasons: string | null;
  candidate?: {
    entityType: 'contact' | 'lead';
    id: string;
    record: Record<string, unknown> | null;
    score: number | null;
    explanation: string | null;
  };
  /** other records the row is too close to call against */
  alsoConsidered: string[];
  decision: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

const shownFields = ['first_name', 'last_name', 'email', 'secondary_email', 'phone', 'mobile', 'company', 'title', 'street', 'city', 'state', 'postal_code', 'country'];

function incomingOf(raw: Record<string, unknown>, normalized: Record<string, unknown>): Record<string, string> {
  const person = (normalized.person ?? normalized) as Record<string, unknown>;
  const fromPerson: Record<string, unknown> = {
    first_name: person.firstName, last_name: person.lastName, email: person.email, phone: person.phone, mobile: person.mobile,
    company: person.company, title: person.title, street: person.street, city: person.city, state: person.state,
    postal_code: person.postalCode, country: person.country,
  };
  const values: Record<string, string> = {};
  for (const [field, value] of Object.entries(fromPerson)) if (typeof value === 'string' && value) values[field] = value;
  if (!Object.keys(values).length) for (const [k, v] of Object.entries(raw)) if (v) values[k] = String(v);
  return values;
}

/** The merge candidates of a batch (only the undecided ones unless all), best evidence first per row. */
export async function listMergeCandidates(db: Kysely<CrmDatabase>, batchId: string, options: { all?: boolean } = {}): Promise<MergeCandidateView[]> {
  const batch = await db.selectFrom('import_batches').select('id').where('id', '=', batchId).executeTakeFirst();
  if (!batch) throw new UserError(`no batch ${batchId}; 'listgate batches' lists them`);
  let query = db.selectFrom('batch_rows')
    .select(['source_row', 'raw', 'normalized', 'reasons', 'score', 'match', 'contact_id', 'lead_id', 'decision', 'decided_by', 'decided_at'])
    .where('batch_id', '=', batchId).where('route', '=', 'merge_candidate').orderBy('source_row');
  if (!options.all) query = query.where('decision', 'is', null);
  const rows = await query.execute();

  const views = rows.map((row): MergeCandidateView => {
    const match = rowMatchOf((row.match ?? { candidates: [], candidatesCut: false }) as StoredRowMatch);
    const ambiguous = match.ambiguous;
    const target: { entityType: 'contact' | 'lead'; id: string } | undefined =
      row.contact_id ? { entityType: 'contact', id: row.contact_id }
        : row.lead_id ? { entityType: 'lead', id: row.lead_id }
          : ambiguous?.ids.length ? { entityType: ambiguous.entityType, id: ambiguous.ids[0] }
            : match.contact ? { entityType: 'contact', id: match.contact.id }
              : match.lead ? { entityType: 'lead', id: match.lead.id } : undefined;
    const scored: ScoredCandidate | undefined = target && (match.candidates ?? []).find((c) => c.entityType === target.entityType && c.id === target.id);
    return {
      sourceRow: row.source_row,
      incoming: incomingOf(row.raw as Record<string, unknown>, row.normalized as Record<string, unknown>),
      reasons: row.reasons,
      candidate: target && { ...target, record: null, score: scored?.score ?? row.score, explanation: scored?.explanation ?? null },
      alsoConsidered: (ambiguous?.ids ?? []).filter((id) => id !== target?.id).map((id) => `${ambiguous!.entityType} ${id}`),
      decision: row.decision,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
    };
  });

  for (const entityType of ['contact', 'lead'] as const) {
    const ids = [...new Set(views.filter((v) => v.candidate?.entityType === entityType).map((v) => v.candidate!.id))];
    if (!ids.length) continue;
    const records = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      const found = entityType === 'contact'
        ? await db.selectFrom('contacts').selectAll().where('id', 'in', chunk).execute()
        : await db.selectFrom('leads').selectAll().where('id', 'in', chunk).execute();
      for (const record of found) records.set(record.id, record as unknown as Record<string, unknown>);
    }
    for (const view of views) if (view.candidate?.entityType === entityType) view.candidate.record = records.get(view.candidate.id) ?? null;
  }
  return views;
}

function describe(values: Record<string, unknown>): string {
  const name = [values.first_name, values.last_name].filter(Boolean).join(' ');
  const parts = [`${name || '(no name)'}${values.email ? ` <${values.email}>` : ''}`];
  for (const field of shownFields.slice(3)) if (values[field]) parts.push(`${field.replace('_', ' ')}: ${values[field]}`);
  return parts.join(', ');
}

/** A merge candidate in lines a steward reads in a terminal. */
/** "2026-12-07 04:52 UTC": a decision's time, to the minute, in UTC as the database keeps it. */
function decisionTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatMergeCandidate(view: MergeCandidateView, batchId: string): string {
  const lines = [`row ${view.sourceRow}: ${describe(view.incoming)}`];
  const c = view.candidate;
  if (c) {
    lines.push(`  may be ${c.entityType} ${c.id}: ${c.record ? describe(c.record) : '(no longer in the CRM)'}`);
    if (c.score !== null && c.score !== undefined) lines.push(`  score ${c.score.toFixed(1)}${c.explanation ? `: ${c.explanation}` : ''}`);
  }
  if (view.alsoConsidered.length) lines.push(`  also too close to call: ${view.alsoConsidered.join(', ')}`);
  if (view.reasons) lines.push(`  why: ${view.reasons}`);
  lines.push(view.decision
    ? `  decided: ${view.decision}${view.decidedBy || view.decidedAt ? ` (${[view.decidedBy && `by ${view.decidedBy}`, view.decidedAt && `on ${decisionTime(view.decidedAt)}`].filter(Boolean).join(', ')})` : ''}`
    : `  decide: listgate review ${batchId} --decide ${view.sourceRow}=merge|create_new|skip`);
  return lines.join('\n');
}
