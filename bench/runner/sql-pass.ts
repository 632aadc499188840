import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import Papa from 'papaparse';
import { runMeasured, type Measured } from './measure.js';
import type { Backend } from './databases.js';

/**
 * The plain SQL a user could write instead of listgate, run on the same server as the step it is
 * set beside: issue 24 states each of its targets as a ratio to it. A plan is COPYs of CSV files
 * into all-text tables and SQL statements; its last statement returns one JSON object of counts,
 * which shows the joins did their work. PostgreSQL runs it with psql (\copy reads the file on the
 * client, as the stage does); PGlite with a Node child (bench/sql-pass-pglite.ts), its start-up
 * included as listgate's is.
 */

export type SqlStep = { copy: { table: string; file: string } } | { sql: string };
export interface SqlPlan { description: string; steps: SqlStep[] }

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function csvHeader(file: string): string[] {
  const firstLine = readFileSync(file, 'utf8').slice(0, 64 * 1024).split(/\r?\n/)[0].replace(/^\uFEFF/, '');
  const header = Papa.parse<string[]>(firstLine).data[0];
  if (!header?.length) throw new Error(`${file}: no header line`);
  return header;
}

/** A table of text columns named as the CSV's header, and the COPY that fills it. */
function csvTable(table: string, file: string, temporary: boolean): SqlStep[] {
  const columns = csvHeader(file).map((c) => `${ident(c)} text`).join(', ');
  return [{ sql: `create ${temporary ? 'temporary ' : ''}table ${table} (${columns});` }, { copy: { table, file } }];
}

/**
 * The stage's counterpart: COPY the list, then exact matches on the email key (lower(email)) against
 * Contacts and Leads and on the email's domain against the Accounts' website domains, using the
 * CRM keys listgate stored and indexed at load.
 */
export function stagePlan(listCsv: string): SqlPlan {
  const email = csvHeader(listCsv).find((c) => /^e-?mail( address)?$/i.test(c.trim())) ?? csvHeader(listCsv).find((c) => /mail/i.test(c));
  if (!email) throw new Error(`${listCsv}: no email column in the header`);
  const key = `lower(trim(l.${ident(email)}))`;
  return {
    description: 'COPY the list into a temporary table; join lower(email) with the Contacts\' and Leads\' email key and the email\'s domain with the Accounts\' website domain; count',
    steps: [
      ...csvTable('sql_pass_list', listCsv, true),
      { sql: `select json_build_object(
        'list_rows', (select count(*) from sql_pass_list),
        'contact_matches', (select count(*) from sql_pass_list l join contacts c on c.email_key = ${key}),
        'lead_matches', (select count(*) from sql_pass_list l join leads d on d.email_key = ${key}),
        'account_matches', (select count(*) from sql_pass_list l join accounts a on a.website_domain = split_part(${key}, '@', 2))
      ) as result;` },
    ],
  };
}

/**
 * Indexes on the raw columns that match listgate's blocking indexes on its computed keys
 * (src/db/migrations), each with the columns it needs: one whose column a file lacks is left out.
 */
/** the host of an account's website without www., as SQL over its website column */
export const websiteHost = `lower(regexp_replace(website, '^([a-z]+://)?(www\\.)?([^/:?#]+).*$', '\\3', 'i'))`;
const loadIndexes: Record<string, [definition: string, ...columns: string[]][]> = {
  accounts: [['primary key (account_id)', 'account_id'], ['(lower(name))', 'name'], [`(${websiteHost})`, 'website'], ['(phone)', 'phone']],
  contacts: [['primary key (contact_id)', 'contact_id'], ['(account_id)', 'account_id'], ['(lower(email))', 'email'], [`(split_part(lower(email), '@', 2))`, 'email'],
    ['(phone)', 'phone'], ['(mobile)', 'mobile'], ['(lower(last_name), lower(left(first_name, 1)))', 'last_name', 'first_name']],
  leads: [['primary key (lead_id)', 'lead_id'], ['(lower(email))', 'email'], [`(split_part(lower(email), '@', 2))`, 'email'], ['(phone)', 'phone'],
    ['(lower(last_name), lower(left(first_name, 1)))', 'last_name', 'first_name'], ['(lower(company))', 'company']],
  opportunities: [['primary key (opportunity_id)', 'opportunity_id'], ['(account_id)', 'account_id'], ['(contact_id)', 'contact_id'], ['(lead_id)', 'lead_id']],
};

/**
 * crm load's counterpart: COPY the snapshot's CSVs into plain tables, then build the indexes a user
 * would put on the columns listgate indexes (ids, email, email domain, phone, names, website
 * domain), after the data as a bulk load does.
 */
export function loadPlan(dataDir: string): SqlPlan {
  const tables = Object.keys(loadIndexes).filter((t) => existsSync(join(dataDir, `${t}.csv`)));
  const indexes = tables.flatMap((t) => {
    const header = new Set(csvHeader(join(dataDir, `${t}.csv`)));
    return loadIndexes[t].filter(([, ...columns]) => columns.every((c) => header.has(c))).map(([def]) => def.startsWith('primary key')
      ? `alter table sql_${t} add ${def};`
      : `create index on sql_${t} ${def};`);
  });
  return {
    description: `COPY ${tables.join(', ')} into plain tables, then build ${indexes.length} indexes on ids, email, email domain, phone, names and website domain`,
    steps: [
      ...tables.flatMap((t) => csvTable(`sql_${t}`, join(dataDir, `${t}.csv`), false)),
      ...indexes.map((sql) => ({ sql })),
      { sql: `select json_build_object(${tables.map((t) => `'${t}', (select count(*) from sql_${t})`).join(', ')}) as result;` },
    ],
  };
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The plan as a psql script. */
export function psqlScript(plan: SqlPlan): string {
  return `${plan.steps.map((step) => 'copy' in step
    ? `\\copy ${step.copy.table} from ${sqlString(step.copy.file)} with (format csv, header true)`
    : step.sql).join('\n')}\n`;
}

/** psql from PATH or from the newest Debian server install (scripts/pg-server.sh installs one). */
export function findPsql(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, 'psql'))) return join(dir, 'psql');
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'psql'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin', 'psql') : null;
}

export interface SqlPassRun {
  measured: Measured;
  command: string;
  /** the counts the plan's last statement returned; null when it failed */
  counts: Record<string, number> | null;
}

/**
 * Runs a plan as a child process, measured as the listgate steps are: `url` is the PostgreSQL
 * database (psql), `pgliteDir` the LISTGATE_DB folder (PGlite).
 */
export async function runSqlPass(backend: Backend, plan: SqlPlan, where: { url?: string; pgliteDir?: string }, files: { script: string; logFile: string; timeoutSeconds?: number }): Promise<SqlPassRun> {
  let command: string;
  let args: string[];
  if (backend === 'postgres') {
    const psql = findPsql();
    if (!psql) throw new Error('psql not found (PATH, /usr/lib/postgresql/*/bin)');
    writeFileSync(files.script, psqlScript(plan));
    [command, args] = [psql, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', where.url!, '-f', files.script]];
  } else {
    writeFileSync(files.script, JSON.stringify(plan));
    [command, args] = [process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'sql-pass-pglite.ts'), where.pgliteDir!, files.script]];
  }
  const measured = await runMeasured(command, args, { logFile: files.logFile, timeoutSeconds: files.timeoutSeconds });
  const last = measured.stdout.trim().split('\n').pop() ?? '';
  let counts: Record<string, number> | null = null;
  if (measured.exitCode === 0) {
    try { counts = JSON.parse(last) as Record<string, number>; } catch { counts = null; }
  }
  const shown = backend === 'postgres' ? [command, ...args.map((a) => (a === where.url ? '$DATABASE_URL' : a))] : ['node', ...args];
  return { measured, command: shown.join(' '), counts };
}
