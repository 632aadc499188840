import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { insertContact, insertLead, keepVendorId } from './helpers/vendor-records.js';
import { importResponses, parseResponseDate } from '../src/vendor-lists/responses.js';

const quiet = { start() {}, update() {}, stop() {} };
const fixture = join(import.meta.dirname, 'fixtures/vendor-lists/responses.csv');

describe(`responses import on ${databaseKind}`, () => {
  let t: TestDatabase;
  let reports: string;
  beforeAll(async () => {
    reports = mkdtempSync(join(tmpdir(), 'listgate-responses-'));
    t = await createTestDatabase();
    await insertContact(t.crm, 'C-ANN', { email: 'ann.lee@acme.com' });
    await insertLead(t.crm, 'L-ANN', { email: 'ann.lee@acme.com' });
    await insertLead(t.crm, 'L-PHONE', { phone: '+15552010199' });
    await insertLead(t.crm, 'L-ZI3');
    await keepVendorId(t.crm, 'zi', 'na', 'ZI-3', 'lead', 'L-ZI3');
    await insertContact(t.crm, 'C-INFO1', { email: 'info@shared.com' });
    await insertContact(t.crm, 'C-INFO2', { email: 'info@shared.com' });
  });
  afterAll(async () => { await t?.cleanup(); rmSync(reports, { recursive: true, force: true }); });

  it('links each line by vendor id, email key or phone, and lists every other line with its row number', async () => {
    const result = await importResponses(t.crm, fixture, { campaign: 'Spring', reportDir: reports, progress: quiet });
    const byRow = Object.fromEntries(result.lines.map((l) => [l.sourceRow, l]));
    expect(byRow[2]).toMatchObject({ status: 'recorded', entityType: 'contact', entityId: 'C-ANN', matchedBy: 'email', kind: 'opened', campaign: 'Spring' });
    expect(byRow[3]).toMatchObject({ status: 'recorded', entityId: 'L-PHONE', matchedBy: 'phone', respondedAt: '2026-03-04T00:00:00.000Z' });
    expect(byRow[4]).toMatchObject({ status: 'recorded', entityId: 'L-ZI3', matchedBy: 'vendor record id', campaign: 'Spring Webinar' });
    expect(byRow[5].status).toBe('unmatched');
    expect(byRow[5].reason).toMatch(/matches 2 contacts \(C-INFO1, C-INFO2\): too ambiguous/);
    expect(byRow[6]).toMatchObject({ status: 'unmatched' });
    expect(byRow[7]).toMatchObject({ status: 'rejected', reason: 'Date "not a date" is not a date (use YYYY-MM-DD or M/D/YYYY)' });
    expect(byRow[8]).toMatchObject({ status: 'rejected', reason: 'no email, phone or vendor record id' });
    expect(result.counts).toEqual({ recorded: 3, already_recorded: 0, unmatched: 2, rejected: 2 });

    const stored = await t.crm.db.selectFrom('campaign_responses').select(['entity_id', 'kind', 'source_file']).orderBy('id').execute();
    expect(stored.map((s) => s.entity_id)).toEqual(['C-ANN', 'L-PHONE', 'L-ZI3', null, null]);
    const csv = readFileSync(result.reportFile, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('row,status,entity_type,entity_id,matched_by,kind,campaign,responded_at,email,phone,vendor_record_id,why');
    expect(csv).toContain('7,rejected');
  });

  it('re-importing records nothing twice', async () => {
    const result = await importResponses(t.crm, fixture, { campaign: 'Spring', reportDir: reports, progress: quiet });
    expect(result.counts).toEqual({ recorded: 0, already_recorded: 3, unmatched: 2, rejected: 2 });
    const { n } = await t.crm.db.selectFrom('campaign_responses').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(5);
  });

  it('a file without identifiers or dates is one clear error', async () => {
    await expect(importResponses(t.crm, join(import.meta.dirname, 'fixtures/vendor-lists/no-columns.csv'), { progress: quiet }))
      .rejects.toThrow(/needs an email, phone or vendor_record_id column/);
  });
});

describe('response dates', () => {
  it.each([
    ['2026-03-02', '2026-03-02T00:00:00.000Z'],
    ['2026-03-02 14:05', '2026-03-02T14:05:00.000Z'],
    ['2026-03-02T14:05:00+02:00', '2026-03-02T12:05:00.000Z'],
    ['3/4/2026', '2026-03-04T00:00:00.000Z'],
    ['25/12/2026', '2026-12-25T00:00:00.000Z'],
    ['3/4/26 2:30 pm', '2026-03-04T14:30:00.000Z'],
  ])('%s -> %s', (text, iso) => expect(parseResponseDate(text)?.toISOString()).toBe(iso));
  it.each(['', 'yesterday', '2026-02-30', '13/13/2026'])('%s is not a date', (text) => expect(parseResponseDate(text)).toBeUndefined());
});
