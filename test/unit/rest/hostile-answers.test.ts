/**
 * Answers not shaped as the verb promises, and watch streams with huge lines: typed errors
 * naming the verb and resource, linear line splitting, size caps.
 */
import { describe, expect, it } from 'vitest';
import { createClientContext } from '../../../src/client/client-context.js';
import { ResourceClient } from '../../../src/client/resource-client.js';
import type { ResourceDescriptor } from '../../../src/meta/descriptor.js';
import type { KubeObject } from '../../../src/meta/object.js';
import { decodeResponse } from '../../../src/rest/wire/decode-response.js';
import { ApiError, DecodeError, ResponseTooLargeError, ValidationError } from '../../../src/rest/errors.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../../../src/rest/transport/transport.js';
import { decodeWatchBatches, decodeWatchStream } from '../../../src/rest/wire/watch-decoder.js';

const widgets: ResourceDescriptor = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  listKind: 'WidgetList',
  plural: 'widgets',
  singular: 'widget',
  shortNames: [],
  namespaced: true,
  subresources: { status: false },
  printerColumns: [],
};

/** Answers every request with one fixed body. */
class FixedTransport implements Transport {
  readonly sent: RestRequest[] = [];
  constructor(private readonly body: string) {}
  async request(req: RestRequest): Promise<RestResponse> {
    this.sent.push(req);
    return { status: 200, headers: {}, body: this.body };
  }
  async stream(): Promise<RestStream> {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
}

function client(body: string): { t: FixedTransport; c: ResourceClient<KubeObject> } {
  const t = new FixedTransport(body);
  return { t, c: new ResourceClient<KubeObject>(createClientContext(t, { validateWrites: false }), widgets, 'ns1') };
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
}

describe('answers not shaped as the verb promises', () => {
  it('get() of null, an array or a string is a DecodeError naming the verb and resource', async () => {
    for (const body of ['null', '[]', '[{"metadata":{}}]', '"text"', '42']) {
      const err = await caught(client(body).c.get('w1'));
      expect(err).toBeInstanceOf(DecodeError);
      expect((err as DecodeError).message).toMatch(/^get example\.com\/v1\/widgets, namespace ns1, name w1: the server answered .+ where an object was expected/);
      expect((err as DecodeError).request).toEqual({ verb: 'get', resource: 'example.com/v1/widgets', namespace: 'ns1', name: 'w1' });
    }
  });

  it('list() and listAll() over {"items":"oops"} are DecodeErrors, not characters yielded as objects', async () => {
    const err = await caught(client('{"items":"oops"}').c.list());
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as Error).message).toMatch(/^list example\.com\/v1\/widgets, namespace ns1: the server answered a list whose items is a string/);
    const yielded: unknown[] = [];
    const err2 = await caught(
      (async () => {
        for await (const o of client('{"items":"oops"}').c.listAll()) yielded.push(o);
      })(),
    );
    expect(err2).toBeInstanceOf(DecodeError);
    expect(yielded).toEqual([]);
    expect(await caught(client('null').c.list())).toBeInstanceOf(DecodeError);
    expect(await caught(client('[]').c.list())).toBeInstanceOf(DecodeError);
  });

  it('is never stricter than the server: items null is an empty list, extra fields pass', async () => {
    expect((await client('{"items":null,"metadata":{}}').c.list()).items).toEqual([]);
    expect(await client('{"kind":"WidgetList","items":[{"metadata":{"name":"a"}}],"extra":1}').c.list()).toMatchObject({ items: [{ metadata: { name: 'a' } }] });
    expect(decodeResponse({ status: 200, headers: {}, body: '[1]' }, { verb: 'discover' })).toEqual([1]);
  });

  it('create/update/patch/delete answering an array or null are DecodeErrors', async () => {
    expect(await caught(client('[]').c.create({ metadata: { name: 'a' } }))).toBeInstanceOf(DecodeError);
    expect(await caught(client('null').c.update({ metadata: { name: 'a' } }))).toBeInstanceOf(DecodeError);
    expect(await caught(client('[]').c.patch('a', { type: 'merge', patch: {} }))).toBeInstanceOf(DecodeError);
    expect(await caught(client('null').c.delete('a'))).toBeInstanceOf(DecodeError);
  });
});

describe('bodies that cannot be JSON', () => {
  it('a circular reference on create, update, patch and apply is a ValidationError naming its path; nothing is sent', async () => {
    const { t, c } = client('{}');
    const obj: KubeObject & { spec?: Record<string, unknown> } = { metadata: { name: 'a' }, spec: { parent: undefined } };
    obj.spec!['parent'] = obj;
    const calls = [() => c.create(obj), () => c.update(obj), () => c.patch('a', { type: 'merge', patch: obj }), () => c.apply(obj as never, { fieldManager: 'm' })];
    for (const call of calls) {
      const err = await caught(call());
      expect(err).toBeInstanceOf(ValidationError);
      // create/update/apply send a copy with apiVersion and kind: the cycle closes one level deeper
      expect((err as ValidationError).issues[0]!.path).toMatch(/^spec\.parent(\.spec)?$/);
      expect((err as Error).message).toMatch(/circular reference/);
    }
    const validating = new ResourceClient<KubeObject>(createClientContext(t), widgets, 'ns1');
    expect(await caught(validating.create(obj))).toBeInstanceOf(ValidationError);
    expect(t.sent).toHaveLength(0);
  });

  it('a BigInt is a ValidationError too', async () => {
    const { t, c } = client('{}');
    const err = await caught(c.create({ metadata: { name: 'a' }, spec: { n: 1n } } as never));
    expect(err).toBeInstanceOf(ValidationError);
    expect(t.sent).toHaveLength(0);
  });
});

/** A chunked source that counts how many bytes were pulled from it. */
function source(parts: Iterable<Buffer>): { pulled: () => number; chunks: AsyncIterable<Uint8Array> } {
  let pulled = 0;
  return {
    pulled: () => pulled,
    chunks: (async function* () {
      for (const p of parts) {
        pulled += p.length;
        yield p;
      }
    })(),
  };
}

function* repeat(chunk: Buffer, times: number): Generator<Buffer> {
  for (let i = 0; i < times; i++) yield chunk;
}

const wctx = { verb: 'watch', resource: 'example.com/v1/widgets' };

describe('watch decoding', () => {
  it('a 40 MB line without a newline stops at the event cap with ResponseTooLargeError, having read little more than the cap', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const src = source(repeat(chunk, 640)); // 40 MiB, no newline
    const err = await caught(
      (async () => {
        for await (const _ of decodeWatchStream(src.chunks, wctx, { maxEventBytes: 1024 * 1024 })) {
          /* nothing */
        }
      })(),
    );
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as ResponseTooLargeError).limitBytes).toBe(1024 * 1024);
    expect((err as Error).message).toMatch(/^watch example\.com\/v1\/widgets: one watch event is larger than/);
    expect(src.pulled()).toBeLessThanOrEqual(1024 * 1024 + chunk.length);
  });

  it('an over-long line inside one chunk, or across chunks, is a ResponseTooLargeError after the events before it', async () => {
    const ok = '{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n';
    const long = `{"type":"ADDED","object":{"metadata":{"name":"${'z'.repeat(2000)}"}}}\n`;
    const short = '{"type":"ADDED","object":{"metadata":{"name":"s"}}}\n';
    for (const parts of [
      [Buffer.from(ok + long)],
      [Buffer.from(ok + long.slice(0, 600)), Buffer.from(long.slice(600))],
      // After a chunk of short lines, the next chunk's lines are decoded in one piece, unless
      // that piece is over the cap.
      [Buffer.from(short.repeat(4)), Buffer.from(ok + long)],
    ]) {
      const seen: string[] = [];
      const err = await caught(
        (async () => {
          for await (const batch of decodeWatchBatches(source(parts).chunks, wctx, { maxEventBytes: 1024 })) seen.push(...batch.map((e) => (e.object as KubeObject).metadata!.name!));
        })(),
      );
      expect(err).toBeInstanceOf(ResponseTooLargeError);
      expect(seen.filter((n) => n !== 's')).toEqual(['a']);
    }
  });

  it('a 40 MB event in 64 KB chunks decodes once, whole (default cap)', async () => {
    const payload = 'y'.repeat(40 * 1024 * 1024);
    const line = Buffer.from(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'big' }, data: { payload } } })}\n{"type":"DELETED","object":{"metadata":{"name":"big"}}}\n`);
    const parts: Buffer[] = [];
    for (let i = 0; i < line.length; i += 64 * 1024) parts.push(line.subarray(i, i + 64 * 1024));
    const events = [];
    for await (const ev of decodeWatchStream(source(parts).chunks, wctx)) events.push(ev);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    expect((events[0]!.object as { data: { payload: string } }).data.payload.length).toBe(payload.length);
  });

  it('decodes the short lines of a chunk in one piece, multi-byte characters and blank lines included', async () => {
    const ev = (name: string): string => `{"type":"MODIFIED","object":{"metadata":{"name":"${name}"}}}\n`;
    const first = Buffer.from(ev('a') + ev('b'));
    const rest = Buffer.from(ev('é€😀') + '\r\n \n' + ev('ß') + ev('ü-tail') + ev('z'));
    // The second chunk ends in the middle of ü (two bytes): its first byte waits for the third.
    const cut = rest.indexOf(Buffer.from('ü')) + 1;
    const batches: string[][] = [];
    for await (const batch of decodeWatchBatches(source([first, rest.subarray(0, cut), rest.subarray(cut)]).chunks, wctx)) {
      batches.push(batch.map((e) => (e.object as KubeObject).metadata!.name!));
    }
    expect(batches).toEqual([['a', 'b'], ['é€😀', 'ß'], ['ü-tail', 'z']]);
  });

  it('keeps multi-byte characters split across chunks, and events sharing a chunk', async () => {
    const text = Buffer.from('{"type":"ADDED","object":{"metadata":{"name":"é€😀"}}}\n{"type":"MODIFIED","object":{"metadata":{"name":"b"}}}\n');
    const parts = [...text].map((b) => Buffer.from([b]));
    const names = [];
    for await (const ev of decodeWatchStream(source(parts).chunks, wctx)) names.push((ev.object as KubeObject).metadata?.name);
    expect(names).toEqual(['é€😀', 'b']);
  });

  it('batches: every event a chunk completes comes in one batch, in order; a line spanning chunks comes with the chunk that ends it', async () => {
    const ev = (name: string): string => `{"type":"MODIFIED","object":{"metadata":{"name":"${name}"}}}\n`;
    const second = ev('c');
    const parts = [Buffer.from(ev('a') + ev('b') + second.slice(0, 20)), Buffer.from(second.slice(20) + ev('d')), Buffer.from('\n  \n'), Buffer.from(ev('e').trimEnd())];
    const batches: string[][] = [];
    for await (const batch of decodeWatchBatches(source(parts).chunks, wctx)) batches.push(batch.map((e) => (e.object as KubeObject).metadata!.name!));
    // The blank lines of the third chunk make no batch; the last event needs no newline.
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('batches: an ERROR event or an undecodable line in a chunk first yields the events before it, then throws', async () => {
    const ok = '{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n';
    const gone = '{"type":"ERROR","object":{"kind":"Status","status":"Failure","code":410,"reason":"Expired","message":"too old"}}\n';
    for (const [bad, type] of [
      [gone, ApiError],
      ['{"type":"ADDED","object":\n', DecodeError],
    ] as const) {
      const seen: string[][] = [];
      const err = await caught(
        (async () => {
          for await (const batch of decodeWatchBatches(source([Buffer.from(ok + bad + ok)]).chunks, wctx)) seen.push(batch.map((e) => e.type));
        })(),
      );
      expect(err).toBeInstanceOf(type);
      expect(seen).toEqual([['ADDED']]);
    }
  });

  it('an event whose object is an array is a DecodeError', async () => {
    const err = await caught(
      (async () => {
        for await (const _ of decodeWatchStream(source([Buffer.from('{"type":"ADDED","object":[]}\n')]).chunks, wctx)) {
          /* nothing */
        }
      })(),
    );
    expect(err).toBeInstanceOf(DecodeError);
  });
});
