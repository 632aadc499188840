import cliProgress from 'cli-progress';
import { countOf, formatCount, pluralOf } from './plain-words.js';

export interface ProgressStart {
  /**
   * what total and done count: rows (the default), or bytes of the file read (reading a list:
   * its rows are not known until the end, its size is); with bytes, update's rows are shown
   */
  unit?: 'rows' | 'bytes';
  /** what is counted, in the singular (default "row"): "pair", "record" */
  noun?: string;
}

export interface Progress {
  /** total may be unknown (streams): the line then counts and shows the time spent */
  start(label: string, total?: number, options?: ProgressStart): void;
  /** done in the unit of total; rows: the rows so far, when the unit is bytes */
  update(done: number, rows?: number): void;
  stop(summary?: string): void;
}

/**
 * A progress line on a terminal (cli-progress, redrawn ten times a second so the time moves
 * even between updates), plain periodic lines otherwise (logs, cron, CI), always on stderr so
 * stdout stays parseable. Every line fits the terminal's width (80 columns when unknown).
 */
export function createProgress(options: { quiet?: boolean; intervalMs?: number } = {}): Progress {
  if (options.quiet) return { start() {}, update() {}, stop() {} };
  if (process.stderr.isTTY) return terminalBar();
  return periodicLines(options.intervalMs ?? 5000);
}

export interface ProgressState {
  label: string;
  total?: number;
  unit: 'rows' | 'bytes';
  /** what is counted, in the singular (default "row") */
  noun?: string;
  done: number;
  rows?: number;
  /** seconds since start */
  elapsed: number;
}

/** m:ss or h:mm:ss */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * One progress line, at most width characters: label, bar, percentage, count, rate and ETA when
 * the total is known; count, rate and time spent otherwise. What does not fit is dropped, the
 * bar first, then the rate, then the label is shortened; the ETA stays.
 */
export function progressLine(state: ProgressState, width: number, withBar = true): string {
  const { unit, elapsed } = state;
  const rows = unit === 'rows' ? state.done : state.rows;
  const known = state.total !== undefined && state.total > 0;
  const total = known ? Math.max(state.total!, state.done) : undefined;
  const fraction = total ? Math.min(1, state.done / total) : undefined;
  // nothing counted yet and no total (a phase such as writing the report): the time spent alone
  const counting = known || state.done > 0 || state.rows !== undefined;
  const noun = state.noun ?? 'row';
  const rate = counting && rows !== undefined && elapsed > 0.5 ? `${formatCount(Math.round(rows / elapsed))} ${pluralOf(noun)}/s` : '';
  let count: string;
  if (unit === 'rows') count = total ? `${formatCount(state.done)}/${formatCount(total)}` : countOf(state.done, noun);
  else count = rows !== undefined ? countOf(rows, noun) : '';
  if (!counting) count = '';
  const tail: string[] = [];
  if (fraction !== undefined) tail.push(`${String(Math.floor(fraction * 100)).padStart(3)}%`);
  if (count) tail.push(count);
  const rateAt = tail.length;
  if (rate) tail.push(rate);
  if (fraction !== undefined) {
    tail.push(fraction > 0 && elapsed > 0.5 ? `eta ${clock((elapsed * (1 - fraction)) / fraction)}` : 'eta -:--');
  } else {
    tail.push(clock(elapsed));
  }
  const compose = (label: string, parts: string[], barWidth: number) => {
    const bar = barWidth > 0 && fraction !== undefined
      ? ` [${'#'.repeat(Math.round(fraction * barWidth)).padEnd(barWidth, '.')}]`
      : '';
    return `${label}${bar} ${parts.join('  ')}`;
  };
  const max = Math.max(20, width - 1);
  let parts = tail;
  const plain = compose(state.label, parts, 0);
  if (withBar && fraction !== undefined && plain.length + 13 <= max) {
    return compose(state.label, parts, Math.min(40, max - plain.length - 3));
  }
  if (plain.length <= max) return plain;
  if (rate) parts = [...tail.slice(0, rateAt), ...tail.slice(rateAt + 1)];
  const short = compose(state.label, parts, 0);
  if (short.length <= max) return short;
  const room = Math.max(4, max - (short.length - state.label.length));
  return compose(`${state.label.slice(0, room - 1)}…`, parts, 0);
}

function terminalBar(): Progress {
  let bar: cliProgress.SingleBar | undefined;
  let state: ProgressState | undefined;
  let startedAt = 0;
  return {
    start(label, total, options = {}) {
      bar?.stop();
      startedAt = Date.now();
      state = { label, total, unit: options.unit ?? 'rows', noun: options.noun, done: 0, elapsed: 0 };
      bar = new cliProgress.SingleBar({
        stream: process.stderr,
        format: () => {
          state!.elapsed = (Date.now() - startedAt) / 1000;
          return progressLine(state!, process.stderr.columns || 80);
        },
        hideCursor: true,
        clearOnComplete: true,
        linewrap: false,
        fps: 5,
      });
      bar.start(total ?? 0, 0);
    },
    update(done, rows) {
      if (!bar || !state) return;
      state.done = done;
      if (rows !== undefined) state.rows = rows;
      bar.update(done);
    },
    stop(summary) {
      bar?.stop();
      bar = undefined;
      state = undefined;
      if (summary) process.stderr.write(`${summary}\n`);
    },
  };
}

function periodicLines(intervalMs: number): Progress {
  let state: ProgressState | undefined;
  let startedAt = 0;
  let lastPrinted = 0;
  return {
    start(label, total, options = {}) {
      state = { label, total, unit: options.unit ?? 'rows', noun: options.noun, done: 0, elapsed: 0 };
      startedAt = Date.now();
      lastPrinted = startedAt;
    },
    update(done, rows) {
      if (!state) return;
      state.done = done;
      if (rows !== undefined) state.rows = rows;
      const now = Date.now();
      if (now - lastPrinted < intervalMs) return;
      lastPrinted = now;
      state.elapsed = (now - startedAt) / 1000;
      process.stderr.write(`${progressLine(state, 80, false)}\n`);
    },
    stop(summary) {
      state = undefined;
      if (summary) process.stderr.write(`${summary}\n`);
    },
  };
}

/**
 * Progress of a command made of phases that each run as one statement (commit, undo): a line as
 * each phase starts, and one with what it did and how long it took, so a long phase is never
 * silent about what it works on ("planning 100,000 rows", "Leads created: 36,076 in 2.1 s").
 */
export interface PhaseLog {
  phase<T>(starting: string, work: () => Promise<T>, done?: (result: T) => string): Promise<T>;
}

export function phaseLog(log: ((message: string) => void) | undefined, prefix = ''): PhaseLog {
  return {
    async phase(starting, work, done) {
      if (!log) return work();
      const startedAt = Date.now();
      log(`${prefix}${starting}`);
      const result = await work();
      if (done) log(`${prefix}  ${done(result)} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
      return result;
    },
  };
}
