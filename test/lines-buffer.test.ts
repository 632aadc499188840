import { describe, expect, it } from 'vitest';
import { linesBuffer } from '../src/lines-buffer.js';

describe('linesBuffer', () => {
  it('is the UTF-8 of the lines, each followed by the line break', () => {
    const lines = ['source_row\troute', 'Zoë Ångström, 東京', '', '😀 emoji', 'plain'];
    expect(linesBuffer(lines).equals(Buffer.from(`${lines.join('\n')}\n`, 'utf8'))).toBe(true);
    expect(linesBuffer(lines, '\r\n').toString('utf8')).toBe(`${lines.join('\r\n')}\r\n`);
  });

  it('encodes concatenated (not flat) strings and long lines whole', () => {
    const long = 'ü'.repeat(5000);
    const lines = Array.from({ length: 300 }, (_, i) => `{"row":${i},` + `"name":"${long.slice(i)}"` + '}');
    const buffer = linesBuffer(lines);
    expect(buffer.length).toBe(Buffer.byteLength(`${lines.join('\n')}\n`));
    expect(buffer.toString('utf8').split('\n').slice(0, -1)).toEqual(lines);
  });

  it('is empty for no lines', () => {
    expect(linesBuffer([]).length).toBe(0);
  });
});
