import { spawn } from 'node:child_process';

/** What a listgate child process did: its exit status and everything it printed. */
export interface CliRun { status: number | null; stdout: string; stderr: string }

/**
 * Runs `node bin/listgate.js ARGS` as a user would, a real child process (the compiled dist/ when
 * it is current, else the sources through tsx), with `env` over this process's environment.
 */
export function runListgate(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; bin?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? 'bin/listgate.js', ...args], { cwd: options.cwd, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
