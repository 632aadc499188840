/**
 * Writes docs/crm-field-maps.md from crms/*.json, so the tables say what the loader does:
 *
 *   npx tsx scripts/crm-field-maps.ts
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crmEntities, listgateColumns, readAllCrmLayouts, type CrmEntitySpec } from '../src/crm/crm-layout.js';

const root = resolve(import.meta.dirname, '..');
const layouts = readAllCrmLayouts(join(root, 'crms'));
const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;
const lines: string[] = [
  '# CRM field maps',
  '',
  'Generated from `crms/*.json` by `npx tsx scripts/crm-field-maps.ts`; edit the JSON, not this page.',
  'Headers are matched case-insensitively after trimming. Where several headers feed one listgate column,',
  'the first one (in the order below) with a value wins. Headers not listed are kept in the record\'s `extra`.',
  '',
];
for (const layout of layouts) {
  lines.push(`## ${layout.label}`, '', layout.description ?? '', '');
  lines.push(`Ids: ${layout.id_format === 'salesforce' ? '15- or 18-character record ids, stored as 18' : layout.id_format === 'guid' ? 'GUIDs, stored lower case without braces' : 'as written'}.`);
  if (layout.flag_values.yes.length) lines.push(`Yes/no cells also read as yes: ${layout.flag_values.yes.map(code).join(', ')}; as no: ${layout.flag_values.no.map(code).join(', ')}.`);
  lines.push('');
  for (const entity of crmEntities) {
    const spec = layout.entities[entity] as CrmEntitySpec | undefined;
    if (!spec) {
      lines.push(`### ${entity.replace('_', ' ')}`, '', `${layout.label.split(' (')[0]} has no export of this kind.`, '');
      continue;
    }
    lines.push(`### ${entity.replace('_', ' ')}: ${code(spec.object)}${spec.file ? ` (${code(spec.file)})` : ''}`, '');
    lines.push(`- id: ${spec.id.map(code).join(' or ')} -> ${code(listgateColumns[entity][0])}`);
    lines.push(`- external id (listgate's id): ${[spec.external_id, ...spec.external_id_aliases].map(code).join(' or ')}`);
    if (spec.required_columns.length) lines.push(`- an export must have: ${spec.required_columns.map((r) => (Array.isArray(r) ? r.map(code).join(' or ') : code(r))).join('; ')}`);
    if (spec.opt_out.length) lines.push(`- opt-out flags (any yes -> \`do_not_contact\`): ${spec.opt_out.map(code).join(', ')}`);
    if (Object.keys(spec.required).length) {
      lines.push(`- required to create (filled with): ${Object.entries(spec.required).map(([f, v]) => `${code(f)}${v === null ? ' (must have a value)' : ` (${code(v)})`}`).join(', ')}`);
    }
    if (spec.lead_rule) lines.push(`- Leads: rows of the ${spec.lead_rule.from} export with ${code(spec.lead_rule.column)} in ${spec.lead_rule.values.map(code).join(', ')}${spec.lead_rule.unless ? ` and no ${code(spec.lead_rule.unless)}` : ''}. ${spec.lead_rule.why ?? ''}`);
    lines.push('', '| header | listgate column | values |', '|---|---|---|');
    for (const [header, target] of Object.entries(spec.fields)) {
      const targets = Array.isArray(target) ? target : [target];
      const values = Object.entries(spec.values).filter(([key]) => key.split(' -> ')[0].toLowerCase() === header.toLowerCase())
        .map(([key, map]) => `${key.includes(' -> ') ? `${key.split(' -> ')[1]}: ` : ''}${Object.entries(map).map(([raw, v]) => `${raw} -> ${v || '(none)'}`).join(', ')}`);
      lines.push(`| ${code(header)} | ${targets.map(code).join(', ')} | ${values.join('; ')} |`);
    }
    for (const [header, lookup] of Object.entries(spec.lookups)) {
      lines.push(`| ${code(header)} | ${code(lookup.column)} | the ${lookup.entity}'s name, looked up (ambiguous or unknown names are reported by row) |`);
    }
    for (const header of spec.opt_out) lines.push(`| ${code(header)} | \`do_not_contact\` | yes -> opted out |`);
    if (spec.system_columns.length) lines.push('', `Known and kept in \`extra\`: ${spec.system_columns.map(code).join(', ')}.`);
    lines.push('');
  }
  if (layout.sources.length) lines.push('Sources:', '', ...layout.sources.map((s) => `- ${s}`), '');
}
writeFileSync(join(root, 'docs', 'crm-field-maps.md'), lines.join('\n'));
