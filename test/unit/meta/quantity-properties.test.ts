import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Quantity } from '../../../src/quantity.js';

// Algebraic properties over generated quantities (the golden test pins the exact Go behaviour;
// these check that arithmetic is exact and consistent across formats and representations).
const suffixes = ['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'Ki', 'Mi', 'Gi', 'Ti', 'e3', 'e-6', 'E2'];
const quantity = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 6 }), fc.constantFrom(...suffixes))
  .map(([neg, digits, frac, suffix]) => {
    const s = digits.toString().padStart(frac + 1, '0');
    const text = `${neg ? '-' : ''}${frac > 0 ? `${s.slice(0, -frac)}.${s.slice(-frac)}` : s}${suffix}`;
    return Quantity.parse(text);
  });

/** The exact value as a fraction `num / 10^9` (every parsed quantity is a whole number of nanos here). */
function nanos(q: Quantity): bigint {
  const [int, frac = ''] = q.toDecimalString().replace('-', '').split('.');
  const v = BigInt(`${int}${frac.padEnd(9, '0')}`);
  return q.sign() < 0 ? -v : v;
}

describe('Quantity properties', () => {
  it('the canonical string parses back to the same value (below 1000E, where Go drops the power)', () => {
    fc.assert(
      fc.property(quantity, (q) => {
        const n = nanos(q);
        fc.pre((n < 0n ? -n : n) < 10n ** 30n);
        return Quantity.parse(q.toString()).equals(q) && Quantity.parse(q.toCanonicalString()).equals(q);
      }),
    );
    expect(Quantity.parse('1000E').toString()).toBe('1'); // Go's String() for 10^21
  });

  it('adds and subtracts exactly', () => {
    fc.assert(
      fc.property(quantity, quantity, (a, b) => {
        expect(nanos(a.add(b))).toBe(nanos(a) + nanos(b));
        expect(nanos(a.sub(b))).toBe(nanos(a) - nanos(b));
        expect(a.add(b).sub(b).equals(a)).toBe(true);
        expect(a.add(b).equals(b.add(a))).toBe(true);
      }),
    );
  });

  it('compares as the exact values compare', () => {
    fc.assert(
      fc.property(quantity, quantity, (a, b) => {
        const d = nanos(a) - nanos(b);
        expect(a.cmp(b)).toBe(d === 0n ? 0 : d < 0n ? -1 : 1);
        expect(b.cmp(a)).toBe(-a.cmp(b) || 0);
      }),
    );
  });

  it('multiplies exactly and rounds value() and milliValue() up for positive quantities', () => {
    fc.assert(
      fc.property(quantity, fc.integer({ min: -1000, max: 1000 }), (q, k) => {
        expect(nanos(q.mul(k))).toBe(nanos(q) * BigInt(k));
        const n = nanos(q);
        if (n > 0n && n < 10n ** 24n) {
          const ceil = (x: bigint, d: bigint) => (x + d - 1n) / d;
          expect(q.value()).toBe(ceil(n, 10n ** 9n));
          expect(q.milliValue()).toBe(ceil(n, 10n ** 6n));
        }
      }),
    );
  });

  it('toNumber is the nearest double to the exact value', () => {
    fc.assert(fc.property(quantity, (q) => q.toNumber() === Number.parseFloat(q.toDecimalString())));
  });
});
