import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands/index.js';
import { ExitCode } from '../src/errors.js';
import { runListgate, type CliRun } from './helpers/run-cli.js';

// Help and the version are answered before any database is opened: with LISTGATE_DB naming a
// folder that does not exist, the folder must still not exist afterwards, and with DATABASE_URL
// naming a server nobody listens on, help must still succeed.

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'listgate-startup-')); });
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

function listgate(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runListgate(args, { env });
}

let fresh = 0;
/** A database folder that does not exist yet, and the environment that points listgate at it. */
function unopenedDatabase(): { dir: string; env: Record<string, string> } {
  const dir = join(tmp, `db-${++fresh}`);
  return { dir, env: { LISTGATE_DB: dir, DATABASE_URL: '' } };
}

/** Every command line that has a --help of its own: each command, and crm's load. */
const commandWords = [...commands.map((command) => String(command.command).split(' ')[0]), 'crm load'];

describe('listgate --help and --version open no database', () => {
  it('a command that uses the database creates the folder (so the checks below can fail)', async () => {
    const { dir, env } = unopenedDatabase();
    const run = await listgate(['batches'], env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(ExitCode.ok);
    expect(existsSync(dir)).toBe(true);
  });

  it('listgate --help lists every command and leaves LISTGATE_DB uncreated', async () => {
    const { dir, env } = unopenedDatabase();
    const run = await listgate(['--help'], env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(ExitCode.ok);
    for (const word of commandWords.filter((w) => w !== 'crm load')) expect(run.stdout).toContain(`listgate ${word}`);
    expect(existsSync(dir)).toBe(false);
  });

  it('listgate --version prints the version and leaves LISTGATE_DB uncreated', async () => {
    const { dir, env } = unopenedDatabase();
    const run = await listgate(['--version'], env);
    expect(run.status).toBe(ExitCode.ok);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(dir)).toBe(false);
  });

  it('listgate --help needs no PostgreSQL server when DATABASE_URL names one', async () => {
    const run = await listgate(['--help'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(ExitCode.ok);
  });

  it.each(commandWords)('listgate %s --help prints its usage and leaves LISTGATE_DB uncreated', async (words) => {
    const { dir, env } = unopenedDatabase();
    const run = await listgate([...words.split(' '), '--help'], env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(ExitCode.ok);
    expect(run.stdout).toContain(`listgate ${words}`);
    expect(run.stdout).toMatch(/Options:/);
    expect(existsSync(dir)).toBe(false);
  });
});
