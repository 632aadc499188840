import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { routes } from '../src/types.js';
import { renderReportHtml } from '../src/report/report-html.js';
import { ReportRowWriter, rowsCsvColumns } from '../src/report/row-files.js';
import { reportPathsIn } from '../src/report/write-report.js';
import { writeReportXlsx, mergeSheetName } from '../src/report/report-xlsx.js';
import { neutralizeFormula } from '../src/report/spreadsheet-safe.js';
import { escapeHtml, html } from '../src/report/html.js';
import { candidateRecords, chunksOf, hostileName, sampleModel, sampleRows, stagedRow } from './report-fixtures.js';

/** The rows written as the stage writes them, chunk by chunk, into a report directory under dir. */
async function writtenRows(name: string, rows = sampleRows(), options: { fullJsonl?: boolean } = {}): Promise<{ writer: ReportRowWriter; count: number }> {
  const writer = new ReportRowWriter(reportPathsIn(join(dir, name)), options);
  for await (const chunk of chunksOf(rows)) await writer.add(chunk);
  return { writer, count: await writer.close() };
}

const dir = mkdtempSync(join(tmpdir(), 'listgate-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('escaping', () => {
  it('escapes every interpolated value, including attribute quotes', () => {
    expect(html`<p title="${'" onclick="x'}">${hostileName}</p>`.value).toBe('<p title="&#34; onclick=&#34;x">&#60;img src=x onerror=alert(1)&#62;</p>');
    expect(escapeHtml(`<>&"'\``)).not.toMatch(/[<>"'`]/);
  });
  it('neutralizes cells a spreadsheet would run as formulas', () => {
    expect(['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', 'plain', ''].map(neutralizeFormula)).toEqual(["'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", 'plain', '']);
  });
});

describe('report.html', () => {
  const page = renderReportHtml(sampleModel());
  it('shows the count of every route, zeros included, as data attributes', () => {
    for (const route of routes) expect(page).toMatch(new RegExp(`data-route="${route}" data-count="\\d+"`));
    expect(page).toContain('data-route="new_lead" data-count="2"');
    expect(page).toContain('data-route="total" data-count="10"');
  });
  it('never lets a value become markup', () => {
    expect(page).not.toContain(hostileName);
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(page).not.toMatch(/<img/i);
  });
  it('is self-contained: no external resources', () => {
    expect(page).not.toMatch(/(src|href)="https?:/);
    expect(page).not.toMatch(/<link /);
  });
  it('draws the charts as inline SVG', () => {
    expect(page).toContain('data-chart="routes"');
    expect(page).toContain('data-chart="scores"');
    expect(page).toContain('data-chart="issues"');
    expect(page.match(/<svg /g)?.length).toBe(3);
  });
  it('puts merge candidates side by side with differing fields highlighted and the score in words', () => {
    const merge = page.slice(page.indexOf('<article class="merge"'), page.indexOf('</article>'));
    expect(merge).toMatch(/<tr><th>first name<\/th><td class="">Bob<\/td><td class="diff">Robert<\/td>/);
    expect(merge).toMatch(/<tr><th>last name<\/th><td class="">[^<]+<\/td><td class="same">/);
    // a merge candidate's score is never called a match: the steward decides
    expect(merge).not.toMatch(/\(match\)/);
    expect(merge).toMatch(/total [\d.]+ \(a steward decides\)/);
    expect(merge).toContain('first name Bob ~ Robert (nickname)');
    expect(merge).toContain('guard: moved company');
    expect(merge).toContain('Opportunity LG-O-x-7');
  });
  it('lists rejects with their issues and the proposed field updates', () => {
    expect(page).toContain('no name, email or phone');
    expect(page).toContain('data-update-count="2"');
    expect(page).toMatch(/<td class="old">\+1 555 0100<\/td><td class="new">\+1 555 0199<\/td><td>overwrite<\/td>/);
  });
  it('caps the tables of a huge batch and points to the full CSV', () => {
    const many = Array.from({ length: 30 }, (_, i) => stagedRow(i + 2, 'new_lead'));
    const capped = renderReportHtml(sampleModel(many, 10));
    expect(capped).toContain('data-route-section="new_lead" data-count="30" data-shown="10"');
    expect(capped).toContain('data-capped="new_lead"');
    expect(capped).toMatch(/This table shows the first 10 of 30 rows, and its filter searches only those\. The rest: <code>listgate report [^<]+ --route new_lead<\/code>, or <a href="rows.csv">/);
    expect(capped.match(/<tr data-source-row=/g)?.length).toBe(10);
  });
});

describe('rows.csv and rows.jsonl', () => {
  it('writes one line per row with the contract columns, formulas neutralized', async () => {
    const rows = sampleRows();
    const { writer: { paths }, count } = await writtenRows('row-files', rows);
    expect(count).toBe(rows.length);
    const parsed = Papa.parse<Record<string, string>>(readFileSync(paths.csv, 'utf8'), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...rowsCsvColumns]);
    expect(parsed.data.map((r) => Number(r.source_row))).toEqual(rows.map((r) => r.sourceRow));
    expect(parsed.data[0]).toMatchObject({ route: 'new_lead', first_name: hostileName, company: `'=HYPERLINK("http://evil")` });
    expect(parsed.data[6]).toMatchObject({ route: 'duplicate_in_file', duplicate_of_row: '2' });
    expect(parsed.data[9]).toMatchObject({ first_name: "'+cmd", last_name: "'@SUM(A1)", email: "'-2+3@x.com" });
    const lines = readFileSync(paths.jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(rows.length);
    // by default a line is the decision: route, ids, reasons, each kind's best candidate by id and score, issue codes
    expect(lines[5]).toMatchObject({ source_row: rows[5].sourceRow, route: rows[5].route });
    expect(lines[5].reasons).toBeUndefined();
    expect(lines[5].best[rows[5].match!.candidates[0].entityType]).toMatchObject({ id: rows[5].match!.candidates[0].id });
    expect(lines[5].candidates).toBeUndefined();
    expect(lines[8].issues[0]).toMatch(/^no_identity/);
    for (const line of readFileSync(paths.jsonl, 'utf8').trim().split('\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(600);
  });

  it('writes everything with --full-jsonl: the row\'s fields, its candidates with their comparisons, the plan', async () => {
    const rows = sampleRows();
    const { writer: { paths } } = await writtenRows('row-files-full', rows, { fullJsonl: true });
    const lines = readFileSync(paths.jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(rows.length);
    expect(lines[5].candidates[0].comparisons[0].detail).toBe('first name Bob ~ Robert (nickname)');
    expect(lines[8].issues[0].code).toBe('no_identity');
    expect(lines[0].raw).toBeDefined();
  });
});

describe('report.xlsx', () => {
  it('has a summary and one sheet per route, frozen headers, autofilters and a decision drop-down for merge candidates', async () => {
    const model = sampleModel();
    const { writer } = await writtenRows('xlsx');
    const path = join(dir, 'report.xlsx');
    await writeReportXlsx(model, {
      linesOfRoute: (route) => writer.linesOfRoute(route),
      candidatesOf: async () => candidateRecords(),
    }, path);
    writer.removeSpools();
    expect(readdirSync(writer.paths.dir).sort()).toEqual(['rows.csv', 'rows.jsonl']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['summary', ...routes]);
    const merge = workbook.getWorksheet(mergeSheetName)!;
    const headers = (merge.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 2)).toEqual(['source_row', 'decision']);
    expect(merge.getRow(2).getCell(1).value).toBe(7);
    expect(headers).toContain('candidate_name');
    expect(merge.getRow(2).getCell(headers.indexOf('candidate_name') + 1).value).toBe('Robert Jones');
    expect(merge.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: ['"merge,create_new,skip"'] });
    expect(merge.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(merge.autoFilter).toBeTruthy();
    const newLeads = workbook.getWorksheet('new_lead')!;
    expect(newLeads.rowCount).toBe(3);
    const values = (newLeads.getRow(2).values as unknown[]).slice(1);
    expect(values).toContain(`'=HYPERLINK("http://evil")`);
    expect(values).toContain(hostileName);
    const lastRow = (newLeads.getRow(3).values as unknown[]).slice(1);
    expect(lastRow).toEqual(expect.arrayContaining(["'+cmd", "'@SUM(A1)"]));
    const summary = workbook.getWorksheet('summary')!;
    const facts = new Map<string, unknown>();
    summary.eachRow((row) => facts.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(facts.get('route merge_candidate')).toBe(1);
    expect(facts.get('route new_lead')).toBe(2);
  });
});
