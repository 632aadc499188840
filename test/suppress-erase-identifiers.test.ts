import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createTestDatabase, databaseKind, type TestDatabase } from './helpers/database.js';
import { loadCrmSnapshot } from '../src/crm/load-crm.js';
import { stageFile } from '../src/stage/stage-file.js';
import { commitBatch } from '../src/commit/commit-batch.js';
import { erasePerson, formatErase } from '../src/vendor-lists/suppress.js';

/**
 * An erased person does not come back (issue 22, case 7): after `suppress erase --email`, a
 * delivery with the same name, company and phone but no email is suppressed, as is one with the
 * name and company only; the report folders still holding the person are named; on PGlite the
 * database files no longer hold the address.
 */

const dir = mkdtempSync(join(tmpdir(), 'listgate-erase-'));
const header = 'First Name,Last Name,Company,Email Address,Work Phone';

function list(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [header, ...lines].join('\n') + '\n');
  return path;
}

function routesOf(csv: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(readFileSync(csv, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

function filesHolding(root: string, text: string): string[] {
  const needle = Buffer.from(text);
  const found: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (readFileSync(child).includes(needle)) found.push(child.slice(root.length + 1));
    }
  };
  walk(root);
  return found;
}

describe(`suppress erase keeps the person's other identifiers (${databaseKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const accounts = join(dir, 'accounts.csv');
    writeFileSync(accounts, 'account_id,name,website,phone\nACC-1,Northwind Traders,https://northwind.example,+1 206 555 0100\n');
    await loadCrmSnapshot(t.crm, { accounts });
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('suppresses a delivery with the same name, company and phone but no email; names the report folders; compacts PGlite', { timeout: 180_000 }, async () => {
    const first = await stageFile(t.crm, {
      file: list('expo.csv', ['Erin,Calloway,Globex Industries,erin.calloway@globex.example,+1 312 555 0142', 'Sam,Ortiz,Globex Industries,sam.ortiz@globex.example,+1 312 555 0199']),
      pipeline: 'tradeshow', reportDir: join(dir, 'report-expo'),
    });
    expect(routesOf(first.report.csv).map((r) => r.route)).toEqual(['new_lead', 'new_lead']);
    await commitBatch(t.crm, first.batchId);

    const result = await erasePerson(t.crm, 'Erin.Calloway@globex.example');
    expect(result.records).toHaveLength(1);
    expect(result.otherIdentifiers).toEqual({ phones: 1, nameWithCompany: 1 });
    expect(result.reportFolders).toEqual([join(dir, 'report-expo')]);
    const text = formatErase('Erin.Calloway@globex.example', result);
    expect(text).toContain(`these report folders still hold the person; delete them`);
    expect(text).toContain(join(dir, 'report-expo'));

    const again = await stageFile(t.crm, {
      file: list('webinar.csv', [
        'Erin,Calloway,Globex Industries,,+1 312 555 0142', // name, company and phone, no email
        'Erin,Calloway,Globex Industries,,', // name and company only
        'Erin,Calloway,,,(312) 555-0142', // phone only, another spelling
        'Sam,Ortiz,Globex Industries,,+1 312 555 0199', // someone else at the company
      ]),
      pipeline: 'tradeshow', reportDir: join(dir, 'report-webinar'),
    });
    const rows = routesOf(again.report.csv);
    expect(rows.slice(0, 3).map((r) => r.route)).toEqual(['suppressed', 'suppressed', 'suppressed']);
    expect(rows[0].reasons).toMatch(/is on the suppression list \(erased on request/);
    expect(rows[3].route).not.toBe('suppressed');

    if (t.dbDir) {
      expect(result.compacted).toBe(true);
      await t.crm.close();
      try {
        expect(filesHolding(t.dbDir, 'erin.calloway@globex.example')).toEqual([]);
      } finally {
        await t.reopen();
      }
    }
  });

  it('leaves out a phone someone else also has (an Account\'s switchboard)', { timeout: 120_000 }, async () => {
    const batch = await stageFile(t.crm, {
      file: list('switchboard.csv', ['Nia,Brandt,Northwind Traders,nia.brandt@northwind.example,+1 206 555 0100']),
      pipeline: 'tradeshow', reportDir: join(dir, 'report-switchboard'),
    });
    await commitBatch(t.crm, batch.batchId);
    const result = await erasePerson(t.crm, 'nia.brandt@northwind.example');
    expect(result.otherIdentifiers).toEqual({ phones: 0, nameWithCompany: 1 });
    const colleague = await stageFile(t.crm, {
      file: list('colleague.csv', ['Olaf,Reyes,Northwind Traders,,+1 206 555 0100']),
      pipeline: 'tradeshow', reportDir: join(dir, 'report-colleague'),
    });
    expect(routesOf(colleague.report.csv)[0].route).not.toBe('suppressed');
  });
});
