import type { ComparisonOutcome, MatchBand, ScoredCandidate } from '../types.js';
import { comparisonLabel, levelWeight, type Comparison, type Guards, type Level, type MatchRecord, type MatchTarget } from './matcher.js';

export type { MatchRecord } from './matcher.js';
import { testLevel, type LevelContext, type LevelTest } from './levels.js';
import { applyGuards } from './guards.js';
import { remembered, workedOutOnce } from './comparators.js';

export interface ScoringContext extends LevelContext {
  /** comparison name -> value -> relative frequency in the data (0..1), for tf levels */
  termFrequencies?: Map<string, Map<string, number>>;
  /**
   * acronyms of Account names held by two or more Accounts, with their count: an acronym level
   * counts only for an acronym one Account has ("NHN is the acronym of National Hospital Networks
   * LLC, the only Account with it"); a shared one is no evidence
   */
  sharedAcronyms?: Map<string, number>;
}

const noValues: string[] = [];

/** A compared field's values: non-empty, trimmed, lower-cased strings (arrays flattened). */
export function fieldValues(record: MatchRecord, field: string | string[]): string[] {
  if (typeof field === 'string') return valuesOf(record, field);
  const out: string[] = [];
  for (const name of field) out.push(...valuesOf(record, name));
  return out;
}

/** One field's values; the shared empty array when there are none (callers only read them). */
function valuesOf(record: MatchRecord, name: string): string[] {
  const value = record[name];
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    return text ? [text] : noValues;
  }
  if (value === undefined || value === null) return noValues;
  if (!Array.isArray(value)) {
    const text = String(value).trim().toLowerCase();
    return text ? [text] : noValues;
  }
  const out: string[] = [];
  for (const item of value) {
    const text = String(item ?? '').trim().toLowerCase();
    if (text) out.push(text);
  }
  return out;
}

function shown(record: MatchRecord, field: string | undefined, fallback: string): string {
  if (!field) return fallback;
  const value = record[field];
  const text = Array.isArray(value) ? value.filter(Boolean).join(', ') : value === undefined || value === null ? '' : String(value).trim();
  return text || fallback;
}

// Explanations show numbers that repeat (most weights are a level's own; scores fall on a few
// thousand values) and toFixed costs more than the rest of a part: their texts are remembered.
const weightTexts = new Map<number, string>();
const scoreTexts = new Map<number, string>();
const weightText = (weight: number) => ` ${weight >= 0 ? '+' : '-'}${Math.abs(weight).toFixed(1)}`;
const scoreText = (score: number) => score.toFixed(1);

/** A level with what compare reports for it, worked out once. */
interface LevelPlan {
  level: Level;
  /** "exact", "jaro_winkler>=0.92", "levenshtein<=1"... */
  name: string;
  weight: number;
  /** the detail of a level with its own label ("email identical") */
  labelled?: string;
}

/** A comparison with its label, fields and level names, worked out once. */
interface ComparisonPlan {
  name: string;
  label: string;
  field: string | string[];
  candidateField: string | string[];
  show?: string;
  candidateShow?: string;
  levels: LevelPlan[];
  /** the details that do not depend on the values: "email missing", "email differs", "email identical" */
  missing: string;
  differs: string;
  identical: string;
}

// A matcher is read once and its comparisons score every pair: their labels and level names are
// built once per comparison object, not once per pair.
const plans = new WeakMap<Comparison, ComparisonPlan>();

function comparisonPlan(comparison: Comparison): ComparisonPlan {
  return workedOutOnce(plans, comparison, planComparison);
}

function planComparison(comparison: Comparison): ComparisonPlan {
  const label = comparisonLabel(comparison);
  return {
    name: comparison.name,
    label,
    field: comparison.field,
    candidateField: comparison.candidate_field ?? comparison.field,
    show: comparison.show,
    candidateShow: comparison.candidate_show ?? comparison.show,
    levels: comparison.levels.map((level) => ({
      level,
      name: level.threshold !== undefined ? `${level.kind}>=${level.threshold}` : level.distance !== undefined ? `${level.kind}<=${level.distance}` : level.kind,
      weight: levelWeight(level),
      labelled: level.label ? `${label} ${level.label}` : undefined,
    })),
    missing: `${label} missing`,
    differs: `${label} differs`,
    identical: `${label} identical`,
  };
}

/** Applies one comparison's levels in order; the first level that holds gives the weight. */
export function compare(comparison: Comparison, a: MatchRecord, b: MatchRecord, context: ScoringContext): ComparisonOutcome {
  const plan = comparisonPlan(comparison);
  const valuesA = fieldValues(a, plan.field);
  const valuesB = valuesA.length ? fieldValues(b, plan.candidateField) : noValues;
  const missing = !valuesA.length || !valuesB.length;
  for (const step of plan.levels) {
    if (step.level.kind === 'null') {
      if (missing) return { comparison: plan.name, level: 'null', weight: step.weight, detail: plan.missing };
      continue;
    }
    if (missing) continue;
    for (const va of valuesA) {
      for (const vb of valuesB) {
        const test = testLevel(step.level, va, vb, context);
        if (test.holds) return levelOutcome(plan, step, test, a, b, va, vb, valuesA.length === 1 && valuesB.length === 1, context);
      }
    }
  }
  return { comparison: plan.name, level: 'else', weight: 0, detail: plan.differs };
}

/** The outcome of the level that holds for values va and vb: its weight (term-frequency adjusted) and its words. */
function levelOutcome(
  plan: ComparisonPlan, step: LevelPlan, test: LevelTest, a: MatchRecord, b: MatchRecord, va: string, vb: string,
  singleValues: boolean, context: ScoringContext,
): ComparisonOutcome {
  const { level, labelled } = step;
  let weight = step.weight;
  let common = false;
  if (level.tf && level.m !== undefined) {
    const frequency = context.termFrequencies?.get(plan.name)?.get(va);
    if (frequency !== undefined && frequency > 0) {
      // a common value is worth less than the level's average; a rare one is not worth more
      const adjusted = Math.log2(level.m / frequency);
      if (level.u === undefined && level.weight === undefined) weight = adjusted;
      else if (adjusted < step.weight) {
        weight = adjusted;
        common = step.weight - adjusted >= 0.5;
      }
    }
  }
  let detail: string;
  if (level.kind === 'acronym' && context.sharedAcronyms) {
    const rowIsAcronym = va.length < vb.length;
    const acronym = (rowIsAcronym ? va : vb).replace(/[^\p{L}\p{N}]/gu, '');
    const written = rowIsAcronym ? shown(a, plan.show, va) : shown(b, plan.candidateShow, vb);
    const full = rowIsAcronym ? shown(b, plan.candidateShow, vb) : shown(a, plan.show, va);
    const holders = context.sharedAcronyms.get(acronym);
    if (holders && holders >= 2) {
      return { comparison: plan.name, level: step.name, weight: 0, detail: joined(written, ' may be the acronym of ', full, ', but ', String(holders), ' Accounts have it: no evidence') };
    }
    return { comparison: plan.name, level: step.name, weight, detail: joined(written, ' is the acronym of ', full, ', the only Account with it') };
  }
  if (labelled) {
    detail = labelled;
  } else if (level.kind === 'else') {
    detail = singleValues ? joined(plan.label, ' differs (', shown(a, plan.show, va), ' vs ', shown(b, plan.candidateShow, vb), ')') : plan.differs;
  } else if (level.kind === 'exact' || (!test.how && va === vb)) {
    detail = plan.identical;
  } else {
    detail = test.how
      ? joined(plan.label, ' ', shown(a, plan.show, va), ' ~ ', shown(b, plan.candidateShow, vb), ' (', test.how, ')')
      : joined(plan.label, ' ', shown(a, plan.show, va), ' ~ ', shown(b, plan.candidateShow, vb));
  }
  if (common && !labelled) detail = joined(detail, ' (', shown(a, plan.show, va), ' is common)');
  return { comparison: plan.name, level: step.name, weight, detail };
}

/**
 * Parts as one flat string. Details and explanations are kept with every scored candidate; built
 * with + or a template literal they would be kept as trees of partial strings, several objects
 * each (about twice the memory, and the garbage collector copies every one of them).
 */
export function joined(...parts: string[]): string {
  return parts.join('');
}

export function band(score: number, thresholds: MatchTarget['thresholds']): MatchBand {
  return score >= thresholds.match ? 'match' : score >= thresholds.review ? 'review' : 'none';
}

/** One line a data steward reads: "email identical +9.1; first name Bob ~ Robert (nickname) +3.0; ... = 16.3". */
export function explain(comparisons: ComparisonOutcome[], score: number, guards: string[]): string {
  const parts: string[] = [];
  for (const c of comparisons) {
    if (c.weight === 0 && c.level === 'null') continue;
    if (parts.length) parts.push('; ');
    parts.push(c.detail, remembered(weightTexts, c.weight, weightText));
  }
  parts.push(' = ', remembered(scoreTexts, score, scoreText));
  if (guards.length) parts.push(' [', guards.join('; '), ']');
  return parts.join('');
}

/** The row with its first and last names exchanged, when they are the candidate's the other way round. */
function swappedNames(a: MatchRecord, b: MatchRecord): MatchRecord | undefined {
  const first = a.firstNameKey;
  const last = a.lastNameKey;
  if (typeof first !== 'string' || typeof last !== 'string' || !first || !last || first === last) return undefined;
  if (first !== b.lastNameKey || last !== b.firstNameKey) return undefined;
  return {
    ...a,
    firstName: a.lastName, lastName: a.firstName, firstNameKey: last, lastNameKey: first,
    firstInitial: last[0], firstNameCanonical: b.firstNameCanonical, lastNameMetaphone: b.lastNameMetaphone,
  };
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
  const straight = scoreOnePair(target, guards, a, b, context, candidate);
  const swapped = guards.swapped_names && target.comparisons.some((c) => c.role === 'first_name') ? swappedNames(a, b) : undefined;
  if (!swapped) return straight;
  const exchanged = scoreOnePair(target, guards, swapped, b, context, candidate, guards.swapped_names!.weight);
  return exchanged.score > straight.score ? exchanged : straight;
}

/** Scores one pair (with the swapped-names weight when the row's names were exchanged). */
function scoreOnePair(
  target: MatchTarget,
  guards: Guards,
  a: MatchRecord,
  b: MatchRecord,
  context: ScoringContext,
  candidate: { entityType: ScoredCandidate['entityType']; id: string },
  swappedWeight?: number,
): ScoredCandidate {
  const comparisons = target.comparisons.map((comparison) => compare(comparison, a, b, context));
  if (swappedWeight !== undefined) {
    comparisons.push({ comparison: 'swapped_names', level: 'swapped', weight: swappedWeight, detail: 'first and last name swapped' });
  }
  const guarded = applyGuards(target, guards, comparisons, a, b);
  let score = 0;
  for (const c of comparisons) score += c.weight;
  if (guarded.cap !== undefined && score > guarded.cap) score = guarded.cap;
  score = Math.round(score * 100) / 100;
  const explanation = explain(comparisons, score, guarded.guards);
  // weights kept to 0.01 (stored with every candidate of every row; explanations show 0.1)
  for (const c of comparisons) c.weight = Math.round(c.weight * 100) / 100;
  return {
    entityType: candidate.entityType,
    id: candidate.id,
    score,
    band: band(score, target.thresholds),
    comparisons,
    guards: guarded.guards,
    explanation,
  };
}
