import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { CrmConnection } from '../../db/database.js';
import type { FieldChoice } from '../../commit/survivorship.js';
import { UserError } from '../../errors.js';
import { listMergeCandidates } from '../merge-candidates.js';
import { batchHeader, filterTotal, neighbours, queueGroups, queuePage, searchCrm, undecidedRowsOf, undecidedSample, type QueueFilter } from '../review-queue.js';
import { parseDecisionText, recordDecisions, undoLastDecision, type DecisionInput, type FieldChoiceInput } from '../steward-decisions.js';
import { bulkPageHtml, errorPageHtml, href, queuePageHtml, rowPageHtml, type PageContext } from './review-pages.js';
import { reviewScript, reviewStyles } from './review-client.js';
import { countOf } from '../../plain-words.js';

export interface ReviewAppOptions {
  crm: CrmConnection;
  batchId: string;
  token: string;
  /** Host headers accepted ("127.0.0.1:8123"); filled in once the server listens */
  allowedHosts: Set<string>;
  decidedBy: string;
  pageSize?: number;
}

const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** "title:crm,phone:list" -> choices; anything else is a bad request. */
function parseKeep(text: string | undefined): Record<string, FieldChoice> | undefined {
  if (text === undefined) return undefined;
  const choices: Record<string, FieldChoice> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const match = /^([a-z_0-9]+):(crm|list)$/.exec(part.trim());
    if (!match) throw new UserError(`keep=${text}: write FIELD:crm or FIELD:list, separated by commas`);
    choices[match[1]] = match[2] as FieldChoice;
  }
  return choices;
}

function filterOf(query: Record<string, string | undefined>): QueueFilter {
  const band = query.band !== undefined && /^-?\d+$/.test(query.band) ? Number(query.band) : undefined;
  return { undecidedOnly: query.view !== 'all' && band === undefined && query.reason === undefined, band, reason: query.reason };
}

function optionalRow(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : rowNumber(text);
}

function rowNumber(text: string | undefined): number {
  if (!text || !/^\d+$/.test(text.trim())) throw new UserError(`'${text ?? ''}' is not a row number`);
  return Number(text.trim());
}

/**
 * The review screen as a Hono app: every request must carry the token (query t or header
 * X-Review-Token) and a Host header of the bound address, which shuts out other sites' pages
 * and DNS rebinding. Decisions go through the same recordDecisions as the CLI.
 */
export function createReviewApp(options: ReviewAppOptions): Hono {
  const { crm, batchId, token } = options;
  const db = crm.db;
  const pageSize = options.pageSize ?? 50;
  const ctx: PageContext = { batchId, token };
  const app = new Hono();

  app.use('*', async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (!options.allowedHosts.has(host.toLowerCase())) return c.text(`refused: Host ${host || '(none)'} is not this review screen's address`, 421);
    if (!sameToken(c.req.query('t') ?? c.req.header('x-review-token'), token)) {
      return c.text('refused: the address lacks the review token; use the address listgate review --web printed', 403);
    }
    await next();
    for (const [k, v] of Object.entries(securityHeaders)) c.res.headers.set(k, v);
  });

  app.onError((error, c) => {
    if (error instanceof UserError) return c.html(errorPageHtml(ctx, error.message, href(ctx, '/')), 400);
    console.error(error);
    return c.text(`listgate review: ${(error as Error).message}`, 500);
  });

  app.get('/review.js', (c) => c.body(reviewScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/review.css', (c) => c.body(reviewStyles, 200, { 'Content-Type': 'text/css; charset=utf-8' }));

  app.get('/', async (c) => {
    const query = c.req.query();
    const filter = filterOf(query);
    const position = { after: optionalRow(query.after), before: optionalRow(query.before) };
    const [batch, listed, groups] = await Promise.all([
      batchHeader(db, batchId), queuePage(db, batchId, filter, position, pageSize), queueGroups(db, batchId),
    ]);
    const undecided = groups.bands.reduce((s, b) => s + b.undecided, 0);
    return c.html(queuePageHtml(ctx, { filter, rows: listed.rows, more: listed.more, total: filterTotal(groups, filter), groups, undecided, rowCount: batch.row_count }));
  });

  app.get('/row', (c) => c.redirect(href(ctx, `/row/${rowNumber(c.req.query('n'))}`), 303));

  app.get('/row/:n', async (c) => {
    const sourceRow = rowNumber(c.req.param('n'));
    const query = c.req.query();
    const keep = parseKeep(query.keep);
    const index = query.c && /^\d+$/.test(query.c) ? Number(query.c) - 1 : undefined;
    const [batch, first] = await Promise.all([
      batchHeader(db, batchId),
      listMergeCandidates(db, batchId, { sourceRows: [sourceRow], all: true, ...(keep && index !== undefined ? { choicesFor: { index, choices: keep } } : {}) }),
    ]);
    const view = first[0];
    if (!view) throw new UserError(`batch ${batchId} has no row ${sourceRow}`);
    const decidedIndex = view.decisionTarget ? view.candidates.findIndex((x) => x.id === view.decisionTarget!.id) : -1;
    const selected = Math.min(Math.max(0, index ?? (decidedIndex >= 0 ? decidedIndex : 0)), Math.max(0, view.candidates.length - 1));
    const choices = keep ?? (selected === decidedIndex ? view.fieldChoices : {});
    const [around, found] = await Promise.all([
      neighbours(db, batchId, sourceRow),
      query.q ? searchCrm(db, query.q) : Promise.resolve(undefined),
    ]);
    return c.html(rowPageHtml(ctx, {
      view, selected, choices, focus: query.f, neighbours: around, editable: batch.status === 'staged',
      search: found && { text: query.q!, found }, message: query.done,
    }));
  });

  app.post('/row/:n/decide', async (c) => {
    const sourceRow = rowNumber(c.req.param('n'));
    const form = await c.req.parseBody();
    const text = String(form.decision ?? '');
    const parsed = parseDecisionText(text);
    if (!parsed) throw new UserError(`'${text}' is not a decision`);
    const origin = `row ${sourceRow}: ${text}`;
    const decision: DecisionInput = { sourceRow, ...parsed, origin };
    const keep = parsed.decision === 'merge' || parsed.decision === 'attach' ? parseKeep(String(form.keep ?? '')) ?? {} : {};
    const choices: FieldChoiceInput[] = Object.entries(keep).map(([field, choice]) => ({ sourceRow, field, choice, origin: `row ${sourceRow}: ${field}=${choice}` }));
    await recordDecisions(db, batchId, [decision], options.decidedBy, choices);
    const around = await neighbours(db, batchId, sourceRow);
    const done = `Row ${sourceRow}: ${text.replace(/:(contact|lead):/, ' into $1 ')} recorded.`;
    const nextRow = parsed.decision === 'steward' || parsed.decision === 'attach' ? sourceRow : around.nextUndecided ?? sourceRow;
    return c.redirect(href(ctx, `/row/${nextRow}`, { done }), 303);
  });

  app.post('/undo', async (c) => {
    const rows = await undoLastDecision(db, batchId);
    if (!rows.length) return c.redirect(href(ctx, '/', {}), 303);
    return c.redirect(href(ctx, `/row/${rows[0]}`, { done: `Took back the last decision (${countOf(rows.length, 'row')}).` }), 303);
  });

  const bulkQuery = (c: Context) => {
    const query = c.req.query();
    const filter = filterOf(query);
    if (filter.band === undefined && filter.reason === undefined) throw new UserError('a bulk decision needs a score band or a reason');
    const label = filter.band !== undefined ? `a score from ${filter.band} to ${filter.band + 5}` : `the reason "${filter.reason}"`;
    const kept: Record<string, string> = filter.band !== undefined ? { band: String(filter.band) } : { reason: filter.reason! };
    return { filter, label, kept };
  };

  app.get('/bulk', async (c) => {
    const { filter, label, kept } = bulkQuery(c);
    return c.html(bulkPageHtml(ctx, label, await undecidedSample(db, batchId, filter), kept));
  });

  app.post('/bulk', async (c) => {
    const { filter, label } = bulkQuery(c);
    const form = await c.req.parseBody();
    const rows = await undecidedRowsOf(db, batchId, filter);
    if (String(rows.length) !== String(form.count)) {
      throw new UserError(`the rows with ${label} changed since the confirmation (${form.count} then, ${rows.length} now); look again`);
    }
    const decision = String(form.decision);
    if (!['merge', 'create_new', 'skip'].includes(decision)) throw new UserError(`'${decision}' is not a bulk decision`);
    const decisions = rows.map((sourceRow): DecisionInput => ({ sourceRow, decision: decision as 'merge', origin: `bulk ${label}: row ${sourceRow}` }));
    const result = await recordDecisions(db, batchId, decisions, options.decidedBy);
    return c.redirect(href(ctx, '/', { view: 'all', ...(filter.band !== undefined ? { band: filter.band } : { reason: filter.reason }), done: `${result.recorded}` }), 303);
  });

  return app;
}
