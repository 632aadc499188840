/**
 * npm run bench:accuracy -- --seed S [--hard] [--prospect] [--contacts N] [--rows N] [--json FILE] [--examples]
 *
 * The routing-accuracy loop at a modest size: makes a synthetic world (bench/make-data.ts) in a
 * temporary folder, loads its CRM into a fresh database (a new PostgreSQL database when
 * DATABASE_URL is set, else a PGlite directory), stages its incoming list and compares rows.csv
 * with truth.csv (--prospect: stages it as a purchased list, the prospect intent, whose routes the
 * truth is translated to). Prints, per kind of row, how many were routed right, attached to the wrong
 * record, sent to a steward, or missed (docs/benchmarks.md, "Routing accuracy by kind").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openCrmDatabase, type CrmConnection } from '../src/db/database.js';
import { loadCrmSnapshot } from '../src/crm/load-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { makeData } from './make-data.js';
import { routingAccuracy, type RoutingAccuracy } from './runner/accuracy.js';

const quiet = { start() {}, update() {}, stop() {} };

export interface AccuracyRun {
  seed: number; hard: boolean; contacts: number; rows: number; prospect: boolean;
  stageSeconds: number;
  accuracy: RoutingAccuracy;
}

/** The kind of a generator case: its first two parts (known_contact/name_slip/last -> known_contact/name_slip). */
export function kindOf(generatorCase: string): string {
  return generatorCase.split('/').slice(0, 2).join('/');
}

/** A purchased list's pipeline (prospect intent) for the generator's columns. */
const prospectPipeline = {
  description: 'bench: the synthetic list staged as a purchased list', intent: 'prospect', source_kind: 'purchased_list',
  lead_source: 'Purchased List', campaign: 'Bench', default_country: 'US', rating: { default: 'cold' },
};

export async function runAccuracy(options: { seed: number; hard: boolean; contacts: number; rows: number; prospect: boolean }): Promise<AccuracyRun> {
  const dir = mkdtempSync(join(tmpdir(), 'listgate-accuracy-'));
  const adminUrl = process.env.DATABASE_URL;
  const dbName = `lg_accuracy_${process.pid}_${options.seed}`;
  let crm: CrmConnection | undefined;
  try {
    await makeData({
      contacts: options.contacts, accounts: Math.round(options.contacts / 5), leads: Math.round(options.contacts * 0.3),
      rows: [options.rows], seed: options.seed, out: dir, crm: true, xlsx: false, hard: options.hard,
    });
    if (adminUrl) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      crm = await openCrmDatabase({ databaseUrl: url.toString() });
    } else {
      crm = await openCrmDatabase({ dbDir: join(dir, 'db'), databaseUrl: '' });
    }
    await loadCrmSnapshot(crm, {
      accounts: join(dir, 'accounts.csv'), contacts: join(dir, 'contacts.csv'), leads: join(dir, 'leads.csv'), opportunities: join(dir, 'opportunities.csv'),
    });
    const started = performance.now();
    let pipeline = 'pipelines/tradeshow.json';
    if (options.prospect) {
      pipeline = join(dir, 'purchased.json');
      writeFileSync(pipeline, JSON.stringify(prospectPipeline));
    }
    const staged = await stageFile(crm, { file: join(dir, 'incoming.csv'), pipeline, reportDir: join(dir, 'report'), progress: quiet });
    const stageSeconds = (performance.now() - started) / 1000;
    const accuracy = await routingAccuracy(staged.report.csv, join(dir, 'truth.csv'), options.prospect ? 'prospect' : 'interest');
    return { ...options, stageSeconds, accuracy };
  } finally {
    await crm?.close();
    if (adminUrl && !process.env.KEEP) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}${adminUrl ? ` and database ${dbName}` : ''}`);
  }
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** The per-kind table (Markdown): rows of each kind routed right, attached wrongly, sent to a steward, missed. */
export function kindTable(run: AccuracyRun): string {
  const kinds = new Map<string, { rows: number; correct: number; wrong: number; steward: number; missed: number }>();
  for (const [c, v] of Object.entries(run.accuracy.byCase)) {
    const k = kinds.get(kindOf(c)) ?? { rows: 0, correct: 0, wrong: 0, steward: 0, missed: 0 };
    k.rows += v.rows; k.correct += v.correct; k.wrong += v.wrong ?? 0; k.steward += v.steward ?? 0; k.missed += v.missed ?? 0;
    kinds.set(kindOf(c), k);
  }
  const a = run.accuracy;
  return [
    `seed ${run.seed}${run.hard ? ' (hard world)' : ''}${run.prospect ? ', as a purchased list' : ''}: ${a.rows} rows, ${pct(a.accuracy)} right, wrong attachments ${a.wrongAttachments} (${pct(a.wrongAttachments / a.rows)}), merge candidates ${a.mergeCandidates} (${pct(a.mergeCandidates / a.rows)}); stage ${run.stageSeconds.toFixed(1)} s`,
    '',
    '| kind of row | rows | right | wrong record | to steward | missed |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...[...kinds].sort().map(([k, v]) => `| ${k} | ${v.rows} | ${pct(v.correct / v.rows)} | ${v.wrong} | ${v.steward} | ${v.missed} |`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' }, hard: { type: 'boolean' }, contacts: { type: 'string' }, rows: { type: 'string' },
      prospect: { type: 'boolean' }, json: { type: 'string' }, examples: { type: 'boolean' },
    },
  });
  const run = await runAccuracy({
    seed: Number(values.seed ?? 1), hard: !!values.hard, contacts: Number(values.contacts ?? 100_000),
    rows: Number(values.rows ?? 20_000), prospect: !!values.prospect,
  });
  console.log(kindTable(run));
  if (values.examples) console.log(['', 'First wrong rows:', ...run.accuracy.examples.map((e) => `- ${e}`)].join('\n'));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(run, null, 2)}\n`);
}
