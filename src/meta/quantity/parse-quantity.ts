/**
 * Parsing a quantity string exactly as the API server does (apimachinery's `ParseQuantity`),
 * including its leniencies (`"."`, `"-"` and `"Ki"` are zero) and its cached original spelling.
 * @packageDocumentation
 */
import { abs, maxInt64, pow10, fitsInt64, type Amount } from './amount.js';
import { QuantityParseError } from './quantity-error.js';
import { interpretSuffix, type QuantityFormat } from './quantity-format.js';

/** What parsing yields: the amount, its format, and the input when Go keeps it as the string form. */
export interface ParsedQuantity {
  amount: Amount;
  format: QuantityFormat;
  /** Go's `Quantity.s`: the input itself when it is already in a canonical-looking form, else ''. */
  cached: string;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const suffixChars = 'eEinumkKMGTP';

interface Split {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** Go's `parseQuantityString`: sign, integer digits (leading zeros dropped), fraction, suffix. */
function split(str: string): Split {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  let num = str.slice(pos, i);
  pos = i;
  if (num.length === 0) num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && suffixChars.includes(str[i]!)) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  throw new QuantityParseError(str, 'format');
}

/** inf.Dec `SetString` on the numeric part: `[+-]digits[.digits]`, at least one digit. */
function parseDecimal(str: string, value: string): { unscaled: bigint; exp: number } {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new QuantityParseError(str, 'numeric');
  const frac = m[3] ?? '';
  const u = BigInt(`${m[2]}${frac}` || '0');
  return { unscaled: m[1] === '-' ? -u : u, exp: -frac.length };
}

const plainInteger = /^[1-9][0-9]{0,14}$/;

/** Digits beyond which a decimal is kept un-expanded (its value is then far outside any int64). */
const maxExpand = 400;

/**
 * Parses a quantity as apimachinery's `ParseQuantity` does (no trimming of spaces).
 * @throws {QuantityParseError} for what the API server rejects.
 */
export function parseQuantity(str: string): ParsedQuantity {
  if (str.length === 0) throw new QuantityParseError(str, 'format');
  if (str === '0') return { amount: { kind: 'int', value: 0n, scale: 0 }, format: 'DecimalSI', cached: str };
  // Plain whole numbers (`"2"`, `"12884901888"`), the most common spelling: what the general path gives.
  if (plainInteger.test(str)) return { amount: { kind: 'int', value: BigInt(Number(str)), scale: 0 }, format: 'DecimalSI', cached: str.endsWith('000') ? '' : str };
  const { positive, value, num, denom, suffix } = split(str);
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) throw new QuantityParseError(str, 'suffix');
  const { base, exponent } = interpreted;
  let format = interpreted.format;

  let precision: number;
  let scale = 0;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }

  // Fast path: an int64 times a power of ten no finer than nano.
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      if (shifted.length <= 15) {
        // Up to 15 digits a double is exact (and so is its product by a power of two): the int64
        // checks need no bigint, only the result does.
        const n = Number(shifted);
        const product = format === 'BinarySI' ? n * 2 ** exponent : n;
        if (product < 2 ** 63) {
          const keep = format === 'BinarySI' ? exponent % 10 === 0 && n % 8 !== 0 : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
          return { amount: { kind: 'int', value: BigInt(positive ? product : -product), scale }, format, cached: keep ? str : '' };
        }
      } else {
        const v = BigInt(shifted);
        const product = format === 'BinarySI' ? v << BigInt(exponent) : v;
        if (fitsInt64(product)) {
          const keep = format === 'BinarySI' ? exponent % 10 === 0 && (v & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
          return { amount: { kind: 'int', value: positive ? product : -product, scale }, format, cached: keep ? str : '' };
        }
      }
    }
  }

  // Exact path: an arbitrary decimal, rounded up (away from zero) to nano.
  let { unscaled, exp } = parseDecimal(str, value);
  // inf.Dec scales are int32: Go's `SetScale(Scale() - exponent)` wraps, and so does this.
  if (base === 10) exp = -Number(BigInt.asIntN(32, BigInt(-exp) + BigInt.asIntN(32, BigInt(-exponent))));
  else unscaled *= 1n << BigInt(exponent);
  const negative = unscaled < 0n;
  unscaled = abs(unscaled);
  if (unscaled !== 0n) {
    if (exp > -9) {
      // Scale down to nano, rounding up, without materialising huge powers of ten.
      const drop = -9 - exp; // negative: we multiply
      if (-drop <= maxExpand) {
        unscaled *= pow10(-drop);
        exp = -9;
      }
    } else if (exp < -9) {
      const drop = -9 - exp;
      const digits = unscaled.toString().length;
      if (drop > digits + 1) unscaled = 1n;
      else {
        const d = pow10(drop);
        unscaled = unscaled / d + (unscaled % d === 0n ? 0n : 1n);
      }
      exp = -9;
    }
  }
  if (format === 'BinarySI' && unscaled > maxInt64 * pow10(Math.max(0, -exp))) {
    unscaled = maxInt64;
    exp = 0;
  }
  if (format === 'BinarySI' && unscaled !== 0n && exp < 0 && unscaled < pow10(-exp)) format = 'DecimalSI';
  return { amount: { kind: 'dec', unscaled: negative ? -unscaled : unscaled, exp }, format, cached: '' };
}
