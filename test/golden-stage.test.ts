import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { runListgate, type CliRun } from './helpers/run-cli.js';

/**
 * The stage's decisions on a fixed-seed bench data set, row by row, against the ones the stage made
 * before issue 24's redesign (test/fixtures/golden-stage/README.md says where the files come from).
 * Only rows.csv's decision columns count, so the redesign may change how it gets there but not where
 * a row goes, to which records, with which score and reasons.
 * LISTGATE_GOLDEN_WRITE=1 rewrites expected-decisions.csv from this run: only for a change of
 * decisions that was meant and reviewed.
 */

const fixture = 'test/fixtures/golden-stage';
const expectedFile = join(fixture, 'expected-decisions.csv');
const decisionColumns = ['source_row', 'route', 'account_id', 'contact_id', 'lead_id', 'duplicate_of_row', 'score', 'reasons'] as const;
type Decision = Record<(typeof decisionColumns)[number], string>;

/**
 * Each world is one CRM snapshot, loaded into a database of its own, and its lists staged in turn.
 * The samples world reads samples/ in place: its lists are the only ones with merge candidates.
 */
interface World { world: string; crm: string; suppressions?: string; lists: { file: string; pipeline: string }[] }
const worlds: World[] = [
  { world: 'classic', crm: join(fixture, 'classic'), lists: ['tradeshow', 'purchased-list'].map((pipeline) => ({ file: join(fixture, 'classic', 'incoming.csv'), pipeline })) },
  { world: 'hard', crm: join(fixture, 'hard'), lists: [{ file: join(fixture, 'hard', 'incoming.csv'), pipeline: 'tradeshow' }] },
  {
    world: 'samples', crm: 'samples/crm', suppressions: 'samples/lists/suppressions.csv',
    lists: [['tradeshow-badge-scans.csv', 'tradeshow'], ['purchased-zoominfo-v1.csv', 'purchased-list'], ['webform-export.csv', 'webform']].map(([file, pipeline]) => ({ file: join('samples/lists', file), pipeline })),
  },
];
const runKey = (world: string, pipeline: string) => `${world}/${pipeline}`;

function listgate(t: TestDatabase, args: string[]): Promise<CliRun> {
  return runListgate([...(t.dbDir ? ['--db', t.dbDir] : []), ...args], { env: t.env });
}

function readCsv(path: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`${path}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  return parsed.data;
}

const decisionOf = (row: Record<string, string>): Decision => Object.fromEntries(decisionColumns.map((c) => [c, row[c] ?? ''])) as Decision;

/** One line per differing row and column, in source-row order; empty when the decisions are the same. */
function differences(run: string, expected: Decision[], got: Decision[]): string[] {
  const gotByRow = new Map(got.map((d) => [d.source_row, d]));
  const expectedRows = new Set(expected.map((d) => d.source_row));
  const lines: string[] = [];
  for (const want of expected) {
    const have = gotByRow.get(want.source_row);
    if (!have) { lines.push(`${run} row ${want.source_row}: missing from rows.csv (expected ${want.route})`); continue; }
    for (const column of decisionColumns) {
      // the score is compared as a number, so 53.5 and 53.50 are the same score
      const same = column === 'score' && want.score !== '' && have.score !== '' ? Number(want.score) === Number(have.score) : want[column] === have[column];
      if (!same) lines.push(`${run} row ${want.source_row} ${column}: expected ${JSON.stringify(want[column])}, got ${JSON.stringify(have[column])}`);
    }
  }
  for (const have of got) if (!expectedRows.has(have.source_row)) lines.push(`${run} row ${have.source_row}: not expected in rows.csv (got ${have.route})`);
  return lines;
}

const tmp = mkdtempSync(join(tmpdir(), 'listgate-golden-'));
const staged = new Map<string, Decision[]>();
const failures: string[] = [];

beforeAll(async () => {
  for (const { world, crm, suppressions, lists } of worlds) {
    const t = await createTestDatabase();
    await t.crm.close(); // the listgate children open the same database
    try {
      const load = await listgate(t, ['crm', 'load', '--accounts', join(crm, 'accounts.csv'), '--contacts', join(crm, 'contacts.csv'),
        '--leads', join(crm, 'leads.csv'), '--opportunities', join(crm, 'opportunities.csv'), '--quiet']);
      if (load.status !== 0) { failures.push(`${world}: crm load exited ${load.status}: ${load.stderr.trim()}`); continue; }
      if (suppressions) {
        const suppress = await listgate(t, ['suppress', 'import', suppressions]);
        if (suppress.status !== 0) { failures.push(`${world}: suppress import exited ${suppress.status}: ${suppress.stderr.trim()}`); continue; }
      }
      for (const { file, pipeline } of lists) {
        const reportDir = join(tmp, world, pipeline);
        const stage = await listgate(t, ['stage', file, '--pipeline', pipeline, '--report-dir', reportDir, '--quiet']);
        if (stage.status !== 0) { failures.push(`${runKey(world, pipeline)}: stage exited ${stage.status}: ${stage.stderr.trim()}`); continue; }
        staged.set(runKey(world, pipeline), readCsv(join(reportDir, 'rows.csv')).map(decisionOf));
      }
    } finally {
      await t.reopen();
      await t.cleanup();
    }
  }
  if (process.env.LISTGATE_GOLDEN_WRITE === '1' && !failures.length) {
    const lines = [...staged].flatMap(([run, decisions]) => decisions.map((d) => ({ run, ...d })));
    writeFileSync(expectedFile, `${Papa.unparse(lines, { columns: ['run', ...decisionColumns], newline: '\n' })}\n`);
  }
}, 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the stage decides as before the redesign of issue 24 (golden rows.csv, fixed-seed bench data)', () => {
  it('loads the CRM and stages every list', () => {
    expect(failures).toEqual([]);
  });

  for (const { world, lists } of worlds) {
    for (const { pipeline } of lists) {
      const run = runKey(world, pipeline);
      it(`${run}: every route, id, score and reason is the same as in expected-decisions.csv`, () => {
        const want = readCsv(expectedFile).filter((r) => r.run === run).map(decisionOf);
        expect(want.length, `${expectedFile} has no rows for ${run}`).toBeGreaterThan(0);
        const got = staged.get(run);
        expect(got, `${run} was not staged`).toBeDefined();
        const diff = differences(run, want, got!);
        // the first 40 differences name the row, the column and both values; the count says how many in all
        expect(diff.length === 0 ? [] : [`${diff.length} difference(s); the first ones:`, ...diff.slice(0, 40)]).toEqual([]);
      });
    }
  }
});
