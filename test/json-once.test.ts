import { describe, expect, it } from 'vitest';
import { jsonOnce, jsonWith } from '../src/json-once.js';

describe('JSON text written once', () => {
  it('jsonWith parses back to the head with the fields added, whatever the head holds', () => {
    const candidates = [{ id: 'C1', score: 9.5, explanation: 'email identical "x" +9.1' }];
    expect(JSON.parse(jsonWith({ a: 1, b: 'two' }, { candidates: jsonOnce(candidates), plan: 'null' })))
      .toEqual({ a: 1, b: 'two', candidates, plan: null });
    expect(JSON.parse(jsonWith({}, { plan: jsonOnce({ create: 'lead' }) }))).toEqual({ plan: { create: 'lead' } });
    expect(JSON.parse(jsonWith({ only: true }, {}))).toEqual({ only: true });
  });

  it('jsonOnce gives the same text for the same object, and null for none', () => {
    const plan = { create: 'lead' };
    const first = jsonOnce(plan);
    expect(jsonOnce(plan)).toBe(first);
    expect(JSON.parse(first)).toEqual(plan);
    expect(jsonOnce(null)).toBe('null');
    expect(jsonOnce(undefined)).toBe('null');
  });
});
