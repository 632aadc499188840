import { openListFile, type ListFileInfo, type ReadLimits } from '../extract/index.js';
import { buildColumnMapping, headerHint, rowMapper, type ColumnMapping, type MappingSettings } from '../map/index.js';
import { skipReason } from '../map/column-mapping.js';
import { normalizePerson } from '../normalize/index.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { NormalizedRow, RowIssue } from '../types.js';
import { skippedRow, validateRow, withoutPlaceholders } from './validate-row.js';

/** The pipeline settings the read stage uses; a whole Pipeline fits. */
export type ReadSettings = MappingSettings & Partial<Pick<Pipeline, 'default_country' | 'sheet'>>;

export interface ReadListResult {
  info: ListFileInfo;
  mapping: ColumnMapping;
  /** one NormalizedRow per data row of the file, in file order (rejects included); iterate once */
  rows: AsyncIterable<NormalizedRow>;
}

/**
 * The read stage in one call: open the file (format, encoding, sheet, header), map its columns with the
 * pipeline, and yield every data row normalized and validated. Every input row yields exactly one
 * NormalizedRow; unusable ones have rejected = true and the reason among their issues.
 */
export async function readNormalizedRows(path: string, settings: ReadSettings = {}, options: { sheet?: string | number; limits?: ReadLimits } = {}): Promise<ReadListResult> {
  const file = await openListFile(path, { sheet: options.sheet ?? settings.sheet, headerHint, limits: options.limits });
  const mapping = buildColumnMapping(file.info.headers, settings);
  const map = rowMapper(mapping);
  const defaultCountry = settings.default_country ?? 'US';
  async function* rows(): AsyncGenerator<NormalizedRow> {
    const options = { defaultCountry };
    for await (const batch of file.batches()) {
      for (const raw of batch) {
        const mapped = map(raw);
        const { values, issues: placeholderIssues } = withoutPlaceholders(mapped.values);
        const { person, issues } = normalizePerson(values, options);
        const all: RowIssue[] = raw.issues ? [...raw.issues, ...placeholderIssues, ...issues] : placeholderIssues.length ? [...placeholderIssues, ...issues] : issues;
        if (values !== mapped.values) mapped.values = values;
        const skipped = mapping.skipWhen.length ? skipReason(mapping, raw) : undefined;
        yield skipped ? skippedRow(mapped, person, all, skipped) : validateRow(mapped, person, all);
      }
    }
  }
  return { info: file.info, mapping, rows: rows() };
}
