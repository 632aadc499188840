import { describe, expect, it } from 'vitest';
import { rowFieldsOf, stagedRowTexts } from '../src/stage/batch-rows.js';
import { RowSpool } from '../src/stage/row-spool.js';
import { batchRowKeyColumns } from '../src/match/stage-keys.js';
import type { NormalizedRow } from '../src/types.js';

function row(sourceRow: number, vendorRecordId?: string): NormalizedRow {
  return {
    sourceRow, raw: { Name: `Person ${sourceRow}`, Email: `p${sourceRow}@example.com` },
    values: { last_name: `Person ${sourceRow}`, email: `p${sourceRow}@example.com`, ...(vendorRecordId ? { vendor_record_id: vendorRecordId } : {}) },
    unmapped: { badge: 'B1' }, person: { lastName: `Person ${sourceRow}`, email: `p${sourceRow}@example.com` },
    issues: sourceRow === 4 ? [{ code: 'no_identity', message: 'no name', severity: 'reject' }] : [], rejected: sourceRow === 4,
  };
}

async function spoolOf(rows: NormalizedRow[][]): Promise<RowSpool> {
  const spool = new RowSpool();
  for (const chunk of rows) await spool.add(chunk, chunk.map((r) => stagedRowTexts(r).line));
  await spool.close();
  return spool;
}

describe('the stage\'s row spool', () => {
  it('gives back each range\'s rows as inserted, with the vendor record id, ranges asked at once served in turn', async () => {
    const rows = [2, 3, 4, 5, 7, 8, 11].map((n) => row(n, n === 5 ? ' V-5 ' : undefined));
    const spool = await spoolOf([rows.slice(0, 3), rows.slice(3)]);
    const [first, second, third, after] = await Promise.all([spool.rowsBefore(4), spool.rowsBefore(8), spool.rowsBefore(20), spool.rowsBefore(30)]);
    expect(first.map((r) => r.row)).toEqual(rows.slice(0, 2));
    expect(second.map((r) => r.row.sourceRow)).toEqual([4, 5, 7]);
    expect(second[0].row.rejected).toBe(true);
    expect(second[1].vendorRecordId).toBe('V-5');
    expect(third.map((r) => r.row.sourceRow)).toEqual([8, 11]);
    expect(after).toEqual([]);
    await spool.remove();
  });

  it('sorts rows that did not come in source_row order, so ranges still come out whole', async () => {
    const spool = await spoolOf([[row(2), row(5), row(9, 'V-9')], [row(3), row(4)], [row(7)]]);
    const [first, second, third] = await Promise.all([spool.rowsBefore(4), spool.rowsBefore(8), spool.rowsBefore(20)]);
    expect(first.map((r) => r.row)).toEqual([row(2), row(3)]);
    expect(second.map((r) => r.row.sourceRow)).toEqual([4, 5, 7]);
    expect(third.map((r) => [r.row.sourceRow, r.vendorRecordId])).toEqual([[9, 'V-9']]);
    await spool.remove();
  });

  it('keeps each row\'s line, whose raw, normalized and issues fields rows.jsonl reuses', async () => {
    const spool = await spoolOf([[row(2, 'V-2')]]);
    const [taken] = await spool.rowsBefore(3);
    expect(JSON.parse(`{${rowFieldsOf(taken.texts)}}`)).toEqual({
      raw: row(2).raw, issues: [],
      normalized: { values: row(2, 'V-2').values, unmapped: { badge: 'B1' }, person: row(2).person, rejected: false },
    });
    const [sourceRow, rejected, person, ...keys] = stagedRowTexts(row(2, 'V-2')).keys.split('\t');
    expect([sourceRow, rejected, JSON.parse(person)]).toEqual(['2', 'f', row(2).person]);
    expect(keys).toHaveLength(batchRowKeyColumns.length);
    expect(keys[batchRowKeyColumns.indexOf('vendor_record_id')]).toBe('V-2');
    expect(keys[batchRowKeyColumns.indexOf('email_key')]).toBe('\\N');
    await spool.remove();
  });
});
