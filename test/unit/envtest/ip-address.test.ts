import { describe, expect, it } from 'vitest';
import { ipAddressOctets } from '../../../src/envtest/ip-address.js';

describe('ipAddressOctets', () => {
  it('converts IPv4 to 4 octets', () => {
    expect([...ipAddressOctets('127.0.0.1')]).toEqual([127, 0, 0, 1]);
    expect([...ipAddressOctets('10.0.0.1')]).toEqual([10, 0, 0, 1]);
  });
  it('converts IPv6 (with :: and embedded IPv4) to 16 octets', () => {
    expect(ipAddressOctets('::1').toString('hex')).toBe('00000000000000000000000000000001');
    expect(ipAddressOctets('fe80::1:2').toString('hex')).toBe('fe800000000000000000000000010002');
    expect(ipAddressOctets('2001:db8:0:0:1:0:0:1').toString('hex')).toBe('20010db8000000000001000000000001');
    expect(ipAddressOctets('::ffff:10.0.0.1').toString('hex')).toBe('00000000000000000000ffff0a000001');
    expect(ipAddressOctets('::').toString('hex')).toBe('0'.repeat(32));
  });
  it('rejects non-addresses', () => {
    expect(() => ipAddressOctets('localhost')).toThrow(RangeError);
    expect(() => ipAddressOctets('256.0.0.1')).toThrow(RangeError);
    expect(() => ipAddressOctets('fe80::1%eth0')).toThrow(RangeError);
  });
});
