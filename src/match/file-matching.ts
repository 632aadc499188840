import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { UserError } from '../errors.js';
import type { ScoredCandidate } from '../types.js';
import { loadMatcher, type BlockingRule, type Matcher, type MatchTarget, type MatchRecord } from './matcher.js';
import { scorePair, type ScoringContext } from './score.js';
import { defaultLevelContext } from './name-knowledge.js';
import { applyTransforms, checkPhoneticOnDigits, parseFieldSpec, type FieldSpec } from './field-transforms.js';
import { UnionFind } from './union-find.js';
import type { Progress } from '../progress.js';

/**
 * Dedupe and link of any CSV file, beyond the CRM: records are the file's rows (column -> value),
 * blocked in memory by key maps, scored with the matcher's "record" target. A blocking key or a
 * comparison field may name a column with transforms ("Street:address"); a transformed field is
 * worked out once per record and stored in the record under its spec, so the scorer reads it
 * like any column.
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

export interface RecordFile {
  path: string;
  headers: string[];
  records: FileRecord[];
  /** ids that more than one record has, with how many have each */
  repeatedIds: Map<string, number>;
}

/** Reads a CSV; headers and values are trimmed (FEBRL writes a space after each comma). */
export function readRecordFile(path: string, idColumn?: string): RecordFile {
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
  const records = parsed.data.map((row, index) => ({ id: row[id] || `row ${index + 2}`, values: row }));
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.id, (counts.get(record.id) ?? 0) + 1);
  const repeatedIds = new Map([...counts].filter(([, count]) => count > 1));
  return { path, headers, records, repeatedIds };
}

/** The records alone (tests, benchmarks). */
export function readRecords(path: string, idColumn?: string): FileRecord[] {
  return readRecordFile(path, idColumn).records;
}

/** One line about repeated ids, or undefined: pairs and clusters name records by id, so a repeated id makes them ambiguous. */
export function repeatedIdsWarning(file: RecordFile, idColumn: string): string | undefined {
  if (!file.repeatedIds.size) return undefined;
  const shown = [...file.repeatedIds].slice(0, 5).map(([id, count]) => `"${id}" ${count} times`).join(', ');
  const records = [...file.repeatedIds.values()].reduce((sum, count) => sum + count, 0);
  return `${file.path}: ${file.repeatedIds.size} id${file.repeatedIds.size === 1 ? '' : 's'} of column "${idColumn}" repeated on ${records} records (${shown}${file.repeatedIds.size > 5 ? ', ...' : ''}); pairs name records by id, so these are ambiguous`;
}

/** The transformed fields a target's blocking keys and comparisons name. */
export interface TargetFields {
  blocking: FieldSpec[][];
  /** comparison fields with transforms (plain columns need no work) */
  derived: FieldSpec[];
  /** every column named, for the check that the file has them */
  columns: Set<string>;
}

export function targetFields(target: MatchTarget, where: string): TargetFields {
  const blocking = target.blocking.map((rule, r) => rule.keys.map((key) => parseFieldSpec(key, `${where}: key "targets.record.blocking.${r}"`)));
  const derived = new Map<string, FieldSpec>();
  const columns = new Set(blocking.flat().map((field) => field.column));
  target.comparisons.forEach((comparison, c) => {
    for (const spec of [comparison.field, comparison.candidate_field ?? []].flat()) {
      const field = parseFieldSpec(spec, `${where}: key "targets.record.comparisons.${c}"`);
      columns.add(field.column);
      if (field.transforms.length) derived.set(spec, field);
    }
  });
  return { blocking, derived: [...derived.values()], columns };
}

/** Every column a matcher target names must exist in the file; phonetic transforms are refused on columns of numbers. */
export function checkColumns(target: MatchTarget, records: FileRecord[], path: string, where = 'matcher'): void {
  if (!records.length) return;
  const fields = targetFields(target, where);
  const columns = new Set(Object.keys(records[0].values));
  for (const name of fields.columns) {
    if (!columns.has(name)) throw new UserError(`${path}: the matcher names column "${name}", which the file does not have (columns: ${[...columns].join(', ')})`);
  }
  for (const field of [...fields.blocking.flat(), ...fields.derived]) {
    checkPhoneticOnDigits(field, records.map((record) => String(record.values[field.column] ?? '').trim()), `${where} on ${path}`);
  }
}

/** Stores each transformed comparison field in the record under its spec ("Street:address"). */
export function addDerivedFields(fields: TargetFields, records: FileRecord[]): void {
  if (!fields.derived.length) return;
  for (const record of records) {
    for (const field of fields.derived) {
      record.values[field.spec] = applyTransforms(field, String(record.values[field.column] ?? '').trim().toLowerCase());
    }
  }
}

/** A record's blocking key for a rule ("surname:metaphone" applies a transform); undefined when a part is empty. */
export function blockingKey(rule: BlockingRule | FieldSpec[], record: MatchRecord): string | undefined {
  const fields = Array.isArray(rule) ? rule : rule.keys.map((key) => parseFieldSpec(key, 'matcher'));
  const parts: string[] = [];
  for (const field of fields) {
    const raw = String(record[field.column] ?? '').trim().toLowerCase();
    if (!raw) return undefined;
    const value = applyTransforms(field, raw);
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

export function recordTarget(matcher: Matcher): MatchTarget {
  const target = matcher.targets.record;
  if (!target) throw new UserError(`${matcher.path}: dedupe and link need a "targets.record" section`);
  return target;
}

export interface FileMatchOptions {
  /** also keep pairs in the review band (default: match band only) */
  includeReview?: boolean;
  /** link: each record of A is linked to at most one record of B (the best pairs first) */
  oneToOne?: boolean;
  /** dedupe: pairs blocking produced, compared so far; link: records of B linked so far */
  progress?: Progress;
}

function prepared(records: FileRecord[], matcher: Matcher): TargetFields {
  const fields = targetFields(recordTarget(matcher), matcher.path);
  addDerivedFields(fields, records);
  return fields;
}

function kept(candidate: ScoredCandidate, options: FileMatchOptions): boolean {
  return candidate.band === 'match' || (options.includeReview === true && candidate.band === 'review');
}

/** Duplicate pairs within one file: blocked by every rule, each pair scored once. */
export function dedupeRecords(records: FileRecord[], matcher: Matcher, options: FileMatchOptions = {}): ScoredPair[] {
  const target = recordTarget(matcher);
  const fields = prepared(records, matcher);
  const context: ScoringContext = { ...defaultLevelContext, termFrequencies: fileTermFrequencies(target, records.map((r) => r.values)) };
  const seen = new Set<number>();
  const pairs: ScoredPair[] = [];
  const n = records.length;
  const rules = fields.blocking.map((rule) => {
    const blocks = new Map<string, number[]>();
    records.forEach((record, index) => {
      const key = blockingKey(rule, record.values);
      if (key === undefined) return;
      const block = blocks.get(key);
      if (block) block.push(index); else blocks.set(key, [index]);
    });
    return blocks;
  });
  // the pairs each rule's blocks hold (a pair two rules share counts twice, and is scored once)
  const total = rules.reduce((sum, blocks) => sum + [...blocks.values()].reduce((s, b) => s + (b.length * (b.length - 1)) / 2, 0), 0);
  options.progress?.start('comparing pairs', total, { noun: 'pair' });
  let considered = 0;
  let reported = 0;
  for (const blocks of rules) {
    for (const block of blocks.values()) {
      considered += (block.length * (block.length - 1)) / 2;
      if (considered - reported >= total / 500) {
        reported = considered;
        options.progress?.update(considered);
      }
      for (let x = 0; x < block.length; x++) {
        for (let y = x + 1; y < block.length; y++) {
          const i = block[x];
          const j = block[y];
          const pairKey = i * n + j;
          if (seen.has(pairKey)) continue;
          seen.add(pairKey);
          const candidate = scorePair(target, matcher.guards, records[i].values, records[j].values, context, { entityType: 'contact', id: records[j].id });
          if (kept(candidate, options)) pairs.push({ idA: records[i].id, idB: records[j].id, candidate });
        }
      }
    }
  }
  options.progress?.stop();
  return pairs.sort((p, q) => q.candidate.score - p.candidate.score);
}

/**
 * Links each record of B to its best match in A (if any reaches the band). With oneToOne, a
 * record of A is linked once too: pairs are taken best score first, skipping records already
 * linked, so a B record whose best A is taken by a better pair gets its next best.
 */
export function linkRecords(recordsA: FileRecord[], recordsB: FileRecord[], matcher: Matcher, options: FileMatchOptions = {}): ScoredPair[] {
  const target = recordTarget(matcher);
  const fields = prepared(recordsA, matcher);
  addDerivedFields(fields, recordsB);
  const context: ScoringContext = {
    ...defaultLevelContext,
    termFrequencies: fileTermFrequencies(target, [...recordsA, ...recordsB].map((r) => r.values)),
  };
  const maps = fields.blocking.map((rule) => {
    const map = new Map<string, number[]>();
    recordsA.forEach((record, index) => {
      const key = blockingKey(rule, record.values);
      if (key === undefined) return;
      const block = map.get(key);
      if (block) block.push(index); else map.set(key, [index]);
    });
    return map;
  });
  const best: ScoredPair[] = [];
  const all: (ScoredPair & { a: number; b: number })[] = [];
  options.progress?.start('linking records', recordsB.length, { noun: 'record' });
  recordsB.forEach((recordB, b) => {
    if (b % 1000 === 0) options.progress?.update(b);
    const candidates = new Set<number>();
    fields.blocking.forEach((rule, r) => {
      const key = blockingKey(rule, recordB.values);
      if (key !== undefined) for (const index of maps[r].get(key) ?? []) candidates.add(index);
    });
    let top: ScoredPair | undefined;
    for (const index of candidates) {
      const candidate = scorePair(target, matcher.guards, recordB.values, recordsA[index].values, context, { entityType: 'contact', id: recordsA[index].id });
      if (!kept(candidate, options)) continue;
      const pair = { idA: recordsA[index].id, idB: recordB.id, candidate };
      if (options.oneToOne) all.push({ ...pair, a: index, b });
      if (!top || candidate.score > top.candidate.score) top = pair;
    }
    if (top) best.push(top);
  });
  options.progress?.stop();
  if (!options.oneToOne) return best.sort((p, q) => q.candidate.score - p.candidate.score);
  const linkedA = new Set<number>();
  const linkedB = new Set<number>();
  const pairs: ScoredPair[] = [];
  for (const pair of all.sort((p, q) => q.candidate.score - p.candidate.score || p.b - q.b || p.a - q.a)) {
    if (linkedA.has(pair.a) || linkedB.has(pair.b)) continue;
    linkedA.add(pair.a);
    linkedB.add(pair.b);
    pairs.push({ idA: pair.idA, idB: pair.idB, candidate: pair.candidate });
  }
  return pairs;
}

/** pairs.csv: the two record ids, the score, the band and the explanation. */
export function pairsToCsv(pairs: ScoredPair[], headers: [string, string] = ['id_a', 'id_b']): string {
  return Papa.unparse({
    fields: [...headers, 'score', 'band', 'explanation'],
    data: pairs.map((p) => [p.idA, p.idB, p.candidate.score.toFixed(2), p.candidate.band, p.candidate.explanation]),
  }) + '\n';
}

/**
 * The file again with a "Cluster ID" column first, as dedupe.io's csvdedupe writes it: records
 * joined by match pairs (transitively) share an id, every other record has one of its own.
 * Cluster ids count from 0 in the order of each cluster's first record; the "confidence" column
 * is the best score that joined the record to its cluster (empty for a record alone).
 */
export function clustersToCsv(file: RecordFile, pairs: ScoredPair[]): string {
  const indexOf = new Map<string, number>();
  file.records.forEach((record, index) => { if (!indexOf.has(record.id)) indexOf.set(record.id, index); });
  const sets = new UnionFind();
  const confidence = new Map<number, number>();
  for (const pair of pairs) {
    if (pair.candidate.band !== 'match') continue;
    const a = indexOf.get(pair.idA)!;
    const b = indexOf.get(pair.idB)!;
    sets.union(a, b);
    for (const index of [a, b]) confidence.set(index, Math.max(confidence.get(index) ?? -Infinity, pair.candidate.score));
  }
  const clusterIds = new Map<number, number>();
  const rows = file.records.map((record, index) => {
    const root = sets.find(indexOf.get(record.id) ?? index);
    if (!clusterIds.has(root)) clusterIds.set(root, clusterIds.size);
    const score = confidence.get(index);
    return [String(clusterIds.get(root)), score === undefined ? '' : score.toFixed(2), ...file.headers.map((header) => String(record.values[header] ?? ''))];
  });
  return Papa.unparse({ fields: ['Cluster ID', 'confidence', ...file.headers], data: rows }) + '\n';
}

export interface FileRunSummary {
  records: number;
  /** pairs in the match band */
  pairs: number;
  /** pairs in the review band (only with includeReview) */
  reviewPairs: number;
  /** records in clusters of two or more */
  clusteredRecords: number;
  clusters: number;
  csv: string;
  warnings: string[];
}

function bandCounts(pairs: ScoredPair[]): { pairs: number; reviewPairs: number } {
  const review = pairs.filter((pair) => pair.candidate.band === 'review').length;
  return { pairs: pairs.length - review, reviewPairs: review };
}

/** `listgate dedupe FILE --matcher M`: the file's duplicate pairs (or its records with a cluster id) as CSV. */
export function dedupeFile(file: string, matcherName: string, options: FileMatchOptions & { clusters?: boolean } = {}): FileRunSummary {
  const matcher = loadMatcherForFiles(matcherName);
  const records = readRecordFile(file, matcher.id_column);
  checkColumns(recordTarget(matcher), records.records, file, matcher.path);
  const pairs = dedupeRecords(records.records, matcher, options);
  const groups = new UnionFind();
  const index = new Map(records.records.map((record, i) => [record.id, i]));
  const joined = new Set<number>();
  for (const pair of pairs) {
    if (pair.candidate.band !== 'match') continue;
    groups.union(index.get(pair.idA)!, index.get(pair.idB)!);
    joined.add(index.get(pair.idA)!).add(index.get(pair.idB)!);
  }
  const roots = new Set([...joined].map((i) => groups.find(i)));
  const warning = repeatedIdsWarning(records, matcher.id_column ?? records.headers[0]);
  return {
    records: records.records.length, ...bandCounts(pairs), clusteredRecords: joined.size, clusters: roots.size,
    csv: options.clusters ? clustersToCsv(records, pairs) : pairsToCsv(pairs, ['id_a', 'id_b']),
    warnings: warning ? [warning] : [],
  };
}

/** `listgate link A B --matcher M`: each record of B with its best match in A, as CSV. */
export function linkFiles(fileA: string, fileB: string, matcherName: string, options: FileMatchOptions = {}): FileRunSummary {
  const matcher = loadMatcherForFiles(matcherName);
  const a = readRecordFile(fileA, matcher.id_column);
  const b = readRecordFile(fileB, matcher.id_column);
  checkColumns(recordTarget(matcher), a.records, fileA, matcher.path);
  checkColumns(recordTarget(matcher), b.records, fileB, matcher.path);
  const pairs = linkRecords(a.records, b.records, matcher, options);
  const warnings = [repeatedIdsWarning(a, matcher.id_column ?? a.headers[0]), repeatedIdsWarning(b, matcher.id_column ?? b.headers[0])].filter((w): w is string => !!w);
  return { records: b.records.length, ...bandCounts(pairs), clusteredRecords: 0, clusters: 0, csv: pairsToCsv(pairs, ['id_a', 'id_b']), warnings };
}

export function loadMatcherForFiles(name: string): Matcher {
  const matcher = loadMatcher(name);
  targetFields(recordTarget(matcher), matcher.path);
  return matcher;
}
