import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { crmChecksums } from './helpers/batch-fixture.js';
import { loadSampleCrm } from './helpers/sample-crm.js';
import { stageFile, type StageFileResult } from '../src/stage/stage-file.js';
import { startReviewServer, type ReviewServer } from '../src/review/web/review-server.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { undoBatch } from '../src/commit/undo-batch.js';

/**
 * The review screen in a real browser on the purchased sample list: row 125 (Chris Lee, Cobalt
 * Logistics) is too close to call between CON-0004 and CON-0005 and brings a new title and
 * phone. Needs /usr/bin/chromium (CI installs it); skipped with a note where it is missing.
 */
const chromiumPath = '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium) console.warn(`review-web.test.ts: skipped, ${chromiumPath} is missing (apt-get install -y chromium)`);
const quiet = { start() {}, update() {}, stop() {} };

/** The token with its last character changed (to another one: a token may end in any character). */
function wrongToken(token: string): string {
  return token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x');
}

/** A raw HTTP GET with the Host header we choose (fetch will not send a forged one). */
function get(server: ReviewServer, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: server.host, port: server.port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** How far the page is wider than a 390 px phone (a mobile viewport would zoom out instead, hiding it). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - 390);
}

describe.skipIf(!haveChromium)(`review screen in Chromium (${databaseKind})`, () => {
  let t: TestDatabase;
  let dir: string;
  let staged: StageFileResult;
  let server: ReviewServer;
  let browser: Browser;
  let pristine: Record<string, string>;

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'listgate-review-web-'));
    await loadSampleCrm(t.crm);
    pristine = await crmChecksums(t.crm.db);
    staged = await stageFile(t.crm, { file: 'samples/lists/purchased-zoominfo-v1.csv', pipeline: 'pipelines/purchased-list.json', reportDir: join(dir, 'report'), progress: quiet });
    server = await startReviewServer({ crm: t.crm, batchId: staged.batchId, port: 0, host: '127.0.0.1', decidedBy: 'steward-web' });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and refuses requests without the token or with another Host header', async () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?t=[A-Za-z0-9_-]{20,}$`));
    const own = `127.0.0.1:${server.port}`;
    expect((await get(server, `/?t=${server.token}`, own)).status).toBe(200);
    expect((await get(server, '/', own)).status).toBe(403);
    expect((await get(server, `/row/125?t=${wrongToken(server.token)}`, own)).status).toBe(403);
    expect((await get(server, `/review.js`, own)).status).toBe(403);
    const rebound = await get(server, `/?t=${server.token}`, `evil.example:${server.port}`);
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('Chris');
    expect((await get(server, `/?t=${server.token}`, `localhost:${server.port}`)).status).toBe(421);
  });

  it('bulk-decides every undecided row of a score band after one confirmation; undo takes the bulk decision back', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const confirm = await fetch(`${base}/bulk?band=20&t=${server.token}`);
    const page = await confirm.text();
    expect(page).toContain('Decide 1 row at once');
    expect(page).toContain('rows 125.');
    const post = (path: string, body: Record<string, string>) => fetch(`${base}${path}`, { method: 'POST', body: new URLSearchParams(body), redirect: 'manual' });
    const stale = await post(`/bulk?band=20&t=${server.token}`, { decision: 'skip', count: '2' });
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('changed since the confirmation (2 then, 1 now)');
    expect((await post(`/bulk?band=20&t=${server.token}`, { decision: 'skip', count: '1' })).status).toBe(303);
    const decided = await t.crm.db.selectFrom('batch_rows').select(['decision', 'decided_by']).where('batch_id', '=', staged.batchId).where('source_row', '=', 125).executeTakeFirstOrThrow();
    expect(decided).toEqual({ decision: 'skip', decided_by: 'steward-web' });
    expect((await post(`/undo?t=${server.token}`, {})).status).toBe(303);
    const undone = await t.crm.db.selectFrom('batch_rows').select(['decision']).where('batch_id', '=', staged.batchId).where('source_row', '=', 125).executeTakeFirstOrThrow();
    expect(undone.decision).toBeNull();
    expect((await post(`/undo`, {})).status).toBe(403);
  });

  it('corrects a routed row on the screen: search the CRM and attach the row to the record found', async () => {
    const { source_row: row } = await t.crm.db.selectFrom('batch_rows').select('source_row').where('batch_id', '=', staged.batchId)
      .where('route', '=', 'new_lead').orderBy('source_row').limit(1).executeTakeFirstOrThrow();
    const page = await browser.newPage();
    await page.goto(server.url.replace('/?', `/row/${row}?`));
    expect(await page.locator('h1').innerText()).toContain('new lead');
    await page.fill('input[type=search]', 'priya raman');
    await Promise.all([page.waitForURL(/q=priya/), page.press('input[type=search]', 'Enter')]);
    await Promise.all([page.waitForURL(/done=/), page.click('button[value="attach:lead:LEAD-0001"]')]);
    expect(await page.locator('p.decided').innerText()).toMatch(/Decided: attach into LEAD-0001 by steward-web/);
    const decided = await t.crm.db.selectFrom('batch_rows').select(['route', 'decision', 'decision_target']).where('batch_id', '=', staged.batchId).where('source_row', '=', row).executeTakeFirstOrThrow();
    expect(decided).toMatchObject({ route: 'new_lead', decision: 'attach', decision_target: { entityType: 'lead', id: 'LEAD-0001' } });
    await page.close();
  });

  it('shows both Chris Lee candidates, picks CON-0005 and the list\'s phone by keyboard; commit writes exactly that, undo restores it', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
    await page.goto(server.url);
    await Promise.all([page.waitForURL(/\/row\/125/), page.keyboard.press('j')]);
    expect(await page.locator('table.compare th[data-candidate]').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-candidate')))).toEqual(['CON-0004', 'CON-0005']);
    expect(await page.locator('.candidate-words[data-candidate="CON-0005"]').innerText()).toContain('first name identical');

    await page.keyboard.press('?');
    expect(await page.locator('#help').evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    expect(await page.locator('#help').innerText()).toContain('undo the last decision');
    await page.keyboard.press('?');

    await Promise.all([page.waitForURL(/c=2/), page.keyboard.press('2')]);
    expect(await page.locator('section.choices').getAttribute('data-candidate')).toBe('CON-0005');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('title');
    await Promise.all([page.waitForURL(/keep=title%3Acrm/), page.keyboard.press('c')]);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('phone');
    await Promise.all([page.waitForURL(/phone%3Alist/), page.keyboard.press('l')]);
    const preview = page.locator('table.preview[data-preview="CON-0005"]');
    expect(await preview.locator('tr[data-field="title"] td').innerText()).toBe('Fleet Analyst');
    expect(await preview.locator('tr[data-field="phone"] td').innerText()).toMatch(/^\(617\) 555-0191 was 617\.555\.3117$/);

    await Promise.all([page.waitForURL(/done=/), page.keyboard.press('m')]);
    expect(await page.locator('p.decided').innerText()).toMatch(/Decided: merge into CON-0005 by steward-web at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const row = await t.crm.db.selectFrom('batch_rows').select(['decision', 'decision_target', 'field_choices', 'decided_by'])
      .where('batch_id', '=', staged.batchId).where('source_row', '=', 125).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ decision: 'merge', decision_target: { entityType: 'contact', id: 'CON-0005' }, field_choices: { title: 'crm', phone: 'list' }, decided_by: 'steward-web' });

    // undo from the keyboard, then decide again
    await Promise.all([page.waitForURL(/Took\+back/), page.keyboard.press('u')]);
    expect(await page.locator('p.decided').getAttribute('data-decision')).toBe('');
    await page.goto(`${server.url.replace('/?', '/row/125?')}&c=2&keep=title:crm,phone:list`);
    await Promise.all([page.waitForURL(/done=/), page.keyboard.press('m')]);
    expect(dialogs).toEqual([]);
    await page.close();

    const con4 = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'CON-0004').executeTakeFirstOrThrow();
    await commitBatch(t.crm, staged.batchId, { undecided: 'skip' });
    const con5 = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'CON-0005').executeTakeFirstOrThrow();
    expect(con5).toMatchObject({ title: 'Fleet Analyst', phone: '(617) 555-0191', phone_e164: '+16175550191' });
    expect(await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'CON-0004').executeTakeFirstOrThrow()).toEqual(con4);
    await undoBatch(t.crm, staged.batchId);
    const restored = await t.crm.db.selectFrom('contacts').selectAll().where('id', '=', 'CON-0005').executeTakeFirstOrThrow();
    expect(restored).toMatchObject({ title: 'Fleet Analyst', phone: '617.555.3117' });
    expect(await crmChecksums(t.crm.db)).toEqual(pristine);
  });

  it('fits a 390 px phone: no horizontal overflow on the queue, the row screen and report.html', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(server.url.replace('/?', '/?view=all&'));
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.goto(server.url.replace('/?', '/row/125?'));
    expect(await page.locator('table.compare th[data-candidate]').count()).toBe(2);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.goto(pathToFileURL(staged.report.html).href);
    expect(await page.locator('article.merge').count()).toBeGreaterThan(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('escapes what a steward types: a search for markup stays text', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url.replace('/?', '/row/2?')}&q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('input[type=search]').inputValue()).toBe('<img src=x onerror=alert(1)>');
    expect(await page.locator('.found').innerText()).toContain('nothing found');
    await page.close();
  });
});
