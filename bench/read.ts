import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { readNormalizedRows } from '../src/validate/index.js';
import { CsvSink } from './synthetic/csv-sink.js';
import { mulberry32 } from './synthetic/random.js';

/**
 * npm run bench:read — the read stage alone: read + map + normalize + validate.
 * Generates (deterministically, cached in bench/tmp/) a 1,000,000-row CSV and a 100,000-row XLSX,
 * then measures each in its own child process pinned to one core (taskset when available):
 * rows/s (wall clock, and per CPU second, which is what one core delivers when the machine is shared)
 * and peak RSS. Targets: CSV >= 40,000 rows/s, XLSX >= 15,000 rows/s, peak RSS < 300 MB (CSV).
 * Options: --csv-rows N, --xlsx-rows N (smaller runs), --measure FILE (internal: one measurement).
 */

const here = fileURLToPath(new URL('.', import.meta.url));
const tmpDir = resolve(here, 'tmp');
const generatorVersion = 1;


const firstNames = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'Bill', 'Liz', 'Bob', 'Peggy', 'JOSÉ', 'renée', 'Jürgen', 'Siobhan', 'Wei', 'Priya', 'Oluwaseun', 'Dr. Anne', 'Mike', 'Kate', 'Tom', 'Sandra', 'Ahmed'];
const lastNames = ['Smith', 'Johnson', "O'Brien", 'MCDONALD', 'van der Berg', 'García', 'Müller', 'Nguyen', 'Patel', 'Kowalski', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'de la Cruz', 'Smith Jr.', 'Okafor', 'Zhang', 'Rossi'];
const companies = ['Acme Corp', 'Globex, Inc.', 'Initech LLC', 'Umbrella Corporation', 'Stark Industries', 'Wayne Enterprises', 'Hooli', 'Müller GmbH', 'Tyrell Corp.', 'Cyberdyne Systems', 'The Soylent Co.', 'International Business Machines', 'Johnson & Johnson', 'Wonka Industries', 'Vandelay Industries', 'Aperture Science', 'Black Mesa', 'Duff Beer S.A.', 'Oscorp', 'Massive Dynamic'];
const titles = ['VP Sales', 'CTO', 'Marketing Manager', 'Director of IT', 'Procurement Lead', 'CEO', 'Engineer', 'Buyer', 'Head of Operations', ''];
const places: Array<[string, string, string, string, string]> = [
  ['Boston', 'MA', '02134', 'USA', '+1 617'], ['Austin', 'Texas', '73301', 'United States', '(512)'], ['Toronto', 'ON', 'M5V 2T6', 'Canada', '+1 416'],
  ['London', '', 'SW1A 1AA', 'UK', '+44 20'], ['Berlin', '', '10115', 'Deutschland', '+49 30'], ['Paris', '', '75001', 'France', '+33 1'],
  ['Mumbai', '', '400001', 'India', '+91 22'], ['Sydney', 'NSW', '2000', 'Australia', '+61 2'], ['São Paulo', 'SP', '01000-000', 'Brazil', '+55 11'],
];
const freeDomains = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com'];

function fakeRow(random: () => number, i: number): string[] {
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)];
  const first = pick(firstNames);
  const last = pick(lastNames);
  const company = pick(companies);
  const place = pick(places);
  const digits = String(Math.floor(random() * 9_000_000) + 1_000_000);
  const phone = place[4].startsWith('(') ? `${place[4]} 555-${digits.slice(0, 4)}` : `${place[4]} ${digits.slice(0, 3)} ${digits.slice(3)}`;
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + (i % 7);
  const domain = random() < 0.3 ? pick(freeDomains) : `${company.toLowerCase().replace(/[^a-z]/g, '')}.com`;
  const email = random() < 0.03 ? 'n/a' : `${local}@${domain}`;
  return [String(100000 + i), first, last, email, phone, company, pick(titles), place[0], place[1], place[2], place[3], `www.${domain}`];
}

const headers = ['Contact ID', 'First Name', 'Last Name', 'Email Address', 'Business Phone', 'Company Name', 'Job Title', 'City', 'State/Province', 'Zip', 'Country', 'Website'];

async function makeCsv(path: string, rows: number): Promise<void> {
  const random = mulberry32(42);
  const partial = `${path}.part`;
  const sink = new CsvSink(partial, headers);
  for (let i = 0; i < rows; i++) await sink.write(fakeRow(random, i));
  await sink.close();
  renameSync(partial, path);
}

async function makeXlsx(path: string, rows: number): Promise<void> {
  const random = mulberry32(7);
  const partial = `${path}.part`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Leads');
  sheet.addRow(['Exported list, generated for the benchmark']).commit();
  sheet.addRow([]).commit();
  sheet.addRow(headers).commit();
  for (let i = 0; i < rows; i++) {
    const cells: Array<string | number> = fakeRow(random, i);
    cells[0] = 100000 + i;
    const row = sheet.addRow(cells);
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
  renameSync(partial, path);
}

/** One measurement, in this process: read + map + normalize + validate every row of the file. */
async function measure(path: string): Promise<void> {
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const { rows } = await readNormalizedRows(path, { vendor: 'Bench', default_country: 'US' });
  let count = 0;
  let rejected = 0;
  let peak = process.memoryUsage.rss();
  for await (const row of rows) {
    count++;
    if (row.rejected) rejected++;
    if ((count & 8191) === 0) peak = Math.max(peak, process.memoryUsage.rss());
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  process.stdout.write(JSON.stringify({ rows: count, rejected, seconds, cpuSeconds, peakRss: peak }) + '\n');
}

function runMeasurement(path: string): { rows: number; rejected: number; seconds: number; cpuSeconds: number; peakRss: number } {
  const script = fileURLToPath(import.meta.url);
  const taskset = spawnSync('taskset', ['--version']).status === 0;
  const node = [process.execPath, '--import', 'tsx', script, '--measure', path];
  const result = taskset ? spawnSync('taskset', ['-c', '0', ...node], { encoding: 'utf8' }) : spawnSync(node[0], node.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`measurement of ${path} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

async function main(): Promise<void> {
  const measureAt = process.argv.indexOf('--measure');
  if (measureAt !== -1) return measure(process.argv[measureAt + 1]);
  const csvRows = option('--csv-rows', 1_000_000);
  const xlsxRows = option('--xlsx-rows', 100_000);
  mkdirSync(tmpDir, { recursive: true });
  const csvPath = join(tmpDir, `read-v${generatorVersion}-${csvRows}.csv`);
  const xlsxPath = join(tmpDir, `read-v${generatorVersion}-${xlsxRows}.xlsx`);
  if (!existsSync(csvPath)) {
    process.stdout.write(`generating ${csvPath} ...\n`);
    await makeCsv(csvPath, csvRows);
  }
  if (!existsSync(xlsxPath)) {
    process.stdout.write(`generating ${xlsxPath} ...\n`);
    await makeXlsx(xlsxPath, xlsxRows);
  }
  const targets = { csv: 40_000, xlsx: 15_000 };
  let ok = true;
  for (const [kind, path] of [['csv', csvPath], ['xlsx', xlsxPath]] as const) {
    const m = runMeasurement(path);
    const rate = m.rows / m.seconds;
    const cpuRate = m.rows / m.cpuSeconds;
    const mb = m.peakRss / 1024 / 1024;
    const rateOk = rate >= targets[kind];
    const rssOk = kind !== 'csv' || mb < 300;
    ok &&= rateOk && rssOk;
    process.stdout.write(
      `${kind.toUpperCase().padEnd(4)} ${String(m.rows).padStart(9)} rows (${(statSync(path).size / 1024 / 1024).toFixed(0)} MB, ${m.rejected} rejected) ` +
      `in ${m.seconds.toFixed(1)} s: ${Math.round(rate).toLocaleString('en-US')} rows/s ${rateOk ? '>=' : '<'} ${targets[kind].toLocaleString('en-US')} ` +
      `(${m.cpuSeconds.toFixed(1)} CPU s = ${Math.round(cpuRate).toLocaleString('en-US')} rows per CPU second), ` +
      `peak RSS ${mb.toFixed(0)} MB${kind === 'csv' ? (rssOk ? ' < 300 MB' : ' >= 300 MB') : ''}\n`,
    );
  }
  if (!ok) process.exitCode = 1;
}

await main();
