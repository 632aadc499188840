import { relative } from 'node:path';
import { routes } from '../types.js';
import { countOf, formatCount } from '../plain-words.js';
import type { StageResult } from './stage-batch.js';

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** What `listgate stage` prints: the batch id, the count per route and the report paths. */
export function formatStageResult(result: StageResult, file: string, pipeline: string): string {
  const width = Math.max(...routes.map((r) => r.length));
  const lines = [
    `batch ${result.batchId} staged: ${countOf(result.rowCount, 'row')} from ${file} (pipeline ${pipeline}); nothing is in the CRM yet`,
    ...routes.map((r) => `  ${r.padEnd(width)}  ${formatCount(result.counts[r]).padStart(9)}`),
  ];
  if (result.droppedFromList !== undefined) lines.push(`  ${'dropped from the list'.padEnd(width)}  ${formatCount(result.droppedFromList).padStart(9)}  (kept, listed in dropped_from_list.csv)`);
  lines.push(
    `report:  ${shown(result.report.html)}`,
    `         ${shown(result.report.xlsx)}  (stewards: decision column of the merge_candidate sheet)`,
    `         ${shown(result.report.csv)}`,
    `         ${shown(result.report.jsonl)}`,
    `         ${shown(result.report.summary)}`,
  );
  const next = result.counts.merge_candidate
    ? `next: decide the ${countOf(result.counts.merge_candidate, 'merge candidate')} (listgate review ${result.batchId} --from ${shown(result.report.xlsx)}), then listgate commit ${result.batchId}`
    : `next: listgate commit ${result.batchId}`;
  lines.push(next);
  return lines.join('\n');
}
