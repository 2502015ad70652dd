import { beforeAll, describe, expect, it } from 'vitest';
import { Quantity, QuantityParseError, QuantityRangeError } from '../../../src/quantity.js';
import { goldenLines, type BinLine, type GoldenLine, type MulLine, type ParseLine } from '../../golden/quantity/oracle.js';

// Every line printed by the Go oracle (k8s.io/apimachinery v0.37.2 resource.Quantity on a few
// thousand seeded inputs) must be what our Quantity computes. QUANTITY_GOLDEN_SEED=<n> explores
// another deterministic set of inputs, QUANTITY_GOLDEN_COUNT=<n> a larger one.

let lines: GoldenLine[] = [];
beforeAll(async () => {
  const seed = process.env.QUANTITY_GOLDEN_SEED;
  const count = process.env.QUANTITY_GOLDEN_COUNT;
  lines = await goldenLines(seed ? Number(seed) : undefined, count ? Number(count) : undefined);
}, 600_000);

/** The exact value as `<mantissa>e<exponent>` without trailing zeros, as the oracle prints it. */
function exact(q: Quantity): string {
  const d = q.toDecimalString();
  const neg = d.startsWith('-');
  const [int, frac = ''] = (neg ? d.slice(1) : d).split('.');
  let m = BigInt(`${int}${frac}`);
  let e = -frac.length;
  if (m === 0n) return '0e0';
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return `${neg ? '-' : ''}${m}e${e}`;
}

/** `m × 10^e` (from an exact string) scaled by `10^shift`, as a pair of integers `num / 10^den`. */
function rational(exactStr: string, shift: number): { num: bigint; den: bigint } {
  const [m, e] = exactStr.split('e');
  const exp = Number(e) + shift;
  return exp >= 0 ? { num: BigInt(m!) * 10n ** BigInt(exp), den: 1n } : { num: BigInt(m!), den: 10n ** BigInt(-exp) };
}

const minInt64 = -(2n ** 63n);
const maxInt64 = 2n ** 63n - 1n;

/**
 * Compares one Value()/MilliValue() result. Where Go's answer is within 2 of the exact value, ours
 * must be identical (including Go's rounding of negative fractions). Where it is not, Go's int64
 * arithmetic wrapped: ours must then be within 2 of the exact value, or a QuantityRangeError when
 * that is outside int64.
 */
function checkValue(where: string, go: string, exactStr: string, shift: number, ours: () => bigint, failures: string[], wrapped: string[]): void {
  const { num, den } = rational(exactStr, shift);
  const near = (v: bigint) => {
    const diff = v * den - num;
    return (diff < 0n ? -diff : diff) < 2n * den;
  };
  const goV = BigInt(go);
  let got: bigint | Error;
  try {
    got = ours();
  } catch (err) {
    got = err as Error;
  }
  if (near(goV)) {
    if (got !== goV) failures.push(`${where}: go ${go}, ours ${String(got)}`);
    return;
  }
  wrapped.push(where);
  // Go's int64 arithmetic only wraps when the value in nano units is outside int64.
  const absNum = num < 0n ? -num : num;
  if (absNum * 10n ** 9n <= maxInt64 * den * 10n ** BigInt(shift)) failures.push(`${where}: Go's answer ${go} is not near ${exactStr}, yet the value is small`);
  const exactFloor = num / den;
  if (typeof got === 'bigint') {
    if (!near(got)) failures.push(`${where}: Go wrapped (${go}), ours ${got} is not within 2 of ${exactStr}`);
  } else if (!(got instanceof QuantityRangeError)) failures.push(`${where}: Go wrapped (${go}), ours threw ${String(got)}`);
  else if (exactFloor > minInt64 + 2n && exactFloor < maxInt64 - 2n) failures.push(`${where}: ${exactStr} fits in an int64, ours threw ${String(got)}`);
}

describe('Quantity agrees with apimachinery resource.Quantity (Go oracle)', () => {
  it('covers a few thousand inputs, valid and invalid', () => {
    const parses = lines.filter((l): l is ParseLine => l.op === 'parse');
    expect(parses.length).toBeGreaterThan(3000);
    expect(parses.filter((l) => l.ok).length).toBeGreaterThan(1500);
    expect(parses.filter((l) => !l.ok).length).toBeGreaterThan(300);
    expect(new Set(parses.filter((l) => !l.ok).map((l) => l.err))).toEqual(new Set(['format', 'numeric', 'suffix']));
  });

  it('parses, rejects, canonicalises, rounds and negates as Go', () => {
    const failures: string[] = [];
    const wrapped: string[] = [];
    for (const l of lines) {
      if (l.op !== 'parse') continue;
      const where = JSON.stringify(l.in);
      let q: Quantity;
      try {
        q = Quantity.parse(l.in);
      } catch (err) {
        if (l.ok) failures.push(`${where}: Go accepts, ours threw ${String(err)}`);
        else if (!(err instanceof QuantityParseError) || err.reason !== l.err) failures.push(`${where}: Go ${l.err}, ours ${String(err)}`);
        continue;
      }
      if (!l.ok) {
        failures.push(`${where}: Go rejects (${l.err}), ours parsed ${q.toString()}`);
        continue;
      }
      if (q.toString() !== l.str) failures.push(`${where}: String() go ${l.str}, ours ${q.toString()}`);
      if (JSON.stringify(q) !== l.json) failures.push(`${where}: JSON go ${l.json}, ours ${JSON.stringify(q)}`);
      if (q.format !== l.format) failures.push(`${where}: format go ${l.format}, ours ${q.format}`);
      if (exact(q) !== l.exact) failures.push(`${where}: exact go ${l.exact}, ours ${exact(q)}`);
      if (q.sign() !== l.sign) failures.push(`${where}: sign go ${l.sign}, ours ${q.sign()}`);
      if (q.neg().toString() !== l.neg) failures.push(`${where}: Neg() go ${l.neg}, ours ${q.neg().toString()}`);
      const rounded = q.roundUp(-3);
      if (rounded.quantity.toString() !== l.roundMilli) failures.push(`${where}: RoundUp(-3) go ${l.roundMilli}, ours ${rounded.quantity.toString()}`);
      if (exact(rounded.quantity) !== l.roundMilliValue) failures.push(`${where}: RoundUp(-3) exact go ${l.roundMilliValue}, ours ${exact(rounded.quantity)}`);
      if (rounded.exact !== l.roundMilliExact) failures.push(`${where}: RoundUp(-3) exactness go ${l.roundMilliExact}, ours ${rounded.exact}`);
      checkValue(`${where} Value()`, l.value!, l.exact!, 0, () => q.value(), failures, wrapped);
      checkValue(`${where} MilliValue()`, l.milli!, l.exact!, 3, () => q.milliValue(), failures, wrapped);
    }
    expect(failures.slice(0, 30)).toEqual([]);
    expect(failures.length).toBe(0);
    // The generator reaches past int64 on purpose: some lines exercise the wrapped-arithmetic rule.
    expect(wrapped.length).toBeGreaterThan(0);
  });

  it('adds, subtracts and compares as Go', () => {
    const failures: string[] = [];
    const wrapped: string[] = [];
    const bins = lines.filter((l): l is BinLine => l.op === 'bin');
    expect(bins.length).toBeGreaterThan(1000);
    for (const l of bins) {
      const where = `${l.a} ∘ ${l.b}`;
      const a = Quantity.parse(l.a);
      const b = Quantity.parse(l.b);
      const sum = a.add(b);
      const diff = a.sub(b);
      if (sum.toString() !== l.add) failures.push(`${where}: add go ${l.add}, ours ${sum.toString()}`);
      if (exact(sum) !== l.addExact) failures.push(`${where}: add exact go ${l.addExact}, ours ${exact(sum)}`);
      if (diff.toString() !== l.sub) failures.push(`${where}: sub go ${l.sub}, ours ${diff.toString()}`);
      if (exact(diff) !== l.subExact) failures.push(`${where}: sub exact go ${l.subExact}, ours ${exact(diff)}`);
      if (a.cmp(b) !== l.cmp) failures.push(`${where}: cmp go ${l.cmp}, ours ${a.cmp(b)}`);
      checkValue(`${where} add Value()`, l.addValue, l.addExact, 0, () => sum.value(), failures, wrapped);
      checkValue(`${where} add MilliValue()`, l.addMilli, l.addExact, 3, () => sum.milliValue(), failures, wrapped);
      checkValue(`${where} sub MilliValue()`, l.subMilli, l.subExact, 3, () => diff.milliValue(), failures, wrapped);
    }
    expect(failures.slice(0, 30)).toEqual([]);
    expect(failures.length).toBe(0);
  });

  it('multiplies by integers as Go', () => {
    const failures: string[] = [];
    const wrapped: string[] = [];
    const muls = lines.filter((l): l is MulLine => l.op === 'mul');
    expect(muls.length).toBeGreaterThan(500);
    for (const l of muls) {
      const where = `${l.a} × ${l.k}`;
      const p = Quantity.parse(l.a).mul(l.k);
      if (p.toString() !== l.str) failures.push(`${where}: go ${l.str}, ours ${p.toString()}`);
      if (exact(p) !== l.exact) failures.push(`${where}: exact go ${l.exact}, ours ${exact(p)}`);
      checkValue(`${where} MilliValue()`, l.milli, l.exact, 3, () => p.milliValue(), failures, wrapped);
    }
    expect(failures.slice(0, 30)).toEqual([]);
    expect(failures.length).toBe(0);
  });
});
