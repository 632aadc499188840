/**
 * A json/jsonb column's value as an object: pg parses json columns itself, and a value selected
 * with ->, or read where no type parser applies, comes as text. `fallback` stands for SQL null.
 */
export function jsonColumn<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
