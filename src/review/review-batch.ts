import type { Kysely } from 'kysely';
import type { CrmDatabase } from '../db/schema.js';
import { UserError } from '../errors.js';
import { readWorkbookDecisions } from './decisions-from-workbook.js';
import { currentUser, decisionProblems, mergeCandidateRows, problemsMessage, recordDecisions } from './steward-decisions.js';

/**
 * Applies the decisions stewards chose in the report workbook, all or nothing: any bad cell
 * (unknown decision, a row that is not a merge candidate) and nothing is recorded.
 */
export async function applyWorkbookDecisions(
  db: Kysely<CrmDatabase>, batchId: string, path: string, shownAs = path, decidedBy = currentUser(),
): Promise<{ recorded: number; empty: number; undecided: number }> {
  const read = await readWorkbookDecisions(path, shownAs);
  if (read.batchId && read.batchId !== batchId) {
    throw new UserError(`${shownAs}: this workbook is the report of batch ${read.batchId} (sheet summary), not of ${batchId}; nothing was recorded`);
  }
  const candidates = await mergeCandidateRows(db, batchId);
  const problems = [...read.problems, ...decisionProblems(batchId, read.decisions, candidates)];
  if (problems.length) throw new UserError(problemsMessage(problems));
  const { recorded, undecided } = await recordDecisions(db, batchId, read.decisions, decidedBy);
  return { recorded, empty: read.empty, undecided };
}
