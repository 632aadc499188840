/**
 * JSON text of values written more than once (a routed row's plan goes to batch_rows and, with
 * --full-jsonl, to rows.jsonl): stringified once, the text kept with the value (a WeakMap).
 */
const texts = new WeakMap<object, string>();

export function jsonOnce(value: object | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  let text = texts.get(value);
  if (text === undefined) texts.set(value, (text = JSON.stringify(value)));
  return text;
}

/** JSON of `head`'s fields followed by fields already in JSON text, as one object. */
export function jsonWith(head: object, fields: Record<string, string>): string {
  const rest = Object.entries(fields).map(([name, text]) => `${JSON.stringify(name)}:${text}`).join(',');
  return joinJsonObjects(JSON.stringify(head), `{${rest}}`);
}

/** Two JSON objects' texts as one object's: the fields of `a`, then those of `b`. */
export function joinJsonObjects(a: string, b: string): string {
  if (a.length <= 2) return b;
  if (b.length <= 2) return a;
  return `${a.slice(0, -1)},${b.slice(1)}`;
}
