import type { ComparisonOutcome, MatchBand, ScoredCandidate } from '../types.js';
import { comparisonLabel, levelWeight, type Comparison, type Guards, type MatchTarget } from './matcher.js';
import { testLevel, type LevelContext } from './levels.js';
import { applyGuards } from './guards.js';

/**
 * A record as the scorer sees it: field name -> value(s). Incoming rows and CRM records are
 * flattened to the same field names (NormalizedPerson's, plus a few of the candidate's account),
 * and file records use their column names.
 */
export type MatchRecord = Record<string, unknown>;

export interface ScoringContext extends LevelContext {
  /** comparison name -> value -> relative frequency in the data (0..1), for tf levels */
  termFrequencies?: Map<string, Map<string, number>>;
}

/** A compared field's values: non-empty, trimmed, lower-cased strings (arrays flattened). */
export function fieldValues(record: MatchRecord, field: string | string[]): string[] {
  const out: string[] = [];
  for (const name of typeof field === 'string' ? [field] : field) {
    const value = record[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) {
        const text = String(item ?? '').trim().toLowerCase();
        if (text) out.push(text);
      }
    } else {
      const text = String(value).trim().toLowerCase();
      if (text) out.push(text);
    }
  }
  return out;
}

function shown(record: MatchRecord, field: string | undefined, fallback: string): string {
  if (!field) return fallback;
  const value = record[field];
  const text = Array.isArray(value) ? value.filter(Boolean).join(', ') : value === undefined || value === null ? '' : String(value).trim();
  return text || fallback;
}

function signed(weight: number): string {
  return `${weight >= 0 ? '+' : '-'}${Math.abs(weight).toFixed(1)}`;
}

/** Applies one comparison's levels in order; the first level that holds gives the weight. */
export function compare(comparison: Comparison, a: MatchRecord, b: MatchRecord, context: ScoringContext): ComparisonOutcome {
  const label = comparisonLabel(comparison);
  const valuesA = fieldValues(a, comparison.field);
  const valuesB = fieldValues(b, comparison.candidate_field ?? comparison.field);
  for (const level of comparison.levels) {
    if (level.kind === 'null') {
      if (!valuesA.length || !valuesB.length) {
        return { comparison: comparison.name, level: 'null', weight: levelWeight(level), detail: `${label} missing` };
      }
      continue;
    }
    if (!valuesA.length || !valuesB.length) continue;
    for (const va of valuesA) {
      for (const vb of valuesB) {
        const test = testLevel(level, va, vb, context);
        if (!test.holds) continue;
        const levelName = level.threshold !== undefined ? `${level.kind}>=${level.threshold}` : level.distance !== undefined ? `${level.kind}<=${level.distance}` : level.kind;
        const showA = shown(a, comparison.show, va);
        const showB = shown(b, comparison.candidate_show ?? comparison.show, vb);
        let weight = levelWeight(level);
        let detail: string;
        if (level.kind === 'else') {
          detail = `${label} differs${valuesA.length === 1 && valuesB.length === 1 ? ` (${showA} vs ${showB})` : ''}`;
        } else if (level.kind === 'exact' || (!test.how && va === vb)) {
          detail = `${label} identical`;
        } else {
          detail = `${label} ${showA} ~ ${showB}${test.how ? ` (${test.how})` : ''}`;
        }
        if (level.tf && level.m !== undefined) {
          const frequency = context.termFrequencies?.get(comparison.name)?.get(va);
          if (frequency !== undefined && frequency > 0) {
            // a common value is worth less than the level's average; a rare one is not worth more
            const adjusted = Math.log2(level.m / frequency);
            const average = levelWeight(level);
            if (level.u === undefined && level.weight === undefined) weight = adjusted;
            else if (adjusted < average) {
              weight = adjusted;
              if (average - adjusted >= 0.5) detail += ` (${showA} is common)`;
            }
          }
        }
        if (level.label) detail = `${label} ${level.label}`;
        return { comparison: comparison.name, level: levelName, weight, detail };
      }
    }
  }
  return { comparison: comparison.name, level: 'else', weight: 0, detail: `${label} differs` };
}

export function band(score: number, thresholds: MatchTarget['thresholds']): MatchBand {
  return score >= thresholds.match ? 'match' : score >= thresholds.review ? 'review' : 'none';
}

/** One line a data steward reads: "email identical +9.1; first name Bob ~ Robert (nickname) +3.0; ... = 16.3". */
export function explain(comparisons: ComparisonOutcome[], score: number, guards: string[]): string {
  const parts = comparisons.filter((c) => c.weight !== 0 || c.level !== 'null').map((c) => `${c.detail} ${signed(c.weight)}`);
  const line = `${parts.join('; ')} = ${score.toFixed(1)}`;
  return guards.length ? `${line} [${guards.join('; ')}]` : line;
}

/** Scores one pair with a target's comparisons, applies the guards, and explains the result. */
export function scorePair(
  target: MatchTarget,
  guards: Guards,
  a: MatchRecord,
  b: MatchRecord,
  context: ScoringContext,
  candidate: { entityType: ScoredCandidate['entityType']; id: string },
): ScoredCandidate {
  const comparisons = target.comparisons.map((comparison) => compare(comparison, a, b, context));
  const guarded = applyGuards(target, guards, comparisons, a, b);
  let score = guarded.comparisons.reduce((sum, c) => sum + c.weight, 0);
  if (guarded.cap !== undefined && score > guarded.cap) score = guarded.cap;
  score = Math.round(score * 100) / 100;
  return {
    entityType: candidate.entityType,
    id: candidate.id,
    score,
    band: band(score, target.thresholds),
    // weights kept to 0.01 (stored with every candidate of every row; explanations show 0.1)
    comparisons: guarded.comparisons.map((c) => ({ ...c, weight: Math.round(c.weight * 100) / 100 })),
    guards: guarded.guards,
    explanation: explain(guarded.comparisons, score, guarded.guards),
  };
}
