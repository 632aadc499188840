import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

export interface Measured {
  seconds: number;
  /** peak resident set size of the child process, in MiB */
  peakRssMb: number | null;
  /** user + system CPU seconds of the child (from /usr/bin/time), null when unknown */
  cpuSeconds: number | null;
  exitCode: number;
  /** the last lines the child printed (stdout and stderr) */
  tail: string;
  /** everything the child printed on stdout */
  stdout: string;
  /** the child ran past the time limit and was stopped */
  timedOut: boolean;
}

const gnuTime = '/usr/bin/time';

/** Whether GNU time is there: it gives an exact peak RSS; without it /proc is polled. */
export function hasGnuTime(): boolean {
  return existsSync(gnuTime);
}

/**
 * Runs a command as a child process and measures its wall time and peak RSS: through GNU time
 * (`%M`, the kernel's maxrss of the child) when /usr/bin/time exists, else by polling the
 * child's /proc/<pid>/status VmHWM every 50 ms. Output goes to logFile.
 */
export async function runMeasured(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; logFile: string; cwd?: string; timeoutSeconds?: number }): Promise<Measured> {
  const timeDir = mkdtempSync(join(tmpdir(), 'listgate-bench-time-'));
  const timeFile = join(timeDir, 'time.txt');
  const viaTime = hasGnuTime();
  const [file, argv] = viaTime ? [gnuTime, ['-f', '%M %U %S', '-o', timeFile, command, ...args]] : [command, args];
  const log = createWriteStream(options.logFile);
  log.write(`$ ${command} ${args.join(' ')}\n`);
  const started = performance.now();
  // its own process group, so a timeout stops GNU time and the listgate process under it together
  const child = spawn(file, argv, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let timedOut = false;
  const timer = options.timeoutSeconds ? setTimeout(() => {
    timedOut = true;
    log.write(`\n[bench] stopped after ${options.timeoutSeconds} s\n`);
    // stop the measured process, not GNU time, so time still reports the peak RSS it reached
    const measuredPids = viaTime ? childrenOf(child.pid) : [child.pid!];
    for (const pid of measuredPids.length ? measuredPids : [-child.pid!]) {
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    }
  }, options.timeoutSeconds * 1000) : undefined;
  let stdout = '';
  let tail = '';
  const keep = (chunk: Buffer, isStdout: boolean) => {
    const text = chunk.toString('utf8');
    log.write(text);
    if (isStdout && stdout.length < 1_000_000) stdout += text;
    tail = (tail + text).slice(-4000);
  };
  child.stdout.on('data', (c: Buffer) => keep(c, true));
  child.stderr.on('data', (c: Buffer) => keep(c, false));
  let polledKb = 0;
  const poll = viaTime ? undefined : setInterval(() => { polledKb = Math.max(polledKb, vmHwmKb(child.pid)); }, 50);
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  const seconds = (performance.now() - started) / 1000;
  if (poll) clearInterval(poll);
  if (timer) clearTimeout(timer);
  log.end();
  await once(log, 'finish');
  let peakKb: number | null = polledKb || null;
  let cpuSeconds: number | null = null;
  if (viaTime && existsSync(timeFile)) {
    // GNU time writes "Command exited with non-zero status N" before the figures on failure
    const lastLine = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const [maxRss, user, system] = lastLine.split(' ').map(Number);
    if (Number.isFinite(maxRss)) peakKb = maxRss;
    if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user + system;
  }
  rmSync(timeDir, { recursive: true, force: true });
  return {
    seconds, cpuSeconds, exitCode: code ?? (signal ? 128 : 1), timedOut,
    peakRssMb: peakKb === null ? null : Math.round(peakKb / 1024), tail, stdout,
  };
}

function vmHwmKb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number | undefined): number[] {
  if (!pid) return [];
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
