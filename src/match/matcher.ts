import { basename } from 'node:path';
import { z } from 'zod';
import { readConfigFile, validateConfig } from '../config-file.js';
import { UserError } from '../errors.js';

/**
 * A record as the scorer sees it: field name -> value(s). Incoming rows and CRM records are
 * flattened to the same field names (NormalizedPerson's, plus a few of the candidate's account),
 * and file records use their column names.
 */
export type MatchRecord = Record<string, unknown>;

/**
 * A matcher file (matchers/NAME.json): per target, which keys block candidates, which comparisons
 * score a pair (Fellegi-Sunter levels with weights log2(m/u)), the two thresholds, and the guards.
 * Everything a user tunes about matching lives here; the engine only reads it.
 */

export const levelKinds = [
  /** either side has no value */
  'null',
  /** equal values */
  'exact',
  /** Jaro-Winkler similarity >= threshold */
  'jaro_winkler',
  /** edit distance <= distance, or similarity 1 - d/len >= threshold */
  'levenshtein',
  /** first names of one nickname group: Bob ~ Robert */
  'nickname',
  /** one side is an initial of the other: J ~ John */
  'initial',
  /** one name, of 3 letters or more, is the start of the other: Chris ~ Christine, Raj ~ Rajesh */
  'prefix',
  /** Double Metaphone codes agree: Smyth ~ Smith */
  'metaphone',
  /** company names share tokens (similarity >= threshold), legal suffixes ignored */
  'company_tokens',
  /** one company name is the acronym of the other: IBM ~ International Business Machines */
  'acronym',
  /** same phone number (E.164), extension ignored */
  'phone',
  /** same phone number and same extension */
  'phone_ext',
  /** same domain (email or website domain); any shared value of multi-valued fields */
  'domain',
  /** a date with two digits swapped or day and month swapped */
  'date_typo',
  /** same year of a date */
  'date_year',
  /** token-set Jaccard similarity >= threshold */
  'token_set',
  /** anything else */
  'else',
] as const;
export type LevelKind = (typeof levelKinds)[number];

const fieldNames = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const levelSchema = z.strictObject({
  kind: z.enum(levelKinds),
  threshold: z.number().min(0).max(1).optional(),
  distance: z.number().int().min(0).optional(),
  /** levenshtein with distance: two neighbouring letters swapped count as one edit (gmial ~ gmail) */
  transpositions: z.boolean().optional(),
  /** P(level | same entity) */
  m: z.number().gt(0).max(1).optional(),
  /** P(level | different entities) */
  u: z.number().gt(0).max(1).optional(),
  /** log2(m/u) given directly */
  weight: z.number().optional(),
  /** term-frequency adjustment: u is the value's frequency in the data (a common value is worth less) */
  tf: z.boolean().optional(),
  /** words for the explanation, e.g. "identical" */
  label: z.string().optional(),
}).superRefine((level, ctx) => {
  if (level.weight === undefined && (level.m === undefined || level.u === undefined) && level.kind !== 'null') {
    ctx.addIssue({ code: 'custom', message: `level "${level.kind}" needs "weight" or both "m" and "u"` });
  }
  if (level.tf && level.m === undefined) ctx.addIssue({ code: 'custom', message: `level "${level.kind}" with "tf" needs "m"` });
  if ((level.kind === 'jaro_winkler' || level.kind === 'company_tokens' || level.kind === 'token_set') && level.threshold === undefined) {
    ctx.addIssue({ code: 'custom', message: `level "${level.kind}" needs a "threshold" between 0 and 1` });
  }
  if (level.kind === 'levenshtein' && level.threshold === undefined && level.distance === undefined) {
    ctx.addIssue({ code: 'custom', message: 'level "levenshtein" needs "distance" (max edits) or "threshold" (similarity)' });
  }
});

export const comparisonRoles = ['email', 'phone', 'first_name', 'last_name', 'company', 'domain', 'other'] as const;
export type ComparisonRole = (typeof comparisonRoles)[number];

const comparisonSchema = z.strictObject({
  name: z.string().min(1),
  /** field(s) of the incoming record; with several, any pair of values may satisfy a level */
  field: fieldNames,
  /** field(s) of the candidate record when they differ from field */
  candidate_field: fieldNames.optional(),
  /** field shown in explanations instead of the compared key (firstName for firstNameKey) */
  show: z.string().optional(),
  /** the candidate's field shown in explanations (the account name for a contact's company) */
  candidate_show: z.string().optional(),
  /** words for the field in explanations; default: name with _ as spaces */
  label: z.string().optional(),
  /** what the guards know this comparison as */
  role: z.enum(comparisonRoles).default('other'),
  levels: z.array(levelSchema).min(1),
});

const blockingRuleSchema = z.strictObject({
  /** shown in reports: which rule produced a candidate */
  name: z.string().optional(),
  /**
   * CRM targets: batch row key columns (email_key, phone, corporate_domain, last_name_metaphone,
   * first_initial, company_key, company_acronym, website_domain). Files: column names, optionally
   * with a transform: "surname:metaphone", "given_name:soundex", "dob:year", "name:first_letter", "name:prefix3".
   */
  keys: z.array(z.string().min(1)).min(1),
  /** CRM targets: besides the keys, one of these must agree too (e.g. last_name_metaphone or first_initial) */
  also_one_of: z.array(z.string().min(1)).optional(),
  /** skip the rule for rows that have any of these keys (other rules already find them) */
  unless: z.array(z.string().min(1)).optional(),
});

const targetSchema = z.strictObject({
  blocking: z.array(blockingRuleSchema).min(1),
  comparisons: z.array(comparisonSchema).min(1),
  thresholds: z.strictObject({
    /** auto-match at or above */
    match: z.number(),
    /** merge candidate (review) at or above, below match */
    review: z.number(),
  }).refine((t) => t.review <= t.match, { message: 'review must not be above match' }),
  /** candidates kept per row and target after blocking (the most likely by key priority) */
  max_candidates: z.number().int().positive().default(20),
  /** two candidates within this many points of each other, both at or above review: ambiguous */
  ambiguity_margin: z.number().min(0).default(1),
});

const guardsSchema = z.strictObject({
  /** info@, sales@...: an agreeing role address is weak evidence, never enough alone */
  role_email: z.strictObject({ weak_weight: z.number().default(1) }).optional(),
  /** a phone shared by this many contacts of one account, or equal to the account's phone: weak evidence */
  switchboard_phone: z.strictObject({ min_contacts: z.number().int().min(2).default(3), weak_weight: z.number().default(1) }).optional(),
  /** names agree but company or corporate domain clearly disagree: another person */
  other_company: z.strictObject({ cap: z.enum(['review', 'none']).default('none') }).optional(),
  /** the row's corporate email domain differs from the candidate's: the person moved company */
  moved_company: z.strictObject({ cap: z.enum(['review', 'none']).default('none') }).optional(),
  /**
   * Comparisons of what everyone at a company shares (company, email domain, city): on person
   * targets they count only when personal evidence agrees (a non-role email, a personal phone,
   * or first and last name); of each correlated group only the strongest agreement counts.
   */
  account_evidence: z.strictObject({
    comparisons: z.array(z.string().min(1)).min(1),
    correlated: z.array(z.array(z.string().min(1)).min(2)).default([]),
  }).optional(),
  /** first and last name both differ (not merely swapped): another person, whatever else agrees */
  names_conflict: z.strictObject({ cap: z.enum(['review', 'none']).default('review') }).optional(),
  /**
   * The row's first name is the candidate's last name and its last name the candidate's first
   * ("Lee Chris" for Chris Lee): the pair is scored with the names exchanged too, and the better
   * score counts, plus this weight (a swap is a little weaker than names in their places).
   */
  swapped_names: z.strictObject({ weight: z.number().default(-1) }).optional(),
}).prefault({});

export const targetNames = ['contact', 'lead', 'account', 'record'] as const;
export type TargetName = (typeof targetNames)[number];

export const matcherSchema = z.strictObject({
  description: z.string().optional(),
  /** files only: column holding the record id (default: the first column) */
  id_column: z.string().optional(),
  targets: z.strictObject({
    contact: targetSchema.optional(),
    lead: targetSchema.optional(),
    account: targetSchema.optional(),
    /** generic files (dedupe, link) */
    record: targetSchema.optional(),
  }),
  guards: guardsSchema,
  /** in-file duplicates: which target's comparisons score two rows of the same file (default contact) */
  in_file: z.strictObject({ target: z.enum(targetNames).default('contact') }).prefault({}),
});

export type MatcherFile = z.infer<typeof matcherSchema>;
export type MatchTarget = z.infer<typeof targetSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
export type Level = z.infer<typeof levelSchema>;
export type BlockingRule = z.infer<typeof blockingRuleSchema>;
export type Guards = z.infer<typeof guardsSchema>;
export type Matcher = MatcherFile & { name: string; path: string };

/** Reads matchers/NAME.json (the working directory's, else listgate's own) or a path and validates it; errors name the file and the key. */
export function loadMatcher(nameOrPath: string): Matcher {
  const { json, path } = readConfigFile('matcher', nameOrPath, 'matchers');
  return { ...parseMatcher(json, path), name: basename(path, '.json'), path };
}

export function parseMatcher(json: unknown, where = 'matcher'): MatcherFile {
  const matcher = validateConfig(matcherSchema, json, where);
  checkGuardComparisons(matcher, where);
  return matcher;
}

/** Guards naming comparisons must name ones a target has: a typo would silently switch the guard off. */
function checkGuardComparisons(matcher: MatcherFile, where: string): void {
  const known = new Set(Object.values(matcher.targets).flatMap((target) => target?.comparisons.map((c) => c.name) ?? []));
  const evidence = matcher.guards.account_evidence;
  if (!evidence) return;
  const named: [string, string][] = [
    ...evidence.comparisons.map((name, i): [string, string] => [`guards.account_evidence.comparisons.${i}`, name]),
    ...evidence.correlated.flatMap((group, g) => group.map((name, i): [string, string] => [`guards.account_evidence.correlated.${g}.${i}`, name])),
  ];
  for (const [key, name] of named) {
    if (!known.has(name)) throw new UserError(`${where}: key "${key}": no target has a comparison named "${name}" (use one of: ${[...known].join(', ')})`);
  }
}

/** The weight a level adds: its direct weight, or log2(m/u). */
export function levelWeight(level: Level): number {
  if (level.weight !== undefined) return level.weight;
  if (level.m !== undefined && level.u !== undefined) return Math.log2(level.m / level.u);
  return 0;
}

export function comparisonLabel(comparison: Comparison): string {
  return comparison.label ?? comparison.name.replace(/_/g, ' ');
}

const levelWords: Record<LevelKind, (level: Level) => string> = {
  null: () => 'missing',
  exact: () => 'Exact match',
  jaro_winkler: (l) => `Jaro-Winkler >= ${l.threshold}`,
  levenshtein: (l) => (l.distance !== undefined ? `Levenshtein <= ${l.distance}${l.transpositions ? ' (a swap of two letters counts once)' : ''}` : `Levenshtein similarity >= ${l.threshold}`),
  nickname: () => 'Nickname of one another',
  initial: () => 'Initial of the other',
  prefix: () => 'Start of the other',
  metaphone: () => 'Double Metaphone match',
  company_tokens: (l) => `Company name tokens >= ${l.threshold}`,
  acronym: () => 'Acronym of the other',
  phone: () => 'Same phone number',
  phone_ext: () => 'Same phone number and extension',
  domain: () => 'Same domain',
  date_typo: () => 'Date with swapped digits',
  date_year: () => 'Same year',
  token_set: (l) => `Token-set similarity >= ${l.threshold}`,
  else: () => 'anything else',
};

/** Splink-style description: "Exact match on email vs. Jaro-Winkler >= 0.92 on email vs. anything else". */
export function describeComparison(comparison: Comparison): string {
  const label = comparisonLabel(comparison);
  return comparison.levels
    .filter((level) => level.kind !== 'null')
    .map((level) => (level.kind === 'else' ? 'anything else' : `${levelWords[level.kind](level)}${level.tf ? ' (term-frequency adjusted)' : ''} on ${label}`))
    .join(' vs. ');
}
