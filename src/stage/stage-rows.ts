import { sql } from 'kysely';
import type { CrmConnection } from '../db/database.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { findInFileDuplicates, type InFileDuplicate, type Matcher } from '../match/index.js';
import { findChunkCandidates, prepareBatchMatching, rangesAhead, scoreChunk, type BatchMatching } from '../match/match-batch.js';
import type { RowRange } from '../match/blocking.js';
import { defaultRangeSize } from '../match/range-size.js';
import { both, parallelDatabaseWork, readAhead, WriteBehind } from '../overlap.js';
import { findVendorRecords } from '../vendor-lists/refresh.js';
import { loadCrmRecords, type CrmRecords } from '../route/matched-records.js';
import { planRow } from '../route/plan-row.js';
import { routePolicyOf } from '../route/route-policy.js';
import { routeRow } from '../route/route-row.js';
import { findSuppressedRows } from '../route/suppression.js';
import { completeCounts } from '../report/report-model.js';
import type { Progress } from '../progress.js';
import type { BytesRead } from '../extract/text-encoding.js';
import { timeStep, timeStepSync } from '../step-timings.js';
import type { StagedRow } from '../report/staged-row.js';
import type { NormalizedRow, Route, RowMatch } from '../types.js';
import { insertBatchRowKeys, insertRoutedRows, rowFieldsOf, type RoutedRow, type RowToRoute } from './batch-rows.js';
import { rowTextChunks, type RowText } from './row-texts.js';
import { RowSpool } from './row-spool.js';
import { keptMatch } from './stored-match.js';
import type { BatchIdentity } from './batch-id.js';
import { countOf } from '../plain-words.js';

export interface StageRowsInput {
  batch: BatchIdentity;
  pipeline: Pipeline;
  matcher: Matcher;
  /** the rows normalized, or (rowTexts) as the read stage's texts a chunk at a time */
  rows?: AsyncIterable<NormalizedRow>;
  rowTexts?: AsyncIterable<RowText[]>;
  stagedAt: Date;
  chunkSize?: number;
  progress?: Progress;
  /** how much of the file has been read: the reading progress's total */
  sourceBytes?: BytesRead;
  /** takes each routed chunk for the report's row files (source_row order) */
  reportRows?: { add(rows: StagedRow[]): Promise<void> };
}

export interface StagedCounts {
  rowCount: number;
  counts: Record<Route, number>;
}

/**
 * A row's journey through `listgate stage`, in the order this file takes it (the batch's
 * import_batches row exists; the CRM is read, never written):
 *
 * 1. read: the list's rows come mapped, normalized and validated (on the read stage's worker
 *    thread when compiled: row-texts.ts), each as its spool line and its match keys;
 * 2. keys: each chunk's keys go to batch_row_keys by COPY, the rows to the row spool (a temp file);
 * 3. in-file duplicates: one set-based pass over the whole batch's keys (match/in-file-duplicates.ts);
 * 4. per range of rows, read once from the spool: blocking (one statement per kind of CRM record,
 *    match/blocking.ts), the candidates' records, scoring (match/match-batch.ts), the vendor-record
 *    and suppression lookups, then routing and the plan (route/);
 * 5. write: the decision to batch_rows (small: the best candidate of each kind unless a steward
 *    reviews the row, stored-match.ts) and the same rows to the report's row files (report/row-files.ts),
 *    whose tallies become report.html afterwards, without reading batch_rows back.
 */
export async function stageRows(crm: CrmConnection, input: StageRowsInput): Promise<StagedCounts> {
  const spool = new RowSpool();
  try {
    return await stageRowsVia(crm, input, spool);
  } finally {
    await spool.remove();
  }
}

async function stageRowsVia(crm: CrmConnection, input: StageRowsInput, spool: RowSpool): Promise<StagedCounts> {
  const { batch, pipeline, matcher } = input;
  // rows per insert, match and route chunk: the match stage's range size
  const chunkSize = input.chunkSize ?? defaultRangeSize;
  const policy = routePolicyOf(pipeline);
  const progress = input.progress;

  const parallel = parallelDatabaseWork();
  // Checks the matcher before the file is read, and starts reading the CRM's name frequencies
  // (two scans of the contacts) while Node reads the file.
  const matching = await prepareBatchMatching(crm, matcher, { parallel });
  const bytes = input.sourceBytes;
  if (bytes?.total) progress?.start('reading rows', bytes.total, { unit: 'bytes' });
  else progress?.start('reading rows');
  let read = 0;
  // The database inserts one chunk's match keys while the next is read and normalized; the spool keeps the rows to route.
  const inserts = new WriteBehind(parallel);
  await timeStep('phase: read, normalize, key', async () => {
    for await (const texts of input.rowTexts ?? rowTextChunks(input.rows!, chunkSize)) {
      await spool.add(texts, texts.map((t) => t.line));
      await inserts.add(async () => {
        await timeStep('insert batch row keys', () => insertBatchRowKeys(crm, batch.id, texts.map((t) => t.keys)));
        read += texts.length;
        if (bytes?.total) progress?.update(bytes.read, read);
        else progress?.update(read);
      });
    }
    await inserts.drain();
    await spool.close();
  });
  progress?.stop(`read ${countOf(read, 'row')}`);

  // Fresh statistics before the batch self-joins: planned on the previous batch's statistics, the new
  // batch_id looks like a few rows and PostgreSQL picks a nested loop that runs for many minutes.
  await timeStep('analyze batch row keys', () => sql`analyze batch_row_keys`.execute(crm.db));
  // In-file duplicates are needed to route, not to match: the first ranges are matched meanwhile.
  const duplicatesFound = timeStep('in-file duplicates', () => findInFileDuplicates(crm, batch.id, matcher));
  duplicatesFound.catch(() => {}); // awaited before the first range is routed; a failure surfaces there
  if (!parallel) await duplicatesFound;

  const bounds = await sql<{ low: number | null; high: number | null; n: number }>`
    select min(source_row) as low, max(source_row) as high, count(*)::int as n from batch_row_keys where batch_id = ${batch.id}`.execute(crm.db);
  const { low, high, n } = bounds.rows[0] ?? {};
  if (low === null || low === undefined || high === null || high === undefined) {
    await duplicatesFound;
    return { rowCount: 0, counts: completeCounts({}) };
  }

  progress?.start('matching and routing', n);
  let routed = 0;
  // Overlapped: the database reads and blocks the next range while Node routes this one, and writes it behind.
  const chunks = matchedChunks(crm, pipeline, batch.id, spool, matching, Number(low), Number(high), chunkSize);
  const writes = new WriteBehind(parallel);
  await timeStep('phase: match, route, write', async () => {
    for await (const { rows, lookups, matches, records } of parallel ? readAhead(chunks) : chunks) {
      const duplicates = await duplicatesFound;
      const routedRows = timeStepSync('route chunk', () => routeChunk(input, policy, rows, lookups, matches, records, duplicates));
      if (input.reportRows) await timeStep('report: row files', () => input.reportRows!.add(stagedRowsOf(rows, routedRows)));
      await writes.add(async () => {
        await timeStep('insert routed rows', () => insertRoutedRows(crm, batch.id, rows, routedRows));
        routed += routedRows.length;
        progress?.update(routed);
      });
    }
    await writes.drain();
  });
  progress?.stop(`matched and routed ${countOf(routed, 'row')}`);

  const { rows: countRows } = await sql<{ route: string | null; n: number }>`
    select route, count(*)::int as n from batch_rows where batch_id = ${batch.id} group by route`.execute(crm.db);
  const routedInAll = countRows.reduce((sum, r) => sum + Number(r.n), 0);
  if (routedInAll !== read) throw new Error(`${read - routedInAll} row(s) of batch ${batch.id} were left without a route`);
  const counts = completeCounts(Object.fromEntries(countRows.map((r) => [r.route!, r.n])));
  return { rowCount: read, counts };
}

/** What routing a range needs besides its matches: vendor records already known and suppression hits. */
interface RangeLookups {
  known: Awaited<ReturnType<typeof findVendorRecords>> | undefined;
  suppressed: Awaited<ReturnType<typeof findSuppressedRows>>;
}

/**
 * A batch's rows one source_row range at a time, each read once: the rows (for routing), their
 * vendor-record and suppression lookups, and the matches of those not rejected. The database
 * reads, looks up and blocks the next range while Node scores and routes this one.
 */
async function* matchedChunks(
  crm: CrmConnection, pipeline: Pipeline, batchId: string, spool: RowSpool, matching: BatchMatching, low: number, high: number, chunkSize: number,
): AsyncGenerator<{ rows: RowToRoute[]; lookups: RangeLookups; matches: Map<number, RowMatch>; records: CrmRecords }> {
  const rowsAndLookups = async (range: RowRange) => {
    const rows = await timeStep('read rows', () => spool.rowsBefore(range.to));
    return { rows, lookups: await timeStep('route: vendor+suppression', () => lookUp(crm, pipeline, rows, matching.parallel)) };
  };
  const readChunk = async (range: RowRange) => {
    const [read, candidates] = await both(matching.parallel, () => rowsAndLookups(range), () => findChunkCandidates(matching, range));
    return { ...read, candidates };
  };
  for await (const { rows, lookups, candidates } of rangesAhead(batchId, low, high, chunkSize, readChunk, matching.parallel)) {
    const people = new Map(rows.filter(({ row }) => !row.rejected).map(({ row }) => [row.sourceRow, row.person]));
    const matches = scoreChunk(matching, await matching.contexts, people, candidates);
    if (lookups.known) addVendorMatches(rows, matches, lookups.known);
    // the records routing and planning compare with, read here so the next range's are read while this one is routed
    const records = await timeStep('route: load crm records', () => loadCrmRecords(crm.db, matches.values()));
    yield { rows, lookups, matches, records };
  }
}

async function lookUp(crm: CrmConnection, pipeline: Pipeline, rows: RowToRoute[], parallel: boolean): Promise<RangeLookups> {
  const vendorRecords = () => pipeline.vendor && pipeline.list
    ? findVendorRecords(crm, pipeline.vendor, pipeline.list, rows.map((r) => r.vendorRecordId ?? '').filter(Boolean))
    : Promise.resolve(undefined);
  const suppressions = () => findSuppressedRows(crm.db, rows.map(({ row, suppressionHashes }) => ({ sourceRow: row.sourceRow, person: row.person, hashes: suppressionHashes })));
  const [known, suppressed] = await both(parallel, vendorRecords, suppressions);
  return { known, suppressed };
}

/** A routed chunk as the report shows it: each row with its route, match and plan. */
function stagedRowsOf(rows: RowToRoute[], routed: RoutedRow[]): StagedRow[] {
  return rows.map(({ row, texts }, index) => {
    const r = routed[index];
    return {
      sourceRow: r.sourceRow, route: r.route, reasons: r.reasons, score: r.score,
      accountId: r.accountId, contactId: r.contactId, leadId: r.leadId, duplicateOfRow: r.duplicateOfRow,
      raw: row.raw, normalized: { values: row.values, unmapped: row.unmapped, person: row.person, rejected: row.rejected },
      issues: row.issues, match: r.match, plan: r.plan, rowFields: rowFieldsOf(texts),
    };
  });
}

/** A row whose vendor record id is already on a CRM record is matched to that record (rented-list refresh). */
function addVendorMatches(rows: RowToRoute[], matches: Map<number, RowMatch>, known: NonNullable<RangeLookups['known']>): void {
  for (const { row, vendorRecordId } of rows) {
    const vendorMatch = vendorRecordId ? known.get(vendorRecordId) : undefined;
    if (!vendorMatch || row.rejected) continue;
    const match = matches.get(row.sourceRow) ?? { candidates: [], candidatesCut: false };
    matches.set(row.sourceRow, { ...match, vendorMatch });
  }
}

function routeChunk(
  input: StageRowsInput,
  policy: ReturnType<typeof routePolicyOf>,
  rows: RowToRoute[],
  { suppressed }: RangeLookups,
  matches: Map<number, RowMatch>,
  records: CrmRecords,
  duplicates: Map<number, InFileDuplicate>,
): RoutedRow[] {
  const { pipeline, batch } = input;
  if (rows.length === 0) return [];
  const planContext = { batchShort: batch.short, stagedAt: input.stagedAt };

  const routedRows: RoutedRow[] = rows.map(({ row }) => {
    const match = matches.get(row.sourceRow);
    const duplicate = duplicates.get(row.sourceRow);
    const decision = routeRow({
      row, match, records,
      suppression: suppressed.get(row.sourceRow),
      duplicateOf: duplicate ? { sourceRow: duplicate.duplicateOf, reason: `${duplicate.explanation} (score ${duplicate.score.toFixed(1)})` } : undefined,
    }, pipeline, policy);
    return {
      sourceRow: row.sourceRow,
      route: decision.route,
      reasons: decision.reasons.join(' | '),
      score: decision.score,
      match: match ? keptMatch(match, decision.route) : null,
      accountId: decision.accountId ?? null,
      contactId: decision.contactId ?? null,
      leadId: decision.leadId ?? null,
      duplicateOfRow: decision.route === 'duplicate_in_file' ? duplicate?.duplicateOf ?? null : null,
      plan: planRow(decision, row, records, pipeline, planContext),
    };
  });
  return routedRows;
}
