import cliProgress from 'cli-progress';

export interface Progress {
  /** total may be unknown (streams): the bar then counts only */
  start(label: string, total?: number): void;
  update(done: number): void;
  stop(summary?: string): void;
}

/**
 * A progress bar on a terminal (cli-progress), plain periodic lines otherwise (logs, cron, CI),
 * always on stderr so stdout stays parseable.
 */
export function createProgress(options: { quiet?: boolean; intervalMs?: number } = {}): Progress {
  if (options.quiet) return { start() {}, update() {}, stop() {} };
  if (process.stderr.isTTY) return terminalBar();
  return periodicLines(options.intervalMs ?? 5000);
}

function terminalBar(): Progress {
  let bar: cliProgress.SingleBar | undefined;
  let known = false;
  return {
    start(label, total) {
      known = total !== undefined && total > 0;
      bar = new cliProgress.SingleBar({
        stream: process.stderr,
        format: known ? `${label} [{bar}] {percentage}% {value}/{total} rows, {rate} rows/s, eta {eta}s` : `${label} {value} rows, {rate} rows/s`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      }, cliProgress.Presets.shades_classic);
      bar.start(total ?? 0, 0, { rate: 0 });
      (bar as any).startedAt = Date.now();
    },
    update(done) {
      if (!bar) return;
      const seconds = (Date.now() - (bar as any).startedAt) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds) : 0 });
    },
    stop(summary) {
      bar?.stop();
      bar = undefined;
      if (summary) process.stderr.write(`${summary}\n`);
    },
  };
}

function periodicLines(intervalMs: number): Progress {
  let label = '';
  let total: number | undefined;
  let startedAt = 0;
  let lastPrinted = 0;
  return {
    start(l, t) { label = l; total = t; startedAt = Date.now(); lastPrinted = startedAt; },
    update(done) {
      const now = Date.now();
      if (now - lastPrinted < intervalMs) return;
      lastPrinted = now;
      const rate = Math.round(done / ((now - startedAt) / 1000));
      process.stderr.write(`${label}: ${done}${total ? `/${total}` : ''} rows (${rate} rows/s)\n`);
    },
    stop(summary) { if (summary) process.stderr.write(`${summary}\n`); },
  };
}
