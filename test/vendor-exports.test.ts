import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildColumnMapping, rowMapper } from '../src/map/index.js';
import { parsePipeline } from '../src/pipeline/pipeline.js';
import { readNormalizedRows } from '../src/validate/index.js';
import { stageFile } from '../src/stage/stage-file.js';
import type { NormalizedRow } from '../src/types.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

/** The files of samples/vendor-exports/, laid out as LinkedIn, Apollo, Eventbrite and Dynamics export them. */
const exports = resolve('samples/vendor-exports');

async function readAll(file: string, settings = {}): Promise<{ rows: NormalizedRow[]; mapping: Awaited<ReturnType<typeof readNormalizedRows>>['mapping']; headerRow: number }> {
  const list = await readNormalizedRows(join(exports, file), settings);
  const rows: NormalizedRow[] = [];
  for await (const row of list.rows) rows.push(row);
  return { rows, mapping: list.mapping, headerRow: list.info.headerRow };
}

const eventbrite = parsePipeline({
  description: 'Eventbrite attendee summary', intent: 'interest', source_kind: 'event', lead_source: 'Event', campaign: 'Fall Summit',
  skip_when: { 'Attendee Status': ['Refunded', 'cancelled'] },
});

describe('vendor exports in their real layouts', () => {
  it("LinkedIn's Connections.csv: the header below three note lines; URL is the profile, never a website", async () => {
    const { rows, mapping, headerRow } = await readAll('Connections.csv');
    expect(headerRow).toBe(4);
    expect(mapping.fields.linkedin_url).toBe('URL');
    expect(mapping.fields.website).toBeUndefined();
    expect(rows).toHaveLength(3);
    expect(rows[0].values.linkedin_url).toBe('https://www.linkedin.com/in/priya-raman-4b21a9');
    for (const row of rows) {
      expect(row.values.website).toBeUndefined();
      expect(row.person.websiteDomain).toBeUndefined();
    }
  });

  it('a social-network profile in a website column is never the company website', () => {
    const mapping = buildColumnMapping(['Name', 'Email', 'Website']);
    expect(mapping.fields.website).toBe('Website');
    const map = rowMapper(mapping);
    const row = (website: string) => map({ sourceRow: 2, cells: { Name: 'Ann Lee', Email: 'ann@acme.example', Website: website } });
    expect(row('https://www.linkedin.com/in/annlee').values).toMatchObject({ linkedin_url: 'https://www.linkedin.com/in/annlee' });
    expect(row('https://www.linkedin.com/in/annlee').values.website).toBeUndefined();
    // another network: kept with the row, unmapped
    const facebook = row('facebook.com/acme');
    expect(facebook.values.website).toBeUndefined();
    expect(facebook.unmapped).toEqual({ Website: 'facebook.com/acme' });
    expect(row('https://acme.example').values.website).toBe('https://acme.example');
    // linkedin.com.evil.example is not LinkedIn; xlinkedin.com neither
    expect(row('https://linkedin.com.evil.example').values.website).toBe('https://linkedin.com.evil.example');
    expect(row('xlinkedin.com').values.website).toBe('xlinkedin.com');
  });

  it("Apollo: the company's address stays with the row and is not written on the person", async () => {
    const { rows, mapping } = await readAll('apollo-contacts.csv', { vendor: 'Apollo' });
    for (const header of ['Company Address', 'Company City', 'Company State', 'Company Country']) {
      expect(mapping.unmapped).toContain(header);
      expect(mapping.columns.find((c) => c.header === header)!.note).toMatch(/company's address/);
    }
    expect(mapping.fields).toMatchObject({ city: 'City', state: 'State', country: 'Country', linkedin_url: 'Person Linkedin Url', vendor_record_id: 'Apollo Contact Id' });
    const [dana, tomas] = rows;
    expect(dana.values.city).toBe('Evanston');
    expect(dana.values.street).toBeUndefined();
    expect(dana.unmapped['Company Address']).toBe('200 W Madison St, Chicago, Illinois, United States, 60606');
    expect(dana.unmapped['Company City']).toBe('Chicago');
    expect(dana.person.websiteDomain).toBe('harborline.example');
    // Tomas's "Website" holds the company's LinkedIn page: no website, and linkedin.com is no company domain
    expect(tomas.values.website).toBeUndefined();
    expect(tomas.person.websiteDomain).toBeUndefined();
    expect(tomas.unmapped.Website).toBe('https://www.linkedin.com/company/cobalt-logistics');
  });

  it('Dynamics "Export to Excel": (Do Not Modify) columns are never names', async () => {
    const { rows, mapping } = await readAll('dynamics-contacts-export.csv');
    expect(mapping.fields.full_name).toBe('Full Name');
    for (const header of ['(Do Not Modify) Contact', '(Do Not Modify) Row Checksum', '(Do Not Modify) Modified On']) {
      expect(mapping.columns.find((c) => c.header === header)).toMatchObject({ how: 'unmapped', note: expect.stringMatching(/Export to Excel/) });
    }
    expect(rows.map((r) => [r.person.firstName, r.person.lastName])).toEqual([['Naomi', 'Sterling'], ['Oscar', 'Vance']]);
    // without a Full Name column the GUID column is still not a name
    expect(buildColumnMapping(['(Do Not Modify) Contact', 'Email']).fields.full_name).toBeUndefined();
  });

  it("Eventbrite: skip_when skips Refunded and Cancelled attendees, each with the reason", async () => {
    const { rows } = await readAll('eventbrite-attendees.csv', eventbrite);
    expect(rows.map((r) => [r.sourceRow, r.rejected])).toEqual([[2, false], [3, true], [4, true], [5, false]]);
    expect(rows[1].issues).toEqual([{ code: 'skipped_by_pipeline', severity: 'reject', message: 'skipped by the pipeline\'s skip_when: Attendee Status is "Refunded"' }]);
    expect(rows[2].issues[0].message).toBe('skipped by the pipeline\'s skip_when: Attendee Status is "Cancelled"');
  });

  it('skip_when naming a column the file lacks is a warning; a bad skip_when is a configuration error', () => {
    expect(buildColumnMapping(['Email'], { skip_when: { 'Attendee Status': ['Refunded'] } }).warnings)
      .toContain('pipeline skip_when names "Attendee Status", which is not a column of this file; no row is skipped by it');
    expect(() => parsePipeline({ intent: 'interest', lead_source: 'Event', skip_when: { 'Attendee Status': 'Refunded' } }, 'p.json'))
      .toThrow(/p\.json: key "skip_when\.Attendee Status"/);
  });
});

describe('a skipped row is staged and reported like every row', () => {
  let t: TestDatabase;
  const reports = mkdtempSync(join(tmpdir(), 'listgate-skip-'));
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => {
    await t?.cleanup();
    rmSync(reports, { recursive: true, force: true });
  });

  it('every row of the Eventbrite export ends in rows.csv; the skipped ones say why', async () => {
    const pipelineFile = join(reports, 'eventbrite.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(pipelineFile, JSON.stringify({ ...eventbrite, skip_when: { 'Attendee Status': ['Refunded', 'Cancelled'] } }));
    const result = await stageFile(t.crm, { file: join(exports, 'eventbrite-attendees.csv'), pipeline: pipelineFile, reportDir: join(reports, 'out') });
    expect(result.rowCount).toBe(4);
    expect(result.counts.rejected).toBe(2);
    const rows = Papa.parse<Record<string, string>>(readFileSync(result.report.csv, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.source_row)).toEqual(['2', '3', '4', '5']);
    expect(rows.find((r) => r.source_row === '3')).toMatchObject({ route: 'rejected', reasons: expect.stringContaining('skip_when: Attendee Status is "Refunded"') });
    expect(rows.find((r) => r.source_row === '4')!.reasons).toContain('Attendee Status is "Cancelled"');
  });
});
