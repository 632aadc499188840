import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { makeData, type Manifest } from './make-data.js';
import { runMeasured } from './runner/measure.js';
import { describeMachine, type Machine } from './runner/machine.js';
import { routingAccuracy } from './runner/accuracy.js';
import { febrlQuality } from './runner/febrl.js';
import { summarizeProfile } from './runner/profile.js';
import { cancelQueries, freshDatabase, latestBatch, type Backend, type BenchDatabase } from './runner/databases.js';
import { writeResults, type BenchResults, type StepResult, type TargetResult } from './runner/results.js';
import { loadPlan, runSqlPass, stagePlan, type SqlPlan } from './runner/sql-pass.js';

/**
 * npm run bench [-- --quick] [--only kind,...] [--backend postgres|pglite|both] [--profile kind] [--keep]
 *
 * Generates the synthetic data (cached in bench/data/), then runs every step as a child process
 * `node bin/listgate.js ...`, measuring wall time, rows/s and peak RSS, and the routing accuracy
 * of each stage against the generator's truth. Each crm load and stage has a plain-SQL pass beside
 * it on the same server (bench/runner/sql-pass.ts), and the targets are also ratios to it.
 * Writes bench/results.json and bench/RESULTS.md (a --quick run writes bench/tmp/results-quick.*).
 * Prerequisites: docs/benchmarks.md.
 *
 * kinds: load, stage, xlsx, serial, commit, undo, big (the 1,000,000-row stage), dedupe,
 * small (PGlite start to finish: a 2,000-row list against 10,000 contacts), help (`listgate --help`)
 */

const kinds = ['load', 'stage', 'xlsx', 'serial', 'commit', 'undo', 'big', 'dedupe', 'small', 'help'] as const;
type Kind = (typeof kinds)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    backend: { type: 'string' },
    profile: { type: 'string' },
    keep: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    'step-timeout': { type: 'string', default: '1800' },
  },
});

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const quick = args.quick!;
const seed = Number(args.seed);
const tmpDir = join(root, 'bench', 'tmp');
const logDir = join(tmpDir, 'logs');
mkdirSync(logDir, { recursive: true });
const adminUrl = process.env.DATABASE_URL || undefined;
const stepTimeout = Number(args['step-timeout']);

const only = new Set<Kind>((args.only?.split(',').map((k) => k.trim()).filter(Boolean) ?? kinds.filter((k) => !quick || (k !== 'xlsx' && k !== 'serial'))) as Kind[]);
for (const kind of only) if (!kinds.includes(kind)) fail(`--only: unknown step kind "${kind}"; use ${kinds.join(', ')}`);
const profileKinds = new Set((args.profile?.split(',') ?? []) as Kind[]);

interface CrmSize { name: string; contacts: number; accounts: number; leads: number }
const sizes = quick
  ? { small: { name: 'q1k', contacts: 1_000, accounts: 200, leads: 300 }, big: { name: 'q10k', contacts: 10_000, accounts: 2_000, leads: 3_000 }, rowsSmall: 500, rowsMid: 2_000, rowsBig: 5_000,
    desk: { crm: { name: 'q1k', contacts: 1_000, accounts: 200, leads: 300 }, rows: 500 } }
  : { small: { name: 'c100k', contacts: 100_000, accounts: 20_000, leads: 30_000 }, big: { name: 'c1m', contacts: 1_000_000, accounts: 200_000, leads: 300_000 }, rowsSmall: 10_000, rowsMid: 100_000, rowsBig: 1_000_000,
    // issue 24's PGlite target: a list and a CRM of the size one person stages at their desk
    desk: { crm: { name: 'c10k', contacts: 10_000, accounts: 2_000, leads: 3_000 }, rows: 2_000 } };

const backends: Backend[] = (() => {
  const wanted = args.backend ?? (quick ? (adminUrl ? 'postgres' : 'pglite') : 'both');
  if (!['postgres', 'pglite', 'both'].includes(wanted)) fail('--backend must be postgres, pglite or both');
  return wanted === 'both' ? ['postgres', 'pglite'] : [wanted as Backend];
})();

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const started = new Date();
const loadAtStart = loadavg()[0];
const steps: StepResult[] = [];
const generator: BenchResults['generator'] = [];

/** The CLI's commands, from its help: a step whose command is missing is skipped, not failed. */
const cliHelp = (() => {
  try {
    return execFileSync(process.execPath, ['bin/listgate.js', '--help'], { encoding: 'utf8' });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '');
  }
})();
const hasCommand = (command: string) => new RegExp(`listgate ${command}\\b`).test(cliHelp);

/** What bin/listgate.js runs (its own test): dist/ when built after every change to src/, else the sources through tsx, which start slower. */
const cliRuns: 'dist' | 'tsx' = (() => {
  const newest = (dir: string): number => Math.max(0, ...readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  return existsSync('dist/.built') && statSync('dist/.built').mtimeMs >= newest('src') ? 'dist' : 'tsx';
})();

function record(step: StepResult): StepResult {
  steps.push(step);
  saveResults();
  const figures = step.status === 'ok'
    ? [step.seconds !== undefined && `${step.seconds.toFixed(step.seconds < 10 ? 2 : 1)} s`, step.sql && `${step.sql.ratio.toFixed(1)}x the plain SQL`, step.rowsPerSecond && `${Math.round(step.rowsPerSecond).toLocaleString('en-US')} rows/s`,
      step.peakRssMb && `peak RSS ${step.peakRssMb} MB`, step.accuracy && `accuracy ${(step.accuracy.accuracy * 100).toFixed(2)}%`,
      step.febrl && `F1 ${step.febrl.f1.toFixed(3)}`, step.note].filter(Boolean).join(', ')
    : `${step.status}: ${step.note}`;
  console.log(`  ${step.description}${step.backend ? ` [${step.backend}]` : ''}: ${figures}`);
  return step;
}

function skip(id: string, description: string, backend: Backend | null, note: string): StepResult {
  return record({ id, description, backend, command: '', status: 'skipped', note });
}

// ---------------------------------------------------------------- data

function sameManifest(dir: string, crm: CrmSize, rows: number | null): boolean {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return false;
  const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  const sameCrm = m.seed === seed && m.contacts === crm.contacts && m.accounts === crm.accounts && m.leads === crm.leads;
  return sameCrm && (rows === null ? m.crmFiles !== null : m.lists.length === 1 && m.lists[0].rows === rows && existsSync(m.lists[0].csv));
}

async function ensureCrmData(crm: CrmSize): Promise<string> {
  const dir = join(root, 'bench', 'data', crm.name);
  if (!sameManifest(dir, crm, null)) {
    console.log(`  generating the ${crm.contacts.toLocaleString('en-US')}-contact CRM snapshot in ${dir}...`);
    const m = await makeData({ ...crm, rows: [], seed, out: dir, crm: true, xlsx: false });
    generator.push({ contacts: crm.contacts, seconds: m.crmSeconds!, contactsPerSecond: Math.round(crm.contacts / m.crmSeconds!) });
  } else {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    generator.push({ contacts: crm.contacts, seconds: m.crmSeconds!, contactsPerSecond: Math.round(crm.contacts / m.crmSeconds!) });
  }
  return dir;
}

async function ensureList(crm: CrmSize, rows: number, xlsx: boolean): Promise<{ csv: string; xlsx: string | null; truth: string }> {
  const dir = join(root, 'bench', 'data', crm.name, `list-${rows}`);
  if (!sameManifest(dir, crm, rows) || (xlsx && !existsSync(join(dir, 'incoming.xlsx')))) {
    console.log(`  generating a ${rows.toLocaleString('en-US')}-row list against ${crm.name}...`);
    await makeData({ ...crm, rows: [rows], seed, out: dir, crm: false, xlsx });
  }
  return { csv: join(dir, 'incoming.csv'), xlsx: existsSync(join(dir, 'incoming.xlsx')) ? join(dir, 'incoming.xlsx') : null, truth: join(dir, 'truth.csv') };
}

// ---------------------------------------------------------------- steps

function nodeArgs(id: string, kind: Kind): string[] {
  if (!profileKinds.has(kind)) return [];
  const dir = join(tmpDir, 'profiles', id.replace(/[^a-z0-9-]/gi, '_'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** The Node flags bin/listgate.js's shebang gives `npx listgate`: the bench runs the CLI as users do. */
const cliNodeFlags = readFileSync('bin/listgate.js', 'utf8').split('\n')[0].replace(/^#!.*?\bnode\b/, '').trim().split(/\s+/).filter(Boolean);

async function listgate(id: string, kind: Kind, db: BenchDatabase | null, cliArgs: string[], env?: NodeJS.ProcessEnv) {
  const extra = nodeArgs(id, kind);
  const argv = [...extra, ...cliNodeFlags, 'bin/listgate.js', ...cliArgs];
  const measured = await runMeasured(process.execPath, argv, { env: env ?? db?.env ?? process.env, logFile: join(logDir, `${id.replace(/[^a-z0-9-]/gi, '_')}.log`), timeoutSeconds: stepTimeout });
  if (measured.timedOut) {
    measured.tail = `timed out: stopped after ${stepTimeout} s (--step-timeout)`;
    if (db) await cancelQueries(db);
  }
  const profile = extra.length ? summarizeProfile(extra[1].split('=')[1]) : undefined;
  return { measured, command: `node ${argv.join(' ')}`, profile };
}

function failure(tail: string): string {
  const lines = tail.trim().split('\n').filter((line) => line.trim() && !/^\s*at |^Node\.js v/.test(line));
  return lines.slice(-3).join(' / ').slice(0, 400);
}

async function loadStep(db: BenchDatabase, crm: CrmSize, dataDir: string, suffix = ''): Promise<StepResult> {
  const id = `${db.backend}:load:${crm.name}${suffix ? `:${suffix}` : ''}`;
  const description = `crm load ${crm.contacts.toLocaleString('en-US')} contacts, ${crm.accounts.toLocaleString('en-US')} accounts, ${crm.leads.toLocaleString('en-US')} leads${suffix ? ` (for the ${suffix} stage)` : ''}`;
  if (!hasCommand('crm')) return skip(id, description, db.backend, 'not available yet: listgate crm load missing');
  const { measured, command, profile } = await listgate(id, 'load', db, ['crm', 'load', '--accounts', join(dataDir, 'accounts.csv'), '--contacts', join(dataDir, 'contacts.csv'),
    '--leads', join(dataDir, 'leads.csv'), '--opportunities', join(dataDir, 'opportunities.csv'), '--quiet']);
  const records = crm.contacts + crm.accounts + crm.leads;
  return record({
    id, description, backend: db.backend, command, status: measured.exitCode === 0 ? 'ok' : 'failed',
    note: measured.exitCode === 0 ? `${Math.round(crm.contacts / measured.seconds).toLocaleString('en-US')} contacts/s` : failure(measured.tail),
    rows: records, seconds: measured.seconds, rowsPerSecond: records / measured.seconds, peakRssMb: measured.peakRssMb, cpuSeconds: measured.cpuSeconds, profile,
  });
}

interface Staged { step: StepResult; batchId?: string; reportDir?: string }

async function stageStep(db: BenchDatabase, kind: Kind, crm: CrmSize, file: string, truth: string, rows: number, options: { label?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Staged> {
  const id = `${db.backend}:${kind === 'stage' ? 'stage' : kind}:${rows}:${crm.name}`;
  const description = `stage ${rows.toLocaleString('en-US')} rows${options.label ? ` ${options.label}` : ''} vs ${crm.contacts.toLocaleString('en-US')} contacts`;
  if (!hasCommand('stage')) return { step: skip(id, description, db.backend, 'not available yet: listgate stage missing') };
  const reportDir = join(tmpDir, 'reports', id.replace(/[^a-z0-9-]/gi, '_'));
  rmSync(reportDir, { recursive: true, force: true });
  const { measured, command, profile } = await listgate(id, kind, db, ['stage', file, '--pipeline', 'tradeshow', '--report-dir', reportDir, '--quiet'], options.env);
  const step: StepResult = {
    id, description, backend: db.backend, command, status: measured.exitCode === 0 ? 'ok' : 'failed',
    rows, seconds: measured.seconds, rowsPerSecond: rows / measured.seconds, peakRssMb: measured.peakRssMb, cpuSeconds: measured.cpuSeconds, profile,
  };
  if (measured.exitCode !== 0) {
    step.note = failure(measured.tail);
    return { step: record(step) };
  }
  const batch = await latestBatch(db);
  step.reportMb = Math.round(folderBytes(reportDir) / 1024 / 1024 * 10) / 10;
  const rowsCsv = join(reportDir, 'rows.csv');
  if (existsSync(rowsCsv)) step.accuracy = await routingAccuracy(rowsCsv, truth);
  step.note = [`report files ${step.reportMb} MB`, !existsSync(rowsCsv) && `no rows.csv in ${reportDir} (batch ${batch?.id ?? '?'})`].filter(Boolean).join('; ');
  return { step: record(step), batchId: batch?.id, reportDir };
}

function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

/**
 * The plain-SQL pass beside a listgate step, on the same server: the stage's on the database the
 * stage ran on; crm load's on a fresh database of its own. Records it as a step and sets the
 * listgate step's ratio to it.
 */
async function sqlPassStep(db: BenchDatabase, beside: StepResult, plan: SqlPlan, kind: 'stage' | 'load'): Promise<StepResult | undefined> {
  if (beside.status !== 'ok') return undefined;
  const id = beside.id.replace(/^([^:]+):([^:]+):/, '$1:sql-$2:');
  const description = `plain SQL beside "${beside.description}"`;
  let own: BenchDatabase | undefined;
  try {
    own = kind === 'load' ? await freshDatabase(db.backend, `sql-${db.name}`, adminUrl, tmpDir) : db;
    const safe = id.replace(/[^a-z0-9-]/gi, '_');
    const run = await runSqlPass(db.backend, plan, { url: own.url, pgliteDir: own.env.LISTGATE_DB }, {
      script: join(tmpDir, `${safe}.${db.backend === 'postgres' ? 'sql' : 'json'}`), logFile: join(logDir, `${safe}.log`), timeoutSeconds: stepTimeout,
    });
    const ok = run.measured.exitCode === 0 && run.counts !== null;
    const step = record({
      id, description, backend: db.backend, command: run.command, status: ok ? 'ok' : 'failed',
      note: ok ? Object.entries(run.counts!).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v.toLocaleString('en-US')}`).join(', ') : failure(run.measured.tail),
      rows: beside.rows, seconds: run.measured.seconds, rowsPerSecond: beside.rows ? beside.rows / run.measured.seconds : undefined,
      peakRssMb: run.measured.peakRssMb, cpuSeconds: run.measured.cpuSeconds,
    });
    if (ok) {
      beside.sql = { stepId: id, seconds: run.measured.seconds, ratio: beside.seconds! / run.measured.seconds };
      saveResults();
    }
    return step;
  } catch (error) {
    return record({ id, description, backend: db.backend, command: '', status: 'failed', note: (error as Error).message });
  } finally {
    if (kind === 'load' && own && !args.keep) await own.drop();
  }
}

/** `listgate --help` five times from the shell, with a database folder that must not appear: it opens none. */
async function helpStep(): Promise<StepResult> {
  const id = 'help';
  const description = '`listgate --help`, median of 5 runs';
  const dbDir = join(tmpDir, 'help-db-must-not-exist');
  rmSync(dbDir, { recursive: true, force: true });
  const env = { ...process.env, DATABASE_URL: '', LISTGATE_DB: dbDir };
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await listgate(`${id}-${i + 1}`, 'help', null, ['--help'], env));
  const failed = runs.find((r) => r.measured.exitCode !== 0);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const seconds = runs.map((r) => r.measured.seconds);
  const cpu = runs.map((r) => r.measured.cpuSeconds).filter((x): x is number => x !== null);
  return record({
    id, description, backend: null, command: runs[0].command, status: failed ? 'failed' : 'ok',
    note: failed ? failure(failed.measured.tail) : `runs ${seconds.map((x) => x.toFixed(2)).join(', ')} s; ${existsSync(dbDir) ? 'it CREATED a database folder' : 'opened no database'}${cliRuns === 'tsx' ? '; ran the sources through tsx (build first)' : ''}`,
    seconds: median(seconds), peakRssMb: Math.max(...runs.map((r) => r.measured.peakRssMb ?? 0)) || null, cpuSeconds: cpu.length ? median(cpu) : null,
  });
}

/** Issue 24's PGlite target: a fresh PGlite folder, the CRM loaded, then the list staged from the shell, start-up included. */
async function deskSuite(): Promise<void> {
  const { crm, rows } = sizes.desk;
  console.log('\nPGlite at a desk:');
  const dataDir = await ensureCrmData(crm);
  const list = await ensureList(crm, rows, false);
  const db = await freshDatabase('pglite', `desk-${crm.name}`, adminUrl, tmpDir);
  const load = await loadStep(db, crm, dataDir, 'desk');
  if (load.status === 'ok') {
    const staged = await stageStep(db, 'small', crm, list.csv, list.truth, rows, { label: 'at a desk (PGlite, start-up included)' });
    await sqlPassStep(db, staged.step, stagePlan(list.csv), 'stage');
    if (staged.reportDir) reportDirs.push(staged.reportDir);
  }
  if (!args.keep) await db.drop();
}

async function batchStep(db: BenchDatabase, kind: 'commit' | 'undo', batchId: string | undefined, rows: number): Promise<StepResult> {
  const id = `${db.backend}:${kind}:${rows}`;
  const description = `${kind} the ${rows.toLocaleString('en-US')}-row batch`;
  if (!hasCommand(kind)) return skip(id, description, db.backend, `not available yet: listgate ${kind} missing`);
  if (!batchId) return skip(id, description, db.backend, 'no staged batch (its stage step did not run or failed)');
  const cliArgs = kind === 'commit' ? ['commit', batchId, '--undecided', 'skip', '--quiet'] : ['undo', batchId];
  const { measured, command, profile } = await listgate(id, kind, db, cliArgs);
  return record({
    id, description, backend: db.backend, command, status: measured.exitCode === 0 ? 'ok' : 'failed',
    note: measured.exitCode === 0 ? lastLine(measured.stdout) : failure(measured.tail),
    rows, seconds: measured.seconds, rowsPerSecond: rows / measured.seconds, peakRssMb: measured.peakRssMb, cpuSeconds: measured.cpuSeconds, profile,
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.slice(0, 200) ?? '';
}

async function dedupeSteps(): Promise<void> {
  const shared = join(root, '..', 'shared', 'data', 'febrl');
  const dir = existsSync(join(shared, 'dataset1.csv')) ? shared : join(root, 'test', 'fixtures', 'febrl');
  for (const n of [1, 2, 3]) {
    const id = `dedupe:febrl${n}`;
    const file = join(dir, `dataset${n}.csv`);
    const description = `dedupe FEBRL dataset${n}`;
    if (!hasCommand('dedupe')) { skip(id, description, null, 'not available yet: listgate dedupe missing'); continue; }
    if (!existsSync(file)) { skip(id, description, null, `${file} not found`); continue; }
    const pairs = join(tmpDir, `febrl${n}-pairs.csv`);
    const { measured, command, profile } = await listgate(id, 'dedupe', null, ['dedupe', file, '--matcher', 'febrl', '--out', pairs]);
    const rows = readFileSync(file, 'utf8').trim().split('\n').length - 1;
    const ok = measured.exitCode === 0 && existsSync(pairs);
    const febrl = ok ? febrlQuality(file, pairs) : undefined;
    record({
      id, description, backend: null, command, status: ok ? 'ok' : 'failed',
      note: febrl ? `precision ${febrl.precision.toFixed(3)}, recall ${febrl.recall.toFixed(3)} (${febrl.truePositives}/${febrl.truePairs} true pairs)` : failure(measured.tail),
      rows, seconds: measured.seconds, rowsPerSecond: rows / measured.seconds, peakRssMb: measured.peakRssMb, cpuSeconds: measured.cpuSeconds, febrl, profile,
    });
  }
}

// ---------------------------------------------------------------- plan

const wants = (kind: Kind) => only.has(kind);
const needsSmall = (backend: Backend) => wants('load') || wants('stage') || (backend === 'pglite' && (wants('xlsx') || wants('commit') || wants('undo')));
const needsBig = () => wants('load') || wants('stage') || wants('serial') || wants('commit') || wants('undo') || wants('big');
const reportDirs: string[] = [];

async function backendSuite(backend: Backend): Promise<void> {
  if (backend === 'postgres' && !adminUrl) {
    skip('postgres', 'PostgreSQL steps', 'postgres', 'DATABASE_URL not set (source scripts/pg-server.sh starts a throwaway server)');
    return;
  }
  // PGlite (embedded, one process) runs the small CRM only unless it is the only backend of a quick run
  const pgliteOnlySmall = backend === 'pglite' && !(quick && backends.length === 1);
  console.log(`\n${backend}:`);

  if (needsSmall(backend)) {
    const dataDir = await ensureCrmData(sizes.small);
    const listSmall = await ensureList(sizes.small, sizes.rowsSmall, true);
    const db = await freshDatabase(backend, sizes.small.name, adminUrl, tmpDir);
    const load = await loadStep(db, sizes.small, dataDir);
    if (wants('load')) await sqlPassStep(db, load, loadPlan(dataDir), 'load');
    if (load.status === 'ok') {
      const small = wants('stage') || wants('commit') || wants('undo') ? await stageStep(db, 'stage', sizes.small, listSmall.csv, listSmall.truth, sizes.rowsSmall) : undefined;
      if (small && wants('stage')) await sqlPassStep(db, small.step, stagePlan(listSmall.csv), 'stage');
      if (small?.reportDir) reportDirs.push(small.reportDir);
      if (wants('xlsx') && listSmall.xlsx) {
        const x = await stageStep(db, 'xlsx', sizes.small, listSmall.xlsx, listSmall.truth, sizes.rowsSmall, { label: '(XLSX)' });
        if (x.reportDir) reportDirs.push(x.reportDir);
      }
      if (!pgliteOnlySmall && wants('stage')) {
        const listMid = await ensureList(sizes.small, sizes.rowsMid, false);
        const mid = await stageStep(db, 'stage', sizes.small, listMid.csv, listMid.truth, sizes.rowsMid);
        await sqlPassStep(db, mid.step, stagePlan(listMid.csv), 'stage');
        if (mid.reportDir) reportDirs.push(mid.reportDir);
      }
      if (pgliteOnlySmall && (wants('commit') || wants('undo'))) {
        const commit = await batchStep(db, 'commit', small?.batchId, sizes.rowsSmall);
        if (wants('undo') && commit.status === 'ok') await batchStep(db, 'undo', small?.batchId, sizes.rowsSmall);
      }
    }
    if (!args.keep) await db.drop();
  }
  if (pgliteOnlySmall || !needsBig()) return;

  const dataDir = await ensureCrmData(sizes.big);
  const db = await freshDatabase(backend, sizes.big.name, adminUrl, tmpDir);
  const load = await loadStep(db, sizes.big, dataDir);
  if (wants('load')) await sqlPassStep(db, load, loadPlan(dataDir), 'load');
  if (load.status === 'ok') {
    if (wants('stage')) {
      const listSmall = await ensureList(sizes.big, sizes.rowsSmall, false);
      const s = await stageStep(db, 'stage', sizes.big, listSmall.csv, listSmall.truth, sizes.rowsSmall);
      await sqlPassStep(db, s.step, stagePlan(listSmall.csv), 'stage');
      if (s.reportDir) reportDirs.push(s.reportDir);
    }
    const listMid = await ensureList(sizes.big, sizes.rowsMid, false);
    const main = wants('stage') || wants('commit') || wants('undo') || wants('serial') ? await stageStep(db, 'stage', sizes.big, listMid.csv, listMid.truth, sizes.rowsMid) : undefined;
    if (main && wants('stage')) await sqlPassStep(db, main.step, stagePlan(listMid.csv), 'stage');
    if (main?.reportDir) reportDirs.push(main.reportDir);
    if (wants('serial')) {
      const one = await stageStep(db, 'serial', sizes.big, listMid.csv, listMid.truth, sizes.rowsMid, { label: 'serial (LISTGATE_SERIAL=1: Node and the database take turns)', env: { ...db.env, LISTGATE_SERIAL: '1' } });
      if (one.reportDir) reportDirs.push(one.reportDir);
    }
    if (wants('commit') || wants('undo')) {
      const commit = await batchStep(db, 'commit', main?.batchId, sizes.rowsMid);
      if (wants('undo') && commit.status === 'ok') await batchStep(db, 'undo', main?.batchId, sizes.rowsMid);
    }
    if (wants('big')) {
      const listBig = await ensureList(sizes.big, sizes.rowsBig, false);
      const big = await stageStep(db, 'big', sizes.big, listBig.csv, listBig.truth, sizes.rowsBig);
      if (big.reportDir) reportDirs.push(big.reportDir);
    }
  }
  if (!args.keep) await db.drop();
}

// ---------------------------------------------------------------- targets

function find(id: string): StepResult | undefined {
  return steps.find((s) => s.id === id && s.status === 'ok');
}

function targets(): TargetResult[] {
  const backend = backends.includes('postgres') && adminUrl ? 'postgres' : 'pglite';
  const { small, big, rowsMid, rowsBig, desk } = sizes;
  const loadBig = find(`${backend}:load:${big.name}`);
  const stageMid = find(`${backend}:stage:${rowsMid}:${big.name}`);
  const stageMidSmall = find(`${backend}:stage:${rowsMid}:${small.name}`);
  const deskStage = find(`pglite:small:${desk.rows}:${desk.crm.name}`);
  const one = find(`${backend}:serial:${rowsMid}:${big.name}`);
  const list: TargetResult[] = [];
  /** ratio: the step whose plain-SQL pass the figure is set beside, and the most it may take over it (null: informative) */
  const add = (id: string, description: string, figure: number | null | undefined, unit: string, limit: string, met: (x: number) => boolean,
    ratio?: { of: StepResult | undefined; limit: number | null }) => {
    const measured = figure === null || figure === undefined ? null : figure;
    const target: TargetResult = { id, description, figure: measured, unit, limit, met: null };
    if (ratio) Object.assign(target, { sqlSeconds: ratio.of?.sql?.seconds ?? null, ratio: ratio.of?.sql?.ratio ?? null, ratioLimit: ratio.limit });
    const ratioMet = !ratio || ratio.limit === null ? true : target.ratio === null ? null : target.ratio! <= ratio.limit;
    if (quick) target.note = measured === null ? undefined : id === 'help' ? 'quick run: not judged' : 'quick run: smaller sizes than the target\'s';
    else if (measured !== null && ratioMet === null) target.note = 'its plain-SQL pass was not measured';
    else if (measured !== null) target.met = met(measured) && ratioMet!;
    list.push(target);
  };
  const k = (n: number) => n.toLocaleString('en-US');
  add('stage-time', `stage ${k(rowsMid)} rows vs ${k(big.contacts)} contacts, report included (${backend})`, stageMid?.seconds, 's', '<= 15 s and <= 7x SQL', (x) => x <= 15, { of: stageMid, limit: 7 });
  add('crm-load', `crm load ${k(big.contacts)} contacts, ${k(big.accounts)} accounts, ${k(big.leads)} leads (${backend})`, loadBig?.seconds, 's', '<= 30 s and <= 5x SQL', (x) => x <= 30, { of: loadBig, limit: 5 });
  add('stage-growth', `stage time growth when the CRM grows 10x (${k(small.contacts)} -> ${k(big.contacts)} contacts, ${k(rowsMid)} rows)`,
    stageMid && stageMidSmall ? stageMid.seconds! / stageMidSmall.seconds! : null, 'x', '<= 1.2x', (x) => x <= 1.2);
  add('stage-memory', `stage ${k(rowsBig)} rows: peak RSS of the listgate process`, find(`${backend}:big:${rowsBig}:${big.name}`)?.peakRssMb, 'MB', '<= 1024 MB', (x) => x <= 1024);
  add('report-size', `report files of the ${k(rowsMid)}-row stage, in all`, stageMid?.reportMb, 'MB', '<= 100 MB', (x) => x <= 100);
  add('desk', `PGlite: stage ${k(desk.rows)} rows vs ${k(desk.crm.contacts)} contacts, wall from the shell, start-up included`, deskStage?.seconds, 's', '<= 3 s', (x) => x <= 3, { of: deskStage, limit: null });
  add('help', '`listgate --help` (median of 5 runs)', find('help')?.seconds, 's', '<= 0.5 s', (x) => x <= 0.5);
  add('commit-time', `commit the ${k(rowsMid)}-row batch (${backend})`, find(`${backend}:commit:${rowsMid}`)?.seconds, 's', '<= 20 s', (x) => x <= 20);
  add('accuracy', `routing accuracy on the synthetic truth (${k(rowsMid)} rows vs ${k(big.contacts)} contacts)`, stageMid?.accuracy ? stageMid.accuracy.accuracy * 100 : null, '%', '>= 99%', (x) => x >= 99);
  const gen = generator.find((g) => g.contacts === big.contacts);
  add('generator', `bench:data writes ${k(big.contacts)} contacts`, gen?.seconds, 's', '< 120 s', (x) => x < 120);
  if (one && stageMid) add('parallel', `stage speed-up of Node and PostgreSQL working at once over taking turns (LISTGATE_SERIAL=1: ${one.seconds!.toFixed(1)} s)`, one.seconds! / stageMid.seconds!, 'x', '> 1x (informative)', (x) => x > 1);
  return list;
}

// ---------------------------------------------------------------- main

const [jsonPath, mdPath] = quick ? [join(tmpDir, 'results-quick.json'), join(tmpDir, 'RESULTS-quick.md')] : [join(root, 'bench', 'results.json'), join(root, 'bench', 'RESULTS.md')];
let machine: Machine | undefined;

/** Writes the results so far (after every step, so an interrupted run still leaves its figures). */
function saveResults(): BenchResults {
  const now = new Date();
  const results: BenchResults = {
    startedAt: started.toISOString(), finishedAt: now.toISOString(), totalSeconds: (now.getTime() - started.getTime()) / 1000,
    mode: quick ? 'quick' : 'full', command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: machine!, cli: cliRuns, loadAverage: { start: loadAtStart, end: loadavg()[0] }, generator, targets: targets(), steps,
  };
  writeResults(results, jsonPath, mdPath);
  return results;
}

console.log(`listgate bench (${quick ? 'quick' : 'full'}): ${backends.join(' + ')}; steps ${[...only].join(', ')}`);
machine = await describeMachine(adminUrl);
console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${machine.postgres ?? '-'}`);
if (cliRuns === 'tsx') console.log('warning: src/ is newer than dist/, so bin/listgate.js runs the sources through tsx and starts slower: run `npm run build` first');
if (wants('help')) {
  console.log('\nstart-up:');
  await helpStep();
}
if (wants('dedupe')) {
  console.log('\nFEBRL:');
  await dedupeSteps();
}
if (wants('small')) await deskSuite();
for (const backend of backends) await backendSuite(backend);
if (!args.keep) for (const dir of new Set(reportDirs)) rmSync(dir, { recursive: true, force: true });

const results = saveResults();
console.log('\ntargets:');
for (const t of results.targets) {
  const sql = t.ratio === undefined ? '' : t.ratio === null ? ', plain SQL not measured' : `, ${t.ratio.toFixed(1)}x the plain SQL's ${t.sqlSeconds!.toFixed(2)} s`;
  console.log(`  ${t.met === null ? '-' : t.met ? 'MET ' : 'NOT MET'} ${t.description}: ${t.figure === null ? 'not measured' : `${t.figure.toFixed(t.unit === '%' || t.figure < 10 ? 2 : 1)} ${t.unit}${sql}`} (limit ${t.limit})${t.note ? ` [${t.note}]` : ''}`);
}
console.log(`\n${results.totalSeconds.toFixed(0)} s in all; results in ${jsonPath} and ${mdPath}`);
if (steps.some((s) => s.status === 'failed')) process.exitCode = 1;
