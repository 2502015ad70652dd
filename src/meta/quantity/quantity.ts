/**
 * `Quantity`: an exact resource quantity with the semantics of apimachinery's `resource.Quantity`.
 * @packageDocumentation
 */
import { compare, decAdd, fitsInt64, intAdd, intMul, negativeScaleInt64, normalize, pow10, scaledValue, sign, toDec, wrapInt64, type Amount } from './amount.js';
import { canonicalForm } from './canonical-form.js';
import { parseQuantity } from './parse-quantity.js';
import { QuantityParseError, QuantityRangeError } from './quantity-error.js';
import type { QuantityFormat } from './quantity-format.js';

/** What the API accepts where a quantity goes: a string (`"1.5Gi"`), a JSON number, or a parsed {@link Quantity}. */
export type QuantityLike = Quantity | string | number;

/** A power of ten for {@link Quantity.scaledValue} and {@link Quantity.fromScaled}: `-9` nano ... `18` exa. */
export type Scale = number;

const inspect = Symbol.for('nodejs.util.inspect.custom');
/** Marks Quantity instances across copies of this package (its ESM and CJS builds loaded together). */
const brand = Symbol.for('koordinator-client.Quantity');

function toInt64(value: bigint | number, what: string): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new QuantityRangeError(`${what} must be a safe integer, got ${value}`);
  const v = BigInt(value);
  if (!fitsInt64(v)) throw new QuantityRangeError(`${what} must be an int64, got ${v}`);
  return v;
}

/**
 * An exact, immutable resource quantity (`"500m"`, `"1.5Gi"`, `"2e3"`), computed as Kubernetes'
 * `resource.Quantity` computes it: no floating point, the same rounding, the same canonical string.
 *
 * ```ts
 * import { Quantity } from 'koordinator-client/quantity';
 * const left = Quantity.parse('8').sub(Quantity.parse('3500m'));
 * left.toString();     // '4500m'
 * left.milliValue();   // 4500n
 * Quantity.parse('1.5Gi').toString(); // '1536Mi'
 * ```
 */
export class Quantity {
  /** Zero, in `DecimalSI`. */
  static readonly zero: Quantity = new Quantity({ kind: 'int', value: 0n, scale: 0 }, 'DecimalSI', '');

  /** @internal */
  readonly #amount: Amount;
  /** The format the quantity is written in. */
  readonly format: QuantityFormat;
  /** @internal Go's `Quantity.s`. */
  readonly #cached: string;

  private constructor(amount: Amount, format: QuantityFormat, cached: string) {
    this.#amount = amount;
    this.format = format;
    this.#cached = cached;
  }

  /**
   * Parses a quantity string as the API server does (`ParseQuantity`: no surrounding spaces).
   * @throws {QuantityParseError} when the server would reject it.
   */
  static parse(text: string): Quantity {
    if (typeof text !== 'string') throw new QuantityParseError(text, 'format');
    const p = parseQuantity(text);
    return new Quantity(p.amount, p.format, p.cached);
  }

  /**
   * A quantity from what an object field holds: a string (spaces around it are ignored, as by the
   * server's JSON decoding), a JSON number, or a Quantity (returned as is).
   * @throws {QuantityParseError} for anything the server would reject (NaN, Infinity, `"1 Gi"`, ...).
   */
  static from(value: QuantityLike): Quantity {
    if (value instanceof Quantity) return value;
    if (typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true) return Quantity.parse(String(value));
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new QuantityParseError(value, 'numeric');
      return Quantity.parse(String(value));
    }
    if (typeof value !== 'string') throw new QuantityParseError(value, 'format');
    return Quantity.parse(value.trim());
  }

  /** The quantity, or undefined when `value` is not one (no exception). */
  static tryFrom(value: unknown): Quantity | undefined {
    if (!Quantity.isQuantity(value) && typeof value !== 'string' && typeof value !== 'number') return undefined;
    try {
      return Quantity.from(value);
    } catch (err) {
      if (err instanceof QuantityParseError) return undefined;
      throw err;
    }
  }

  /** `value × 10^scale` (Go's `NewScaledQuantity`, in `DecimalSI`). */
  static fromScaled(value: bigint | number, scale: Scale): Quantity {
    if (!Number.isInteger(scale)) throw new QuantityRangeError(`scale must be an integer, got ${scale}`);
    return new Quantity({ kind: 'int', value: toInt64(value, 'value'), scale }, 'DecimalSI', '');
  }

  /** A whole number of units (Go's `NewQuantity`); `format` `BinarySI` for bytes. */
  static fromInt(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity({ kind: 'int', value: toInt64(value, 'value'), scale: 0 }, format, '');
  }

  /** A number of thousandths (Go's `NewMilliQuantity`): `fromMilli(1500)` is `1500m`. */
  static fromMilli(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity({ kind: 'int', value: toInt64(value, 'value'), scale: -3 }, format, '');
  }

  /** True when `value` is a Quantity (also one from another copy of this package). */
  static isQuantity(value: unknown): value is Quantity {
    return value instanceof Quantity || (typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true);
  }

  /** @internal The cross-copy brand. */
  get [brand](): true {
    return true;
  }

  /** `this + y` (Go's `Add`); keeps this format, or takes `y`'s when this is zero. */
  add(y: QuantityLike): Quantity {
    const other = Quantity.from(y);
    const a = this.#amount;
    const b = other.#amount;
    const format = sign(a) === 0 ? other.format : this.format;
    if (a.kind === 'int' && b.kind === 'int') {
      const sum = intAdd(a, b);
      if (sum) return new Quantity(sum, format, '');
    }
    return new Quantity(decAdd(toDec(a), toDec(b)), format, '');
  }

  /** `this - y` (Go's `Sub`); keeps this format, or takes `y`'s when this is zero. */
  sub(y: QuantityLike): Quantity {
    const other = Quantity.from(y);
    const a = this.#amount;
    const b = other.#amount;
    const format = sign(a) === 0 ? other.format : this.format;
    if (a.kind === 'int' && b.kind === 'int') {
      const diff = intAdd(a, { kind: 'int', value: wrapInt64(-b.value), scale: b.scale });
      if (diff) return new Quantity(diff, format, '');
    }
    const nb = toDec(b);
    return new Quantity(decAdd(toDec(a), { kind: 'dec', unscaled: -nb.unscaled, exp: nb.exp }), format, '');
  }

  /** `this × k` for an integer `k` (Go's `Mul`), exact. */
  mul(k: bigint | number): Quantity {
    const factor = toInt64(k, 'factor');
    const a = this.#amount;
    if (a.kind === 'int') {
      const product = intMul(a, factor);
      if (product) return new Quantity(product, this.format, '');
    }
    const d = toDec(a);
    return new Quantity({ kind: 'dec', unscaled: d.unscaled * factor, exp: d.exp }, this.format, '');
  }

  /**
   * This quantity rounded up (away from zero) to a multiple of `10^scale` (Go's `RoundUp`), and
   * whether that was exact. The API server does this at `-3` to every resource list of a built-in
   * kind (a Pod's requests, a ResourceQuota's hard): `250u` is stored as `1m`.
   */
  roundUp(scale: Scale): { quantity: Quantity; exact: boolean } {
    if (!Number.isInteger(scale)) throw new QuantityRangeError(`scale must be an integer, got ${scale}`);
    const a = this.#amount;
    if (a.kind === 'int') {
      if (a.scale >= scale) return { quantity: this, exact: true };
      const r = negativeScaleInt64(a.value, scale - a.scale);
      return { quantity: new Quantity({ kind: 'int', value: r.value, scale }, this.format, ''), exact: r.exact };
    }
    if (a.exp >= scale) {
      // inf.Dec keeps the requested scale: more digits, same value.
      return { quantity: new Quantity({ kind: 'dec', unscaled: a.unscaled * pow10(a.exp - scale), exp: scale }, this.format, ''), exact: true };
    }
    const d = pow10(scale - a.exp);
    const q = a.unscaled / d;
    const rem = a.unscaled % d;
    const unscaled = rem === 0n ? q : a.unscaled > 0n ? q + 1n : q - 1n;
    return { quantity: new Quantity({ kind: 'dec', unscaled, exp: scale }, this.format, ''), exact: rem === 0n };
  }

  /** `-this` (Go's `Neg`). */
  neg(): Quantity {
    const a = this.#amount;
    const amount: Amount = a.kind === 'int' ? { kind: 'int', value: wrapInt64(-a.value), scale: a.scale } : { kind: 'dec', unscaled: -a.unscaled, exp: a.exp };
    return new Quantity(amount, this.format, '');
  }

  /** `|this|`. */
  abs(): Quantity {
    return this.sign() < 0 ? this.neg() : this;
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `y` (exact). */
  cmp(y: QuantityLike): -1 | 0 | 1 {
    return compare(this.#amount, Quantity.from(y).#amount);
  }

  /** True when both hold the same value, whatever their format (`1Ki` equals `1024`). */
  equals(y: QuantityLike): boolean {
    return this.cmp(y) === 0;
  }

  /** `this < y`. */
  lessThan(y: QuantityLike): boolean {
    return this.cmp(y) < 0;
  }

  /** `this <= y`. */
  lessThanOrEqual(y: QuantityLike): boolean {
    return this.cmp(y) <= 0;
  }

  /** `this > y`. */
  greaterThan(y: QuantityLike): boolean {
    return this.cmp(y) > 0;
  }

  /** The larger of the two (this one when equal). */
  max(y: QuantityLike): Quantity {
    const other = Quantity.from(y);
    return this.cmp(other) >= 0 ? this : other;
  }

  /** The smaller of the two (this one when equal). */
  min(y: QuantityLike): Quantity {
    const other = Quantity.from(y);
    return this.cmp(other) <= 0 ? this : other;
  }

  /** True for zero. */
  isZero(): boolean {
    return sign(this.#amount) === 0;
  }

  /** -1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return sign(this.#amount);
  }

  /**
   * The value in whole units, rounded up as Go's `Value()` (`1.2` is `2`; `-1.2` is `-2`).
   * @throws {QuantityRangeError} when it does not fit in an int64 (where Go's result would wrap).
   */
  value(): bigint {
    return scaledValue(this.#amount, 0, () => `the value of ${this.toString()}`);
  }

  /**
   * The value in thousandths, rounded up as Go's `MilliValue()` (`1.0001m` is `2`): CPU in millicores.
   * @throws {QuantityRangeError} when it does not fit in an int64.
   */
  milliValue(): bigint {
    return scaledValue(this.#amount, -3, () => `the milli value of ${this.toString()}`);
  }

  /**
   * The value in units of `10^scale`, rounded up as Go's `ScaledValue(scale)`.
   * @throws {QuantityRangeError} when it does not fit in an int64.
   */
  scaledValue(scale: Scale): bigint {
    return scaledValue(this.#amount, scale, () => `the value of ${this.toString()} at scale ${scale}`);
  }

  /** The nearest JavaScript number (correctly rounded; for display, ratios and metrics, not for arithmetic). */
  toNumber(): number {
    const { m, e } = normalize(this.#amount);
    return Number.parseFloat(`${m}e${e}`);
  }

  /** The exact value as a plain decimal string (`"1610612736"`, `"0.5"`, `"-1.25"`). */
  toDecimalString(): string {
    const { m, e } = normalize(this.#amount);
    if (e >= 0) return `${m}${'0'.repeat(e)}`;
    const neg = m < 0n;
    const digits = (neg ? -m : m).toString().padStart(-e + 1, '0');
    return `${neg ? '-' : ''}${digits.slice(0, e)}.${digits.slice(e)}`;
  }

  /**
   * The string the API server writes for this quantity (Go's `String()`): the input as written when
   * it is already canonical, else the canonical form (`"1.5Gi"` is `"1536Mi"`, `"0.1"` is `"100m"`).
   */
  toString(): string {
    return this.#cached !== '' ? this.#cached : canonicalForm(this.#amount, this.format);
  }

  /** The canonical form, ignoring how the quantity was written (`"+1"` is `"1"`, `"01Ki"` is `"1Ki"`). */
  toCanonicalString(): string {
    return canonicalForm(this.#amount, this.format);
  }

  /** JSON form: the string (Go's `MarshalJSON`), so objects holding quantities serialise as the server expects. */
  toJSON(): string {
    return this.toString();
  }

  /** @internal Node's util.inspect. */
  [inspect](): string {
    return `Quantity(${this.toString()})`;
  }
}
