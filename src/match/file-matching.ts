import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { UserError } from '../errors.js';
import type { ScoredCandidate } from '../types.js';
import { metaphoneCodes, soundex } from './comparators.js';
import { loadMatcher, type BlockingRule, type Matcher, type MatchTarget } from './matcher.js';
import { scorePair, type MatchRecord, type ScoringContext } from './score.js';
import { defaultLevelContext } from './name-knowledge.js';

/**
 * Dedupe and link of any CSV file, beyond the CRM: records are the file's rows (column -> value),
 * blocked in memory by key maps, scored with the matcher's "record" target.
 */

export interface FileRecord {
  id: string;
  values: MatchRecord;
}

export interface ScoredPair {
  idA: string;
  idB: string;
  candidate: ScoredCandidate;
}

/** Reads a CSV; headers and values are trimmed (FEBRL writes a space after each comma). */
export function readRecords(path: string, idColumn?: string): FileRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim(),
    transform: (value) => value.trim(),
  });
  const headers = parsed.meta.fields ?? [];
  if (!headers.length) throw new UserError(`${path}: no header row`);
  const id = idColumn ?? headers[0];
  if (!headers.includes(id)) throw new UserError(`${path}: id column "${id}" not found (columns: ${headers.join(', ')})`);
  return parsed.data.map((row, index) => ({ id: row[id] || `row ${index + 2}`, values: row }));
}

/** Every column a matcher target names must exist in the file. */
export function checkColumns(target: MatchTarget, records: FileRecord[], path: string): void {
  if (!records.length) return;
  const columns = new Set(Object.keys(records[0].values));
  const named = new Set<string>();
  for (const rule of target.blocking) for (const key of rule.keys) named.add(key.split(':')[0]);
  for (const comparison of target.comparisons) {
    for (const field of [comparison.field, comparison.candidate_field ?? []].flat()) named.add(field);
  }
  for (const name of named) {
    if (!columns.has(name)) throw new UserError(`${path}: the matcher names column "${name}", which the file does not have (columns: ${[...columns].join(', ')})`);
  }
}

const transforms: Record<string, (value: string) => string> = {
  metaphone: (v) => metaphoneCodes(v)[0] ?? '',
  soundex: (v) => soundex(v),
  first_letter: (v) => v.slice(0, 1),
  prefix3: (v) => (v.length >= 3 ? v.slice(0, 3) : ''),
  year: (v) => v.replace(/\D/g, '').slice(0, 4),
  digits: (v) => v.replace(/\D/g, ''),
  sorted_tokens: (v) => v.split(/\s+/).sort().join(' '),
};

/** A record's blocking key for a rule ("surname:metaphone" applies a transform); undefined when a part is empty. */
export function blockingKey(rule: BlockingRule, record: MatchRecord): string | undefined {
  const parts: string[] = [];
  for (const key of rule.keys) {
    const [column, transform] = key.split(':');
    const raw = String(record[column] ?? '').trim().toLowerCase();
    if (!raw) return undefined;
    const apply = transform ? transforms[transform] : undefined;
    if (transform && !apply) throw new UserError(`matcher: unknown blocking transform "${transform}" in "${key}" (known: ${Object.keys(transforms).join(', ')})`);
    const value = apply ? apply(raw) : raw;
    if (!value) return undefined;
    parts.push(value);
  }
  return parts.join('\u0001');
}

/** Relative frequency of each value of the tf-adjusted comparisons' fields, over the given records. */
export function fileTermFrequencies(target: MatchTarget, records: MatchRecord[]): Map<string, Map<string, number>> {
  const result = new Map<string, Map<string, number>>();
  for (const comparison of target.comparisons) {
    if (!comparison.levels.some((level) => level.tf)) continue;
    const counts = new Map<string, number>();
    let total = 0;
    for (const record of records) {
      for (const field of [comparison.field].flat()) {
        const value = String(record[field] ?? '').trim().toLowerCase();
        if (!value) continue;
        counts.set(value, (counts.get(value) ?? 0) + 1);
        total++;
      }
    }
    for (const [value, count] of counts) counts.set(value, count / total);
    result.set(comparison.name, counts);
  }
  return result;
}

function recordTarget(matcher: Matcher): MatchTarget {
  const target = matcher.targets.record;
  if (!target) throw new UserError(`${matcher.path}: dedupe and link need a "targets.record" section`);
  return target;
}

export interface FileMatchOptions {
  /** also keep pairs in the review band (default: match band only) */
  includeReview?: boolean;
}

/** Duplicate pairs within one file: blocked by every rule, each pair scored once. */
export function dedupeRecords(records: FileRecord[], matcher: Matcher, options: FileMatchOptions = {}): ScoredPair[] {
  const target = recordTarget(matcher);
  const context: ScoringContext = { ...defaultLevelContext, termFrequencies: fileTermFrequencies(target, records.map((r) => r.values)) };
  const seen = new Set<number>();
  const pairs: ScoredPair[] = [];
  const n = records.length;
  for (const rule of target.blocking) {
    const blocks = new Map<string, number[]>();
    records.forEach((record, index) => {
      const key = blockingKey(rule, record.values);
      if (key === undefined) return;
      const block = blocks.get(key);
      if (block) block.push(index); else blocks.set(key, [index]);
    });
    for (const block of blocks.values()) {
      for (let x = 0; x < block.length; x++) {
        for (let y = x + 1; y < block.length; y++) {
          const i = block[x];
          const j = block[y];
          const pairKey = i * n + j;
          if (seen.has(pairKey)) continue;
          seen.add(pairKey);
          const candidate = scorePair(target, matcher.guards, records[i].values, records[j].values, context, { entityType: 'contact', id: records[j].id });
          if (candidate.band === 'match' || (options.includeReview && candidate.band === 'review')) {
            pairs.push({ idA: records[i].id, idB: records[j].id, candidate });
          }
        }
      }
    }
  }
  return pairs.sort((p, q) => q.candidate.score - p.candidate.score);
}

/** Links each record of B to its best match in A (if any reaches the band). */
export function linkRecords(recordsA: FileRecord[], recordsB: FileRecord[], matcher: Matcher, options: FileMatchOptions = {}): ScoredPair[] {
  const target = recordTarget(matcher);
  const context: ScoringContext = {
    ...defaultLevelContext,
    termFrequencies: fileTermFrequencies(target, [...recordsA, ...recordsB].map((r) => r.values)),
  };
  const maps = target.blocking.map((rule) => {
    const map = new Map<string, number[]>();
    recordsA.forEach((record, index) => {
      const key = blockingKey(rule, record.values);
      if (key === undefined) return;
      const block = map.get(key);
      if (block) block.push(index); else map.set(key, [index]);
    });
    return map;
  });
  const pairs: ScoredPair[] = [];
  for (const recordB of recordsB) {
    const candidates = new Set<number>();
    target.blocking.forEach((rule, r) => {
      const key = blockingKey(rule, recordB.values);
      if (key !== undefined) for (const index of maps[r].get(key) ?? []) candidates.add(index);
    });
    let best: ScoredPair | undefined;
    for (const index of candidates) {
      const candidate = scorePair(target, matcher.guards, recordB.values, recordsA[index].values, context, { entityType: 'contact', id: recordsA[index].id });
      if (!best || candidate.score > best.candidate.score) best = { idA: recordsA[index].id, idB: recordB.id, candidate };
    }
    if (best && (best.candidate.band === 'match' || (options.includeReview && best.candidate.band === 'review'))) pairs.push(best);
  }
  return pairs.sort((p, q) => q.candidate.score - p.candidate.score);
}

/** pairs.csv: the two record ids, the score, the band and the explanation. */
export function pairsToCsv(pairs: ScoredPair[], headers: [string, string] = ['id_a', 'id_b']): string {
  return Papa.unparse({
    fields: [...headers, 'score', 'band', 'explanation'],
    data: pairs.map((p) => [p.idA, p.idB, p.candidate.score.toFixed(2), p.candidate.band, p.candidate.explanation]),
  }) + '\n';
}

export interface FileRunSummary {
  records: number;
  pairs: number;
  milliseconds: number;
  csv: string;
}

/** `listgate dedupe FILE --matcher M`: the file's duplicate pairs as CSV. */
export function dedupeFile(file: string, matcherName: string, options: FileMatchOptions = {}): FileRunSummary {
  const started = Date.now();
  const matcher = loadMatcherForFiles(matcherName);
  const records = readRecords(file, matcher.id_column);
  checkColumns(recordTarget(matcher), records, file);
  const pairs = dedupeRecords(records, matcher, options);
  return { records: records.length, pairs: pairs.length, milliseconds: Date.now() - started, csv: pairsToCsv(pairs, ['id_a', 'id_b']) };
}

/** `listgate link A B --matcher M`: each record of B with its best match in A, as CSV. */
export function linkFiles(fileA: string, fileB: string, matcherName: string, options: FileMatchOptions = {}): FileRunSummary {
  const started = Date.now();
  const matcher = loadMatcherForFiles(matcherName);
  const recordsA = readRecords(fileA, matcher.id_column);
  const recordsB = readRecords(fileB, matcher.id_column);
  checkColumns(recordTarget(matcher), recordsA, fileA);
  checkColumns(recordTarget(matcher), recordsB, fileB);
  const pairs = linkRecords(recordsA, recordsB, matcher, options);
  return { records: recordsB.length, pairs: pairs.length, milliseconds: Date.now() - started, csv: pairsToCsv(pairs, ['id_a', 'id_b']) };
}

function loadMatcherForFiles(name: string): Matcher {
  const matcher = loadMatcher(name);
  recordTarget(matcher);
  for (const rule of matcher.targets.record!.blocking) for (const key of rule.keys) {
    const transform = key.split(':')[1];
    if (transform && !transforms[transform]) throw new UserError(`${matcher.path}: unknown blocking transform "${transform}" in "${key}" (known: ${Object.keys(transforms).join(', ')})`);
  }
  return matcher;
}
