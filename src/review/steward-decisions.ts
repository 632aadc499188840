import { userInfo } from 'node:os';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import type { NormalizedPerson, RowPlan } from '../types.js';
import type { FieldChoice } from '../commit/survivorship.js';
import { UserError } from '../errors.js';
import { fieldDifferences, planForTarget, type MergePlanContext, type TargetRecord } from './merge-plan.js';

export const stewardDecisions = ['merge', 'create_new', 'skip'] as const;
export type StewardDecision = (typeof stewardDecisions)[number];
/** Corrections of a routed row that is not a merge candidate: attach it to a record, or send it to a steward. */
export const rowCorrections = ['attach', 'steward'] as const;
export type RowCorrection = (typeof rowCorrections)[number];
export type Decision = StewardDecision | RowCorrection;

/** Routes a steward may correct; inert rows (rejected, suppressed, duplicates) stay as they are. */
export const correctableRoutes = ['new_lead', 'existing_lead', 'new_contact_and_opportunity', 'opportunity_for_contact', 'update_contact'];

export interface RecordRef { entityType?: 'contact' | 'lead'; id: string }

export interface DecisionInput {
  sourceRow: number;
  decision: Decision;
  /** merge / attach: the record, when not the candidate staging chose */
  target?: RecordRef;
  /** where the decision came from, for error messages: "--decide 7=merge", "report.xlsx: sheet merge_candidate, cell F7" */
  origin: string;
}

export interface FieldChoiceInput {
  sourceRow: number;
  field: string;
  choice: FieldChoice;
  origin: string;
}

export function isStewardDecision(value: string): value is StewardDecision {
  return (stewardDecisions as readonly string[]).includes(value);
}

function isDecision(value: string): value is Decision {
  return isStewardDecision(value) || (rowCorrections as readonly string[]).includes(value);
}

/** "contact:CON-0005", "CON-0005" -> a record reference. */
function recordRefOf(text: string): RecordRef | undefined {
  const match = /^\s*(?:(contact|lead)\s*:\s*)?([^\s:]+)\s*$/i.exec(text);
  if (!match) return undefined;
  return { ...(match[1] ? { entityType: match[1].toLowerCase() as 'contact' | 'lead' } : {}), id: match[2] };
}

/**
 * A decision as a steward writes it: trimmed, any case, "create new" or "create-new" for
 * create_new, "merge:CON-0005" to name the record.
 */
export function parseDecisionText(value: string): { decision: Decision; target?: RecordRef } | undefined {
  const [word, ...rest] = value.split(':');
  const decision = word.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!isDecision(decision)) return undefined;
  if (!rest.length) return decision === 'attach' ? undefined : { decision };
  if (decision !== 'merge' && decision !== 'attach') return undefined;
  const target = recordRefOf(rest.join(':'));
  return target ? { decision, target } : undefined;
}

/** A plain steward decision (merge, create_new, skip), as the workbook's drop-down has them. */
export function parseDecision(value: string): StewardDecision | undefined {
  const word = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return isStewardDecision(word) ? word : undefined;
}

const decisionWords = 'merge, create_new, skip (merge:RECORD_ID names the record; any imported row: attach:RECORD_ID, steward)';

/** `--decide 7=merge 12=skip 82=merge:CON-0005` -> decisions; a malformed argument is an error naming it. */
export function parseDecideArguments(args: readonly string[]): DecisionInput[] {
  return args.map((arg) => {
    const match = /^\s*(\d+)\s*=\s*(.*)$/.exec(arg);
    if (!match) throw new UserError(`--decide ${arg}: write ROW=DECISION, e.g. 7=merge or 82=merge:CON-0005`);
    const parsed = parseDecisionText(match[2]);
    if (!parsed) throw new UserError(`--decide ${arg}: '${match[2]}' is not one of ${decisionWords}`);
    return { sourceRow: Number(match[1]), ...parsed, origin: `--decide ${arg}` };
  });
}

/** `--keep 82.title=crm 82.phone=list` -> field choices. */
export function parseKeepArguments(args: readonly string[]): FieldChoiceInput[] {
  return args.map((arg) => {
    const match = /^\s*(\d+)\.([a-z_0-9]+)\s*=\s*(crm|list)\s*$/i.exec(arg);
    if (!match) throw new UserError(`--keep ${arg}: write ROW.FIELD=crm or ROW.FIELD=list, e.g. 82.title=crm`);
    return { sourceRow: Number(match[1]), field: match[2].toLowerCase(), choice: match[3].toLowerCase() as FieldChoice, origin: `--keep ${arg}` };
  });
}

export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

async function stagedBatch(db: Kysely<CrmDatabase>, batchId: string) {
  const batch = await db.selectFrom('import_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!batch) throw new UserError(`no batch ${batchId}; 'listgate batches' lists them`);
  if (batch.status !== 'staged') throw new UserError(`batch ${batchId} is ${batch.status}: decisions can only change before commit`);
  return batch;
}

/** The rows of a staged batch a steward may decide: its merge candidates. */
export async function mergeCandidateRows(db: Kysely<CrmDatabase>, batchId: string): Promise<Map<number, string | null>> {
  await stagedBatch(db, batchId);
  const rows = await db.selectFrom('batch_rows').select(['source_row', 'decision'])
    .where('batch_id', '=', batchId).where('route', '=', 'merge_candidate').execute();
  return new Map(rows.map((r) => [r.source_row, r.decision]));
}

/** Problems with plain decisions for this batch, one line each; empty when all can be recorded. */
export function decisionProblems(batchId: string, decisions: readonly DecisionInput[], candidates: ReadonlyMap<number, unknown>): string[] {
  return decisions
    .filter((d) => isStewardDecision(d.decision) && !candidates.has(d.sourceRow))
    .map((d) => `${d.origin}: row ${d.sourceRow} is not a merge candidate of batch ${batchId}`);
}

export function mergePlanContextOf(batch: { intent: string; campaign: string | null; pipeline_config: unknown }): MergePlanContext {
  const config = (batch.pipeline_config ?? {}) as Record<string, unknown>;
  return {
    sourceIsNewer: config.source_is_newer === true,
    intent: batch.intent,
    campaign: batch.campaign,
    sourceKind: typeof config.source_kind === 'string' ? config.source_kind : 'list',
  };
}

/** A row's decision state: what a decision replaces, and what undo puts back. */
interface DecisionState {
  route: string | null;
  staged_route: string | null;
  decision: string | null;
  decision_target: RecordRef | null;
  field_choices: Record<string, FieldChoice> | null;
  decision_plan: unknown;
  decided_at: Date | string | null;
  decided_by: string | null;
}

interface RowForDecision extends DecisionState {
  source_row: number;
  plan: RowPlan | null;
  normalized: { person?: NormalizedPerson } | null;
  contact_id: string | null;
  lead_id: string | null;
  match: { ambiguous?: { entityType: 'contact' | 'lead'; ids: string[] } } | null;
}

/** The record staging compared a row with: its contact or lead, else the first of the ambiguous ones. */
export function stagedTargetOf(row: Pick<RowForDecision, 'contact_id' | 'lead_id' | 'match'>): RecordRef | undefined {
  if (row.contact_id) return { entityType: 'contact', id: row.contact_id };
  if (row.lead_id) return { entityType: 'lead', id: row.lead_id };
  const ambiguous = row.match?.ambiguous;
  return ambiguous?.ids.length ? { entityType: ambiguous.entityType, id: ambiguous.ids[0] } : undefined;
}

/** Finds contacts and leads by reference; an id without a type is looked up in contacts, then leads. */
export async function loadTargets(db: Kysely<CrmDatabase>, refs: readonly RecordRef[]): Promise<Map<string, TargetRecord>> {
  const found = new Map<string, TargetRecord>();
  const ids = [...new Set(refs.map((r) => r.id))];
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    for (const record of await db.selectFrom('contacts').selectAll().where('id', 'in', chunk).execute()) found.set(`contact:${record.id}`, { entityType: 'contact', record });
    for (const record of await db.selectFrom('leads').selectAll().where('id', 'in', chunk).execute()) found.set(`lead:${record.id}`, { entityType: 'lead', record });
  }
  return found;
}

export function targetOf(targets: ReadonlyMap<string, TargetRecord>, ref: RecordRef): TargetRecord | undefined {
  if (ref.entityType) return targets.get(`${ref.entityType}:${ref.id}`);
  return targets.get(`contact:${ref.id}`) ?? targets.get(`lead:${ref.id}`);
}

const stateColumns = ['route', 'staged_route', 'decision', 'decision_target', 'field_choices', 'decision_plan', 'decided_at', 'decided_by'] as const;

/**
 * Records steward decisions and field choices on a staged batch (who and when, each also in
 * steward_decision_log), all or nothing: one bad decision and none is recorded. A merge names
 * any record (the staged candidate by default); field choices apply to the row's merge.
 */
export async function recordDecisions(
  db: Kysely<CrmDatabase>, batchId: string, decisions: readonly DecisionInput[], decidedBy = currentUser(),
  choices: readonly FieldChoiceInput[] = [],
): Promise<{ recorded: number; undecided: number }> {
  const batch = await stagedBatch(db, batchId);
  const context = mergePlanContextOf(batch);
  const lastDecision = new Map(decisions.map((d) => [d.sourceRow, d]));
  const sourceRows = [...new Set([...lastDecision.keys(), ...choices.map((c) => c.sourceRow)])];
  const rows = new Map<number, RowForDecision>();
  for (let i = 0; i < sourceRows.length; i += 5000) {
    const found = await db.selectFrom('batch_rows')
      .select(['source_row', 'plan', 'normalized', 'contact_id', 'lead_id', 'match', ...stateColumns])
      .where('batch_id', '=', batchId).where('source_row', 'in', sourceRows.slice(i, i + 5000)).execute();
    for (const row of found) rows.set(row.source_row, row as unknown as RowForDecision);
  }

  const problems: string[] = [];
  const targetRefs: RecordRef[] = [];
  for (const d of lastDecision.values()) {
    const row = rows.get(d.sourceRow);
    const isCandidate = row?.route === 'merge_candidate';
    if (isStewardDecision(d.decision) && !isCandidate) problems.push(`${d.origin}: row ${d.sourceRow} is not a merge candidate of batch ${batchId}`);
    else if (!row) problems.push(`${d.origin}: batch ${batchId} has no row ${d.sourceRow}`);
    else if (!isStewardDecision(d.decision) && !isCandidate && !correctableRoutes.includes(row.route ?? '')) {
      problems.push(`${d.origin}: row ${d.sourceRow} is ${row.route}; only imported rows can be corrected`);
    }
    if (d.target) targetRefs.push(d.target);
  }
  for (const c of choices) if (!rows.has(c.sourceRow)) problems.push(`${c.origin}: batch ${batchId} has no row ${c.sourceRow}`);
  if (problems.length) throw new UserError(problemsMessage(problems));

  // the record each merge goes into: named, else the one already chosen, else the staged candidate
  const mergeTargets = new Map<number, RecordRef | undefined>();
  for (const row of rows.values()) {
    const d = lastDecision.get(row.source_row);
    const decision = d?.decision ?? row.decision;
    if (decision !== 'merge' && decision !== 'attach') continue;
    const ref = d?.target ?? (d ? undefined : row.decision_target ?? undefined) ?? stagedTargetOf(row);
    mergeTargets.set(row.source_row, ref);
    if (ref) targetRefs.push(ref);
  }
  const targets = await loadTargets(db, targetRefs);

  const next: { source_row: number; state: DecisionState; previous: DecisionState }[] = [];
  for (const row of rows.values()) {
    const d = lastDecision.get(row.source_row);
    const rowChoices = choices.filter((c) => c.sourceRow === row.source_row);
    const previous: DecisionState = Object.fromEntries(stateColumns.map((c) => [c, row[c]])) as unknown as DecisionState;
    const state: DecisionState = { ...previous, decided_at: new Date(), decided_by: decidedBy };
    const origin = d?.origin ?? rowChoices[0].origin;

    if (d?.decision === 'steward') {
      if (row.route !== 'merge_candidate') Object.assign(state, { route: 'merge_candidate', staged_route: row.route });
      Object.assign(state, { decision: null, decision_target: null, field_choices: null, decision_plan: null });
    } else if (d && (d.decision === 'create_new' || d.decision === 'skip')) {
      Object.assign(state, { decision: d.decision, decision_target: null, field_choices: null, decision_plan: null });
    }
    const decision = d && d.decision !== 'steward' ? d.decision : row.decision;
    if (decision === 'merge' || decision === 'attach') {
      const ref = mergeTargets.get(row.source_row);
      if (!ref) { problems.push(`${origin}: row ${row.source_row} has no candidate record; name one, e.g. ${row.source_row}=merge:CON-0005`); continue; }
      const target = targetOf(targets, ref);
      if (!target) { problems.push(`${origin}: no contact or lead ${ref.id} in the CRM`); continue; }
      const sameTarget = row.decision_target && row.decision_target.id === target.record.id && (row.decision === 'merge' || row.decision === 'attach');
      const fieldChoices: Record<string, FieldChoice> = { ...(sameTarget ? row.field_choices ?? {} : {}) };
      const person = row.normalized?.person ?? {};
      const differing = new Set(fieldDifferences(target, person, context).map((f) => f.field));
      for (const c of rowChoices) {
        if (!differing.has(c.field)) {
          problems.push(`${c.origin}: ${c.field} does not differ between row ${c.sourceRow} and ${target.entityType} ${target.record.id}${differing.size ? ` (differing: ${[...differing].join(', ')})` : ''}`);
        } else fieldChoices[c.field] = c.choice;
      }
      const staged = stagedTargetOf(row);
      const isStagedTarget = row.route === 'merge_candidate' && !row.staged_route && staged?.id === target.record.id && staged.entityType === target.entityType;
      const chosen = Object.keys(fieldChoices).length > 0;
      Object.assign(state, {
        decision: row.route === 'merge_candidate' || state.route === 'merge_candidate' ? 'merge' : 'attach',
        decision_target: { entityType: target.entityType, id: target.record.id },
        field_choices: chosen ? fieldChoices : null,
        // the staged plan already merges into the staged candidate by the rules; anything else is planned now
        decision_plan: isStagedTarget && !chosen ? null : planForTarget(row.plan ?? {}, target, person, context, fieldChoices),
      });
    } else if (rowChoices.length) {
      problems.push(`${rowChoices[0].origin}: row ${row.source_row} is not decided merge; choose fields with a merge, e.g. --decide ${row.source_row}=merge`);
      continue;
    }
    next.push({ source_row: row.source_row, state, previous });
  }
  if (problems.length) throw new UserError(problemsMessage(problems));

  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < next.length; i += 2000) await writeStates(trx, batchId, next.slice(i, i + 2000), decidedBy);
  });
  return { recorded: next.length, undecided: await undecidedCount(db, batchId) };
}

async function writeStates(
  trx: Transaction<CrmDatabase>, batchId: string, states: { source_row: number; state: DecisionState; previous?: DecisionState }[], decidedBy: string,
): Promise<void> {
  const values = states.map(({ source_row, state }) => ({ source_row, ...state }));
  await sql`update batch_rows b set route = x.route, staged_route = x.staged_route, decision = x.decision,
      decision_target = x.decision_target, field_choices = x.field_choices, decision_plan = x.decision_plan,
      decided_at = x.decided_at, decided_by = x.decided_by
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(source_row int, route text, staged_route text, decision text,
      decision_target jsonb, field_choices jsonb, decision_plan jsonb, decided_at timestamptz, decided_by text)
    where b.batch_id = ${batchId} and b.source_row = x.source_row`.execute(trx);
  const logged = states.filter((s) => s.previous).map(({ source_row, state, previous }) =>
    ({ source_row, decision: state.decision, target: state.decision_target, field_choices: state.field_choices, previous }));
  if (logged.length) {
    await sql`insert into steward_decision_log (batch_id, source_row, decision, target, field_choices, previous, decided_by)
      select ${batchId}, x.source_row, x.decision, x.target, x.field_choices, x.previous, ${decidedBy}
      from jsonb_to_recordset(${JSON.stringify(logged)}::jsonb) as x(source_row int, decision text, target jsonb, field_choices jsonb, previous jsonb)`.execute(trx);
  }
}

async function undecidedCount(db: Kysely<CrmDatabase>, batchId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from batch_rows
    where batch_id = ${batchId} and route = 'merge_candidate' and decision is null`.execute(db);
  return rows[0].n;
}

/**
 * Takes back the batch's last recorded decision (the review screen's undo): the rows it changed
 * get their earlier state again, and its entries leave the log. Returns the rows, or none.
 */
export async function undoLastDecision(db: Kysely<CrmDatabase>, batchId: string): Promise<number[]> {
  await stagedBatch(db, batchId);
  return db.transaction().execute(async (trx) => {
    // one recording (a bulk decision too) shares its transaction's timestamp; compared in SQL,
    // as a JavaScript Date would drop the server's microseconds
    const last = trx.selectFrom('steward_decision_log').select('decided_at')
      .where('batch_id', '=', batchId).orderBy('id', 'desc').limit(1);
    const entries = await trx.selectFrom('steward_decision_log').select(['id', 'source_row', 'previous'])
      .where('batch_id', '=', batchId).where('decided_at', '=', last).orderBy('id', 'desc').execute();
    if (!entries.length) return [];
    const states = entries.map((e) => ({ source_row: e.source_row, state: e.previous as unknown as DecisionState }));
    await writeStates(trx, batchId, states, '');
    await trx.deleteFrom('steward_decision_log').where('id', 'in', entries.map((e) => e.id)).execute();
    return entries.map((e) => e.source_row);
  });
}

/** Several problems read as one message: each on its own line, and nothing applied. */
export function problemsMessage(problems: readonly string[]): string {
  if (problems.length === 1) return `${problems[0]}; nothing was recorded`;
  return `${problems.length} problems, nothing was recorded:\n  ${problems.join('\n  ')}`;
}
