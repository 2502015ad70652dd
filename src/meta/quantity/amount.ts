/**
 * The two exact representations behind a quantity, as apimachinery keeps them: a small
 * `int64 × 10^scale` amount, and an arbitrary-precision decimal `unscaled × 10^exp`. Which one a
 * quantity holds changes nothing about its value, but Go's `Value()` rounds negative fractions
 * differently for each, so the representation is kept to round exactly as Go does.
 * @packageDocumentation
 */
import { QuantityRangeError } from './quantity-error.js';

/** `value × 10^scale`, with `value` an int64 (apimachinery's `int64Amount`). */
export interface IntAmount {
  readonly kind: 'int';
  readonly value: bigint;
  readonly scale: number;
}

/** `unscaled × 10^exp`, any size (apimachinery's `inf.Dec` amount, whose scale is `-exp`). */
export interface DecAmount {
  readonly kind: 'dec';
  readonly unscaled: bigint;
  readonly exp: number;
}

/** One of the two representations. */
export type Amount = IntAmount | DecAmount;

/** Largest int64. */
export const maxInt64 = (1n << 63n) - 1n;
/** Smallest int64. */
export const minInt64 = -(1n << 63n);

/** Beyond this many decimal digits of alignment, arithmetic refuses rather than allocate without bound. */
export const maxAlignDigits = 100_000;

/** True when `x` is an int64. */
export function fitsInt64(x: bigint): boolean {
  return x >= minInt64 && x <= maxInt64;
}

/** Two's complement wrap to int64, as Go's `int64` arithmetic. */
export function wrapInt64(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

const pow10Cache: bigint[] = [];
/** `10^n` for `0 <= n <= maxAlignDigits`, or a {@link QuantityRangeError}. */
export function pow10(n: number): bigint {
  if (n < 64) {
    let p = pow10Cache[n];
    if (p === undefined) pow10Cache[n] = p = 10n ** BigInt(n);
    return p;
  }
  if (n > maxAlignDigits) throw new QuantityRangeError(`quantity exponents ${n} decades apart are too far apart to compute with exactly`);
  return 10n ** BigInt(n);
}

/** `|x|`. */
export function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** The decimal form of an amount. */
export function toDec(a: Amount): DecAmount {
  return a.kind === 'dec' ? a : { kind: 'dec', unscaled: a.value, exp: a.scale };
}

/** `(mantissa, exp)` with no trailing zero in the mantissa (zero is `(0, 0)`). */
export function normalize(a: Amount): { m: bigint; e: number } {
  let m = a.kind === 'dec' ? a.unscaled : a.value;
  let e = a.kind === 'dec' ? a.exp : a.scale;
  if (m === 0n) return { m: 0n, e: 0 };
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return { m, e };
}

/** -1, 0 or 1. */
export function sign(a: Amount): -1 | 0 | 1 {
  const m = a.kind === 'dec' ? a.unscaled : a.value;
  return m === 0n ? 0 : m < 0n ? -1 : 1;
}

/** Exact comparison, without expanding exponents that are far apart. */
export function compare(a: Amount, b: Amount): -1 | 0 | 1 {
  const sa = sign(a);
  const sb = sign(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const x = normalize(a);
  const y = normalize(b);
  // Order of magnitude: |m| has `digits` digits, so |value| is in [10^(digits+e-1), 10^(digits+e)).
  const ox = abs(x.m).toString().length + x.e;
  const oy = abs(y.m).toString().length + y.e;
  if (ox !== oy) return (ox < oy) === (sa > 0) ? -1 : 1;
  const e = Math.min(x.e, y.e);
  const mx = x.m * pow10(x.e - e);
  const my = y.m * pow10(y.e - e);
  return mx === my ? 0 : mx < my ? -1 : 1;
}

/** Exact sum in decimal form (inf.Dec `Add`: the result keeps the finer scale). */
export function decAdd(a: DecAmount, b: DecAmount): DecAmount {
  const exp = Math.min(a.exp, b.exp);
  return { kind: 'dec', unscaled: a.unscaled * pow10(a.exp - exp) + b.unscaled * pow10(b.exp - exp), exp };
}

/** `base × 10^scale` when it is an int64 (Go's `positiveScaleInt64`), else undefined. */
export function positiveScaleInt64(base: bigint, scale: number): bigint | undefined {
  if (scale === 0) return base;
  if (base === 0n) return 0n;
  if (scale > 19) return undefined;
  const r = base * pow10(scale);
  return fitsInt64(r) ? r : undefined;
}

/** `base / 10^scale` rounded away from zero, and whether that was exact (Go's `negativeScaleInt64`). */
export function negativeScaleInt64(base: bigint, scale: number): { value: bigint; exact: boolean } {
  if (scale === 0) return { value: base, exact: true };
  if (scale > 19) return base === 0n ? { value: 0n, exact: true } : { value: base > 0n ? 1n : -1n, exact: false };
  const d = pow10(scale);
  const q = base / d;
  if (base % d === 0n) return { value: q, exact: true };
  return { value: base > 0n ? q + 1n : q - 1n, exact: false };
}

/** int64Amount `Add`: the sum when it stays an int64 amount, else undefined. */
export function intAdd(a: IntAmount, b: IntAmount): IntAmount | undefined {
  if (b.value === 0n) return a;
  if (a.value === 0n) return b;
  let av = a.value;
  let bv = b.value;
  let scale = a.scale;
  if (a.scale > b.scale) {
    const c = positiveScaleInt64(a.value, a.scale - b.scale);
    if (c === undefined) return undefined;
    av = c;
    scale = b.scale;
  } else if (a.scale < b.scale) {
    const c = positiveScaleInt64(b.value, b.scale - a.scale);
    if (c === undefined) return undefined;
    bv = c;
  }
  const sum = av + bv;
  return fitsInt64(sum) ? { kind: 'int', value: sum, scale } : undefined;
}

/** int64Amount `Mul`: the product when it stays an int64 amount (and, for a negative scale, a whole number of units), else undefined. */
export function intMul(a: IntAmount, k: bigint): IntAmount | undefined {
  if (a.value === 0n) return a;
  if (k === 0n) return { kind: 'int', value: 0n, scale: 0 };
  const c = a.value * k;
  if (!fitsInt64(c)) return undefined;
  if (a.scale > 0 && positiveScaleInt64(c, a.scale) === undefined) return undefined;
  if (a.scale < 0 && !negativeScaleInt64(c, -a.scale).exact) return undefined;
  return { kind: 'int', value: c, scale: a.scale };
}

function rangeError(what: () => string): QuantityRangeError {
  return new QuantityRangeError(`${what()} does not fit in an int64`);
}

/**
 * The value in units of `10^scale`, rounded as apimachinery's `ScaledValue`: an int64 amount
 * rounds away from zero; a decimal amount rounds up (for a negative fraction with fewer than 19
 * digits to drop, Go truncates and adds one). Where Go's int64 arithmetic would overflow and wrap,
 * this throws a {@link QuantityRangeError} when the result does not fit, and otherwise gives the
 * result Go's rule gives without the wrap.
 */
export function scaledValue(a: Amount, scale: number, what: () => string = () => 'the quantity'): bigint {
  if (a.kind === 'int') {
    if (a.scale < scale) return negativeScaleInt64(a.value, scale - a.scale).value;
    const r = positiveScaleInt64(a.value, a.scale - scale);
    if (r === undefined) throw rangeError(what);
    return r;
  }
  // inf.Dec with scale `-exp`, asked for scale `-scale`: dif = (-exp) - (-scale).
  const u = a.unscaled;
  const dif = scale - a.exp;
  let r: bigint;
  if (dif === 0) r = u;
  else if (dif < 0) {
    if (u === 0n) return 0n;
    if (-dif > 40) throw rangeError(what);
    r = u * pow10(-dif);
  } else if (u < maxInt64 && dif < 19) {
    const d = pow10(dif);
    r = u / d + (u % d === 0n ? 0n : 1n);
  } else {
    if (u === 0n) return 0n;
    // Euclidean division (floor for a positive divisor), plus one when inexact: a ceiling.
    if (dif - abs(u).toString().length > 2) r = u > 0n ? 1n : 0n;
    else {
      const d = pow10(dif);
      let q = u / d;
      const rem = u % d;
      if (rem < 0n) q -= 1n;
      r = rem === 0n ? q : q + 1n;
    }
  }
  if (!fitsInt64(r)) throw rangeError(what);
  return r;
}
