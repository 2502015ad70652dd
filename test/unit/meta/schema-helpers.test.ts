// The zod helpers of the generated schemas judge values as the API server does, or more leniently:
// multipleOf with the server's tolerance, string lengths in code points, property counts without
// the nulls the server prunes, any JSON integer.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { int64, isMultipleOf, multipleOf, propertyCount, stringLength } from '../../../src/meta/schema-helpers.js';

describe('isMultipleOf', () => {
  it('accepts what the server accepts: decimal multiples despite binary rounding', () => {
    for (const [v, f] of [
      [0.3, 0.1],
      [0.07, 0.01],
      [2.03, 0.07],
      [1e-7, 1e-8],
      [12, 4],
      [-9, 3],
      [0, 0.5],
      // Within the server's relative tolerance of 1e-9, where zod's own multipleOf says no.
      [1.0000000001, 1],
      [5.0000000002, 0.5],
    ] as const) {
      expect(isMultipleOf(v, f), `${v} / ${f}`).toBe(true);
    }
  });

  it('rejects clear non-multiples', () => {
    expect(isMultipleOf(0.35, 0.1)).toBe(false);
    expect(isMultipleOf(13, 4)).toBe(false);
    expect(isMultipleOf(1.5, 1)).toBe(false);
  });

  it('backs the multipleOf schema helper', () => {
    expect(multipleOf(z.number(), 0.1).safeParse(0.3).success).toBe(true);
    expect(multipleOf(z.number(), 0.1).safeParse(0.35).success).toBe(false);
    expect(z.number().multipleOf(1).safeParse(1.0000000001).success).toBe(false);
    expect(multipleOf(z.number(), 1).safeParse(1.0000000001).success).toBe(true);
  });
});

describe('stringLength', () => {
  it('counts code points, not UTF-16 units', () => {
    const s = stringLength(z.string(), { min: 2, max: 3 });
    expect(s.safeParse('😀😀😀').success).toBe(true);
    expect(s.safeParse('😀').success).toBe(false);
    expect(s.safeParse('abcd').success).toBe(false);
  });
});

describe('propertyCount', () => {
  it('does not count null values against the maximum (the server prunes them)', () => {
    const s = propertyCount(z.record(z.string(), z.string().nullable()), { max: 1 });
    expect(s.safeParse({ a: 'x', b: null }).success).toBe(true);
    expect(s.safeParse({ a: 'x', b: 'y' }).success).toBe(false);
  });
});

describe('int64', () => {
  it('accepts integers beyond the safe range and rejects fractions', () => {
    expect(int64().safeParse(2 ** 63).success).toBe(true);
    expect(int64().safeParse(0.5).success).toBe(false);
  });
});
