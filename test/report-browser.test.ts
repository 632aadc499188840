import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { normalizePerson } from '../src/normalize/index.js';
import { contactKeyColumns } from '../src/crm/record-keys.js';
import { parsePipeline } from '../src/pipeline/pipeline.js';
import { stageBatch } from '../src/stage/stage-batch.js';
import { routes, type CanonicalField, type NormalizedRow } from '../src/types.js';

/**
 * report.html in a real browser: the counts shown are summary.json's, and a hostile name stays
 * text. Needs /usr/bin/chromium (CI installs it); skipped with a note where it is missing.
 */
const chromiumPath = '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium) console.warn(`report-browser.test.ts: skipped, ${chromiumPath} is missing (apt-get install -y chromium)`);

const hostile = '<img src=x onerror=alert(1)>';
const reportDir = mkdtempSync(join(tmpdir(), 'listgate-report-browser-'));
const screenshotDir = resolve('test-output');

function row(sourceRow: number, values: Partial<Record<CanonicalField, string>>, rejected = false): NormalizedRow {
  const { person, issues } = normalizePerson(values, { defaultCountry: 'US' });
  return {
    sourceRow, raw: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? ''])), values, unmapped: {}, person,
    issues: rejected ? [...issues, { code: 'no_identity', message: `no usable identity in ${hostile}`, severity: 'reject' }] : issues, rejected,
  };
}
async function* each<T>(items: T[]): AsyncGenerator<T> { yield* items; }

describe.skipIf(!haveChromium)(`report.html in Chromium (${databaseKind})`, () => {
  let t: TestDatabase;
  let browser: Browser;
  let summary: { batch_id: string; counts: Record<string, number>; row_count: number; files: { html: string } };

  beforeAll(async () => {
    t = await createTestDatabase();
    const contact = { id: 'C1', first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@acme.com' };
    await t.crm.db.insertInto('contacts').values({ ...contact, ...contactKeyColumns(contact), extra: '{}' }).execute();
    const pipeline = { ...parsePipeline({ intent: 'interest', lead_source: 'Trade Show', campaign: `Expo ${hostile}` }), name: 'tradeshow', path: 'pipelines/tradeshow.json' };
    await stageBatch(t.crm, {
      file: 'badges.csv', fileSha256: null, pipeline, reportDir,
      rows: each([
        row(2, { first_name: hostile, last_name: 'Smith', email: 'x@evil.example', company: '=HYPERLINK("http://evil.example")' }),
        row(3, { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@acme.com', company: 'Acme' }),
        row(4, { first_name: hostile, last_name: 'Smith', email: 'x@evil.example', company: '=HYPERLINK("http://evil.example")' }),
        row(5, { notes: hostile }, true),
      ]),
    });
    summary = JSON.parse(readFileSync(join(reportDir, 'summary.json'), 'utf8'));
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.cleanup();
    rmSync(reportDir, { recursive: true, force: true });
  });

  it('shows summary.json\'s counts, keeps a hostile name as text, fires no dialog and loads nothing from the network', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
    page.on('request', (request) => { if (!request.url().startsWith('file:')) requests.push(request.url()); });
    await page.goto(pathToFileURL(summary.files.html).href);
    await page.waitForLoadState('load');

    for (const route of routes) {
      const card = page.locator(`.card[data-route="${route}"]`);
      expect(await card.getAttribute('data-count')).toBe(String(summary.counts[route]));
      expect((await card.locator('.n').innerText()).replace(/,/g, '')).toBe(String(summary.counts[route]));
    }
    expect(await page.locator('.card[data-route="total"]').getAttribute('data-count')).toBe(String(summary.row_count));
    expect(summary.counts).toMatchObject({ new_lead: 1, opportunity_for_contact: 1, duplicate_in_file: 1, rejected: 1 });

    expect(await page.locator('img').count()).toBe(0);
    const cell = page.locator('section[data-route-section="new_lead"] tbody tr').first().locator('td').nth(1);
    // the normalizer proper-cases names (Src, Onerror); what matters is that the markup is shown as text
    expect((await cell.innerText()).toLowerCase()).toBe(`${hostile} smith`);
    expect(await page.locator('body').innerText()).toContain(`Expo ${hostile}`);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);

    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'report-browser.png'), fullPage: true });
    expect(existsSync(join(screenshotDir, 'report-browser.png'))).toBe(true);
    await page.close();
  });

  it('filters a table by typed text without turning it into markup', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(summary.files.html).href);
    const filter = page.locator('input[data-filter="table-new_lead"]');
    await filter.fill('no such person');
    expect(await page.locator('#table-new_lead tbody tr:visible').count()).toBe(0);
    await filter.fill('<img');
    expect(await page.locator('#table-new_lead tbody tr:visible').count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    await page.close();
  });
});
