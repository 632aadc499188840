/**
 * Figures as a user reads them, the same everywhere: thousands separators ("36,074"), real plurals
 * ("1 opportunity", "2 opportunities", never "opportunity(s)") and durations ("1 min 2 s").
 */

const numberFormat = new Intl.NumberFormat('en-US');

/** 36074 -> "36,074" */
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

const irregular: Record<string, string> = {
  opportunity: 'opportunities',
  company: 'companies',
  address: 'addresses',
  match: 'matches',
  batch: 'batches',
  person: 'people',
  is: 'are',
  was: 'were',
};

/** The noun's plural: "lead" -> "leads", "opportunity" -> "opportunities", "merge candidate" -> "merge candidates". */
export function pluralOf(noun: string): string {
  const words = noun.split(' ');
  const last = words[words.length - 1];
  const plural = irregular[last] ?? (/(s|x|ch|sh)$/.test(last) ? `${last}es` : /[^aeiou]y$/.test(last) ? `${last.slice(0, -1)}ies` : `${last}s`);
  return [...words.slice(0, -1), plural].join(' ');
}

/** 1, "lead" -> "1 lead"; 36076, "lead" -> "36,076 leads" */
export function countOf(n: number, noun: string, plural = pluralOf(noun)): string {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

/** 2.4 -> "2.4 s"; 61 -> "1 min 1 s"; 3725 -> "1 h 2 min" */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}
