import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SyntheticCrm } from './synthetic/crm-records.js';
import { writeCrmFiles, writeIncomingList, type CrmFileCounts } from './synthetic/write-snapshot.js';

/**
 * npm run bench:data -- --contacts N --accounts N --leads N --rows N[,N...] --seed S [--out DIR] [--skip-crm] [--skip-xlsx] [--hard]
 *
 * Writes a deterministic synthetic CRM snapshot in the `listgate crm load` format (accounts.csv,
 * contacts.csv, leads.csv, opportunities.csv) and incoming badge-scan lists with their truth:
 * incoming.csv, incoming.xlsx, truth.csv for one --rows value; incoming-N.csv, incoming-N.xlsx,
 * truth-N.csv for each of several. manifest.json records the parameters, counts and timings.
 * --hard makes the hard world of issue 23: people named in other scripts or with short forms beyond
 * the census names, and lists with swapped names, acronyms, company forms, personal addresses,
 * email typos, name slips and ties (bench/synthetic/hard-variations.ts).
 */

export interface MakeDataOptions {
  contacts: number; accounts: number; leads: number; rows: number[]; seed: number;
  out: string; crm: boolean; xlsx: boolean;
  /** the hard world of issue 23 (default: the classic world) */
  hard?: boolean;
}

export interface Manifest {
  seed: number; contacts: number; accounts: number; leads: number; hard: boolean;
  crmFiles: CrmFileCounts | null;
  crmSeconds: number | null;
  lists: { rows: number; csv: string; xlsx: string | null; truth: string; routes: Record<string, number>; seconds: number }[];
}

export async function makeData(options: MakeDataOptions, log: (line: string) => void = () => {}): Promise<Manifest> {
  mkdirSync(options.out, { recursive: true });
  const crm = new SyntheticCrm(options.seed, { contacts: options.contacts, accounts: options.accounts, leads: options.leads }, { hard: !!options.hard });
  const manifest: Manifest = { seed: options.seed, hard: !!options.hard, contacts: options.contacts, accounts: options.accounts, leads: options.leads, crmFiles: null, crmSeconds: null, lists: [] };
  if (options.crm) {
    const started = performance.now();
    manifest.crmFiles = await writeCrmFiles(crm, options.out);
    manifest.crmSeconds = round((performance.now() - started) / 1000);
    log(`CRM snapshot: ${manifest.crmFiles.contacts} contacts, ${manifest.crmFiles.accounts} accounts, ${manifest.crmFiles.leads} leads, ${manifest.crmFiles.opportunities} opportunities in ${manifest.crmSeconds} s (${Math.round(options.contacts / manifest.crmSeconds)} contacts/s)`);
  }
  for (const rows of options.rows) {
    const name = options.rows.length === 1 ? '' : `-${rows}`;
    const files = {
      csv: join(options.out, `incoming${name}.csv`),
      truth: join(options.out, `truth${name}.csv`),
      xlsx: options.xlsx ? join(options.out, `incoming${name}.xlsx`) : undefined,
    };
    const started = performance.now();
    const routes = await writeIncomingList(crm, rows, files);
    const seconds = round((performance.now() - started) / 1000);
    manifest.lists.push({ rows, csv: files.csv, xlsx: files.xlsx ?? null, truth: files.truth, routes, seconds });
    log(`incoming list: ${rows} rows in ${seconds} s -> ${files.csv}${files.xlsx ? ` and ${files.xlsx}` : ''}; expected routes ${JSON.stringify(routes)}`);
  }
  writeFileSync(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number >= 0, got "${value}"`);
  return n;
}

export function parseMakeDataArgs(args: string[]): MakeDataOptions {
  const { values } = parseArgs({
    args,
    options: {
      contacts: { type: 'string' }, accounts: { type: 'string' }, leads: { type: 'string' }, rows: { type: 'string' },
      seed: { type: 'string' }, out: { type: 'string' }, 'skip-crm': { type: 'boolean' }, 'skip-xlsx': { type: 'boolean' }, hard: { type: 'boolean' },
    },
  });
  const contacts = count('contacts', values.contacts, 10_000);
  return {
    contacts,
    accounts: count('accounts', values.accounts, Math.max(1, Math.round(contacts / 5))),
    leads: count('leads', values.leads, Math.round(contacts * 0.3)),
    rows: (values.rows ?? '1000').split(',').map((r) => count('rows', r, 0)),
    seed: count('seed', values.seed, 1),
    out: resolve(values.out ?? 'bench/data'),
    crm: !values['skip-crm'],
    xlsx: !values['skip-xlsx'],
    hard: !!values.hard,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const options = parseMakeDataArgs(process.argv.slice(2));
    await makeData(options, (line) => console.log(line));
  } catch (error) {
    console.error(`bench:data: ${(error as Error).message}`);
    process.exit(2);
  }
}
