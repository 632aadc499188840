import { sql } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import { UserError } from '../errors.js';
import { jsonColumn } from '../db/json-column.js';
import type { NormalizedPerson, RowMatch, ScoredCandidate } from '../types.js';
import { findChunkCandidates, prepareBatchMatching, scoreChunk } from './match-batch.js';
import { loadMatcher } from './matcher.js';

/** A staged row as stored, with its match recomputed in full: every candidate blocking finds, each with its comparisons. */
export interface ExplainedRow {
  batchId: string;
  sourceRow: number;
  matcher: string;
  route: string;
  reasons: string;
  score: number | null;
  person: NormalizedPerson;
  rejected: boolean;
  /** the chosen ids as staged */
  staged: { contact?: string; lead?: string; account?: string };
  /** null for a rejected row, which is never matched */
  match: RowMatch | null;
}

/**
 * `listgate explain BATCH ROW`: the stage stores each row's decision and the best candidate of
 * each kind; this recomputes the row's whole match (every candidate the matcher's blocking finds,
 * each with every comparison and guard) with the same code the stage ran, against the CRM as it
 * is now.
 */
export async function explainStagedRow(crm: Pick<CrmConnection, 'db'>, batchId: string, sourceRow: number): Promise<ExplainedRow> {
  const batch = await crm.db.selectFrom('import_batches').select(['id', 'pipeline_config']).where('id', '=', batchId).executeTakeFirst();
  if (!batch) throw new UserError(`no batch ${batchId}; 'listgate batches' lists them`);
  const { rows: [row] } = await sql<{ route: string | null; reasons: string | null; score: number | null; match: unknown; person: unknown; rejected: boolean }>`
    select b.route, b.reasons, b.score, b.match, k.person, k.rejected
    from batch_rows b left join batch_row_keys k on k.batch_id = b.batch_id and k.source_row = b.source_row
    where b.batch_id = ${batchId} and b.source_row = ${sourceRow}`.execute(crm.db);
  if (!row) throw new UserError(`batch ${batchId} has no row ${sourceRow} (rows are numbered as in the file, the header being row 1)`);
  const config = jsonColumn<Record<string, unknown>>(batch.pipeline_config, {});
  const matcherName = typeof config.matcher === 'string' ? config.matcher : 'crm';
  const matcher = loadMatcher(matcherName);
  const person = jsonColumn<NormalizedPerson>(row.person, {});
  const stored = jsonColumn<Partial<RowMatch> | null>(row.match, null);
  const explained: ExplainedRow = {
    batchId, sourceRow, matcher: matcher.name, route: row.route ?? '', reasons: row.reasons ?? '', score: row.score === null ? null : Number(row.score),
    person, rejected: Boolean(row.rejected),
    staged: { contact: stored?.contact?.id, lead: stored?.lead?.id, account: stored?.account?.id },
    match: null,
  };
  if (explained.rejected) return explained;
  const matching = await prepareBatchMatching(crm, matcher, { keptPerType: Number.POSITIVE_INFINITY, parallel: false });
  const candidates = await findChunkCandidates(matching, { batchId, from: sourceRow, to: sourceRow + 1 });
  const matches = scoreChunk(matching, await matching.contexts, new Map([[sourceRow, person]]), candidates);
  explained.match = matches.get(sourceRow) ?? { candidates: [], candidatesCut: false };
  return explained;
}

/** The explanation in lines a person reads. */
export function explainedRowLines(e: ExplainedRow): string[] {
  const p = e.person;
  const who = [[p.firstName, p.lastName].filter(Boolean).join(' '), p.email && `<${p.email}>`, p.company, p.phoneE164, p.city].filter(Boolean).join(', ');
  const lines = [
    `row ${e.sourceRow} of batch ${e.batchId}: ${who || '(no name, email or company)'}`,
    `  staged as ${e.route}${e.score === null ? '' : `, score ${e.score.toFixed(1)}`}`,
    `  reasons: ${e.reasons}`,
  ];
  if (!e.match) return [...lines, '  the row was rejected before matching: it has no candidates'];
  const { candidates } = e.match;
  lines.push('', `candidates, recomputed with matcher ${e.matcher} against the CRM as it is now (${candidates.length}${e.match.candidatesCut ? ', the weakest cut at the matcher\'s max_candidates' : ''}):`);
  if (!candidates.length) lines.push('  none: no blocking rule gave this row a key it shares with a CRM record');
  for (const c of candidates) lines.push(...candidateLines(c, e));
  const best = { contact: e.match.contact?.id, lead: e.match.lead?.id, account: e.match.account?.id };
  const changed = (['contact', 'lead', 'account'] as const).filter((kind) => best[kind] !== e.staged[kind]);
  if (changed.length) {
    lines.push('', `note: the CRM changed since the stage: the best ${changed.map((kind) => `${kind} is now ${best[kind] ?? 'none'} (staged: ${e.staged[kind] ?? 'none'})`).join('; ')}`);
  }
  if (e.match.ambiguous) lines.push('', `close call: ${e.match.ambiguous.reason}`);
  return lines;
}

function candidateLines(c: ScoredCandidate, e: ExplainedRow): string[] {
  const chosen = e.staged[c.entityType] === c.id ? '  <- chosen' : '';
  const lines = [`  ${c.entityType} ${c.id}  score ${c.score.toFixed(1)}  ${c.band === 'none' ? 'below the review band' : `${c.band} band`}${chosen}`];
  for (const comparison of c.comparisons) {
    const weight = `${comparison.weight >= 0 ? '+' : ''}${comparison.weight.toFixed(1)}`;
    lines.push(`      ${comparison.comparison.padEnd(14)} ${comparison.level.padEnd(22)} ${weight.padStart(6)}  ${comparison.detail}`);
  }
  for (const guard of c.guards) lines.push(`      guard: ${guard}`);
  return lines;
}
