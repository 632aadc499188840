import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CrmConnection } from '../db/database.js';
import { ExitCode, UserError } from '../errors.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Progress } from '../progress.js';
import type { Route } from '../types.js';
import { fileSha256 } from '../stage/file-digest.js';
import { commitBatch } from '../commit/commit-batch.js';
import { countOf, formatCount } from '../plain-words.js';

/** What `listgate run` reports, one JSON line each with --log-json. */
export type RunEventName = 'started' | 'skipped' | 'staged' | 'committed' | 'left_for_review' | 'error' | 'finished';

export interface RunEvent {
  event: RunEventName;
  time: string;
  pipeline: string;
  file?: string;
  batch?: string;
  rows?: number;
  counts?: Partial<Record<Route, number>>;
  /** left_for_review: needs_review (exit 4) or policy_blocked (exit 5) */
  outcome?: 'needs_review' | 'policy_blocked';
  reason?: string;
  report?: string;
  files?: number;
  exit_code?: number;
  [extra: string]: unknown;
}

/** What staging one file returns, as far as a scheduled run needs it. */
export interface StagedFile {
  batchId: string;
  rowCount: number;
  counts: Partial<Record<Route, number>>;
  reportDir: string;
}

/** Stages one file with the stage module (passed in, so the run needs no subprocess). */
export type StageFile = (crm: CrmConnection, file: string, pipeline: Pipeline, progress?: Progress) => Promise<StagedFile>;

export interface RunOptions {
  pipeline: Pipeline;
  /** file paths or globs (* ? in the file name part) */
  files: string[];
  /** commit when the pipeline's auto_commit policy allows; without it every batch is left for review */
  autoCommit: boolean;
  /** wait for a run already in progress (default), or exit at once with code 3 */
  wait: boolean;
  stageFile: StageFile;
  emit: (event: RunEvent) => void;
  progress?: Progress;
  /** after each commit (listgate run --export-dir writes the CRM's import files): what it adds to the committed event */
  afterCommit?: (crm: CrmConnection, batchId: string) => Promise<Record<string, unknown>>;
}

export interface AutoCommitDecision {
  action: 'commit' | 'needs_review' | 'policy_blocked';
  reason: string;
}

/**
 * The pipeline's auto_commit policy on a staged batch: rejects above max_reject_ratio block it
 * (exit 5); more merge candidates than max_merge_candidates leave it for a data steward (exit 4);
 * otherwise it may be committed (merge candidates within the allowance are skipped, not guessed).
 */
export function autoCommitDecision(staged: Pick<StagedFile, 'rowCount' | 'counts'>, policy: Pipeline['auto_commit'], autoCommit: boolean): AutoCommitDecision {
  const rejected = staged.counts.rejected ?? 0;
  const ratio = staged.rowCount ? rejected / staged.rowCount : 0;
  if (ratio > policy.max_reject_ratio) {
    return { action: 'policy_blocked', reason: `${rejected} of ${staged.rowCount} rows rejected (${pct(ratio)}), above max_reject_ratio ${pct(policy.max_reject_ratio)}` };
  }
  const candidates = staged.counts.merge_candidate ?? 0;
  if (candidates > policy.max_merge_candidates) {
    return { action: 'needs_review', reason: `${countOf(candidates, 'merge candidate')} for a data steward, above max_merge_candidates ${policy.max_merge_candidates}` };
  }
  if (!autoCommit) return { action: 'needs_review', reason: 'staged for review (run without --auto-commit)' };
  return { action: 'commit', reason: `within the auto_commit policy: ${formatCount(rejected)} rejected (${pct(ratio)}), ${countOf(candidates, 'merge candidate')}` };
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

const severity: Record<number, number> = { [ExitCode.ok]: 0, [ExitCode.needsReview]: 1, [ExitCode.policyBlocked]: 2, [ExitCode.failure]: 3 };

/**
 * A scheduled run (`listgate run`): under the 'run' lock, stages every file the patterns match
 * (files already staged or committed with the same content and pipeline are skipped), commits
 * each batch the auto_commit policy allows, and leaves the others staged with their report.
 * Returns the exit code: 0 all committed (or nothing to do), 4 a batch waits for review,
 * 5 a batch's rejects exceed the policy, 1 a file failed; the worst wins.
 */
export async function runPipeline(crm: CrmConnection, options: RunOptions): Promise<number> {
  const { pipeline, emit } = options;
  const now = () => new Date().toISOString();
  return crm.withLock('run', { wait: options.wait }, async () => {
    const files = expandFilePatterns(options.files);
    emit({ event: 'started', time: now(), pipeline: pipeline.name, files: files.length, database: crm.location, auto_commit: options.autoCommit });
    let exitCode: number = ExitCode.ok;
    const worse = (code: number) => { if (severity[code] > severity[exitCode]) exitCode = code; };
    for (const file of files) {
      try {
        const digest = await fileSha256(file);
        const earlier = await crm.db.selectFrom('import_batches').select(['id', 'status', 'report_dir'])
          .where('file_sha256', '=', digest).where('pipeline', '=', pipeline.name)
          .where('status', 'in', ['staged', 'committing', 'committed'])
          .orderBy('created_at', 'desc').executeTakeFirst();
        if (earlier) {
          const waiting = earlier.status === 'staged';
          emit({ event: 'skipped', time: now(), pipeline: pipeline.name, file, batch: earlier.id, report: earlier.report_dir ?? undefined,
            reason: waiting ? `same content already staged as batch ${earlier.id}, still waiting for review` : `same content already ${earlier.status} as batch ${earlier.id}` });
          if (waiting) worse(ExitCode.needsReview);
          continue;
        }
        const staged = await options.stageFile(crm, file, pipeline, options.progress);
        emit({ event: 'staged', time: now(), pipeline: pipeline.name, file, batch: staged.batchId, rows: staged.rowCount, counts: staged.counts, report: staged.reportDir });
        const decision = autoCommitDecision(staged, pipeline.auto_commit, options.autoCommit);
        if (decision.action !== 'commit') {
          emit({ event: 'left_for_review', time: now(), pipeline: pipeline.name, file, batch: staged.batchId, outcome: decision.action, reason: decision.reason, report: staged.reportDir });
          worse(decision.action === 'policy_blocked' ? ExitCode.policyBlocked : ExitCode.needsReview);
          continue;
        }
        const summary = await commitBatch(crm, staged.batchId, { undecided: 'skip', wait: true });
        const added = options.afterCommit ? await options.afterCommit(crm, staged.batchId) : {};
        emit({ event: 'committed', time: now(), pipeline: pipeline.name, file, batch: staged.batchId, reason: decision.reason,
          created: summary.created, updated: summary.updated, vendor_record_ids: summary.vendorRecordIds, seconds: summary.seconds, ...added });
      } catch (error) {
        emit({ event: 'error', time: now(), pipeline: pipeline.name, file, reason: (error as Error).message });
        worse(ExitCode.failure);
      }
    }
    emit({ event: 'finished', time: now(), pipeline: pipeline.name, files: files.length, exit_code: exitCode });
    return exitCode;
  });
}

/**
 * Paths and globs to files, sorted and without duplicates. A glob's wildcards (* ? [abc]) may
 * only be in the file name: /data/drop/zoominfo-*.csv. A path without wildcards must exist.
 */
export function expandFilePatterns(patterns: string[]): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const name = basename(pattern);
    if (!/[*?[]/.test(name)) {
      if (/[*?[]/.test(dirname(pattern))) throw new UserError(`--file ${pattern}: wildcards are only supported in the file name`);
      if (!existsSync(pattern) || !statSync(pattern).isFile()) throw new UserError(`--file ${pattern}: file not found`);
      found.add(resolve(pattern));
      continue;
    }
    const dir = dirname(pattern);
    if (/[*?[]/.test(dir)) throw new UserError(`--file ${pattern}: wildcards are only supported in the file name`);
    if (!existsSync(dir)) throw new UserError(`--file ${pattern}: folder ${dir} not found`);
    const matcher = globToRegExp(name);
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (matcher.test(entry) && !entry.startsWith('.') && statSync(path).isFile()) found.add(resolve(path));
    }
  }
  return [...found].sort();
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i];
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) { source += '\\['; continue; }
      source += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** A run's events for a person reading a terminal or a cron mail. */
export function formatRunEvent(event: RunEvent): string {
  const file = event.file ? basename(event.file) : '';
  switch (event.event) {
    case 'started': return `run ${event.pipeline}: ${countOf(event.files ?? 0, 'file')} on ${event.database}${event.auto_commit ? ', auto-commit' : ''}`;
    case 'skipped': return `  ${file}: skipped, ${event.reason}`;
    case 'staged': return `  ${file}: staged as batch ${event.batch}, ${countOf(event.rows ?? 0, 'row')} (${Object.entries(event.counts ?? {}).filter(([, n]) => n).map(([r, n]) => `${r} ${formatCount(n)}`).join(', ')}); report ${event.report}`;
    case 'committed': return `  ${file}: committed batch ${event.batch} (${event.reason})${event.export ? `; import files for ${event.crm} in ${event.export}` : ''}`;
    case 'left_for_review': return `  ${file}: batch ${event.batch} left staged, ${event.outcome === 'policy_blocked' ? 'blocked by policy' : 'needs review'}: ${event.reason}`;
    case 'error': return `  ${file || event.pipeline}: error: ${event.reason}`;
    case 'finished': return `run ${event.pipeline}: finished, exit code ${event.exit_code}`;
  }
}
