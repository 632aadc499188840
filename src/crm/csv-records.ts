import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { UserError } from '../errors.js';
import { knownColumns, type CrmFileSpec } from './crm-files.js';

/** One data row of a CRM export: its row number (header = 1), known columns and the rest. */
export interface CrmRecord {
  row: number;
  /** known columns by their file name (account_id, first_name...), trimmed, '' when empty */
  values: Record<string, string>;
  /** cells of unknown headers, by the header as written; empty cells left out */
  extra: Record<string, string>;
}

interface HeaderPlan {
  known: { index: number; column: string }[];
  extra: { index: number; header: string }[];
}

/**
 * Streams a CRM export CSV in chunks of records; memory stays bounded by the chunk size, not
 * the file size. Throws a UserError naming the file for a missing or unreadable file and a
 * missing id column.
 */
export async function* readCrmCsv(path: string, spec: CrmFileSpec, chunkSize: number): AsyncGenerator<CrmRecord[]> {
  await assertReadable(path);
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: 'greedy' });
  const input = createReadStream(path);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  let plan: HeaderPlan | undefined;
  let row = 0;
  let chunk: CrmRecord[] = [];
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      if (!plan) {
        plan = planHeader(cells, spec, path);
        continue;
      }
      chunk.push(toRecord(row, cells, plan));
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${path}: cannot read the file: ${(error as Error).message}`);
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (!plan) throw new UserError(`${path}: the file is empty; expected a header row with ${spec.idColumn}`);
  if (chunk.length) yield chunk;
}

async function assertReadable(path: string): Promise<void> {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UserError(`${path}: is a directory, not a CSV file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${path}: file not found` : `${path}: cannot read the file (${code ?? (error as Error).message})`);
  }
  try {
    const handle = await open(path, 'r');
    await handle.close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot read the file (${code === 'EACCES' ? 'permission denied' : code ?? (error as Error).message})`);
  }
  if (size === 0) throw new UserError(`${path}: the file is empty; expected a header row`);
}

/** Header cells -> which known column or extra header each index feeds. */
export function planHeader(cells: string[], spec: CrmFileSpec, path: string): HeaderPlan {
  const names = cells.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
  const lower = names.map((name) => name.toLowerCase());
  if (!lower.includes(spec.idColumn)) {
    const found = names.filter(Boolean).slice(0, 8).join(', ');
    throw new UserError(`${path}: missing header "${spec.idColumn}" (the ${spec.kind.replace(/s$/, '')} id column); found: ${found || 'no headers'}`);
  }
  const known = new Set(knownColumns(spec));
  const plan: HeaderPlan = { known: [], extra: [] };
  const seen = new Set<string>();
  lower.forEach((name, index) => {
    if (known.has(name) && !seen.has(name)) {
      seen.add(name);
      plan.known.push({ index, column: name });
    } else if (names[index]) {
      plan.extra.push({ index, header: names[index] });
    }
  });
  return plan;
}

function toRecord(row: number, cells: string[], plan: HeaderPlan): CrmRecord {
  const values: Record<string, string> = {};
  for (const { index, column } of plan.known) values[column] = (cells[index] ?? '').trim();
  const extra: Record<string, string> = {};
  for (const { index, header } of plan.extra) {
    const value = (cells[index] ?? '').trim();
    if (value) extra[header] = value;
  }
  return { row, values, extra };
}

export function fileLabel(path: string): string {
  return basename(path);
}
