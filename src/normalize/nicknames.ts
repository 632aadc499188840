import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config-file.js';
import { letterKey } from './text.js';

/**
 * First-name nicknames from data/nicknames.csv (carltonnorthern/nicknames, Apache-2.0; see data/README.md),
 * extended for matching by data/given-name-variants.csv (DLu/namor_data, BSD-3-Clause, read from
 * Wiktionary's given names in many languages: Pepe -> José, Chuy -> Jesús, Hans -> Johannes).
 * Each line is a name followed by names it is related to ("bob,rob,robert": Bob is also Rob or Robert).
 * A name can belong to several formal names ("al": albert, alfred, alan...), so matching should use
 * nicknameGroup / firstNamesCompatible; canonicalFirstName picks one deterministic representative.
 */

interface NicknameTable {
  /** name -> names its own line lists */
  lists: Map<string, Set<string>>;
  /** name -> names whose line lists it */
  listedBy: Map<string, Set<string>>;
}

const table = loadTable(join(packageRoot, 'data', 'nicknames.csv'));
const canonicalCache = loadOverrides(join(packageRoot, 'data', 'nickname-overrides.csv'));
/** names some override points to: representatives by decision, never replaced themselves */
const overrideTargets = new Set(canonicalCache.values());

/** nickname -> canonical corrections (data/nickname-overrides.csv); they seed the canonical cache. */
function loadOverrides(path: string): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const [nickname, canonical] = line.split(',').map((n) => n.trim().toLowerCase());
    if (nickname && canonical) overrides.set(nickname, canonical);
  }
  return overrides;
}

function loadTable(path: string): NicknameTable {
  const lists = new Map<string, Set<string>>();
  const listedBy = new Map<string, Set<string>>();
  const text = readFileSync(path, 'utf8');
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const names = line.split(',').map((n) => n.trim().toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean);
    const [head, ...related] = names;
    if (!head) continue;
    let own = lists.get(head);
    if (!own) lists.set(head, (own = new Set()));
    for (const name of related) {
      if (name === head) continue;
      own.add(name);
      let by = listedBy.get(name);
      if (!by) listedBy.set(name, (by = new Set()));
      by.add(head);
    }
  }
  return { lists, listedBy };
}

/** How formal a name looks in the table: formal names list many nicknames and are listed by few. */
function formality(name: string): number {
  return (table.lists.get(name)?.size ?? 0) - (table.listedBy.get(name)?.size ?? 0);
}

/**
 * The representative formal name for a first-name key: bob -> robert, bill -> william, peggy -> margaret,
 * liz -> elizabeth. Among the names whose line lists this one, the one sharing most related names wins
 * (then the most formal, then the shortest, then alphabetical); it replaces the name only when it looks
 * more formal than the name itself. data/nickname-overrides.csv corrects the common cases this rule gets
 * wrong (jack -> john). Unknown names are returned unchanged.
 */
export function canonicalFirstName(key: string): string {
  if (!key) return key;
  const cached = canonicalCache.get(key);
  if (cached !== undefined) return cached;
  // Follow the representative until it stands for itself, so that canonical(canonical(x)) = canonical(x).
  const seen: string[] = [key];
  let current = key;
  for (;;) {
    const fixed = canonicalCache.get(current);
    if (fixed !== undefined) { current = fixed; break; }
    if (overrideTargets.has(current)) break;
    const next = representative(current);
    if (next === current) break;
    if (seen.includes(next)) {
      // a cycle: its alphabetically first member stands for all
      current = seen.slice(seen.indexOf(next)).sort()[0];
      break;
    }
    seen.push(next);
    current = next;
  }
  for (const name of seen) if (!canonicalCache.has(name)) canonicalCache.set(name, current);
  return current;
}

/** One step of canonicalFirstName (see there). */
function representative(key: string): string {
  const candidates = table.listedBy.get(key);
  if (!candidates || !candidates.size) return key;
  const own = table.lists.get(key) ?? new Set<string>();
  let best = '';
  let bestOverlap = -1;
  let bestFormality = -Infinity;
  for (const candidate of [...candidates].sort()) {
    let overlap = own.has(candidate) ? 1 : 0;
    for (const name of table.lists.get(candidate) ?? []) if (own.has(name)) overlap++;
    const f = formality(candidate);
    if (
      overlap > bestOverlap ||
      (overlap === bestOverlap && (f > bestFormality || (f === bestFormality && candidate.length < best.length)))
    ) {
      best = candidate;
      bestOverlap = overlap;
      bestFormality = f;
    }
  }
  return best && bestFormality > formality(key) ? best : key;
}

/** The canonical names a first name may stand for: itself, what it lists and what lists it, each made canonical. */
export function nicknameGroup(key: string): Set<string> {
  const group = new Set<string>();
  if (!key) return group;
  group.add(canonicalFirstName(key));
  for (const name of table.lists.get(key) ?? []) group.add(canonicalFirstName(name));
  for (const name of table.listedBy.get(key) ?? []) group.add(canonicalFirstName(name));
  for (const name of variantTargets(key)) group.add(name);
  return group;
}

/**
 * A short form naming more formal names than this is too broad to be evidence ("Sandie": Alexander,
 * Cassandra, Sandeep, Santiago...): its data/given-name-variants.csv rows are not used.
 */
export const maxVariantTargets = 3;

interface VariantTable {
  /** name key -> keys of the names it is a short form or a spelling variant of */
  formsOf: Map<string, Set<string>>;
  /** name key -> keys of the names it is another language's form of (Liam -> Bill, Johannes -> John) */
  equivalentsOf: Map<string, Set<string>>;
}

const variants = loadVariants(join(packageRoot, 'data', 'given-name-variants.csv'));
const variantCache = new Map<string, readonly string[]>();

function loadVariants(path: string): VariantTable {
  const formsOf = new Map<string, Set<string>>();
  const equivalentsOf = new Map<string, Set<string>>();
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const [name, relation, target] = line.split(',');
    const nameKey = letterKey(name ?? '');
    const targetKey = letterKey(target ?? '');
    if (!nameKey || !targetKey || nameKey === targetKey) continue;
    const into = relation === 'equivalent_to' ? equivalentsOf : relation === 'short_for' || relation === 'variant_of' ? formsOf : undefined;
    if (!into) throw new Error(`data/given-name-variants.csv: unknown relation "${relation}" in line "${line}"`);
    let targets = into.get(nameKey);
    if (!targets) into.set(nameKey, (targets = new Set()));
    targets.add(targetKey);
  }
  return { formsOf, equivalentsOf };
}

/**
 * The canonical names a first name is a short form or variant of in data/given-name-variants.csv:
 * pepe -> jose, giuseppe; liam -> william. Only this direction is used: a formal name does not take in
 * its short forms, so two formal names sharing one (José and Giuseppe, both "Pepe") stay apart. Another
 * language's form counts only when it is an English nickname (Liam = Bill -> William): "Johannes is
 * John" or "José is Joseph" would make different people's names compatible.
 */
export function variantTargets(key: string): readonly string[] {
  const cached = variantCache.get(key);
  if (cached) return cached;
  const targets = new Set<string>();
  for (const form of variants.formsOf.get(key) ?? []) targets.add(canonicalFirstName(form));
  for (const equivalent of variants.equivalentsOf.get(key) ?? []) {
    const canonical = canonicalFirstName(equivalent);
    if (canonical !== equivalent) targets.add(canonical);
  }
  targets.delete(canonicalFirstName(key));
  const result = targets.size <= maxVariantTargets ? [...targets].sort() : [];
  variantCache.set(key, result);
  return result;
}

/** Two first-name keys that can be the same person's: equal, same canonical, or overlapping nickname groups. */
export function firstNamesCompatible(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  if (canonicalFirstName(a) === canonicalFirstName(b)) return true;
  const groupA = nicknameGroup(a);
  for (const name of nicknameGroup(b)) if (groupA.has(name)) return true;
  return false;
}

/** Number of names the table knows (for the data README and a sanity test). */
export function nicknameTableSize(): number {
  return new Set([...table.lists.keys(), ...table.listedBy.keys()]).size;
}
