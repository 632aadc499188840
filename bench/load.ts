/**
 * Benchmark of `crm load`: generates a deterministic CRM snapshot (default 1,000,000 contacts,
 * 200,000 accounts, 300,000 leads) into bench/tmp/ when absent, loads it into the database named
 * on the PostgreSQL server of DATABASE_URL (in a database of its own, lg_bench_load, which it
 * truncates; without DATABASE_URL in bench/tmp/pglite) and reports wall time and peak RSS.
 *
 *   npm run bench:load -- --contacts 1000000 [--accounts 200000] [--leads 300000] [--chunk 10000]
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openCrmDatabase, type CrmConnection } from '../src/db/database.js';
import { loadCrmSnapshot, type CrmSnapshotFiles, type CrmLoadResult } from '../src/crm/load-crm.js';
import { createProgress } from '../src/progress.js';
import { CsvSink } from './synthetic/csv-sink.js';
import { mulberry32 } from './synthetic/random.js';

export interface SnapshotSize { accounts: number; contacts: number; leads: number }

export interface LoadTimings {
  result: CrmLoadResult;
  seconds: number;
  /** highest resident set size sampled during the load, in MB */
  peakRssMb: number;
  rowsPerSecond: number;
  /** CPU seconds of this process during the load */
  nodeCpuSeconds: number;
  /** CPU seconds of the database's server processes, when they run on this machine (PostgreSQL) */
  postgresCpuSeconds?: number;
}

/** Loads a snapshot and measures it: wall time and the peak RSS sampled every 100 ms. */
export async function timeCrmLoad(crm: CrmConnection, files: CrmSnapshotFiles, options: { chunkSize?: number; quiet?: boolean } = {}): Promise<LoadTimings> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
  const cpuBefore = process.cpuUsage();
  const serverBefore = await serverCpu(crm);
  const started = process.hrtime.bigint();
  try {
    const result = await loadCrmSnapshot(crm, files, { chunkSize: options.chunkSize, progress: createProgress({ quiet: options.quiet }) });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    const cpu = process.cpuUsage(cpuBefore);
    const serverAfter = await serverCpu(crm);
    const rows = result.files.reduce((n, f) => n + f.rows, 0);
    let postgresCpuSeconds: number | undefined;
    if (serverBefore && serverAfter) {
      postgresCpuSeconds = 0;
      for (const [pid, after] of serverAfter) postgresCpuSeconds += after - (serverBefore.get(pid) ?? 0);
    }
    return { result, seconds, peakRssMb: peak / 2 ** 20, rowsPerSecond: rows / seconds, nodeCpuSeconds: (cpu.user + cpu.system) / 1e6, postgresCpuSeconds };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * CPU seconds used so far by each server process of this database, read from /proc when the
 * server runs on this machine (undefined otherwise). With the wall time it tells a busy machine
 * from a slow load.
 */
async function serverCpu(crm: CrmConnection): Promise<Map<number, number> | undefined> {
  if (crm.kind !== 'postgres') return undefined;
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(crm.db);
  const cpu = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    return undefined;
  }
  return cpu;
}

/** Writes the snapshot's CSV files into dir unless files of that size are already there. */
export async function ensureBenchSnapshot(dir: string, size: SnapshotSize): Promise<Required<Pick<CrmSnapshotFiles, 'accounts' | 'contacts' | 'leads'>>> {
  mkdirSync(dir, { recursive: true });
  const files = {
    accounts: join(dir, `accounts-${size.accounts}.csv`),
    contacts: join(dir, `contacts-${size.contacts}-of-${size.accounts}.csv`),
    leads: join(dir, `leads-${size.leads}.csv`),
  };
  const random = mulberry32(4242);
  if (!existsSync(files.accounts)) {
    await writeCsv(files.accounts, 'account_id,name,website,phone,street,city,state,postal_code,country,relationship_type', size.accounts, (i) => {
      const name = companyName(i);
      const domain = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}${i}.example`;
      return [`ACC${i}`, `${name} ${suffixes[i % suffixes.length]}`, `https://www.${domain}`, usPhone(random), `${1 + (i % 9000)} Main St`,
        cities[i % cities.length][0], cities[i % cities.length][1], String(10000 + (i % 89999)), 'US', i % 3 ? 'Prospect' : 'Customer'];
    });
  }
  if (!existsSync(files.contacts)) {
    await writeCsv(files.contacts, 'contact_id,account_id,first_name,last_name,email,phone,mobile,title,city,state,country,do_not_contact', size.contacts, (i) => {
      const account = Math.floor(random() * size.accounts);
      const first = firsts[Math.floor(random() * firsts.length)];
      const last = lasts[Math.floor(random() * lasts.length)];
      const domain = `${companyName(account).toLowerCase().replace(/[^a-z0-9]/g, '')}${account}.example`;
      return [`CON${i}`, `ACC${account}`, first, last, `${first}.${last}${i}@${domain}`.toLowerCase(), usPhone(random), random() < 0.3 ? usPhone(random) : '',
        titles[i % titles.length], cities[account % cities.length][0], cities[account % cities.length][1], 'US', random() < 0.02 ? 'true' : 'false'];
    });
  }
  if (!existsSync(files.leads)) {
    await writeCsv(files.leads, 'lead_id,first_name,last_name,company,email,phone,title,status,rating,lead_source,source_campaign', size.leads, (i) => {
      const first = firsts[Math.floor(random() * firsts.length)];
      const last = lasts[Math.floor(random() * lasts.length)];
      const company = companyName(size.accounts + i);
      return [`LEAD${i}`, first, last, `${company} LLC`, `${first}.${last}.${i}@${company.toLowerCase().replace(/[^a-z0-9]/g, '')}.example`.toLowerCase(),
        usPhone(random), titles[i % titles.length], 'Open', ['Hot', 'Warm', 'Cold'][i % 3], 'Web', 'Bench'];
    });
  }
  return files;
}

async function writeCsv(path: string, header: string, rows: number, row: (i: number) => string[]): Promise<void> {
  const partial = `${path}.partial`;
  const sink = new CsvSink(partial, header.split(','));
  for (let i = 1; i <= rows; i++) await sink.write(row(i));
  await sink.close();
  renameSync(partial, path);
}


const firsts = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Priya', 'Wei', 'Fatima', 'Diego', 'Aisha', 'Hiroshi', 'Olga', 'Mateo'];
const lasts = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Nguyen', 'Patel', 'Kowalski'];
const words = ['Alder', 'Birch', 'Cobalt', 'Summit', 'Harbor', 'Meridian', 'Pioneer', 'Granite', 'Lumen', 'Vertex', 'Redwood', 'Keystone', 'Juniper', 'Kestrel', 'Nimbus', 'Orchard'];
const kinds = ['Analytics', 'Logistics', 'Health', 'Software', 'Foods', 'Energy', 'Capital', 'Systems', 'Labs', 'Robotics', 'Media', 'Supply'];
const suffixes = ['Inc.', 'LLC', 'Corp.', 'Corporation', 'Ltd.', 'Co.'];
const titles = ['VP Operations', 'Director of IT', 'Procurement Manager', 'CFO', 'Head of Marketing', 'Data Engineer', 'Buyer'];
const cities: [string, string, string][] = [['New York', 'NY', '212'], ['Boston', 'MA', '617'], ['Chicago', 'IL', '312'], ['Austin', 'TX', '512'], ['Denver', 'CO', '303'], ['Seattle', 'WA', '206']];
const areaCodes = ['212', '617', '312', '512', '303', '206', '415', '404', '503', '612'];

function companyName(i: number): string {
  return `${words[i % words.length]} ${kinds[Math.floor(i / words.length) % kinds.length]}`;
}
function usPhone(random: () => number): string {
  const digits = String(Math.floor(random() * 10000)).padStart(4, '0');
  return `(${areaCodes[Math.floor(random() * areaCodes.length)]}) 555-${digits}`;
}

/**
 * The bench truncates the CRM tables, so it never runs on the database DATABASE_URL names: it
 * uses a database of its own on the same server (lg_bench_load), or bench/tmp/pglite.
 */
async function benchTarget(): Promise<{ databaseUrl?: string; dbDir?: string }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) return { dbDir: resolve('bench/tmp/pglite'), databaseUrl: '' };
  const url = new URL(adminUrl);
  url.pathname = '/lg_bench_load';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query(`select 1 from pg_database where datname = 'lg_bench_load'`);
    if (!rows.length) await admin.query('create database lg_bench_load');
  } finally {
    await admin.end();
  }
  return { databaseUrl: url.toString() };
}

function argValue(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const contacts = argValue('contacts', 1_000_000);
  const size: SnapshotSize = { contacts, accounts: argValue('accounts', Math.max(1, Math.round(contacts / 5))), leads: argValue('leads', Math.round(contacts * 0.3)) };
  const generated = Date.now();
  const files = await ensureBenchSnapshot(resolve('bench/tmp'), size);
  console.log(`snapshot: ${size.accounts} accounts, ${size.contacts} contacts, ${size.leads} leads in bench/tmp (ready in ${((Date.now() - generated) / 1000).toFixed(1)} s)`);

  const crm = await openCrmDatabase(await benchTarget());
  try {
    await crm.withLock('crm load', { wait: false }, () => sql`truncate accounts, contacts, leads, opportunities cascade`.execute(crm.db));
    console.log(`database: ${crm.kind} at ${crm.location}`);
    for (const pass of ['first load (inserts)', 're-load (updates)']) {
      const timing = await timeCrmLoad(crm, files, { chunkSize: argValue('chunk', 10_000), quiet: true });
      const server = timing.postgresCpuSeconds === undefined ? '' : `, postgres ${timing.postgresCpuSeconds.toFixed(1)} s`;
      console.log(`${pass}: ${timing.seconds.toFixed(1)} s, ${Math.round(timing.rowsPerSecond)} rows/s, peak RSS ${timing.peakRssMb.toFixed(0)} MB; CPU: node ${timing.nodeCpuSeconds.toFixed(1)} s${server}`);
      for (const f of timing.result.files) {
        console.log(`  ${f.kind.padEnd(9)} ${String(f.rows).padStart(8)} rows  ${f.seconds.toFixed(1).padStart(6)} s  ${Math.round(f.rows / f.seconds)} rows/s  (${f.inserted} inserted, ${f.updated} updated)`);
      }
    }
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) console.log(`process peak RSS (VmHWM, includes generation): ${(Number(hwm[1]) / 1024).toFixed(0)} MB`);
  } finally {
    await crm.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
