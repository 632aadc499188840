import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { dedupeFile } from '../src/match/file-matching.js';

/**
 * The outside yardstick: `listgate dedupe` with matchers/febrl.json on the FEBRL files, scored
 * against their ground truth (records sharing the number N in rec-N-... are the same person).
 */
const fixtures = join(import.meta.dirname, 'fixtures', 'febrl');
const out = mkdtempSync(join(tmpdir(), 'febrl-'));

function personNumber(recId: string): string {
  return recId.trim().split('-')[1];
}

function truthPairs(file: string): number {
  const lines = readFileSync(file, 'utf8').split('\n').slice(1).filter((line) => line.trim());
  const sizes = new Map<string, number>();
  for (const line of lines) {
    const id = personNumber(line.split(',')[0]);
    sizes.set(id, (sizes.get(id) ?? 0) + 1);
  }
  let pairs = 0;
  for (const size of sizes.values()) pairs += (size * (size - 1)) / 2;
  return pairs;
}

const results: string[] = [];

describe('FEBRL dedupe (matchers/febrl.json)', () => {
  afterAll(() => console.log(['| file | records | predicted pairs | precision | recall | F1 | time |', '| --- | --- | --- | --- | --- | --- | --- |', ...results].join('\n')));
  function score(file: string, csv: string) {
    const predicted = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    const truePositives = predicted.filter((p) => personNumber(p.id_a) === personNumber(p.id_b)).length;
    const precision = truePositives / predicted.length;
    const recall = truePositives / truthPairs(file);
    return { predicted, precision, recall, f1: (2 * precision * recall) / (precision + recall) };
  }

  // the same function the command calls, in-process (a child process per file is slow on a busy CI box)
  it.each(['dataset1', 'dataset2', 'dataset3'])('%s reaches F1 >= 0.97', (name) => {
    const file = join(fixtures, `${name}.csv`);
    const started = Date.now();
    const summary = dedupeFile(file, 'febrl');
    const seconds = (Date.now() - started) / 1000;
    const { predicted, precision, recall, f1 } = score(file, summary.csv);
    expect(predicted.length).toBe(summary.pairs);
    expect(predicted[0].explanation).toMatch(/ = \d+\.\d$/);
    results.push(`| ${name} | ${summary.records} | ${predicted.length} | ${precision.toFixed(4)} | ${recall.toFixed(4)} | ${f1.toFixed(4)} | ${seconds.toFixed(2)}s |`);
    expect(f1).toBeGreaterThanOrEqual(0.97);
  });

  it('`listgate dedupe` writes the same pairs file', () => {
    const file = join(fixtures, 'dataset1.csv');
    const pairsFile = join(out, 'dataset1-pairs.csv');
    execFileSync('node', ['bin/listgate.js', 'dedupe', file, '--matcher', 'matchers/febrl.json', '--out', pairsFile], { stdio: 'pipe' });
    const fromCli = readFileSync(pairsFile, 'utf8');
    expect(fromCli).toBe(dedupeFile(file, 'febrl').csv);
    expect(score(file, fromCli).f1).toBeGreaterThanOrEqual(0.97);
  });
});
