/**
 * Writes docs/crm-import-files.md from crms/*.json import_files, so the tables stay what
 * `listgate export` writes: node --import tsx scripts/import-files-doc.ts > docs/crm-import-files.md
 */
import { loadImportFiles, type EntityFileLayout } from '../src/export/import-file-layout.js';

const crms = ['salesforce', 'dynamics', 'hubspot', 'listgate'];
const lines: string[] = [
  '# The CRMs\' import files: what `listgate export` writes',
  '',
  'Generated from `import_files` in `crms/NAME.json` by `node --import tsx scripts/import-files-doc.ts > docs/crm-import-files.md`;',
  'edit the layout, not this page. Fields are listgate\'s (src/db/schema.ts); columns are the CRM\'s.',
  '',
];
const cell = (text: string) => text.replace(/\|/g, '\\|');
for (const crm of crms) {
  const layout = loadImportFiles(crm);
  lines.push(`## ${crm}: ${layout.tool}`, '', `listgate's id column: \`${layout.external_id_header}\` (per object below); booleans \`${layout.booleans.true}\`/\`${layout.booleans.false}\`; dates ${layout.date_format}.`, '');
  if (layout.notes.clear) lines.push(`- Files that empty fields (\`-clear-\`): ${layout.notes.clear}.`);
  if (layout.notes.delete) lines.push(`- Delete files: ${layout.notes.delete}.`);
  lines.push('');
  for (const [entity, spec] of Object.entries(layout.entities) as [string, EntityFileLayout][]) {
    lines.push(`### ${entity} -> ${spec.object}`, '', `Id column \`${spec.id_header}\`; listgate's id in \`${spec.external_id_header}\`; created records ${spec.operation ?? (spec.upsert ? 'upsert' : 'insert')}.${spec.note ? ` ${spec.note}.` : ''}`, '');
    lines.push('| listgate field | column | values |', '|---|---|---|');
    for (const [field, headers] of Object.entries(spec.fields)) {
      const values = spec.values[field] ? Object.entries(spec.values[field]).map(([k, v]) => `${k} → ${v}`).join(', ') : '';
      lines.push(`| ${field} | ${(Array.isArray(headers) ? headers : [headers]).map((h) => `\`${h}\``).join(', ')} | ${cell(values)} |`);
    }
    for (const [field, lookup] of Object.entries(spec.lookups)) {
      const parts = [`\`${lookup.header}\` (CRM id)`];
      if (lookup.lead_header && lookup.lead_header !== lookup.header) parts.push(`\`${lookup.lead_header}\` (a Lead's CRM id)`);
      if (lookup.new_parent_header) parts.push(`\`${lookup.new_parent_header.replace('{external_id}', layout.entities[lookup.entity as 'lead']?.external_id_header ?? layout.external_id_header)}\` (a record listgate created)`);
      if (lookup.name_header) parts.push(`\`${lookup.name_header}\` (by name)`);
      lines.push(`| ${field} → ${lookup.entity} | ${parts.join(', ')} | |`);
    }
    for (const [header, fill] of Object.entries(spec.required)) lines.push(`| (required) | \`${header}\` | ${fill ? `filled with ${cell(fill)} when empty` : 'must have a value (reported)'} |`);
    for (const [header, value] of Object.entries(spec.constants)) lines.push(`| (constant) | \`${header}\` | ${cell(value)} |`);
    for (const [field, why] of Object.entries(spec.skip)) lines.push(`| ${field} | not written | ${cell(why)} |`);
    if (spec.matched_on) lines.push(`| ${spec.matched_on} | (the CRM matches on it) | left out of a created record that shares it with another record (reported) |`);
    lines.push('');
  }
}
process.stdout.write(lines.join('\n'));
