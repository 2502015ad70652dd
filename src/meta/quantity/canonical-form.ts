/**
 * The canonical string of a quantity, as apimachinery's `Quantity.String()` writes it (and the API
 * server stores it for built-in kinds): the largest suffix that keeps the number whole, in the
 * quantity's format. `1.5Gi` is `1536Mi`, `0.1` is `100m`, `1e2` is `100`.
 * @packageDocumentation
 */
import { compare, normalize, pow10, type Amount } from './amount.js';
import { binarySuffixes, decimalSuffixes, type QuantityFormat } from './quantity-format.js';

const plus1024: Amount = { kind: 'int', value: 1024n, scale: 0 };
const minus1024: Amount = { kind: 'int', value: -1024n, scale: 0 };

/**
 * Go's `CanonicalizeBytes`. As in Go, a power beyond the largest suffix (`1000E`, `1024Ei`) is
 * written without a suffix: the string then no longer holds the value, exactly as the server writes it.
 */
export function canonicalForm(amount: Amount, format: QuantityFormat): string {
  const { m, e } = normalize(amount);
  if (m === 0n) return '0';
  let fmt = format;
  if (fmt === 'BinarySI' && ((compare(amount, minus1024) > 0 && compare(amount, plus1024) < 0) || e < 0)) fmt = 'DecimalSI';
  if (fmt === 'BinarySI') {
    let v = m * pow10(e);
    let times = 0;
    while (v % 1024n === 0n) {
      v /= 1024n;
      times++;
    }
    return `${v}${binarySuffixes.get(times * 10) ?? ''}`;
  }
  let mantissa = m;
  let exponent = e;
  const r = ((exponent % 3) + 3) % 3;
  if (r !== 0) {
    mantissa *= pow10(r);
    exponent -= r;
  }
  const suffix = fmt === 'DecimalSI' ? (decimalSuffixes.get(exponent) ?? '') : exponent === 0 ? '' : `e${exponent}`;
  return `${mantissa}${suffix}`;
}
