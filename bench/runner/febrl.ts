import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

export interface PairQuality { truePairs: number; predicted: number; truePositives: number; precision: number; recall: number; f1: number }

/** FEBRL ground truth: rec-N-org and rec-N-dup-K are one person; the true pairs are all pairs sharing N. */
export function febrlQuality(datasetCsv: string, pairsCsv: string): PairQuality {
  const ids = Papa.parse<string[]>(readFileSync(datasetCsv, 'utf8'), { skipEmptyLines: true }).data.slice(1).map((r) => r[0].trim());
  const groupOf = (id: string) => /^rec-(\d+)-/.exec(id)?.[1] ?? id;
  const sizes = new Map<string, number>();
  for (const id of ids) sizes.set(groupOf(id), (sizes.get(groupOf(id)) ?? 0) + 1);
  let truePairs = 0;
  for (const n of sizes.values()) truePairs += (n * (n - 1)) / 2;
  const pairs = Papa.parse<Record<string, string>>(readFileSync(pairsCsv, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const unique = new Set(pairs.map((p) => [p.id_a.trim(), p.id_b.trim()].sort().join('|')));
  let truePositives = 0;
  for (const pair of unique) {
    const [a, b] = pair.split('|');
    if (groupOf(a) === groupOf(b)) truePositives++;
  }
  const precision = unique.size ? truePositives / unique.size : 0;
  const recall = truePairs ? truePositives / truePairs : 0;
  return { truePairs, predicted: unique.size, truePositives, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
