import { UserError } from '../errors.js';
import { loadOrder, type CrmFileKind } from './crm-files.js';
import { crmsDir, readAllCrmLayouts, readCrmLayout, type CrmEntity, type CrmLayout } from './crm-layout.js';
import { readExportHeader } from './export-rows.js';
import { entityScore, planEntity, type EntityPlan } from './layout-plan.js';

/** The files of one CRM export snapshot; accounts and contacts are required by the CLI, all optional here. */
export type CrmSnapshotFiles = Partial<Record<CrmFileKind, string>>;

export const entityOfKind: Record<CrmFileKind, CrmEntity> = {
  accounts: 'account', contacts: 'contact', leads: 'lead', opportunities: 'opportunity',
};

export interface SnapshotPlan {
  layout: CrmLayout;
  /** true when the layout was recognized from the headers (no --crm) */
  recognized: boolean;
  /** files in load order; HubSpot's contacts file appears twice, as contacts and as leads */
  files: { kind: CrmFileKind; path: string; plan: EntityPlan }[];
}

export interface SnapshotPlanOptions {
  /** a layout name in crms/ or a path; recognized from the headers when omitted */
  crm?: string;
  crmsDir?: string;
}

/**
 * Reads the header row of every file and decides how each is read: in the named layout, or in the
 * one layout whose id columns every file has and that knows most of their headers. Throws one line
 * (UserError) for a file no layout fits, naming the layouts tried, and for a file of the wrong
 * entity or without a required column. Nothing is written.
 */
export async function planSnapshot(files: CrmSnapshotFiles, options: SnapshotPlanOptions = {}): Promise<SnapshotPlan> {
  const kinds = loadOrder.filter((kind) => files[kind]);
  if (!kinds.length) throw new UserError('name at least one CRM export file (--accounts, --contacts, --leads, --opportunities)');
  const headers = new Map<CrmFileKind, string[]>();
  for (const kind of kinds) headers.set(kind, await readExportHeader(files[kind]!));

  const dir = options.crmsDir ?? crmsDir();
  let layout: CrmLayout;
  let recognized = false;
  if (options.crm) {
    layout = readCrmLayout(options.crm, dir);
  } else {
    layout = recognizeLayout(files, headers, readAllCrmLayouts(dir));
    recognized = true;
  }

  const planned: SnapshotPlan['files'] = [];
  for (const kind of loadOrder) {
    const path = files[kind];
    if (path) {
      planned.push({ kind, path, plan: planEntity(headers.get(kind)!, layout, entityOfKind[kind], path) });
    } else if (kind === 'leads' && layout.entities.lead?.lead_rule && files.contacts) {
      // HubSpot: the Leads are rows of the contacts export (crms/hubspot.json lead.lead_rule)
      planned.push({ kind, path: files.contacts, plan: planEntity(headers.get('contacts')!, layout, 'lead', files.contacts) });
    }
  }
  return { layout, recognized, files: planned };
}

/**
 * The layout every file fits (its entity's id column is there) with the most headers known; a file
 * no layout fits stops the load with one line naming the layouts tried and their id columns.
 */
function recognizeLayout(files: CrmSnapshotFiles, headers: Map<CrmFileKind, string[]>, layouts: CrmLayout[]): CrmLayout {
  let best: { layout: CrmLayout; score: number } | undefined;
  for (const layout of layouts) {
    let score = 0;
    let fits = true;
    for (const [kind, cells] of headers) {
      const spec = layout.entities[entityOfKind[kind]];
      const s = spec ? entityScore(cells, spec) : 0;
      // the id column and at least one more known header: a lone "id" is not a Salesforce export
      if (s < Math.min(2, cells.filter(Boolean).length)) fits = false;
      score += s;
    }
    if (fits && (!best || score > best.score)) best = { layout, score };
  }
  if (best) return best.layout;
  // name the first file that no layout fits, and what each layout looked for
  for (const [kind, cells] of headers) {
    const entity = entityOfKind[kind];
    if (layouts.some((layout) => layout.entities[entity] && entityScore(cells, layout.entities[entity]!) >= Math.min(2, cells.filter(Boolean).length))) continue;
    const own = layouts.find((l) => l.name === 'listgate')?.entities[entity]?.id[0];
    const tried = layouts.map((l) => `${l.name} (${l.entities[entity]?.id.map((h) => `"${h}"`).join(' or ') ?? 'no such export'})`).join(', ');
    const found = cells.filter(Boolean).slice(0, 8).join(', ');
    throw new UserError(`${files[kind]}: missing header "${own}" (the ${entity} id column) and no CRM layout fits: tried ${tried}; found: ${found || 'no headers'}`);
  }
  const names = layouts.map((l) => l.name).join(', ');
  throw new UserError(`the files are exports of different CRMs; no one layout fits them all (tried ${names}); name it with --crm`);
}
