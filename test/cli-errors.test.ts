import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { ExitCode } from '../src/errors.js';
import { runListgate, type CliRun } from './helpers/run-cli.js';

let t: TestDatabase;
let tmp: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await t.crm.close(); // a child listgate opens the same database
  tmp = mkdtempSync(join(tmpdir(), 'listgate-cli-'));
});
afterAll(async () => {
  if (t) {
    await t.reopen();
    await t.cleanup();
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function listgate(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runListgate(args, { env: { ...t.env, ...env } });
}

const stackLine = /^\s+at .+[:(]/m;
const samples = ['--accounts', 'samples/crm/accounts.csv', '--contacts', 'samples/crm/contacts.csv', '--leads', 'samples/crm/leads.csv', '--opportunities', 'samples/crm/opportunities.csv'];

describe('listgate crm load from the command line', () => {
  it('loads the samples, then a re-load reports 0 inserted and N updated', async () => {
    const load = await listgate(['crm', 'load', ...samples, '--quiet']);
    expect(load.stderr).toBe('');
    expect(load.status).toBe(ExitCode.ok);
    expect(load.stdout).toMatch(/^accounts\s+200 rows: 200 inserted, 0 updated \(0 changed\), 0 warnings/m);
    expect(load.stdout).toMatch(/^contacts\s+500 rows: 500 inserted, 0 updated \(0 changed\), 1 warning\b/m);
    expect(load.stdout).toMatch(/warning contacts\.csv row \d+: account_id ACC-0999 is not a known account/);

    const again = await listgate(['crm', 'load', ...samples, '--quiet']);
    expect(again.status).toBe(ExitCode.ok);
    expect(again.stdout).toMatch(/^contacts\s+500 rows: 0 inserted, 500 updated \(0 changed\)/m);
    expect(again.stdout).toMatch(/^opportunities\s+100 rows: 0 inserted, 100 updated/m);
  });

});

describe('listgate errors: one clear line, non-zero exit, a stack only with --debug', () => {
  // These fail before a database is used, so they run side by side.
  const runs: Record<string, CliRun> = {};
  beforeAll(async () => {
    const bad = join(tmp, 'contacts.csv');
    writeFileSync(bad, 'Contact,First Name,Last Name\n1,A,B\n');
    const cases: Record<string, [string[], Record<string, string>?]> = {
      missingFile: [['crm', 'load', '--accounts', 'samples/crm/nope.csv', '--contacts', 'samples/crm/contacts.csv']],
      missingHeader: [['crm', 'load', '--accounts', 'samples/crm/accounts.csv', '--contacts', bad]],
      missingHeaderDebug: [['crm', 'load', '--accounts', 'samples/crm/accounts.csv', '--contacts', bad, '--debug']],
      missingOption: [['crm', 'load', '--accounts', 'samples/crm/accounts.csv']],
      unreachable: [['crm', 'load', ...samples], { DATABASE_URL: 'postgres://someone:s3cret-pw@127.0.0.1:1/nowhere' }],
      notPostgres: [['db', 'status'], { DATABASE_URL: 'mysql://root:hunter2@localhost/crm' }],
    };
    const results = await Promise.all(Object.values(cases).map(([args, env]) => listgate(args, env)));
    Object.keys(cases).forEach((name, i) => { runs[name] = results[i]; });
  });

  it('a missing file is one line naming it, exit 2, no stack', () => {
    const run = runs.missingFile;
    expect(run.status).toBe(ExitCode.userError);
    expect(run.stderr).toBe('listgate: samples/crm/nope.csv: file not found\n');
    expect(run.stdout).toBe('');
  });

  it('a missing id header names the file and the header; --debug adds the stack', () => {
    const run = runs.missingHeader;
    expect(run.status).toBe(ExitCode.userError);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`${join(tmp, 'contacts.csv')}: missing header "contact_id"`);
    expect(run.stderr).not.toMatch(stackLine);

    const debug = runs.missingHeaderDebug;
    expect(debug.status).toBe(ExitCode.userError);
    expect(debug.stderr).toContain('missing header "contact_id"');
    expect(debug.stderr).toMatch(stackLine);
  });

  it('a missing required option is one line, exit 2', () => {
    const run = runs.missingOption;
    expect(run.status).toBe(ExitCode.userError);
    expect(run.stderr).toMatch(/^listgate: .*contacts/);
    expect(run.stderr).not.toMatch(stackLine);
  });

  it('an unreachable PostgreSQL is one line with the password masked, exit 2', () => {
    const run = runs.unreachable;
    expect(run.status).toBe(ExitCode.userError);
    expect(run.stderr).toMatch(/^listgate: cannot reach PostgreSQL at postgres:\/\/someone:\*\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(run.stderr).not.toContain('s3cret-pw');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a DATABASE_URL that is not postgres:// is one line, exit 2', () => {
    const run = runs.notPostgres;
    expect(run.status).toBe(ExitCode.userError);
    expect(run.stderr).toMatch(/^listgate: DATABASE_URL must start with postgres:\/\//);
    expect(run.stderr).not.toContain('hunter2');
  });
});
