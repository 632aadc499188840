import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { routingAccuracy } from '../bench/runner/accuracy.js';
import { febrlQuality } from '../bench/runner/febrl.js';
import { runMeasured } from '../bench/runner/measure.js';

const dir = mkdtempSync(join(tmpdir(), 'listgate-bench-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const path = join(dir, name); writeFileSync(path, text); return path; };

describe('bench runner', () => {
  it('counts a row right only when its route and record ids are the expected ones', async () => {
    const truth = file('truth.csv', [
      'source_row,route,contact_id,lead_id,account_id,case,duplicate_of_row',
      '2,opportunity_for_contact,C1,,A1,known_contact/exact,',
      '3,new_lead,,,,new_person/corporate,',
      '4,existing_lead,,L1,,known_lead/exact,',
      '5,new_contact_and_opportunity,,,A2,new_at_account/direct,',
    ].join('\n'));
    const rows = file('rows.csv', [
      'source_row,route,account_id,contact_id,lead_id,duplicate_of_row,score,reasons',
      '2,opportunity_for_contact,A1,C1,,,30,"matches Contact C1"',
      '3,new_lead,,,,,,no match',
      '4,existing_lead,,,L9,,20,wrong lead',
      '5,merge_candidate,A2,C7,,,9,review band',
    ].join('\n'));
    const result = await routingAccuracy(rows, truth);
    expect(result.rows).toBe(4);
    expect(result.correct).toBe(2);
    expect(result.accuracy).toBe(0.5);
    expect(result.confusion.new_contact_and_opportunity).toEqual({ merge_candidate: 1 });
    expect(result.byCase['known_lead/exact']).toEqual({ rows: 1, correct: 0, wrong: 1, steward: 0, missed: 0 });
    expect(result.byCase['new_at_account/direct']).toEqual({ rows: 1, correct: 0, wrong: 0, steward: 1, missed: 0 });
    expect(result).toMatchObject({ wrongAttachments: 1, toSteward: 1, mergeCandidates: 1 });
    expect(result.examples[0]).toContain('row 4');
  });

  it('scores FEBRL pairs against the rec-N ids', () => {
    const data = file('febrl.csv', 'rec_id, given_name\nrec-1-org, a\nrec-1-dup-0, a\nrec-1-dup-1, a\nrec-2-org, b\nrec-3-org, c\n');
    const pairs = file('pairs.csv', 'id_a,id_b,score,band,explanation\nrec-1-dup-0,rec-1-org,30,match,x\nrec-2-org,rec-3-org,20,match,y\n');
    const quality = febrlQuality(data, pairs);
    expect(quality).toMatchObject({ truePairs: 3, predicted: 2, truePositives: 1 });
    expect(quality.precision).toBe(0.5);
    expect(quality.recall).toBeCloseTo(1 / 3);
  });

  it('measures a child process: wall time, peak RSS and exit code', async () => {
    const measured = await runMeasured(process.execPath, ['-e', 'const b = Buffer.alloc(64 * 1024 * 1024, 1); console.log(b.length)'], { logFile: join(dir, 'child.log') });
    expect(measured.exitCode).toBe(0);
    expect(measured.stdout.trim()).toBe(String(64 * 1024 * 1024));
    expect(measured.peakRssMb).toBeGreaterThan(64);
    const stopped = await runMeasured(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { logFile: join(dir, 'slow.log'), timeoutSeconds: 1 });
    expect(stopped.timedOut).toBe(true);
    expect(stopped.exitCode).not.toBe(0);
  });
});
