import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { Quantity, QuantityParseError, QuantityRangeError } from '../../../src/quantity.js';

describe('Quantity', () => {
  it('writes the canonical forms the server writes', () => {
    expect(Quantity.parse('1.5Gi').toString()).toBe('1536Mi');
    expect(Quantity.parse('0.1').toString()).toBe('100m');
    expect(Quantity.parse('1e2').toString()).toBe('100');
    expect(Quantity.parse('1000m').toString()).toBe('1');
    expect(Quantity.parse('0.5Ki').toString()).toBe('512');
    expect(Quantity.parse('1.0000000001').toString()).toBe('1000000001n');
  });

  it('reads what object fields hold: strings with spaces around, JSON numbers', () => {
    expect(Quantity.from(' 2Gi ').toString()).toBe('2Gi');
    expect(Quantity.from(1.5).toString()).toBe('1500m');
    expect(Quantity.from(4294967296).value()).toBe(4294967296n);
    expect(Quantity.from(1e21).toString()).toBe('1e+21'); // as Go keeps it: already canonical-looking
    const q = Quantity.parse('3');
    expect(Quantity.from(q)).toBe(q);
  });

  it('rejects what the server rejects with a typed error naming the input', () => {
    for (const [input, reason] of [['1 Gi', 'format'], ['1iK', 'suffix'], ['1KiB', 'format'], ['e-10', 'numeric'], ['', 'format']] as const) {
      const err = (() => {
        try {
          Quantity.parse(input);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(QuantityParseError);
      expect((err as QuantityParseError).reason).toBe(reason);
      expect((err as QuantityParseError).message).toContain(JSON.stringify(input));
    }
    expect(() => Quantity.from(Number.NaN)).toThrow(QuantityParseError);
    expect(() => Quantity.from(Number.POSITIVE_INFINITY)).toThrow(QuantityParseError);
    expect(() => Quantity.from({} as unknown as string)).toThrow(QuantityParseError);
    expect(Quantity.tryFrom('1 Gi')).toBeUndefined();
    expect(Quantity.tryFrom(null)).toBeUndefined();
    expect(Quantity.tryFrom('2')?.value()).toBe(2n);
  });

  it('computes exactly where floating point would not', () => {
    const sum = Quantity.parse('0.1').add('0.2');
    expect(sum.toString()).toBe('300m');
    expect(sum.equals('0.3')).toBe(true);
    expect(Quantity.parse('8').sub('3500m').milliValue()).toBe(4500n);
    expect(Quantity.parse('9223372036854775807').add('1').toDecimalString()).toBe('9223372036854775808');
    expect(Quantity.parse('1Ki').equals(1024)).toBe(true);
    expect(Quantity.parse('1Gi').mul(3).toString()).toBe('3Gi');
    expect(Quantity.parse('1.5').cmp('1500m')).toBe(0);
    expect(Quantity.parse('-1').lessThan('1m')).toBe(true);
    expect(Quantity.parse('2').max('1999m').toString()).toBe('2');
    expect(Quantity.parse('2').min('1999m').toString()).toBe('1999m');
    expect(Quantity.parse('-3m').abs().toString()).toBe('3m');
  });

  it('rounds value() and milliValue() up, and refuses what does not fit an int64', () => {
    expect(Quantity.parse('1.2').value()).toBe(2n);
    expect(Quantity.parse('-1.2').value()).toBe(-2n);
    expect(Quantity.parse('1.0001m').milliValue()).toBe(2n);
    expect(Quantity.parse('1Gi').scaledValue(6)).toBe(1074n);
    expect(() => Quantity.parse('10E').value()).toThrow(QuantityRangeError);
    expect(() => Quantity.parse('9223372036854775807').milliValue()).toThrow(QuantityRangeError);
  });

  it('keeps the first operand format, the second one when the first is zero', () => {
    expect(Quantity.parse('1Gi').add('512Mi').format).toBe('BinarySI');
    expect(Quantity.parse('0').add('512Mi').toString()).toBe('512Mi');
    expect(Quantity.zero.sub('1k').toString()).toBe('-1k');
  });

  it('builds from integers like NewQuantity / NewMilliQuantity / NewScaledQuantity', () => {
    expect(Quantity.fromInt(2048, 'BinarySI').toString()).toBe('2Ki');
    expect(Quantity.fromMilli(1500).toString()).toBe('1500m');
    expect(Quantity.fromScaled(5, 6).toString()).toBe('5M');
    expect(() => Quantity.fromInt(0.5)).toThrow(QuantityRangeError);
    expect(() => Quantity.fromInt(2n ** 63n)).toThrow(QuantityRangeError);
  });

  it('converts to numbers and decimal strings', () => {
    expect(Quantity.parse('1.5Gi').toNumber()).toBe(1610612736);
    expect(Quantity.parse('250m').toNumber()).toBe(0.25);
    expect(Quantity.parse('-1.25').toDecimalString()).toBe('-1.25');
    expect(Quantity.parse('5n').toDecimalString()).toBe('0.000000005');
    expect(Quantity.parse('2k').toDecimalString()).toBe('2000');
  });

  it('accepts a Quantity from another copy of the package (ESM and CJS builds together)', () => {
    const foreign = { [Symbol.for('koordinator-client.Quantity')]: true, toString: () => '1536Mi' } as unknown as Quantity;
    expect(Quantity.isQuantity(foreign)).toBe(true);
    expect(Quantity.from(foreign).equals('1.5Gi')).toBe(true);
    expect(Quantity.isQuantity({ toString: () => '1' })).toBe(false);
  });

  it('serialises as its string in JSON and shows it in util.inspect', () => {
    expect(JSON.stringify({ cpu: Quantity.parse('0.5') })).toBe('{"cpu":"500m"}');
    expect(inspect(Quantity.parse('2Gi'))).toBe('Quantity(2Gi)');
    expect(Quantity.parse('+1').toString()).toBe('+1');
    expect(Quantity.parse('+1').toCanonicalString()).toBe('1');
  });

  it('never hangs on huge exponents: parses them, refuses to align them', () => {
    const t0 = performance.now();
    const huge = Quantity.parse('1e999999999');
    expect(huge.toString()).toBe('1e999999999');
    expect(huge.greaterThan('9223372036854775807')).toBe(true);
    expect(Quantity.parse('123456789012345678901234e2000000000').toString()).toBe('12345678901234567890123400e1999999998');
    expect(Quantity.parse('1.5e-2000000000').toString()).toBe('1e-9'); // rounded up to nano, in its own format
    expect(() => huge.add('1')).toThrow(QuantityRangeError);
    expect(() => huge.value()).toThrow(QuantityRangeError);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
