import { html, type SafeHtml } from '../../report/html.js';
import type { FieldChoice } from '../../commit/survivorship.js';
import type { CandidateView, MergeCandidateView } from '../merge-candidates.js';
import { shownFields } from '../merge-candidates.js';
import type { FoundRecord, QueueFilter, QueueGroup, QueueRow } from '../review-queue.js';
import { countOf } from '../../plain-words.js';

/**
 * The review screen's pages: plain server-rendered HTML, every value through the escaping
 * `html` tag, links and forms that carry the token, and one small script for the keyboard.
 */
export interface PageContext {
  batchId: string;
  token: string;
}

/** A link inside the screen: the path with its query and the token. */
export function href(ctx: PageContext, path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  params.set('t', ctx.token);
  return `${path}?${params.toString()}`;
}

function layout(ctx: PageContext, title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · listgate review</title>
<link rel="stylesheet" href="${href(ctx, '/review.css')}">
</head><body>
<header class="top"><a href="${href(ctx, '/')}">Review <code>${ctx.batchId}</code></a>
<span class="keys">press <kbd>?</kbd> for keys</span></header>
<main>${body}</main>
<dialog id="help" aria-label="keyboard">
<h2>Keyboard</h2>
<dl>
<dt><kbd>j</kbd> / <kbd>→</kbd></dt><dd>next row</dd>
<dt><kbd>k</kbd> / <kbd>←</kbd></dt><dd>previous row</dd>
<dt><kbd>1</kbd>…<kbd>9</kbd></dt><dd>choose that candidate (its fields and preview)</dd>
<dt><kbd>↓</kbd> / <kbd>↑</kbd></dt><dd>next / previous differing field</dd>
<dt><kbd>c</kbd> / <kbd>l</kbd></dt><dd>keep the CRM's value / take the list's value for that field</dd>
<dt><kbd>m</kbd> / <kbd>Enter</kbd></dt><dd>merge into the chosen candidate, with the chosen values</dd>
<dt><kbd>n</kbd></dt><dd>create new</dd>
<dt><kbd>s</kbd></dt><dd>skip</dd>
<dt><kbd>u</kbd></dt><dd>undo the last decision</dd>
<dt><kbd>?</kbd></dt><dd>this list (<kbd>Esc</kbd> closes it)</dd>
</dl>
<form method="dialog"><button>Close</button></form>
</dialog>
<script src="${href(ctx, '/review.js')}"></script>
</body></html>`.value;
}

function scoreText(score: number | null | undefined): string {
  return score === null || score === undefined ? '' : score.toFixed(1);
}

function decisionText(decision: string | null, target: string | null): string {
  if (!decision) return 'undecided';
  return decision === 'merge' || decision === 'attach' ? `${decision}${target ? ` into ${target}` : ''}` : decision.replace('_', ' ');
}

export interface QueuePageInput {
  filter: QueueFilter;
  rows: QueueRow[];
  more: { before: boolean; after: boolean };
  total: number;
  groups: { bands: QueueGroup[]; reasons: QueueGroup[] };
  undecided: number;
  rowCount: number;
}

/** The queue: merge candidates a page at a time, filters by band and reason, and bulk decisions. */
export function queuePageHtml(ctx: PageContext, input: QueuePageInput): string {
  const { filter, rows, total, more } = input;
  const filterQuery = { view: filter.undecidedOnly ? undefined : 'all', band: filter.band, reason: filter.reason };
  const first = rows.find((r) => !r.decision) ?? rows[0];
  const group = (kind: 'band' | 'reason', g: QueueGroup) => html`<li><a href="${href(ctx, '/', { view: 'all', [kind]: g.key })}">${g.label}</a>
    <span class="n">${countOf(g.rows, 'row')}, ${g.undecided.toLocaleString('en-US')} undecided</span>
    ${g.undecided ? html`<a class="bulk" href="${href(ctx, '/bulk', { [kind]: g.key })}">decide all ${g.undecided.toLocaleString('en-US')}…</a>` : ''}</li>`;
  const body = html`
<h1>Merge candidates</h1>
<p class="meta">${input.undecided.toLocaleString('en-US')} undecided of ${countOf(input.groups.bands.reduce((s, b) => s + b.rows, 0), 'merge candidate')} in ${countOf(input.rowCount, 'row')}.
${first ? html`<a data-key="next" href="${href(ctx, `/row/${first.sourceRow}`)}">Start with row ${first.sourceRow} →</a>` : ''}</p>
<nav class="filters">
  <a href="${href(ctx, '/')}" ${filter.undecidedOnly && filter.band === undefined && filter.reason === undefined ? html`aria-current="page"` : ''}>undecided</a>
  <a href="${href(ctx, '/', { view: 'all' })}" ${!filter.undecidedOnly && filter.band === undefined && filter.reason === undefined ? html`aria-current="page"` : ''}>all</a>
  ${filter.band !== undefined ? html`<span class="tag">score ${filter.band} to ${filter.band + 5}</span>` : ''}
  ${filter.reason !== undefined ? html`<span class="tag">reason: ${filter.reason}</span>` : ''}
  <form method="get" action="/row" class="goto"><input type="hidden" name="t" value="${ctx.token}"><label>Any row <input name="n" inputmode="numeric" size="6" placeholder="row"></label> <button>Open</button></form>
</nav>
<table class="queue"><thead><tr><th>Row</th><th>Name</th><th>Company</th><th>Score</th><th>Decision</th></tr></thead><tbody>
${rows.map((r) => html`<tr data-source-row="${r.sourceRow}"><td><a href="${href(ctx, `/row/${r.sourceRow}`)}">${r.sourceRow}</a></td><td>${r.name}</td><td>${r.company ?? ''}</td><td>${scoreText(r.score)}</td><td>${decisionText(r.decision, r.target)}${r.decidedBy ? html` <span class="by">by ${r.decidedBy}</span>` : ''}</td></tr>`)}
</tbody></table>
<p class="pager" data-total="${total}">${total ? html`${countOf(total, 'row')} here${rows.length ? html`; this page: rows ${rows[0].sourceRow}–${rows[rows.length - 1].sourceRow}` : ''}.` : 'No rows here.'}
${more.before && rows.length ? html` <a data-key="prev-page" href="${href(ctx, '/', { ...filterQuery, before: rows[0].sourceRow })}">← previous page</a>` : ''}
${more.after && rows.length ? html` <a data-key="next-page" href="${href(ctx, '/', { ...filterQuery, after: rows[rows.length - 1].sourceRow })}">next page →</a>` : ''}</p>
<section class="groups"><h2>By score band</h2><ul>${input.groups.bands.map((g) => group('band', g))}</ul>
<h2>By reason</h2><ul>${input.groups.reasons.slice(0, 20).map((g) => group('reason', g))}</ul></section>`;
  return layout(ctx, 'Merge candidates', body);
}

function recordValue(record: Record<string, unknown> | null, field: string): string {
  const value = record?.[field];
  return value === null || value === undefined ? '' : String(value);
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Unsaved field choices travel in the address: "title:crm,phone:list". */
export function choicesText(choices: Readonly<Record<string, FieldChoice>>): string {
  return Object.entries(choices).map(([f, c]) => `${f}:${c}`).join(',');
}

export interface RowPageInput {
  view: MergeCandidateView;
  selected: number;
  choices: Record<string, FieldChoice>;
  focus?: string;
  neighbours: { previous?: number; next?: number; nextUndecided?: number };
  search?: { text: string; found: FoundRecord[] };
  editable: boolean;
  message?: string;
}

function candidateHeading(ctx: PageContext, view: MergeCandidateView, c: CandidateView, i: number, selected: number): SafeHtml {
  return html`<th scope="col" class="${i === selected ? 'selected' : ''}" data-candidate="${c.id}">
    <a data-key="candidate-${i + 1}" href="${href(ctx, `/row/${view.sourceRow}`, { c: i + 1 })}"><kbd>${i + 1}</kbd> ${c.entityType} ${c.id}</a>
    <div class="score">score ${scoreText(c.score)}</div></th>`;
}

/** One row: the incoming values beside every candidate, the words of each score, the choices and the preview. */
export function rowPageHtml(ctx: PageContext, input: RowPageInput): string {
  const { view, selected, choices, neighbours: around, editable } = input;
  const candidate = view.candidates[selected];
  const isMerge = view.route === 'merge_candidate';
  const fields = shownFields.filter((f) => view.incoming[f] || view.candidates.some((c) => recordValue(c.record, f)));
  const choiceQuery = choicesText(choices);
  const decideAction = href(ctx, `/row/${view.sourceRow}/decide`);
  const decided = view.decision
    ? html`<p class="decided" data-decision="${view.decision}">Decided: <b>${decisionText(view.decision, view.decisionTarget?.id ?? null)}</b>${view.decidedBy ? html` by ${view.decidedBy}` : ''}${view.decidedAt ? html` at ${view.decidedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}</p>`
    : html`<p class="decided" data-decision="">Undecided.</p>`;

  const comparison = html`<div class="wide"><table class="compare"><thead><tr><th scope="col">Field</th><th scope="col" class="incoming">Row ${view.sourceRow} (the list)</th>
  ${view.candidates.map((c, i) => candidateHeading(ctx, view, c, i, selected))}</tr></thead><tbody>
  ${fields.map((f) => html`<tr><th scope="row">${f.replace(/_/g, ' ')}</th><td class="incoming">${view.incoming[f] ?? ''}</td>
    ${view.candidates.map((c, i) => {
      const value = recordValue(c.record, f);
      // only where the list says something: a value the list lacks is not a disagreement
      const differs = Boolean(view.incoming[f]) && !same(view.incoming[f], value);
      return html`<td class="${[differs ? 'differs' : '', i === selected ? 'selected' : ''].join(' ').trim()}">${value}</td>`;
    })}</tr>`)}
  </tbody></table></div>`;

  const why = html`<section class="why"><h2>Why each candidate came close</h2>
  ${view.candidates.map((c, i) => html`<article class="candidate-words" data-candidate="${c.id}"><h3><kbd>${i + 1}</kbd> ${c.entityType} ${c.id}: score ${scoreText(c.score)}</h3>
    ${c.comparisons.length ? html`<ul>${c.comparisons.filter((o) => o.level !== 'null').map((o) => html`<li class="${o.weight < 0 ? 'against' : 'for'}">${o.detail} <span class="w">${o.weight >= 0 ? '+' : ''}${o.weight.toFixed(1)}</span></li>`)}</ul>` : html`<p>${c.explanation ?? 'no comparison was recorded'}</p>`}
    ${c.guards.length ? html`<p class="guards">Guards: ${c.guards.join('; ')}</p>` : ''}</article>`)}
  ${view.reasons ? html`<p class="reasons">Routing: ${view.reasons}</p>` : ''}</section>`;

  const choicesSection = candidate ? html`<section class="choices" data-candidate="${candidate.id}"><h2>Which value survives on ${candidate.entityType} ${candidate.id}</h2>
  ${candidate.differences.length ? html`<table class="fields"><thead><tr><th>Field</th><th>CRM</th><th>List</th></tr></thead><tbody>
  ${candidate.differences.map((d) => {
    const choice = d.choice;
    const link = (c: FieldChoice) => href(ctx, `/row/${view.sourceRow}`, { c: selected + 1, keep: choicesText({ ...choices, [d.field]: c }), f: d.field });
    return html`<tr tabindex="0" data-field="${d.field}" data-choice="${choice}" class="${input.focus === d.field ? 'focused' : ''}"><th scope="row">${d.field.replace(/_/g, ' ')}${choice !== d.defaultChoice ? html` <span class="changed">changed</span>` : ''}</th>
      <td class="${choice === 'crm' ? 'kept' : ''}"><a data-choose="crm" href="${link('crm')}">${d.crm ?? '(empty)'}</a></td>
      <td class="${choice === 'list' ? 'kept' : ''}"><a data-choose="list" href="${link('list')}">${d.list}</a>${d.kind === 'secondary_email' ? ' (as secondary email)' : ''}</td></tr>`;
  })}</tbody></table>
  <p class="hint">Highlighted: the value that survives. Defaults follow the pipeline's survivorship rules; <kbd>↓</kbd>/<kbd>↑</kbd> move, <kbd>c</kbd> keeps the CRM's, <kbd>l</kbd> takes the list's.</p>` : html`<p>The row and this record agree on every field the list has.</p>`}
  ${candidatePreview(view, candidate)}</section>` : '';

  const decisionButtons = editable ? html`<form method="post" action="${decideAction}" class="decide">
  <input type="hidden" name="keep" value="${choiceQuery}">
  ${isMerge ? html`
  ${candidate ? html`<button name="decision" value="merge:${candidate.entityType}:${candidate.id}" data-key="merge">Merge into ${candidate.id} <kbd>m</kbd></button>` : ''}
  <button name="decision" value="create_new" data-key="create-new">Create new <kbd>n</kbd></button>
  <button name="decision" value="skip" data-key="skip">Skip <kbd>s</kbd></button>` : html`
  <button name="decision" value="steward" data-key="steward">Send to a steward</button>`}
  </form>` : html`<p class="locked">The batch is no longer staged: decisions are closed.</p>`;

  const search = html`<section class="search"><h2>${isMerge ? 'Another record' : 'Correct this row'}: find it in the CRM</h2>
  <form method="get" action="/row/${view.sourceRow}"><input type="hidden" name="t" value="${ctx.token}"><input name="q" type="search" value="${input.search?.text ?? ''}" placeholder="name, email or id" aria-label="search the CRM"> <button>Search</button></form>
  ${input.search ? html`<ul class="found">${input.search.found.map((r) => html`<li>${r.entityType} <b>${r.id}</b> ${r.name}${r.email ? html` &lt;${r.email}&gt;` : ''}${r.company ? `, ${r.company}` : ''}${r.title ? `, ${r.title}` : ''}
    ${editable ? html`<form method="post" action="${decideAction}" class="inline"><button name="decision" value="${isMerge ? 'merge' : 'attach'}:${r.entityType}:${r.id}">${isMerge ? 'Merge into' : 'Attach to'} ${r.id}</button></form>` : ''}</li>`)}
    ${input.search.found.length ? '' : html`<li>nothing found</li>`}</ul>` : ''}</section>`;

  const body = html`
<nav class="rownav">
  ${around.previous !== undefined ? html`<a data-key="prev" href="${href(ctx, `/row/${around.previous}`)}">← row ${around.previous}</a>` : html`<span></span>`}
  <a href="${href(ctx, '/')}">queue</a>
  ${around.next !== undefined ? html`<a data-key="next" href="${href(ctx, `/row/${around.next}`)}">row ${around.next} →</a>` : html`<span></span>`}
</nav>
${input.message ? html`<p class="message" role="status">${input.message}</p>` : ''}
<h1>Row ${view.sourceRow} <span class="route">${view.route.replace(/_/g, ' ')}</span></h1>
${decided}
${editable ? html`<form method="post" action="${href(ctx, '/undo')}" class="undo"><button data-key="undo">Undo the last decision <kbd>u</kbd></button></form>` : ''}
${view.candidates.length ? comparison : html`<p>No CRM record came close to this row.</p>`}
${decisionButtons}
${choicesSection}
${view.candidates.length ? why : view.reasons ? html`<p class="reasons">Routing: ${view.reasons}</p>` : ''}
${search}`;
  return layout(ctx, `Row ${view.sourceRow}`, body);
}

function candidatePreview(view: MergeCandidateView, candidate: CandidateView): SafeHtml {
  if (!candidate.preview) return html``;
  const changed = new Set(Object.keys(candidate.preview).filter((f) => recordValue(candidate.record, f) !== recordValue(candidate.preview, f)));
  const fields = shownFields.filter((f) => recordValue(candidate.preview, f) || changed.has(f));
  return html`<h3>After commit, ${candidate.entityType} ${candidate.id} reads</h3>
  <table class="preview" data-preview="${candidate.id}"><tbody>${fields.map((f) => html`<tr class="${changed.has(f) ? 'changes' : ''}" data-field="${f}"><th scope="row">${f.replace(/_/g, ' ')}</th><td>${recordValue(candidate.preview, f)}${changed.has(f) ? html` <span class="was">was ${recordValue(candidate.record, f) || '(empty)'}</span>` : ''}</td></tr>`)}</tbody></table>
  <p class="hint">Row ${view.sourceRow} also brings its vendor record id and campaign response to ${candidate.id}, as the staged plan says.</p>`;
}

export function bulkPageHtml(ctx: PageContext, label: string, rows: { total: number; first: number[] }, query: Record<string, string>): string {
  const action = href(ctx, '/bulk', query);
  const body = html`<h1>Decide ${countOf(rows.total, 'row')} at once</h1>
<p>All undecided merge candidates with ${label}: rows ${rows.first.join(', ')}${rows.total > rows.first.length ? ', …' : ''}.</p>
${rows.total ? html`<form method="post" action="${action}" class="decide">
<input type="hidden" name="count" value="${rows.total}">
<button name="decision" value="merge">Merge each into its first candidate</button>
<button name="decision" value="create_new">Create new for each</button>
<button name="decision" value="skip">Skip each</button>
</form><p class="hint">One click decides them all; <kbd>u</kbd> on any row takes the whole bulk decision back.</p>` : html`<p>Nothing left to decide here.</p>`}
<p><a href="${href(ctx, '/')}">Back to the queue</a></p>`;
  return layout(ctx, 'Bulk decision', body);
}

export function errorPageHtml(ctx: PageContext, message: string, back: string): string {
  return layout(ctx, 'Not recorded', html`<h1>Not recorded</h1><p class="message error" role="alert">${message}</p><p><a href="${back}">Back</a></p>`);
}
