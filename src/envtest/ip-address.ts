/**
 * Converts a textual IP address to the network-order octets an X.509 `iPAddress` name holds
 * (4 octets for IPv4, 16 for IPv6).
 * @packageDocumentation
 */
import { isIPv4, isIPv6 } from 'node:net';

function ipv4Octets(address: string): number[] {
  return address.split('.').map((part) => Number(part));
}

/**
 * Returns the octets of an IPv4 or IPv6 address (`127.0.0.1`, `::1`, `fe80::1`,
 * `::ffff:10.0.0.1`). Throws a `RangeError` for anything else, including zone suffixes.
 */
export function ipAddressOctets(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(ipv4Octets(address));
  if (!isIPv6(address) || address.includes('%')) throw new RangeError(`${JSON.stringify(address)} is not an IP address`);
  let text = address;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (isIPv4(last)) {
    // An embedded IPv4 suffix stands for the last two 16-bit groups.
    tail = ipv4Octets(last);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const headGroups = parse(head);
  const restGroups = rest === undefined ? [] : parse(rest);
  const zeros = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...new Array<number>(zeros).fill(0), ...restGroups];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  if (tail.length === 4) Buffer.from(tail).copy(out, 12);
  return out;
}
