import { routes, type FieldUpdate, type NormalizedPerson, type Route, type RowPlan, type ScoredCandidate } from '../types.js';
import { horizontalBarChart, histogram } from './charts.js';
import { html, trusted, type SafeHtml } from './html.js';
import { issueLabel, routeColors, routeLabels, type CandidateRecord, type ReportModel } from './report-model.js';
import { closeCandidatesOf } from './staged-rows-db.js';
import { sameCountry } from '../normalize/location.js';
import { displayName, personOf, type StagedRow } from './staged-row.js';

/**
 * report.html: one self-contained page (inline CSS, JS and SVG, no network) a data steward can
 * open from disk. Every value goes through the escaping `html` tag. Tables are capped at
 * model.rowCap rows per route; rows.csv always has every row.
 */
export function renderReportHtml(model: ReportModel): string {
  const { batch, counts } = model;
  const total = routes.reduce((sum, r) => sum + counts[r], 0);
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>listgate batch ${batch.id}</title>
<style>${trusted(css)}</style></head>
<body data-batch-id="${batch.id}">
<header>
  <h1>Batch <code>${batch.id}</code></h1>
  <p class="meta">${batch.file}${batch.sheet ? ` (sheet ${batch.sheet})` : ''} · pipeline <b>${batch.pipeline}</b> (${batch.intent}${batch.sourceKind ? `, ${batch.sourceKind}` : ''})${batch.vendor ? ` · vendor ${batch.vendor}${batch.list ? ` / ${batch.list}` : ''}` : ''}${batch.campaign ? ` · campaign ${batch.campaign}` : ''} · staged ${batch.stagedAt}</p>
  <p class="meta">sha256 <code>${batch.fileSha256 ?? ''}</code> · nothing is in the CRM yet: review, then <code>listgate commit ${batch.id}</code></p>
  <p class="files">All rows: <a href="${model.files.csv}">${model.files.csv}</a> · <a href="${model.files.jsonl}">${model.files.jsonl}</a> · steward workbook <a href="${model.files.xlsx}">${model.files.xlsx}</a> · <a href="${model.files.summary}">${model.files.summary}</a></p>
</header>
<nav>${routes.map((r) => html`<a href="#route-${r}">${routeLabels[r]} (${counts[r].toLocaleString('en-US')})</a>`)}</nav>
<section class="counts" aria-label="rows per route">
  <div class="card total" data-route="total" data-count="${total}"><span class="n">${total.toLocaleString('en-US')}</span><span class="label">rows</span></div>
  ${routes.map((r) => html`<div class="card" data-route="${r}" data-count="${counts[r]}" style="border-color:${routeColors[r]}"><span class="n">${counts[r].toLocaleString('en-US')}</span><span class="label">${routeLabels[r]}</span></div>`)}
</section>
${commitLine(model)}
<section class="charts">
  ${horizontalBarChart('Rows per route', routes.map((r) => ({ label: routeLabels[r], value: counts[r], color: routeColors[r], key: r })), { chart: 'routes' })}
  ${model.scoreHistograms?.length
    ? model.scoreHistograms.map((h) => histogram(`Best ${h.target} score per row (orange: review band, green: match; dashed: the ${h.target} thresholds)`, h.buckets, { chart: `scores-${h.target}`, bands: model.scoreBandsByTarget?.[h.target] }))
    : histogram('Best match score per row (orange: review band, green: match)', model.scoreHistogram, { chart: 'scores', bands: model.scoreBands })}
  ${model.issuesByKind.length
    ? horizontalBarChart('Issues by kind', model.issuesByKind.map((i) => ({ label: issueLabel(i.code, i.severity), value: i.count, color: i.severity === 'reject' ? '#c0392b' : i.severity === 'warning' ? '#d98c1f' : '#8a9bb0', key: i.code })), { chart: 'issues' })
    : html`<figure class="chart" data-chart="issues"><figcaption>Issues by kind</figcaption><p class="empty">no issues</p></figure>`}
</section>
${mergeSection(model)}
${updatesSection(model)}
${routes.map((r) => routeSection(model, r))}
<footer>listgate · every value in this page is escaped text · <a href="${model.files.csv}">${model.files.csv}</a> has all ${total.toLocaleString('en-US')} rows</footer>
<script>${trusted(script)}</script>
</body></html>
`;
  return page.value;
}

function capNote(model: ReportModel, route: Route): SafeHtml | '' {
  const shown = model.rowsByRoute[route].length;
  const count = model.counts[route];
  if (shown >= count) return '';
  const command = route === 'merge_candidate'
    ? `listgate review ${model.batch.id} --web`
    : `listgate report ${model.batch.id} --route ${route}`;
  return html`<p class="cap" data-capped="${route}">This table shows the first ${shown.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} rows, and its filter searches only those. The rest: <code>${command}</code>, or <a href="${model.files.csv}">${model.files.csv}</a> and <a href="${model.files.xlsx}">${model.files.xlsx}</a>, which have every row.</p>`;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function commitLine(model: ReportModel): SafeHtml | '' {
  const t = model.commitTotals;
  if (!t) return '';
  return html`<p class="commit-totals" data-leads="${t.leads}" data-contacts="${t.contacts}" data-opportunities="${t.opportunities}" data-field-updates="${t.fieldUpdates}">Commit will create <b>${plural(t.leads, 'Lead', 'Leads')}</b>, <b>${plural(t.contacts, 'Contact', 'Contacts')}</b> and <b>${plural(t.opportunities, 'Opportunity', 'Opportunities')}</b>, and propose <b>${plural(t.fieldUpdates, 'field update', 'field updates')}</b> on matched records${t.undecided ? html` (${plural(t.undecided, 'merge candidate', 'merge candidates')} still undecided, not counted)` : ''}.</p>`;
}

function matchedIds(row: StagedRow): string {
  return [row.accountId && `Account ${row.accountId}`, row.contactId && `Contact ${row.contactId}`, row.leadId && `Lead ${row.leadId}`].filter(Boolean).join(' · ');
}

function creates(plan: RowPlan | null): string {
  if (!plan) return '';
  const parts: string[] = [];
  if (plan.createLead) parts.push(`Lead ${plan.createLead.id} (${plan.createLead.values.rating ?? ''}, follow up ${plan.createLead.values.follow_up_due ?? ''})`);
  if (plan.createContact) parts.push(`Contact ${plan.createContact.id}`);
  if (plan.createOpportunity) parts.push(`Opportunity ${plan.createOpportunity.id} "${plan.createOpportunity.values.name ?? ''}"`);
  if (plan.update?.fields.length) parts.push(`${fieldUpdateWords(plan.update.fields)} on ${plan.update.entityType} ${plan.update.entityId}`);
  if (plan.vendorRecord) parts.push(`vendor id ${plan.vendorRecord.vendorRecordId}`);
  return parts.join('; ');
}

/** "overwrites title, phone; fills mobile": what a plan does to a matched record, overwrites named as such. */
export function fieldUpdateWords(fields: FieldUpdate[]): string {
  const of = (kind: FieldUpdate['kind']) => fields.filter((f) => f.kind === kind).map((f) => f.field);
  return [
    of('overwrite').length ? `overwrites ${of('overwrite').join(', ')}` : '',
    of('fill').length ? `fills ${of('fill').join(', ')}` : '',
    of('secondary_email').length ? 'keeps the new email as secondary email' : '',
  ].filter(Boolean).join('; ');
}

function routeSection(model: ReportModel, route: Route): SafeHtml {
  const rows = model.rowsByRoute[route];
  const rejected = route === 'rejected';
  const body = rows.length === 0
    ? html`<p class="empty">no rows</p>`
    : html`<input type="search" class="filter" data-filter="table-${route}" placeholder="filter these rows">
<div class="table-wrap"><table id="table-${route}" class="rows"><thead><tr><th>row</th><th>name</th><th>email</th><th>company</th><th>title</th><th>phone</th>${rejected ? html`<th>issues</th>` : html`<th>matched</th><th>score</th><th>will create / change</th>`}<th>reasons</th></tr></thead><tbody>
${rows.map((row) => {
    const p = personOf(row);
    const v = row.normalized.values ?? {};
    return html`<tr data-source-row="${row.sourceRow}"><td class="num">${row.sourceRow}</td><td>${displayName(p) || [v.first_name, v.last_name].filter(Boolean).join(' ') || v.full_name}</td><td>${p.email ?? v.email}</td><td>${p.company ?? v.company}</td><td>${p.title ?? v.title}</td><td>${p.phone ?? v.phone}</td>${rejected
      ? html`<td>${row.issues.map((i) => html`<span class="issue ${i.severity}">${i.field ? `${i.field}: ` : ''}${i.message}</span>`)}</td>`
      : html`<td>${matchedIds(row)}${row.duplicateOfRow ? `row ${row.duplicateOfRow}` : ''}</td><td class="num">${row.score === null ? '' : row.score.toFixed(1)}</td><td>${creates(row.plan)}</td>`}<td class="reasons">${row.reasons}</td></tr>`;
  })}
</tbody></table></div>`;
  return html`<section class="route" id="route-${route}" data-route-section="${route}" data-count="${model.counts[route]}" data-shown="${rows.length}">
<h2><span class="swatch" style="background:${routeColors[route]}"></span>${routeLabels[route]} <small>${model.counts[route].toLocaleString('en-US')} row${model.counts[route] === 1 ? '' : 's'}</small></h2>
${capNote(model, route)}${body}</section>`;
}

const comparedFields: { label: string; incoming: (p: NormalizedPerson) => string | undefined; record: string }[] = [
  { label: 'first name', incoming: (p) => p.firstName, record: 'first_name' },
  { label: 'last name', incoming: (p) => p.lastName, record: 'last_name' },
  { label: 'email', incoming: (p) => p.email, record: 'email' },
  { label: 'phone', incoming: (p) => p.phone, record: 'phone' },
  { label: 'mobile', incoming: (p) => p.mobile, record: 'mobile' },
  { label: 'title', incoming: (p) => p.title, record: 'title' },
  { label: 'company', incoming: (p) => p.company, record: 'company' },
  { label: 'street', incoming: (p) => p.street, record: 'street' },
  { label: 'city', incoming: (p) => p.city, record: 'city' },
  { label: 'state', incoming: (p) => p.state, record: 'state' },
  { label: 'postal code', incoming: (p) => p.postalCode, record: 'postal_code' },
  { label: 'country', incoming: (p) => p.country, record: 'country' },
];

function comparable(value: string | null | undefined): string {
  return (value ?? '').trim().toLowerCase().replace(/[\s().-]+/g, ' ').trim();
}

function breakdown(candidate: ScoredCandidate | undefined, tooClose: boolean): SafeHtml {
  if (!candidate) return html`<p class="empty">no score breakdown stored</p>`;
  // a merge candidate is never "a match": the steward decides, whatever band its score is in
  const verdict = tooClose ? 'too close to call against another record: a steward decides' : 'a steward decides';
  return html`<ul class="breakdown">${candidate.comparisons.map((c) => html`<li class="${c.weight >= 0 ? 'for' : 'against'}"><b>${c.comparison}</b>: ${c.detail || c.level} <span class="w">${c.weight >= 0 ? '+' : ''}${c.weight.toFixed(1)}</span></li>`)}
${candidate.guards.map((g) => html`<li class="guard">guard: ${g}</li>`)}
<li class="total">total ${candidate.score.toFixed(1)} (${verdict})</li></ul>`;
}

function decisionWords(plan: RowPlan | undefined): string {
  if (!plan) return 'nothing';
  return creates(plan) || 'attach the row to the record (no field changes)';
}

function mergeSection(model: ReportModel): SafeHtml {
  const rows = model.rowsByRoute.merge_candidate;
  if (rows.length === 0) return html``;
  return html`<section class="merges" id="merges" data-merge-count="${model.counts.merge_candidate}">
<h2>Merge candidates, side by side</h2>
<p>Each incoming row next to every CRM record it came close to. Highlighted fields differ; a steward decides on the review screen (<code>listgate review ${model.batch.id} --web</code>), with <code>--decide</code>, or in the <code>merge_candidate</code> sheet of <a href="${model.files.xlsx}">${model.files.xlsx}</a> (merge, merge:RECORD_ID, create_new, skip).</p>
${capNote(model, 'merge_candidate')}
${rows.map((row) => {
    const close = closeCandidatesOf(row);
    const p = personOf(row);
    const tooClose = (row.match?.ambiguous?.ids.length ?? 0) > 1;
    const records = close.map((c) => ({ ...c, record: model.candidateRecords.get(`${c.entityType}:${c.id}`) as CandidateRecord | undefined, scored: row.match?.candidates.find((s) => s.id === c.id && s.entityType === c.entityType) }));
    const label = (c: { entityType: string; id: string }) => `${c.entityType === 'contact' ? 'Contact' : 'Lead'} ${c.id}`;
    const decided = row.decision;
    return html`<article class="merge" data-source-row="${row.sourceRow}" data-candidates="${close.map((c) => c.id).join(' ')}">
<h3>Row ${row.sourceRow} ↔ ${close.length ? close.map(label).join(' or ') : 'no single candidate'}${row.score === null ? '' : html` <small>score ${row.score.toFixed(1)}</small>`}${records.some((r) => r.record?.doNotContact) ? html` <span class="issue reject">do not contact</span>` : ''}</h3>
${decided ? html`<p class="decided" data-decision="${decided.decision}">Decided: <b>${decided.decision}${decided.target ? ` into ${decided.target}` : ''}</b>${decided.by ? ` by ${decided.by}` : ''}${decided.at ? ` at ${decided.at.slice(0, 16).replace('T', ' ')} UTC` : ''}</p>` : ''}
<div class="table-wrap"><table class="compare"><thead><tr><th></th><th>incoming row ${row.sourceRow}</th>${records.map((c) => html`<th data-candidate="${c.id}">${label(c)}</th>`)}</tr></thead><tbody>
${comparedFields.map((f) => {
      const incoming = f.incoming(p);
      const values = records.map((c) => c.record?.fields[f.record] ?? null);
      if (!incoming && values.every((v) => !v)) return '';
      const agrees = (existing: string | null) => (f.record === 'country' ? sameCountry(incoming, existing) : comparable(incoming) === comparable(existing));
      return html`<tr><th>${f.label}</th><td class="${incoming && values.some((v) => !v) ? 'new' : ''}">${incoming}</td>${values.map((existing) => html`<td class="${incoming && existing ? (agrees(existing) ? 'same' : 'diff') : ''}">${existing}</td>`)}</tr>`;
    })}
</tbody></table></div>
<div class="why">${records.map((c) => html`<h4>Score breakdown: ${label(c)}</h4>${breakdown(c.scored, tooClose)}`)}
<h4>Decisions</h4><ul><li><b>merge</b> (into ${close[0] ? label(close[0]) : 'the candidate'}): ${decisionWords(row.plan?.onMerge)}</li>${close.slice(1).map((c) => html`<li><b>merge:${c.id}</b>: the same into ${label(c)}, with its own field differences</li>`)}<li><b>create_new</b>: ${decisionWords(row.plan?.onCreateNew)}</li><li><b>skip</b>: nothing is imported</li></ul>
<p class="reasons">${row.reasons}</p></div></article>`;
  })}
</section>`;
}

function updatesSection(model: ReportModel): SafeHtml {
  const updates: { row: StagedRow; entity: string; update: FieldUpdate }[] = [];
  for (const route of routes) {
    for (const row of model.rowsByRoute[route]) {
      const plan = row.plan;
      if (plan?.update) for (const update of plan.update.fields) updates.push({ row, entity: `${plan.update.entityType} ${plan.update.entityId}`, update });
    }
  }
  return html`<section class="updates" id="updates" data-update-count="${updates.length}">
<h2>Proposed field updates on matched records <small>${updates.length.toLocaleString('en-US')}${routes.some((r) => model.rowsByRoute[r].length < model.counts[r]) ? ' in the rows shown' : ''}</small></h2>
${updates.length === 0 ? html`<p class="empty">none: matched records keep their values</p>` : html`<input type="search" class="filter" data-filter="table-updates" placeholder="filter updates">
<div class="table-wrap"><table id="table-updates" class="rows"><thead><tr><th>row</th><th>route</th><th>record</th><th>field</th><th>old</th><th>new</th><th>kind</th></tr></thead><tbody>
${updates.map(({ row, entity, update }) => html`<tr data-source-row="${row.sourceRow}"><td class="num">${row.sourceRow}</td><td>${routeLabels[row.route]}</td><td>${entity}</td><td>${update.field}</td><td class="old">${update.old ?? '(empty)'}</td><td class="new">${update.new}</td><td>${update.kind}</td></tr>`)}
</tbody></table></div>`}
</section>`;
}

const css = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232b; background: #f6f7f9; }
body { margin: 0 auto; max-width: 1400px; padding: 16px 24px 48px; overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
.table-wrap { max-width: 100%; overflow-x: auto; }
.commit-totals { background: #fff; border: 1px solid #d6dbe1; border-radius: 6px; padding: 8px 12px; }
.decided { margin: 4px 0 8px; }
h1 { font-size: 22px; margin: 8px 0; } h2 { font-size: 18px; margin: 28px 0 8px; } h3 { font-size: 15px; margin: 0 0 8px; }
h4 { margin: 8px 0 4px; font-size: 13px; } small { color: #5b6775; font-weight: normal; }
.meta, .files { margin: 2px 0; color: #3d4752; font-size: 13px; }
nav { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 12px 0; font-size: 13px; }
a { color: #245bb3; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; }
.card { background: #fff; border: 1px solid #d6dbe1; border-left-width: 6px; border-radius: 6px; padding: 8px 12px; min-width: 120px; }
.card .n { display: block; font-size: 22px; font-weight: 600; } .card .label { font-size: 12px; color: #4b5663; }
.card.total { border-left-color: #1d232b; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 16px; }
.chart { background: #fff; border: 1px solid #d6dbe1; border-radius: 6px; padding: 8px; margin: 0; max-width: 100%; min-width: 0; }
.chart svg { max-width: 100%; height: auto; }
.chart figcaption { font-size: 13px; font-weight: 600; margin-bottom: 4px; }
.chart text { font-size: 11px; fill: #2b333d; }
table.rows { border-collapse: collapse; width: 100%; background: #fff; font-size: 12px; }
table.rows th, table.rows td { border: 1px solid #e1e5ea; padding: 3px 6px; vertical-align: top; text-align: left; }
table.rows thead th { position: sticky; top: 0; background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.reasons, p.reasons { color: #3d4752; max-width: 520px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; }
.cap { background: #fff7e0; border: 1px solid #f0d48a; padding: 6px 10px; border-radius: 4px; font-size: 13px; }
.empty { color: #6b7682; font-style: italic; }
.filter { margin: 4px 0; padding: 4px 6px; width: min(280px, 100%); }
@media (max-width: 600px) { body { padding: 8px 8px 32px; } .card { min-width: 0; flex: 1 1 40%; } }
.issue { display: inline-block; margin: 1px 4px 1px 0; padding: 0 4px; border-radius: 3px; background: #eef1f5; }
.issue.reject { background: #f9dcd8; } .issue.warning { background: #fbedd0; }
article.merge { background: #fff; border: 1px solid #d6dbe1; border-radius: 6px; padding: 10px 12px; margin: 10px 0; }

table.compare { border-collapse: collapse; font-size: 12px; width: 100%; table-layout: fixed; }
table.compare th, table.compare td { border: 1px solid #e1e5ea; padding: 3px 8px; text-align: left; }
table.compare td.diff { background: #fde2c4; font-weight: 600; }
table.compare td.new { background: #e3f3e6; }
table.compare th, table.compare td { overflow-wrap: anywhere; }
.why { font-size: 12px; }
ul.breakdown { padding-left: 18px; margin: 0; } ul.breakdown li.against { color: #9b2c20; } ul.breakdown li.guard { color: #7a5a00; }
ul.breakdown .w { font-variant-numeric: tabular-nums; color: #5b6775; } ul.breakdown li.total { font-weight: 600; list-style: none; margin-left: -18px; }
td.old { color: #7b2f2f; text-decoration: line-through; } td.new { color: #1f6b3a; }
footer { margin-top: 32px; font-size: 12px; color: #5b6775; }
`;

const script = `
for (const input of document.querySelectorAll('input[data-filter]')) {
  const table = document.getElementById(input.dataset.filter);
  input.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase();
    for (const tr of table.tBodies[0].rows) tr.hidden = q !== '' && !tr.textContent.toLowerCase().includes(q);
  });
}
`;
