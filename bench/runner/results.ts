import { writeFileSync } from 'node:fs';
import type { Machine } from './machine.js';
import type { RoutingAccuracy } from './accuracy.js';
import type { PairQuality } from './febrl.js';
import type { ProfileSummary } from './profile.js';

export interface StepResult {
  id: string;
  description: string;
  backend: 'postgres' | 'pglite' | null;
  command: string;
  status: 'ok' | 'failed' | 'skipped';
  /** why a step was skipped or failed */
  note?: string;
  rows?: number;
  seconds?: number;
  rowsPerSecond?: number;
  peakRssMb?: number | null;
  cpuSeconds?: number | null;
  accuracy?: RoutingAccuracy;
  febrl?: PairQuality;
  profile?: ProfileSummary;
  /** the total size of the files in the stage's report folder, in MiB */
  reportMb?: number;
  /** the plain-SQL pass set beside this step on the same server: its step id, wall seconds, and this step's wall over it */
  sql?: { stepId: string; seconds: number; ratio: number };
}

export interface TargetResult {
  id: string;
  description: string;
  figure: number | null;
  unit: string;
  limit: string;
  /** null: not measured in this run */
  met: boolean | null;
  note?: string;
  /** the plain-SQL pass over the same data on the same server, in the same run, and the figure's ratio to it */
  sqlSeconds?: number | null;
  ratio?: number | null;
  /** the most the ratio may be; null: shown for information */
  ratioLimit?: number | null;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  totalSeconds: number;
  mode: 'full' | 'quick';
  command: string;
  machine: Machine;
  /** what bin/listgate.js ran: dist/ (built) or the TypeScript sources through tsx (slower start: src/ newer than the build) */
  cli?: 'dist' | 'tsx';
  /** 1-minute load average when the run started and ended: other work on the machine slows every figure */
  loadAverage: { start: number; end: number };
  generator: { contacts: number; seconds: number; contactsPerSecond: number }[];
  targets: TargetResult[];
  steps: StepResult[];
}

const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const int = (x: number | null | undefined) => (x === null || x === undefined ? '' : Math.round(x).toLocaleString('en-US'));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '' : `${(x * 100).toFixed(2)}%`);

function ratioCell(t: TargetResult): string {
  if (t.ratio === undefined) return '';
  const limit = t.ratioLimit ? ` (limit <= ${t.ratioLimit}x)` : ' (informative)';
  return t.ratio === null ? `not measured${limit}` : `${fmt(t.ratio)}x${limit}`;
}

export function writeResults(results: BenchResults, jsonPath: string, markdownPath: string): void {
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(markdownPath, resultsMarkdown(results));
}

export function resultsMarkdown(r: BenchResults): string {
  const m = r.machine;
  const lines = [
    '# listgate benchmark results',
    '',
    `Measured ${r.finishedAt.slice(0, 16).replace('T', ' ')} UTC with \`${r.command}\` (${r.mode} run, ${fmt(r.totalSeconds / 60)} min in all). How to run and what each step does: [docs/benchmarks.md](../docs/benchmarks.md).`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB memory, ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres ?? 'not used'}; PGlite (embedded) for the pglite rows. Load average (1 min) ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end${r.loadAverage.start > m.cores ? ': the machine was busy with other work, so times are pessimistic' : ' (the end figure is the benchmark\'s own load)'}.`,
    '',
    '## Targets',
    '',
    'Each time target stands beside the plain SQL a user could write instead (COPY and exact-match joins, or COPY and index builds), run over the same data on the same server in the same run: the ratio is the figure over it.',
    '',
    '| target | figure | limit | plain-SQL pass | ratio | met |',
    '| --- | ---: | --- | ---: | --- | --- |',
    ...r.targets.map((t) => `| ${t.description} | ${t.figure === null ? 'not measured' : `${fmt(t.figure, t.unit === '%' || t.figure < 10 ? 2 : 1)} ${t.unit}`} | ${t.limit} | ${t.sqlSeconds === undefined ? '' : t.sqlSeconds === null ? 'not measured' : `${fmt(t.sqlSeconds, 2)} s`} | ${ratioCell(t)} | ${t.met === null ? '—' : t.met ? 'yes' : '**no**'}${t.note ? ` (${t.note})` : ''} |`),
    '',
    '## Steps',
    '',
    `Each step is a child process \`node FLAGS bin/listgate.js ...\` (FLAGS: those of the script\'s first line, as \`npx listgate\` runs it; the command column shows them${r.cli === 'tsx' ? '; **this run\'s CLI ran its TypeScript sources through tsx, as src/ was newer than dist/: run `npm run build` first**' : ''}); wall time includes start-up and the report; peak RSS is the child\'s (GNU time \`%M\`), not the database server\'s. A plain-SQL step is psql (PostgreSQL) or a Node child with PGlite, timed the same way; "x SQL" is the step\'s wall time over its plain-SQL pass\'s.`,
    '',
    '| step | database | rows | wall s | x SQL | rows/s | peak RSS MB | CPU s | routing accuracy | note |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...r.steps.map((s) => `| ${s.description} | ${s.backend ?? ''} | ${int(s.rows)} | ${fmt(s.seconds, s.seconds !== undefined && s.seconds < 10 ? 2 : 1)} | ${s.sql ? `${fmt(s.sql.ratio)}x` : ''} | ${int(s.rowsPerSecond)} | ${int(s.peakRssMb)} | ${fmt(s.cpuSeconds)} | ${s.accuracy ? pct(s.accuracy.accuracy) : s.febrl ? `F1 ${s.febrl.f1.toFixed(3)}` : ''} | ${s.status === 'ok' ? s.note ?? '' : `${s.status}: ${s.note ?? ''}`} |`),
    '',
  ];
  if (r.generator.length) {
    lines.push('## Data generator', '', '| CRM contacts | seconds | contacts/s |', '| ---: | ---: | ---: |',
      ...r.generator.map((g) => `| ${int(g.contacts)} | ${fmt(g.seconds)} | ${int(g.contactsPerSecond)} |`), '');
  }
  const main = [...r.steps].reverse().find((s) => s.accuracy && s.status === 'ok' && s.id.includes(':stage:'));
  if (main?.accuracy) {
    const a = main.accuracy;
    lines.push(`## Routing accuracy: ${main.description}`, '',
      `${int(a.correct)} of ${int(a.rows)} rows (${pct(a.accuracy)}) got the expected route and record ids${a.missing ? `; ${int(a.missing)} truth rows missing from rows.csv` : ''}.`, '',
      `Wrong attachments: ${int(a.wrongAttachments ?? 0)} (${pct((a.wrongAttachments ?? 0) / a.rows)}); merge candidates: ${int(a.mergeCandidates ?? 0)} (${pct((a.mergeCandidates ?? 0) / a.rows)}).`, '',
      '| generator case | rows | right | accuracy | wrong record | to steward | missed |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...Object.entries(a.byCase).sort().map(([c, v]) => `| ${c} | ${int(v.rows)} | ${int(v.correct)} | ${pct(v.correct / v.rows)} | ${int(v.wrong ?? 0)} | ${int(v.steward ?? 0)} | ${int(v.missed ?? 0)} |`), '',
      'Expected route (rows) -> routes the stage chose:', '',
      ...Object.entries(a.confusion).sort().map(([expected, got]) => `- ${expected}: ${Object.entries(got).sort((x, y) => y[1] - x[1]).map(([route, n]) => `${route} ${int(n)}`).join(', ')}`), '');
    if (a.examples.length) lines.push('First wrong rows:', '', ...a.examples.map((e) => `- ${e.replace(/\|/g, '\\|')}`), '');
  }
  const profiled = r.steps.filter((s) => s.profile);
  for (const s of profiled) {
    const p = s.profile!;
    lines.push(`## CPU profile: ${s.description}`, '', `${int(p.totalMs)} ms of samples in the listgate process (\`node --cpu-prof\`).`, '',
      '| by file | self ms | share |', '| --- | ---: | ---: |', ...p.files.map((f) => `| ${f.file} | ${int(f.selfMs)} | ${pct(f.share)} |`), '',
      '| by function | self ms | share |', '| --- | ---: | ---: |', ...p.functions.map((f) => `| ${f.name.replace(/\|/g, '\\|')} | ${int(f.selfMs)} | ${pct(f.share)} |`), '');
  }
  return `${lines.join('\n')}\n`;
}
