/**
 * A minimal ASN.1 DER encoder: just the universal types an X.509 certificate needs, each
 * function returning the complete tag-length-value encoding of one value. Values nest by
 * passing encodings to {@link sequence}, {@link set} or the context-specific wrappers.
 *
 * Encodings follow X.690 DER: definite lengths in minimal form, minimal two's-complement
 * integers, `TRUE` as `0xff`, UTCTime for years 1950–2049 and GeneralizedTime otherwise
 * (RFC 5280 §4.1.2.5).
 * @packageDocumentation
 */

/** Universal tag numbers (X.680 §8.4) used by this encoder. */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Encodes a definite length in DER form (short form below 128, minimal long form above). */
export function encodeLength(length: number): Buffer {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`invalid DER length ${length}`);
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one tag-length-value triple from a raw identifier octet and content octets. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xff) throw new RangeError(`unsupported tag ${tag}`);
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** A SEQUENCE of the given encoded elements, in order. */
export function sequence(...elements: Uint8Array[]): Buffer {
  return tlv(Tag.SEQUENCE, Buffer.concat(elements));
}

/**
 * A SET OF the given encoded elements. DER orders SET OF elements by their encodings, which
 * this function does so callers can pass them in any order.
 */
export function set(...elements: Uint8Array[]): Buffer {
  const sorted = [...elements].sort((a, b) => Buffer.compare(a, b));
  return tlv(Tag.SET, Buffer.concat(sorted));
}

/** A BOOLEAN (`TRUE` encodes as `0xff` in DER). */
export function boolean(value: boolean): Buffer {
  return tlv(Tag.BOOLEAN, Buffer.from([value ? 0xff : 0x00]));
}

/** The NULL value. */
export function nullValue(): Buffer {
  return tlv(Tag.NULL, Buffer.alloc(0));
}

/**
 * An INTEGER in minimal two's-complement form. A `Uint8Array` is read as an unsigned
 * big-endian magnitude (as for certificate serial numbers); leading zero octets are dropped
 * and one is added back when the high bit would otherwise make the value negative.
 */
export function integer(value: number | bigint | Uint8Array): Buffer {
  if (value instanceof Uint8Array) {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    const magnitude = Buffer.from(value.subarray(start));
    if (magnitude.length === 0) return tlv(Tag.INTEGER, Buffer.from([0]));
    return tlv(Tag.INTEGER, (magnitude[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), magnitude]) : magnitude);
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  let n = BigInt(value);
  const bytes: number[] = [];
  // Emit little-end first until the remaining value is all sign bits and the sign bit matches.
  for (;;) {
    const byte = Number(n & 0xffn);
    bytes.unshift(byte);
    n >>= 8n;
    if ((n === 0n && (byte & 0x80) === 0) || (n === -1n && (byte & 0x80) !== 0)) break;
  }
  return tlv(Tag.INTEGER, Buffer.from(bytes));
}

/** An OBJECT IDENTIFIER from its dotted-decimal form, e.g. `2.5.4.3`. */
export function objectIdentifier(dotted: string): Buffer {
  if (!/^\d+(\.\d+)+$/.test(dotted)) throw new RangeError(`invalid object identifier ${JSON.stringify(dotted)}`);
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const [first, second, ...rest] = arcs as [bigint, bigint, ...bigint[]];
  if (first > 2n || (first < 2n && second > 39n)) throw new RangeError(`invalid object identifier ${dotted}`);
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const base128: number[] = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) base128.unshift(Number(n & 0x7fn) | 0x80);
    out.push(...base128);
  }
  return tlv(Tag.OBJECT_IDENTIFIER, Buffer.from(out));
}

/** An OCTET STRING holding the given bytes. */
export function octetString(bytes: Uint8Array): Buffer {
  return tlv(Tag.OCTET_STRING, bytes);
}

/**
 * A BIT STRING from whole octets plus the count (0–7) of unused low bits in the last octet.
 * Signatures and public keys use `unusedBits = 0`.
 */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) {
    throw new RangeError(`invalid unused bit count ${unusedBits}`);
  }
  return tlv(Tag.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

/**
 * A BIT STRING for an ASN.1 `NamedBitList` (such as X.509 KeyUsage) with the given bit
 * positions set, bit 0 being the most significant bit of the first octet. DER drops trailing
 * zero bits, so the encoding ends at the highest set bit.
 */
export function namedBitString(bits: readonly number[]): Buffer {
  if (bits.length === 0) return bitString(Buffer.alloc(0));
  for (const b of bits) if (!Number.isInteger(b) || b < 0) throw new RangeError(`invalid bit position ${b}`);
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3] = (bytes[b >> 3] ?? 0) | (0x80 >> (b & 7));
  return bitString(bytes, 7 - (highest & 7));
}

function checkedString(tag: number, value: string, allowed: RegExp, typeName: string): Buffer {
  if (!allowed.test(value)) throw new RangeError(`${JSON.stringify(value)} is not a valid ${typeName}`);
  return tlv(tag, Buffer.from(value, tag === Tag.UTF8_STRING ? 'utf8' : 'latin1'));
}

/** A UTF8String. */
export function utf8String(value: string): Buffer {
  return tlv(Tag.UTF8_STRING, Buffer.from(value, 'utf8'));
}

/** A PrintableString (letters, digits, space and `'()+,-./:=?`). */
export function printableString(value: string): Buffer {
  return checkedString(Tag.PRINTABLE_STRING, value, /^[A-Za-z0-9 '()+,\-./:=?]*$/, 'PrintableString');
}

/** An IA5String (7-bit ASCII), as used by DNS names in subjectAltName. */
export function ia5String(value: string): Buffer {
  return checkedString(Tag.IA5_STRING, value, /^[\x00-\x7f]*$/, 'IA5String');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function assertValidDate(date: Date): void {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
}

/** A UTCTime `YYMMDDHHMMSSZ` (years 1950–2049 only, seconds precision). */
export function utcTime(date: Date): Buffer {
  assertValidDate(date);
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 2049) throw new RangeError(`UTCTime cannot represent year ${year}`);
  const text = `${pad(year % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(Tag.UTC_TIME, Buffer.from(text, 'latin1'));
}

/** A GeneralizedTime `YYYYMMDDHHMMSSZ` (seconds precision, no fraction). */
export function generalizedTime(date: Date): Buffer {
  assertValidDate(date);
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`GeneralizedTime cannot represent year ${year}`);
  const text = `${pad(year, 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(Tag.GENERALIZED_TIME, Buffer.from(text, 'latin1'));
}

/** An X.509 `Time`: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function x509Time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  return year >= 1950 && year <= 2049 ? utcTime(date) : generalizedTime(date);
}

/** A context-specific EXPLICIT tag `[n]` wrapping one complete encoding. */
export function explicit(tagNumber: number, inner: Uint8Array): Buffer {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) throw new RangeError(`unsupported tag number ${tagNumber}`);
  return tlv(0xa0 | tagNumber, inner);
}

/**
 * A context-specific IMPLICIT tag `[n]` on a primitive value: the given content octets under
 * the context tag instead of the value's universal tag (e.g. subjectAltName `dNSName [2]`).
 */
export function implicitPrimitive(tagNumber: number, content: Uint8Array): Buffer {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) throw new RangeError(`unsupported tag number ${tagNumber}`);
  return tlv(0x80 | tagNumber, content);
}
