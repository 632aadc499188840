/**
 * The demo's stand-in for Salesforce: an org holding the sample CRM (the samples' ids as its
 * record ids) runs the Data Loader files of `listgate export` as Salesforce would (upserts on
 * Listgate_Id__c, new ids, relationship columns resolved) and writes its next export.
 *   node --import tsx scripts/demo-salesforce-import.ts EXPORT_DIR ORG_EXPORT_DIR
 * The same org plays Salesforce's part in test/export-round-trip.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedOrgFromSamples } from '../test/helpers/salesforce-org.js';
import type { ExportManifest } from '../src/export/export-batch.js';

const [exportDir, orgExportDir] = process.argv.slice(2);
if (!exportDir || !orgExportDir) {
  console.error('usage: demo-salesforce-import.ts EXPORT_DIR ORG_EXPORT_DIR');
  process.exit(2);
}
const org = seedOrgFromSamples({ keepIds: true });
const manifest = JSON.parse(readFileSync(join(exportDir, 'manifest.json'), 'utf8')) as ExportManifest;
const before = Object.fromEntries(['Lead', 'Contact', 'Opportunity', 'CampaignMember'].map((o) => [o, org.count(o)]));
org.applyExport(exportDir, manifest);
for (const file of manifest.files.filter((f) => f.purpose === 'apply')) console.log(`  Data Loader ${file.operation} ${file.file}: ${file.rows} row(s)`);
console.log(`  the org now has ${['Lead', 'Contact', 'Opportunity', 'CampaignMember'].map((o) => `${org.count(o) - before[o]} new ${o}`).join(', ')}; ${org.errors.length} row(s) refused`);
for (const error of org.errors.slice(0, 5)) console.log(`    ${error}`);
const files = org.writeExport(orgExportDir);
console.log(`  its export (with Listgate_Id__c): ${Object.values(files).join(', ')}`);
