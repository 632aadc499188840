import { userInfo } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import { UserError } from '../errors.js';

export const stewardDecisions = ['merge', 'create_new', 'skip'] as const;
export type StewardDecision = (typeof stewardDecisions)[number];

export interface DecisionInput {
  sourceRow: number;
  decision: StewardDecision;
  /** where the decision came from, for error messages: "--decide 7=merge", "report.xlsx: sheet merge_candidate, cell F7" */
  origin: string;
}

export function isStewardDecision(value: string): value is StewardDecision {
  return (stewardDecisions as readonly string[]).includes(value);
}

/** A decision as a steward writes it: trimmed, any case, "create new" or "create-new" for create_new. */
export function parseDecision(value: string): StewardDecision | undefined {
  const word = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return isStewardDecision(word) ? word : undefined;
}

/** `--decide 7=merge 12=skip` -> decisions; a malformed argument is an error naming it. */
export function parseDecideArguments(args: readonly string[]): DecisionInput[] {
  return args.map((arg) => {
    const match = /^\s*(\d+)\s*=\s*(.*)$/.exec(arg);
    if (!match) throw new UserError(`--decide ${arg}: write ROW=DECISION, e.g. 7=merge`);
    const decision = parseDecision(match[2]);
    if (!decision) throw new UserError(`--decide ${arg}: '${match[2]}' is not one of ${stewardDecisions.join(', ')}`);
    return { sourceRow: Number(match[1]), decision, origin: `--decide ${arg}` };
  });
}

export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The rows of a staged batch a steward may decide: its merge candidates. */
export async function mergeCandidateRows(db: Kysely<CrmDatabase>, batchId: string): Promise<Map<number, string | null>> {
  const batch = await db.selectFrom('import_batches').select(['status']).where('id', '=', batchId).executeTakeFirst();
  if (!batch) throw new UserError(`no batch ${batchId}; 'listgate batches' lists them`);
  if (batch.status !== 'staged') throw new UserError(`batch ${batchId} is ${batch.status}: decisions can only change before commit`);
  const rows = await db.selectFrom('batch_rows').select(['source_row', 'decision'])
    .where('batch_id', '=', batchId).where('route', '=', 'merge_candidate').execute();
  return new Map(rows.map((r) => [r.source_row, r.decision]));
}

/** Problems with decisions for this batch, one line each; empty when all can be recorded. */
export function decisionProblems(batchId: string, decisions: readonly DecisionInput[], candidates: ReadonlyMap<number, unknown>): string[] {
  return decisions
    .filter((d) => !candidates.has(d.sourceRow))
    .map((d) => `${d.origin}: row ${d.sourceRow} is not a merge candidate of batch ${batchId}`);
}

/**
 * Records steward decisions on a staged batch's merge candidates (who and when), all or
 * nothing: one bad decision and none is recorded.
 */
export async function recordDecisions(
  db: Kysely<CrmDatabase>, batchId: string, decisions: readonly DecisionInput[], decidedBy = currentUser(),
): Promise<{ recorded: number; undecided: number }> {
  const candidates = await mergeCandidateRows(db, batchId);
  const problems = decisionProblems(batchId, decisions, candidates);
  if (problems.length) throw new UserError(problemsMessage(problems));
  const last = new Map(decisions.map((d) => [d.sourceRow, d.decision]));
  if (last.size) {
    const values = [...last].map(([source_row, decision]) => ({ source_row, decision }));
    await sql`update batch_rows b set decision = x.decision, decided_at = now(), decided_by = ${decidedBy}
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(source_row int, decision text)
      where b.batch_id = ${batchId} and b.source_row = x.source_row and b.route = 'merge_candidate'`.execute(db);
  }
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from batch_rows
    where batch_id = ${batchId} and route = 'merge_candidate' and decision is null`.execute(db);
  return { recorded: last.size, undecided: rows[0].n };
}

/** Several problems read as one message: each on its own line, and nothing applied. */
export function problemsMessage(problems: readonly string[]): string {
  if (problems.length === 1) return `${problems[0]}; nothing was recorded`;
  return `${problems.length} problems, nothing was recorded:\n  ${problems.join('\n  ')}`;
}
