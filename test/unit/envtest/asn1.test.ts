import { describe, expect, it } from 'vitest';
import * as der from '../../../src/envtest/asn1.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('DER encoder', () => {
  it('encodes lengths in short and minimal long form', () => {
    expect(hex(der.encodeLength(0))).toBe('00');
    expect(hex(der.encodeLength(127))).toBe('7f');
    expect(hex(der.encodeLength(128))).toBe('8180');
    expect(hex(der.encodeLength(255))).toBe('81ff');
    expect(hex(der.encodeLength(256))).toBe('820100');
    expect(hex(der.encodeLength(70_000))).toBe('83011170');
    expect(() => der.encodeLength(-1)).toThrow(RangeError);
  });

  it('wraps long contents with a long-form length', () => {
    const enc = der.octetString(Buffer.alloc(300, 1));
    expect(hex(enc.subarray(0, 4))).toBe('0482012c');
    expect(enc.length).toBe(304);
  });

  it('encodes integers in minimal two\'s complement', () => {
    expect(hex(der.integer(0))).toBe('020100');
    expect(hex(der.integer(2))).toBe('020102');
    expect(hex(der.integer(127))).toBe('02017f');
    expect(hex(der.integer(128))).toBe('02020080');
    expect(hex(der.integer(256))).toBe('02020100');
    expect(hex(der.integer(-1))).toBe('0201ff');
    expect(hex(der.integer(-128))).toBe('020180');
    expect(hex(der.integer(-129))).toBe('0202ff7f');
    expect(hex(der.integer(2n ** 64n))).toBe('0209010000000000000000');
  });

  it('reads byte arrays as unsigned magnitudes', () => {
    expect(hex(der.integer(Buffer.from([0x80, 0x01])))).toBe('0203008001');
    expect(hex(der.integer(Buffer.from([0x00, 0x00, 0x7f])))).toBe('02017f');
    expect(hex(der.integer(Buffer.from([0x00, 0x00])))).toBe('020100');
    expect(hex(der.integer(Buffer.alloc(0)))).toBe('020100');
  });

  it('encodes object identifiers with base-128 arcs', () => {
    expect(hex(der.objectIdentifier('2.5.4.3'))).toBe('0603550403');
    expect(hex(der.objectIdentifier('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(der.objectIdentifier('1.3.6.1.5.5.7.3.1'))).toBe('06082b06010505070301');
    expect(hex(der.objectIdentifier('2.999.3'))).toBe('0603883703');
    expect(() => der.objectIdentifier('1')).toThrow(RangeError);
    expect(() => der.objectIdentifier('1.40')).toThrow(RangeError);
    expect(() => der.objectIdentifier('3.1')).toThrow(RangeError);
  });

  it('encodes booleans, null and strings', () => {
    expect(hex(der.boolean(true))).toBe('0101ff');
    expect(hex(der.boolean(false))).toBe('010100');
    expect(hex(der.nullValue())).toBe('0500');
    expect(hex(der.utf8String('é'))).toBe('0c02c3a9');
    expect(hex(der.printableString('Ab 1'))).toBe('130441622031');
    expect(() => der.printableString('a@b')).toThrow(RangeError);
    expect(hex(der.ia5String('a.b'))).toBe('1603612e62');
    expect(() => der.ia5String('ü')).toThrow(RangeError);
  });

  it('encodes bit strings with the unused-bit count, and named bit lists minimally', () => {
    expect(hex(der.bitString(Buffer.from([0xab, 0xcd])))).toBe('030300abcd');
    // keyCertSign (5) + cRLSign (6) + digitalSignature (0) = 1000 0110, one unused bit.
    expect(hex(der.namedBitString([0, 5, 6]))).toBe('03020186');
    // digitalSignature only: 1000 0000, seven unused bits.
    expect(hex(der.namedBitString([0]))).toBe('03020780');
    // decipherOnly (8) spills into a second octet.
    expect(hex(der.namedBitString([0, 8]))).toBe('0303078080');
    expect(hex(der.namedBitString([]))).toBe('030100');
    expect(() => der.bitString(Buffer.from([1]), 8)).toThrow(RangeError);
  });

  it('encodes times as UTCTime through 2049 and GeneralizedTime after', () => {
    const t = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    expect(der.utcTime(t).subarray(2).toString('latin1')).toBe('260102030405Z');
    expect(der.x509Time(t)[0]).toBe(der.Tag.UTC_TIME);
    const late = new Date(Date.UTC(2050, 11, 31, 23, 59, 59));
    expect(der.x509Time(late)[0]).toBe(der.Tag.GENERALIZED_TIME);
    expect(der.x509Time(late).subarray(2).toString('latin1')).toBe('20501231235959Z');
    expect(() => der.utcTime(late)).toThrow(RangeError);
    expect(() => der.utcTime(new Date(NaN))).toThrow(RangeError);
  });

  it('builds sequences, sorts SET OF elements, and tags context-specific values', () => {
    expect(hex(der.sequence(der.integer(1), der.boolean(true)))).toBe('30060201010101ff');
    expect(hex(der.set(der.integer(2), der.integer(1)))).toBe('3106020101020102');
    expect(hex(der.explicit(0, der.integer(2)))).toBe('a003020102');
    expect(hex(der.implicitPrimitive(7, Buffer.from([127, 0, 0, 1])))).toBe('87047f000001');
    expect(() => der.explicit(31, der.nullValue())).toThrow(RangeError);
  });
});
