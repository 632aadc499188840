import { describe, expect, it } from 'vitest';
import { clock, phaseLog, progressLine, type ProgressState } from '../src/progress.js';
import { countOf, formatCount, formatDuration, pluralOf } from '../src/plain-words.js';
import { wrapText } from '../src/cli/terminal-width.js';
import { helpExamples } from '../src/cli/help-examples.js';

const state = (s: Partial<ProgressState>): ProgressState => ({ label: 'matching and routing', unit: 'rows', done: 0, elapsed: 0, ...s });

describe('progress lines at 80 columns', () => {
  it('a known total: bar, percentage, counts with separators, rate and ETA, within 79 columns', () => {
    const line = progressLine(state({ done: 12_500, total: 100_000, elapsed: 5 }), 80);
    expect(line.length).toBeLessThanOrEqual(79);
    expect(line).toMatch(/^matching and routing \[#+\.+\]  12%  12,500\/100,000  2,500 rows\/s  eta 0:35$/);
  });

  it('never prints more done than the total ("12500/10000")', () => {
    const line = progressLine(state({ done: 12_500, total: 10_000, elapsed: 5 }), 80);
    expect(line).toContain('100%  12,500/12,500');
  });

  it('reading a file: bytes give the percentage and ETA, rows the count and rate', () => {
    const line = progressLine(state({ label: 'reading rows', unit: 'bytes', done: 25_000_000, total: 100_000_000, rows: 36_074, elapsed: 10 }), 80);
    expect(line.length).toBeLessThanOrEqual(79);
    expect(line).toMatch(/ 25%  36,074 rows  3,607 rows\/s  eta 0:30$/);
  });

  it('an unknown total counts and shows the time spent, so the line moves', () => {
    expect(progressLine(state({ label: 'writing the report', done: 0, elapsed: 12.4 }), 80)).toBe('writing the report 0:12');
    expect(progressLine(state({ label: 'loading contacts.csv', done: 250_000, elapsed: 125 }), 80)).toBe('loading contacts.csv 250,000 rows  2,000 rows/s  2:05');
  });

  it('in a narrow terminal the bar goes first, then the rate; the ETA stays', () => {
    const line = progressLine(state({ label: 'loading /very/long/path/to/the/export/contacts-2026-12-07.csv', done: 500, total: 1_000, elapsed: 10 }), 60);
    expect(line.length).toBeLessThanOrEqual(59);
    expect(line).toMatch(/… {1,2}50%  500\/1,000  eta 0:10$/);
    expect(line).not.toContain('[');
  });

  it('clock', () => {
    expect([clock(0), clock(59.6), clock(61), clock(3725)]).toEqual(['0:00', '1:00', '1:01', '1:02:05']);
  });

  it("a phase log says what each phase works on, then what it did", async () => {
    const lines: string[] = [];
    const phases = phaseLog((line) => lines.push(line), 'batch B1: ');
    const created = await phases.phase('creating Leads', async () => 36_076, (n) => `${countOf(n, 'Lead')} created`);
    expect(created).toBe(36_076);
    expect(lines[0]).toBe('batch B1: creating Leads');
    expect(lines[1]).toMatch(/^batch B1: {3}36,076 Leads created \(\d+\.\d s\)$/);
    // without a log the work still runs
    expect(await phaseLog(undefined).phase('x', async () => 7)).toBe(7);
  });
});

describe('figures and words', () => {
  it('one number format and real plurals', () => {
    expect(formatCount(36_074)).toBe('36,074');
    expect(countOf(36_076, 'lead')).toBe('36,076 leads');
    expect(countOf(1, 'opportunity')).toBe('1 opportunity');
    expect(countOf(2, 'opportunity')).toBe('2 opportunities');
    expect(countOf(0, 'merge candidate')).toBe('0 merge candidates');
    expect(countOf(3, 'suppression entry')).toBe('3 suppression entries');
    expect(countOf(2, 'day')).toBe('2 days');
    expect(pluralOf('batch')).toBe('batches');
    expect(pluralOf('Opportunity')).toBe('Opportunities');
  });

  it('durations', () => {
    expect([formatDuration(2.44), formatDuration(61), formatDuration(3725)]).toEqual(['2.4 s', '1 min 1 s', '1 h 2 min']);
  });
});

describe('wrapping at word boundaries', () => {
  const hint = 'next: decide the 12 merge candidates (listgate review B20261124-195136-tradeshow-79d9 --from reports/B20261124-195136-tradeshow-79d9/report.xlsx), then listgate commit B20261124-195136-tradeshow-79d9';

  it('breaks only at spaces, continuation lines indented, no line over the width unless one word is', () => {
    const wrapped = wrapText(hint, { width: 80 });
    const lines = wrapped.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length <= 80 || !line.trim().includes(' ')).toBe(true);
    expect(lines.slice(1).every((line) => line.startsWith('  '))).toBe(true);
    // every word survives whole
    expect(wrapped.split(/\s+/).filter(Boolean)).toEqual(hint.split(' '));
  });

  it('keeps an indented block indented', () => {
    const text = `  why: ${'too close to call between Contacts CON-0004, CON-0005 '.repeat(3).trim()}`;
    const lines = wrapText(text, { width: 60 }).split('\n');
    expect(lines[0].startsWith('  why: ')).toBe(true);
    expect(lines.slice(1).every((line) => line.startsWith('    ') && line.length <= 60)).toBe(true);
  });

  it('leaves text alone without a width (a pipe)', () => {
    const saved = process.env.COLUMNS;
    delete process.env.COLUMNS;
    try {
      expect(wrapText(hint, { width: undefined })).toBe(process.stdout.isTTY ? wrapText(hint) : hint);
    } finally {
      if (saved !== undefined) process.env.COLUMNS = saved;
    }
  });

  it('help examples: the words above, the command on its own lines, continued with \\ at option boundaries', () => {
    const help = helpExamples([['stage samples/lists/tradeshow-badge-scans.csv --pipeline tradeshow --report-dir reports/expo', 'stage badge scans']], 60);
    expect(help).toBe([
      'Examples:',
      '  stage badge scans:',
      '    listgate stage samples/lists/tradeshow-badge-scans.csv \\',
      '      --pipeline tradeshow --report-dir reports/expo',
    ].join('\n'));
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });
});

describe('progress of other counts', () => {
  it('says what it counts: pairs compared, records linked', () => {
    expect(progressLine(state({ label: 'comparing pairs', noun: 'pair', done: 40_000, total: 80_000, elapsed: 2 }), 80))
      .toMatch(/ 50%  40,000\/80,000  20,000 pairs\/s  eta 0:02$/);
  });
});
