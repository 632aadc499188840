import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import pg from 'pg';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string | null;
  os: string;
}

/** The machine the figures were measured on: CPU model from /proc/cpuinfo, cores, memory, versions. */
export async function describeMachine(databaseUrl: string | undefined): Promise<Machine> {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) cpuModel = match[1].trim();
  } catch { /* not Linux */ }
  let postgres: string | null = null;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    try {
      await client.connect();
      const { rows } = await client.query<{ server_version: string }>('show server_version');
      postgres = rows[0].server_version;
    } catch {
      postgres = null;
    } finally {
      await client.end().catch(() => {});
    }
  }
  let os = process.platform as string;
  try {
    const match = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (match) os = match[1];
  } catch { /* not Linux */ }
  return { cpuModel, cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, postgres, os };
}
