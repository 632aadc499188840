import { UserError } from '../errors.js';
import { levelWeight } from './matcher.js';
import { fieldValues, scorePair, type ScoringContext } from './score.js';
import { testLevel } from './levels.js';
import { defaultLevelContext } from './name-knowledge.js';
import {
  addDerivedFields, blockingKey, checkColumns, fileTermFrequencies, loadMatcherForFiles, readRecordFile, recordTarget, targetFields,
  type FileRecord,
} from './file-matching.js';

/**
 * `listgate explain-pair FILE ID_A ID_B --matcher M`: why two records of a file were, or were not,
 * found as a pair. Blocking first (a pair that shares no key is never scored), then every
 * comparison with every level and whether it holds, then the score and its band.
 */
export function explainPair(file: string, idA: string, idB: string, matcherName: string): string[] {
  const matcher = loadMatcherForFiles(matcherName);
  const target = recordTarget(matcher);
  const records = readRecordFile(file, matcher.id_column);
  checkColumns(target, records.records, file, matcher.path);
  const fields = targetFields(target, matcher.path);
  addDerivedFields(fields, records.records);
  const find = (id: string): [FileRecord, number] => {
    const index = records.records.findIndex((record) => record.id === id);
    if (index < 0) throw new UserError(`${file}: no record with id "${id}" in column "${matcher.id_column ?? records.headers[0]}"`);
    if ((records.repeatedIds.get(id) ?? 0) > 1) throw new UserError(`${file}: id "${id}" is on ${records.repeatedIds.get(id)} records; explain-pair needs ids that name one record each`);
    return [records.records[index], index];
  };
  // dedupe scores each pair in file order: so does this
  const [[a], [b]] = [find(idA), find(idB)].sort((x, y) => x[1] - y[1]);
  const lines = [`records ${a.id} and ${b.id} of ${file}, matcher ${matcher.name}`, '', 'blocking (a pair is scored only when one rule gives both the same key):'];
  let blocked = false;
  target.blocking.forEach((rule, r) => {
    const keyA = blockingKey(fields.blocking[r], a.values);
    const keyB = blockingKey(fields.blocking[r], b.values);
    const same = keyA !== undefined && keyA === keyB;
    blocked ||= same;
    const shown = (key: string | undefined) => (key === undefined ? '(no key: a part is empty)' : `"${key.replaceAll('\u0001', ' + ')}"`);
    lines.push(`  ${same ? 'same key ' : 'different'}  ${rule.name ?? rule.keys.join(' + ')} [${rule.keys.join(', ')}]: ${shown(keyA)} vs ${shown(keyB)}`);
  });
  if (!blocked) lines.push('  no rule gives both the same key: dedupe never compares this pair');

  const context: ScoringContext = { ...defaultLevelContext, termFrequencies: fileTermFrequencies(target, records.records.map((r) => r.values)) };
  const scored = scorePair(target, matcher.guards, a.values, b.values, context, { entityType: 'contact', id: b.id });
  lines.push('', 'comparisons (the first level that holds gives the weight):');
  target.comparisons.forEach((comparison, c) => {
    const valuesA = fieldValues(a.values, comparison.field);
    const valuesB = fieldValues(b.values, comparison.candidate_field ?? comparison.field);
    const outcome = scored.comparisons[c];
    lines.push(`  ${comparison.name} [${[comparison.field].flat().join(', ')}]: ${valuesA.map((v) => `"${v}"`).join(', ') || '(empty)'} vs ${valuesB.map((v) => `"${v}"`).join(', ') || '(empty)'}  -> ${outcome.level} ${signed(outcome.weight)}`);
    const missing = !valuesA.length || !valuesB.length;
    let applied = false;
    for (const level of comparison.levels) {
      const name = level.threshold !== undefined ? `${level.kind} >= ${level.threshold}` : level.distance !== undefined ? `${level.kind} <= ${level.distance}` : level.kind;
      let holds: boolean;
      let how = '';
      if (level.kind === 'null') holds = missing;
      else if (missing) holds = false;
      else {
        const test = valuesA.flatMap((va) => valuesB.map((vb) => testLevel(level, va, vb, context))).find((t) => t.holds);
        holds = !!test;
        how = test?.how ? ` (${test.how})` : '';
      }
      const verdict = holds ? (applied ? 'holds too' : 'applies') : 'no';
      applied ||= holds;
      lines.push(`      ${verdict.padEnd(9)} ${name.padEnd(22)} ${signed(levelWeight(level)).padStart(6)}${level.tf ? ' tf' : ''}${how}`);
    }
  });
  const { thresholds } = target;
  lines.push('', `score ${scored.score.toFixed(2)}: ${scored.band === 'match' ? 'a match' : scored.band === 'review' ? 'in the review band' : 'not a pair'} (match at ${thresholds.match}, review at ${thresholds.review})${scored.guards.length ? `; guards: ${scored.guards.join('; ')}` : ''}`);
  if (!blocked && scored.band !== 'none') lines.push('the score would make it a pair, but blocking never puts the two together: add a blocking rule they share');
  return lines;
}

function signed(weight: number): string {
  return `${weight >= 0 ? '+' : ''}${weight.toFixed(2)}`;
}
