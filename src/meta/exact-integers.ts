/**
 * Integers beyond 2^53 in server answers (Go `int64` / `uint64` fields): a JavaScript number
 * cannot hold 9007199254740993, so `JSON.parse` rounds it to ...992, and an update would write the
 * rounded value back. This module keeps such writes exact, or makes them fail, never corrupt:
 *
 * - {@link parseJson} is `JSON.parse`, plus a cheap scan of the text for a number token of 16 or
 *   more digits (every integer below 10^15 is exact). Only when the scan hits does it parse again
 *   with a reviver that reads each number's source text (`JSON.parse` source access, Node >= 22)
 *   and records, for every integer beyond 2^53, the object holding it, its key, the value and the
 *   exact digits.
 * - When the object is sent back ({@link exactIntegerSource}), an unchanged rounded value is
 *   written with its exact digits (`JSON.rawJSON`). The record follows the object that holds the
 *   field, so spreading parents (`{ ...obj, status }`) keeps it, and `deepCopy` carries it over.
 * - A rounded value that lost its record (the object was copied by `structuredClone` or a JSON
 *   round trip) is still recognised by its value ({@link wasRounded}); sending it is refused with
 *   a typed error by the request layer instead of writing a value nobody wrote. (So is a caller's
 *   own number equal to a value seen rounded: it cannot be told apart.)
 *
 * Nothing is recorded, and nothing costs more than the scan, for answers without such numbers.
 * @packageDocumentation
 */

interface RoundedInteger {
  /** The number JSON.parse produced. */
  value: number;
  /** The exact digits in the server's answer. */
  source: string;
}

const records = new WeakMap<object, Map<string, RoundedInteger>>();
/** Every rounded value seen, to recognise one whose record was lost by a copy. */
const roundedValues = new Set<number>();

const INTEGER_SOURCE = /^-?\d+$/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Whether the text holds a number token of 16 or more digits (a run of digits starting a value:
 * after `:`, `,` or `[`, possibly with a minus sign and whitespace; digits inside strings do not
 * count). Any run of 16 digits covers a position that is a multiple of 16, so only every 16th
 * character is looked at until a digit is found there: a small fraction of `JSON.parse`'s time.
 * @param text - JSON text
 * @returns true when a long integer may be present
 */
export function hasLongNumber(text: string): boolean {
  const n = text.length;
  for (let i = 15; i < n; i += 16) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    if (end - start < 16) continue;
    let j = start - 1;
    if (j >= 0 && text.charCodeAt(j) === 45 /* - */) j--;
    while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j--;
    const before = j >= 0 ? text.charCodeAt(j) : 58;
    if (before === 58 /* : */ || before === 44 /* , */ || before === 91 /* [ */) return true;
  }
  return false;
}
type ReviverContext = { source?: string } | undefined;

function record(holder: object, key: string, value: number, source: string, rounded: boolean): void {
  let m = records.get(holder);
  if (!m) {
    m = new Map();
    records.set(holder, m);
  }
  m.set(key, { value, source });
  if (rounded) roundedValues.add(value);
}

function reviver(this: unknown, key: string, value: unknown, context?: ReviverContext): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    const source = context?.source;
    // Exact ones (2^53 itself) are recorded too, so that they are not mistaken for a rounded one.
    if (source !== undefined && INTEGER_SOURCE.test(source) && typeof this === 'object' && this !== null) {
      // Rounded means that writing the number back would send other digits than the answer held:
      // "9223372036854776000" parses to a double that prints as the same digits, so nothing is lost.
      record(this, key, value, source, String(value) !== source);
    }
  }
  return value;
}

/**
 * `JSON.parse` that records integers it had to round (see the module documentation).
 * @param text - JSON text
 * @returns the parsed value
 * @throws SyntaxError as `JSON.parse`
 */
export function parseJson(text: string): unknown {
  if (!hasLongNumber(text)) return JSON.parse(text);
  return JSON.parse(text, reviver as (this: unknown, key: string, value: unknown) => unknown);
}

/** True once any answer held a rounded integer (until then writes skip every check). */
export function hasRoundedIntegers(): boolean {
  return roundedValues.size > 0;
}

/**
 * The exact digits of `holder[key]` when it is still the value (beyond 2^53) parsed from an answer.
 * @param holder - the object or array holding the field
 * @param key - the field name (array index as a string)
 * @param value - the field's current value
 * @returns the exact digits, or undefined
 */
export function exactIntegerSource(holder: object, key: string, value: number): string | undefined {
  const r = records.get(holder)?.get(key);
  return r !== undefined && r.value === value ? r.source : undefined;
}

/**
 * Whether `value` is a rounded integer some answer held (an integer beyond 2^53 whose exact value
 * JSON could not represent).
 * @param value - a number about to be sent
 * @returns true when sending it could write a value that was rounded
 */
export function wasRounded(value: number): boolean {
  return roundedValues.has(value);
}

/**
 * Carries the records of `from` over to its structural copy `to` (same shape), at every depth.
 * @param from - the original
 * @param to - its copy
 */
export function copyRoundedIntegerRecords(from: unknown, to: unknown): void {
  if (roundedValues.size === 0) return;
  const walk = (a: unknown, b: unknown): void => {
    if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') return;
    const r = records.get(a);
    if (r) records.set(b, new Map(r));
    if (Array.isArray(a)) {
      for (let i = 0; i < a.length; i++) walk(a[i], (b as unknown[])[i]);
    } else {
      for (const k of Object.keys(a)) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    }
  };
  walk(from, to);
}
