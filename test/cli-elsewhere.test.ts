import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { ExitCode } from '../src/errors.js';
import { runListgate, type CliRun } from './helpers/run-cli.js';

// A new user's folder: their own files, none of listgate's, and listgate run by its path.
const bin = resolve('bin/listgate.js');
let t: TestDatabase;
let home: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await t.crm.close();
  home = mkdtempSync(join(tmpdir(), 'listgate-elsewhere-'));
  cpSync('samples', join(home, 'samples'), { recursive: true });
});
afterAll(async () => {
  if (t) {
    await t.reopen();
    await t.cleanup();
  }
  if (home) rmSync(home, { recursive: true, force: true });
});

function listgate(args: string[]): Promise<CliRun> {
  return runListgate(args, { bin, cwd: home, env: t.env });
}

describe('listgate run from a folder other than its own', () => {
  it('--version prints the package version', async () => {
    const run = await listgate(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('lists the pipelines and matchers that come with it, with their descriptions', async () => {
    const pipelines = await listgate(['pipelines']);
    expect(pipelines.status).toBe(0);
    for (const name of ['tradeshow', 'webform', 'purchased-list']) {
      const { description } = JSON.parse(readFileSync(`pipelines/${name}.json`, 'utf8'));
      expect(pipelines.stdout).toMatch(new RegExp(`^${name} +${description.slice(0, 30).replace(/[.()]/g, '\\$&')}`, 'm'));
    }
    const matchers = await listgate(['matchers']);
    expect(matchers.stdout).toMatch(/^crm +CRM matcher/m);
    expect(matchers.stdout).toMatch(/^febrl +FEBRL/m);
  });

  it('a name not found lists the available ones, in one line, exit 2', async () => {
    const run = await listgate(['inspect', 'samples/lists/webform-export.csv', '--pipeline', 'tradeshw']);
    expect(run.status).toBe(ExitCode.userError);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/pipeline not found: "tradeshw".*available: purchased-list, tradeshow, webform/);
  });

  it("the working directory's pipelines/ wins over listgate's own, and adds to the list", async () => {
    mkdirSync(join(home, 'pipelines'), { recursive: true });
    const own = JSON.parse(readFileSync('pipelines/tradeshow.json', 'utf8'));
    writeFileSync(join(home, 'pipelines', 'tradeshow.json'), JSON.stringify({ ...own, description: 'Our own tradeshow pipeline', default_country: 'DE' }));
    writeFileSync(join(home, 'pipelines', 'expo.json'), JSON.stringify({ ...own, description: 'Expo scans' }));
    try {
      const inspect = await listgate(['inspect', 'samples/lists/webform-export.csv', '--pipeline', 'tradeshow', '--rows', '0']);
      expect(inspect.stdout).toMatch(/pipeline: +tradeshow \(interest, default country DE\)/);
      const pipelines = await listgate(['pipelines']);
      expect(pipelines.stdout).toMatch(/^expo +Expo scans/m);
      expect(pipelines.stdout).toMatch(/^tradeshow +Our own tradeshow pipeline/m);
      expect(pipelines.stdout).toMatch(/^webform /m);
    } finally {
      rmSync(join(home, 'pipelines'), { recursive: true, force: true });
    }
  });

  it('options are checked before anything runs: one line naming the option, exit 2', async () => {
    for (const [args, message] of [
      [['batches', '--limit', 'abc'], /^listgate: --limit: "abc" is not a whole number/],
      [['inspect', 'samples/lists/webform-export.csv', '--rows', '-2'], /^listgate: --rows: "-2" is not a whole number/],
      [['crm', 'load', '--accounts', 'a.csv', '--contacts', 'c.csv', '--default-country', 'USA'], /^listgate: --default-country: "USA" is not a two-letter country code/],
    ] as const) {
      const run = await listgate([...args]);
      expect(run.status, args.join(' ')).toBe(ExitCode.userError);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it("the README's walk-through: load, inspect, stage, review, commit, export, undo", { timeout: 300_000 }, async () => {
    const load = await listgate(['crm', 'load', '--accounts', 'samples/crm/accounts.csv', '--contacts', 'samples/crm/contacts.csv',
      '--leads', 'samples/crm/leads.csv', '--opportunities', 'samples/crm/opportunities.csv', '--quiet']);
    expect(load.stderr).toBe('');
    expect(load.status).toBe(0);
    // the time the user waited: at least the process's own start, never "0.0 s"
    expect(load.stdout).toMatch(/loaded in (\d+\.\d) s/);
    expect(Number(load.stdout.match(/loaded in (\d+\.\d) s/)![1])).toBeGreaterThan(0.2);

    expect((await listgate(['suppress', 'import', 'samples/lists/suppressions.csv', '--quiet'])).status).toBe(0);
    const inspect = await listgate(['inspect', 'samples/lists/tradeshow-badge-scans.xlsx', '--pipeline', 'tradeshow', '--rows', '1']);
    expect(inspect.status).toBe(0);
    expect(inspect.stdout).toContain('pipeline:  tradeshow (interest, default country US)');

    const stage = await listgate(['stage', 'samples/lists/tradeshow-badge-scans.csv', '--pipeline', 'tradeshow', '--report-dir', 'reports/expo', '--quiet']);
    expect(stage.stderr).toBe('');
    expect(stage.status).toBe(0);
    const batch = JSON.parse(readFileSync(join(home, 'reports/expo/summary.json'), 'utf8')).batch_id as string;
    expect(stage.stdout).toContain(`batch ${batch} staged`);

    expect((await listgate(['review', batch])).status).toBe(0);
    const commit = await listgate(['commit', batch, '--undecided', 'skip', '--quiet']);
    expect(commit.stderr).toBe('');
    expect(commit.stdout).toMatch(new RegExp(`batch ${batch} committed in \\d+\\.\\d s`));
    // the CRM layouts (crms/) come with listgate too
    const exported = await listgate(['export', batch, '--crm', 'salesforce', '--out', 'exports/sf']);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(JSON.parse(readFileSync(join(home, 'exports/sf/manifest.json'), 'utf8'))).toMatchObject({ crm: 'salesforce', batch_id: batch });
    const undo = await listgate(['undo', batch, '--quiet']);
    expect(undo.status).toBe(0);
    expect(undo.stdout).toContain(`batch ${batch} undone`);

    const dedupe = await listgate(['dedupe', 'samples/crm/contacts.csv', '--matcher', 'febrl']);
    // listgate's own febrl matcher is found; its id column is not in this file, and the message says so
    expect(dedupe.status).toBe(ExitCode.userError);
    expect(dedupe.stderr).toMatch(/contacts\.csv: id column "rec_id" not found/);
  });
});
