/**
 * A tiny DER reader for tests: decodes tag-length-value trees so certificate fields can be
 * checked independently of the encoder under test.
 */

/** One decoded DER element. */
export interface DerNode {
  tag: number;
  /** Content octets. */
  content: Buffer;
  /** Children, for constructed elements. */
  children: DerNode[];
}

function readOne(buf: Buffer, offset: number): { node: DerNode; next: number } {
  const tag = buf[offset]!;
  let len = buf[offset + 1]!;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i]!;
    pos += n;
  }
  const content = buf.subarray(pos, pos + len);
  if (content.length !== len) throw new Error('truncated DER');
  const children = tag & 0x20 ? readAll(content) : [];
  return { node: { tag, content, children }, next: pos + len };
}

/** Decodes a sequence of elements. */
export function readAll(buf: Buffer): DerNode[] {
  const out: DerNode[] = [];
  for (let off = 0; off < buf.length; ) {
    const { node, next } = readOne(buf, off);
    out.push(node);
    off = next;
  }
  return out;
}

/** Decodes exactly one element. */
export function readDer(buf: Buffer): DerNode {
  const all = readAll(buf);
  if (all.length !== 1) throw new Error(`expected one element, found ${all.length}`);
  return all[0]!;
}

/** Decodes an OBJECT IDENTIFIER's content to dotted form. */
export function oidText(content: Buffer): string {
  const arcs: number[] = [];
  let v = 0;
  for (const b of content) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  const first = arcs.shift()!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs].join('.');
}

/** An X.509 extension as decoded from a certificate. */
export interface DecodedExtension {
  oid: string;
  critical: boolean;
  value: DerNode;
}

/** Returns the extensions of a DER certificate, by OID. */
export function certificateExtensions(certDer: Buffer): Map<string, DecodedExtension> {
  const tbs = readDer(certDer).children[0]!;
  const extsWrapper = tbs.children.find((c) => c.tag === 0xa3)!;
  const map = new Map<string, DecodedExtension>();
  for (const ext of extsWrapper.children[0]!.children) {
    const oid = oidText(ext.children[0]!.content);
    const critical = ext.children.length === 3 && ext.children[1]!.content[0] === 0xff;
    const octets = ext.children[ext.children.length - 1]!;
    map.set(oid, { oid, critical, value: readDer(octets.content) });
  }
  return map;
}
