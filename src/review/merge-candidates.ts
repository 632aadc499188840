import type { Kysely } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import type { ComparisonOutcome, NormalizedPerson, RowMatch, RowPlan, ScoredCandidate } from '../types.js';
import type { FieldChoice } from '../commit/survivorship.js';
import { UserError } from '../errors.js';
import { rowMatchOf, type StoredRowMatch } from '../stage/stored-match.js';
import { explainStagedRow } from '../match/explain-row.js';
import { fieldDifferences, planForTarget, previewRecord, type FieldDifference, type MergePlanContext } from './merge-plan.js';
import { loadTargets, mergePlanContextOf, stagedTargetOf, targetOf, type RecordRef } from './steward-decisions.js';

/** One CRM record a row came close to, as a steward compares it. */
export interface CandidateView {
  entityType: 'contact' | 'lead';
  id: string;
  record: Record<string, unknown> | null;
  score: number | null;
  explanation: string | null;
  comparisons: ComparisonOutcome[];
  guards: string[];
  /** fields where the row and this record differ, with the value that survives */
  differences: FieldDifference[];
  /** the record as commit would leave it if the row is merged into it with these choices */
  preview: Record<string, unknown> | null;
}

/** One merge candidate as a steward sees it: the incoming row, every record it came close to, and why. */
export interface MergeCandidateView {
  sourceRow: number;
  route: string;
  incoming: Record<string, string>;
  reasons: string | null;
  /** every close candidate, the one staging compared first */
  candidates: CandidateView[];
  /** the first of candidates (what older callers show) */
  candidate?: CandidateView;
  /** other records the row is too close to call against */
  alsoConsidered: string[];
  decision: string | null;
  decisionTarget: RecordRef | null;
  fieldChoices: Record<string, FieldChoice>;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export const shownFields = ['first_name', 'last_name', 'email', 'secondary_email', 'phone', 'mobile', 'company', 'title', 'street', 'city', 'state', 'postal_code', 'country'];

export function incomingOf(raw: Record<string, unknown>, normalized: Record<string, unknown>): Record<string, string> {
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

export interface ListOptions {
  /** decided rows too */
  all?: boolean;
  /** only these rows (any route) */
  sourceRows?: number[];
  offset?: number;
  limit?: number;
  /** field choices not yet saved (the review screen's preview) for one candidate, by its place in the list */
  choicesFor?: { index: number; choices: Record<string, FieldChoice> };
}

/** Close candidates of a row: the ambiguous ones and every contact or lead scored in a band, staged target first, best first. */
function closeCandidates(match: ReturnType<typeof rowMatchOf>, staged: RecordRef | undefined): { entityType: 'contact' | 'lead'; id: string; scored?: ScoredCandidate }[] {
  const list: { entityType: 'contact' | 'lead'; id: string; scored?: ScoredCandidate }[] = [];
  const add = (entityType: 'contact' | 'lead', id: string) => {
    if (list.some((c) => c.entityType === entityType && c.id === id)) return;
    list.push({ entityType, id, scored: match.candidates.find((c) => c.entityType === entityType && c.id === id) });
  };
  if (staged?.entityType) add(staged.entityType, staged.id);
  for (const id of match.ambiguous?.ids ?? []) add(match.ambiguous!.entityType, id);
  for (const c of match.candidates) if ((c.entityType === 'contact' || c.entityType === 'lead') && c.band !== 'none') add(c.entityType, c.id);
  return list;
}

/** A stored match that kept the best candidate of each kind without its comparisons (stage/stored-match.ts keptMatch). */
function storedWithoutComparisons(match: RowMatch): boolean {
  return match.candidatesScored !== undefined || match.candidates.some((c) => !c.comparisons.length && !c.explanation);
}

/**
 * The merge candidates of a batch (only the undecided ones unless all), each with every record
 * it came close to, the fields that differ and the record as commit would leave it. Paged by
 * offset and limit, in source row order.
 */
export async function listMergeCandidates(db: Kysely<CrmDatabase>, batchId: string, options: ListOptions = {}): Promise<MergeCandidateView[]> {
  const batch = await db.selectFrom('import_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!batch) throw new UserError(`no batch ${batchId}; 'listgate batches' lists them`);
  const context = mergePlanContextOf(batch);
  let query = db.selectFrom('batch_rows')
    .select(['source_row', 'route', 'raw', 'normalized', 'reasons', 'score', 'match', 'plan', 'contact_id', 'lead_id',
      'decision', 'decided_by', 'decided_at', 'decision_target', 'field_choices'])
    .where('batch_id', '=', batchId).orderBy('source_row');
  if (options.sourceRows) query = query.where('source_row', 'in', options.sourceRows.length ? options.sourceRows : [-1]);
  else query = query.where('route', '=', 'merge_candidate');
  if (!options.all && !options.sourceRows) query = query.where('decision', 'is', null);
  if (options.offset) query = query.offset(options.offset);
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();

  const prepared = await Promise.all(rows.map(async (row) => {
    let match = rowMatchOf((row.match ?? { candidates: [], candidatesCut: false }) as StoredRowMatch);
    // a row sent to a steward after staging kept only its best candidates' scores: its comparisons are recomputed, as `listgate explain` does
    if (storedWithoutComparisons(match)) match = (await explainStagedRow({ db }, batchId, row.source_row)).match ?? match;
    const staged = stagedTargetOf({ contact_id: row.contact_id, lead_id: row.lead_id, match });
    const close = closeCandidates(match, staged);
    const chosen = row.decision_target as RecordRef | null;
    if (chosen && !close.some((c) => c.id === chosen.id)) close.push({ entityType: chosen.entityType ?? 'contact', id: chosen.id });
    return { row, match, close, chosen };
  }));
  const targets = await loadTargets(db, prepared.flatMap((p) => p.close));

  return prepared.map(({ row, close, chosen }): MergeCandidateView => {
    const person = ((row.normalized as Record<string, unknown>)?.person ?? {}) as NormalizedPerson;
    const fieldChoices = (row.field_choices ?? {}) as Record<string, FieldChoice>;
    const candidates = close.map((c, i): CandidateView => {
      const target = targetOf(targets, c);
      const choices = options.choicesFor?.index === i ? options.choicesFor.choices : chosen?.id === c.id ? fieldChoices : {};
      const differences = target ? fieldDifferences(target, person, context, choices) : [];
      const plan = target ? planForTarget((row.plan ?? {}) as RowPlan, target, person, context, choices) : undefined;
      return {
        entityType: c.entityType, id: c.id,
        record: target ? target.record as unknown as Record<string, unknown> : null,
        score: c.scored?.score ?? (close[0] === c ? row.score : null),
        explanation: c.scored?.explanation ?? null,
        comparisons: c.scored?.comparisons ?? [],
        guards: c.scored?.guards ?? [],
        differences,
        preview: target && plan ? previewRecord(target, plan, context) : null,
      };
    });
    return {
      sourceRow: row.source_row,
      route: row.route ?? '',
      incoming: incomingOf(row.raw as Record<string, unknown>, row.normalized as Record<string, unknown>),
      reasons: row.reasons,
      candidates,
      candidate: candidates[0],
      alsoConsidered: candidates.slice(1).map((c) => `${c.entityType} ${c.id}`),
      decision: row.decision,
      decisionTarget: chosen,
      fieldChoices,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
    };
  });
}

function describe(values: Record<string, unknown>): string {
  const name = [values.first_name, values.last_name].filter(Boolean).join(' ');
  const parts = [`${name || '(no name)'}${values.email ? ` <${values.email}>` : ''}`];
  for (const field of shownFields.slice(3)) if (values[field]) parts.push(`${field.replace('_', ' ')}: ${values[field]}`);
  return parts.join(', ');
}

/** A merge candidate in lines a steward reads in a terminal: every close candidate, what differs and what survives. */
export function formatMergeCandidate(view: MergeCandidateView, batchId: string): string {
  const lines = [`row ${view.sourceRow}: ${describe(view.incoming)}`];
  view.candidates.forEach((c, i) => {
    lines.push(`  ${i + 1}. may be ${c.entityType} ${c.id}: ${c.record ? describe(c.record) : '(no longer in the CRM)'}`);
    if (c.score !== null && c.score !== undefined) lines.push(`     score ${c.score.toFixed(1)}${c.explanation ? `: ${c.explanation}` : ''}`);
    for (const d of c.differences) {
      const kept = d.choice === 'list' ? `the list's ${d.list}` : `the CRM's ${d.crm ?? '(empty)'}`;
      lines.push(`     ${d.field}: CRM ${d.crm ?? '(empty)'} / list ${d.list} -> keeps ${kept}${d.chosenBySteward ? ' (steward)' : ''}`);
    }
  });
  if (view.reasons) lines.push(`  why: ${view.reasons}`);
  const when = view.decidedAt ? ` at ${view.decidedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  const into = view.decisionTarget ? ` into ${view.decisionTarget.entityType ?? ''} ${view.decisionTarget.id}`.replace('  ', ' ') : '';
  const first = view.candidates[0]?.id;
  lines.push(view.decision
    ? `  decided: ${view.decision}${into}${view.decidedBy ? ` (by ${view.decidedBy}${when})` : ''}`
    : `  decide: listgate review ${batchId} --decide ${view.sourceRow}=merge|create_new|skip` +
      (view.candidates.length > 1 ? ` (or ${view.sourceRow}=merge:${view.candidates[1].id})` : '') +
      (first && view.candidates[0].differences.length ? `; choose values: --keep ${view.sourceRow}.${view.candidates[0].differences[0].field}=crm|list` : ''));
  return lines.join('\n');
}
