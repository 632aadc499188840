import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { ExitCode } from '../src/errors.js';
import { runListgate, type CliRun } from './helpers/run-cli.js';

/** `listgate crm load` in a CRM's layout, from the command line: what it says and its exit codes. */

let t: TestDatabase;
let tmp: string;
const runs: Record<string, CliRun> = {};

function listgate(args: string[]): Promise<CliRun> {
  return runListgate(args, { env: t.env });
}

const db = () => (t.dbDir ? ['--db', t.dbDir] : []);
const hub = ['--accounts', 'samples/crm/hubspot/hubspot-crm-exports-all-companies.csv', '--contacts', 'samples/crm/hubspot/hubspot-crm-exports-all-contacts.csv',
  '--opportunities', 'samples/crm/hubspot/hubspot-crm-exports-all-deals.csv'];

beforeAll(async () => {
  t = await createTestDatabase();
  await t.crm.close(); // a child listgate opens the same database
  tmp = mkdtempSync(join(tmpdir(), 'listgate-crm-cli-'));
  const noNames = join(tmp, 'contacts.csv');
  writeFileSync(noNames, 'contact_id,account_id,FirstName,LastName,email\nX-1,,Ada,Ng,ada@ng.example\n');
  runs.hubspot = await listgate([...db(), 'crm', 'load', ...hub, '--quiet']);
  runs.wrongObject = await listgate([...db(), 'crm', 'load', '--crm', 'salesforce', '--accounts', 'samples/crm/salesforce/Account.csv', '--contacts', 'samples/crm/salesforce/Lead.csv']);
  runs.noNames = await listgate([...db(), 'crm', 'load', '--accounts', 'samples/crm/accounts.csv', '--contacts', noNames, '--quiet']);
  runs.unknownLayout = await listgate([...db(), 'crm', 'load', '--crm', 'pipedrive', ...hub]);
}, 240_000);
afterAll(async () => {
  if (t) {
    await t.reopen();
    await t.cleanup();
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('listgate crm load --crm from the command line', () => {
  it('recognizes HubSpot exports, names the layout and says which contacts were read as Leads', () => {
    const run = runs.hubspot;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(ExitCode.ok);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('layout: hubspot (recognized from the headers): HubSpot (contacts, companies and deals exports; property labels as headers)');
    expect(run.stdout).toMatch(/^leads +200 rows: 200 inserted/m);
    expect(run.stdout).toContain('read as Leads: the contacts with Lifecycle Stage Subscriber / Lead / Marketing Qualified Lead and no Associated Company IDs');
  });

  it('an export of the wrong object is one line, exit 2', () => {
    const run = runs.wrongObject;
    expect(run.status).toBe(ExitCode.userError);
    expect(run.stderr).toBe('listgate: samples/crm/salesforce/Lead.csv: this is a Salesforce Lead export (Company, Status, Rating, IsConverted), not Contact; pass it as --leads\n');
  });

  it('a file whose name columns are missing is reported, and the columns it kept in extra are named', () => {
    const run = runs.noNames;
    expect(run.status).toBe(ExitCode.ok);
    expect(run.stdout).toContain('  no name columns (first_name + last_name): its records load without names');
    expect(run.stdout).toContain('  columns the layout does not know, kept in extra: FirstName, LastName');
  });

  it('an unknown layout name is one line, exit 2', () => {
    expect(runs.unknownLayout.status).toBe(ExitCode.userError);
    expect(runs.unknownLayout.stderr).toMatch(/^listgate: CRM layout not found: pipedrive \(.*crms has dynamics, hubspot, listgate, salesforce\); name one of them or a layout file\n$/);
  });
});
