/**
 * The three serialisation formats of a quantity and their suffixes (apimachinery's suffix.go).
 * @packageDocumentation
 */

/**
 * How a quantity is written: `DecimalSI` (`12M`, `100m`), `BinarySI` (`12Mi`, powers of 1024) or
 * `DecimalExponent` (`12e6`). A quantity keeps the format it was parsed with; arithmetic keeps the
 * format of the left operand (of the right one when the left is zero).
 */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** Decimal SI suffixes by power of ten. */
export const decimalSuffixes: ReadonlyMap<number, string> = new Map([
  [-9, 'n'], [-6, 'u'], [-3, 'm'], [0, ''], [3, 'k'], [6, 'M'], [9, 'G'], [12, 'T'], [15, 'P'], [18, 'E'],
]);

/** Binary SI suffixes by power of two. */
export const binarySuffixes: ReadonlyMap<number, string> = new Map([
  [10, 'Ki'], [20, 'Mi'], [30, 'Gi'], [40, 'Ti'], [50, 'Pi'], [60, 'Ei'],
]);

const bySuffix = new Map<string, { base: 2 | 10; exponent: number; format: QuantityFormat }>();
for (const [exponent, s] of decimalSuffixes) bySuffix.set(s, { base: 10, exponent, format: 'DecimalSI' });
for (const [exponent, s] of binarySuffixes) bySuffix.set(s, { base: 2, exponent, format: 'BinarySI' });

const plain = bySuffix.get('')!;
const milli = bySuffix.get('m')!;
const gibi = bySuffix.get('Gi')!;
const mebi = bySuffix.get('Mi')!;

/** What a suffix means, or undefined for an unknown one (Go's `suffixer.interpret`). */
export function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  // The common cases first, without hashing (Go's fastLookup does the same).
  switch (suffix) {
    case '':
      return plain;
    case 'm':
      return milli;
    case 'Gi':
      return gibi;
    case 'Mi':
      return mebi;
  }
  const known = bySuffix.get(suffix);
  if (known) return known;
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    // strconv.ParseInt: an optional sign and decimal digits, within int64; then truncated to int32.
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const n = BigInt(digits);
    if (n > (1n << 63n) - 1n || n < -(1n << 63n)) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, n)), format: 'DecimalExponent' };
  }
  return undefined;
}
