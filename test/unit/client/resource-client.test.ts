// The generic typed client builds the right requests and rejects bad input before the network.
// A recording transport stands in for the wire: this checks request building, not the server.
import { describe, expect, it } from 'vitest';
import { createClientContext } from '../../../src/client/client-context.js';
import { allNamespaces, GroupClient, type AllNamespaces } from '../../../src/client/group-client.js';
import { ResourceClient } from '../../../src/client/resource-client.js';
import { ResourceReader } from '../../../src/client/resource-reader.js';
import { StatusResourceClient } from '../../../src/client/status-resource-client.js';
import type { ObjectSchema, ResourceDescriptor } from '../../../src/meta/descriptor.js';
import type { KubeObject } from '../../../src/meta/object.js';
import { ValidationError } from '../../../src/rest/errors.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../../../src/rest/transport/transport.js';

class RecordingTransport implements Transport {
  readonly sent: RestRequest[] = [];
  constructor(private readonly answer: (req: RestRequest) => RestResponse = (req) => ({ status: 200, headers: {}, body: req.body?.startsWith('{') ? req.body : '{"items":[],"metadata":{}}' })) {}
  async request(req: RestRequest): Promise<RestResponse> {
    this.sent.push(req);
    return this.answer(req);
  }
  async stream(req: RestRequest): Promise<RestStream> {
    this.sent.push(req);
    const lines = ['{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n', '{"type":"DELETED","object":{"metadata":{"name":"a"}}}\n'];
    let cancelled = false;
    return {
      status: 200,
      headers: {},
      body: (async function* () {
        for (const l of lines) if (!cancelled) yield new TextEncoder().encode(l);
      })(),
      cancel: () => {
        cancelled = true;
      },
    };
  }
  async close(): Promise<void> {}
}

interface Widget extends KubeObject {
  spec?: { size?: number };
  status?: { ready?: number };
}

const schema: ObjectSchema = {
  safeParse(v: unknown) {
    const issues: { path: string[]; message: string }[] = [];
    const size = (v as Widget).spec?.size;
    if (size !== undefined && size < 0) issues.push({ path: ['spec', 'size'], message: 'must be >= 0' });
    const ready = (v as Widget).status?.ready;
    if (ready !== undefined && ready < 0) issues.push({ path: ['status', 'ready'], message: 'must be >= 0' });
    return issues.length === 0 ? { success: true as const, data: v } : { success: false as const, error: { issues } };
  },
};

const widgets: ResourceDescriptor = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  listKind: 'WidgetList',
  plural: 'widgets',
  singular: 'widget',
  shortNames: [],
  namespaced: true,
  subresources: { status: true },
  printerColumns: [],
  schema: async () => schema,
};

function setup(defaults = {}) {
  const t = new RecordingTransport();
  const ctx = createClientContext(t, defaults);
  return { t, client: new StatusResourceClient<Widget>(ctx, widgets, 'ns1'), ctx };
}

describe('ResourceClient writes', () => {
  it('create fills apiVersion and kind without mutating the caller object', async () => {
    const { t, client } = setup();
    const obj: Widget = { metadata: { name: 'w1' }, spec: { size: 1 } };
    await client.create(obj, { dryRun: true, fieldManager: 'me' });
    expect(obj).toEqual({ metadata: { name: 'w1' }, spec: { size: 1 } });
    const req = t.sent[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/apis/example.com/v1/namespaces/ns1/widgets?dryRun=All&fieldManager=me');
    expect(JSON.parse(req.body!)).toEqual({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 1 } });
    expect(req.context).toEqual({ verb: 'create', resource: 'example.com/v1/widgets', namespace: 'ns1', name: 'w1' });
  });

  it('validates against the schema before the network, and can be told not to', async () => {
    const { t, client } = setup();
    const bad: Widget = { metadata: { name: 'w1' }, spec: { size: -1 } };
    const err = await client.create(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ path: 'spec.size', message: 'must be >= 0' }]);
    expect(t.sent).toHaveLength(0);
    await client.create(bad, { validate: false });
    expect(t.sent).toHaveLength(1);
    const off = setup({ validateWrites: false });
    await off.client.create(bad);
    expect(off.t.sent).toHaveLength(1);
  });

  it('judges only what the server takes from the body: no status on object writes, only status on status writes', async () => {
    const { t, client } = setup();
    const obj: Widget = { metadata: { name: 'w1' }, spec: { size: 1 }, status: { ready: -1 } };
    await client.create(obj);
    await client.update(obj);
    expect(t.sent).toHaveLength(2);
    // The status is sent as given (the server drops it), not stripped by the client.
    expect(JSON.parse(t.sent[0]!.body!).status).toEqual({ ready: -1 });
    const err = await client.updateStatus(obj).catch((e: unknown) => e);
    expect((err as ValidationError).issues).toEqual([{ path: 'status.ready', message: 'must be >= 0' }]);
    expect(t.sent).toHaveLength(2);
    // A status write is judged on its status only: the server keeps the stored spec.
    await client.updateStatus({ metadata: { name: 'w1' }, spec: { size: -1 }, status: { ready: 1 } });
    expect(t.sent).toHaveLength(3);
    const both = await client.updateStatus({ metadata: { name: 'w1' }, spec: { size: -1 }, status: { ready: -1 } }).catch((e: unknown) => e);
    expect((both as ValidationError).issues).toEqual([{ path: 'status.ready', message: 'must be >= 0' }]);
    // Without a status subresource, status is part of the object and validated with it.
    const plain = new ResourceClient<Widget>(createClientContext(t), { ...widgets, subresources: { status: false } }, 'ns1');
    await expect(plain.create(obj)).rejects.toBeInstanceOf(ValidationError);
    await expect(plain.update({ metadata: { name: 'w1' }, spec: { size: -1 } })).rejects.toBeInstanceOf(ValidationError);
  });

  it('rejects missing names, wrong kinds and foreign namespaces without sending', async () => {
    const { t, client } = setup();
    await expect(client.create({ spec: {} })).rejects.toBeInstanceOf(ValidationError);
    await expect(client.update({ spec: {} })).rejects.toBeInstanceOf(ValidationError);
    await expect(client.create({ kind: 'Gadget', metadata: { name: 'x' } })).rejects.toThrow(/kind: must be Widget/);
    await expect(client.create({ apiVersion: 'example.com/v2', metadata: { name: 'x' } })).rejects.toThrow(/apiVersion/);
    await expect(client.create({ metadata: { name: 'x', namespace: 'other' } })).rejects.toThrow(/does not match/);
    await expect(client.create(null as unknown as Widget)).rejects.toBeInstanceOf(ValidationError);
    expect(t.sent).toHaveLength(0);
  });

  it('update and updateStatus PUT to the object and its status', async () => {
    const { t, client } = setup();
    await client.update({ metadata: { name: 'w', resourceVersion: '5' } });
    await client.updateStatus({ metadata: { name: 'w', resourceVersion: '6' } });
    expect(t.sent.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /apis/example.com/v1/namespaces/ns1/widgets/w', 'PUT /apis/example.com/v1/namespaces/ns1/widgets/w/status']);
  });

  it('patches with the right content types and refuses unsupported patch kinds', async () => {
    const { t, client } = setup();
    await client.patch('w', { type: 'merge', patch: { spec: { size: 2 } } });
    await client.patch('w', { type: 'json', operations: [{ op: 'remove', path: '/spec/size' }] });
    await client.patchStatus('w', { type: 'merge', patch: { metadata: { labels: { a: 'b' } } } });
    expect(t.sent.map((r) => [r.path, r.headers?.['content-type']])).toEqual([
      ['/apis/example.com/v1/namespaces/ns1/widgets/w', 'application/merge-patch+json'],
      ['/apis/example.com/v1/namespaces/ns1/widgets/w', 'application/json-patch+json'],
      ['/apis/example.com/v1/namespaces/ns1/widgets/w/status', 'application/merge-patch+json'],
    ]);
    await expect(client.patch('w', { type: 'strategic', patch: {} })).rejects.toThrow(/strategic merge is not served for custom resources/);
    await expect(client.patch('w', { type: 'yaml', patch: {} } as never)).rejects.toThrow(/unsupported patch type "yaml".*"json" or "merge"/);
    expect(t.sent).toHaveLength(3);
  });

  it('sends strategic merge patches for built-in kinds only', async () => {
    const t = new RecordingTransport();
    const builtIn = new ResourceClient<Widget>(createClientContext(t), { ...widgets, group: '', strategicMergePatch: true }, 'ns1');
    await builtIn.patch('w', { type: 'strategic', patch: { spec: { size: 4 } } });
    expect(t.sent.map((r) => [r.path, r.headers?.['content-type'], r.body])).toEqual([
      ['/api/v1/namespaces/ns1/widgets/w', 'application/strategic-merge-patch+json', '{"spec":{"size":4}}'],
    ]);
    await expect(builtIn.patch('w', { type: 'yaml', patch: {} } as never)).rejects.toThrow(/"json", "merge" or "strategic"/);
  });

  it('apply sends an apply patch with fieldManager and force, and requires both a manager and a name', async () => {
    const { t, client } = setup();
    await client.apply({ metadata: { name: 'w' }, spec: { size: 3 } }, { fieldManager: 'ctl', force: true });
    await client.applyStatus({ metadata: { name: 'w' } }, { fieldManager: 'ctl' });
    expect(t.sent[0]!.path).toBe('/apis/example.com/v1/namespaces/ns1/widgets/w?fieldManager=ctl&force=true');
    expect(t.sent[0]!.headers?.['content-type']).toBe('application/apply-patch+yaml');
    expect(JSON.parse(t.sent[0]!.body!)).toMatchObject({ apiVersion: 'example.com/v1', kind: 'Widget' });
    expect(t.sent[1]!.path).toBe('/apis/example.com/v1/namespaces/ns1/widgets/w/status?fieldManager=ctl');
    await expect(client.apply({ metadata: { name: 'w' } }, {} as never)).rejects.toThrow(/fieldManager/);
    await expect(client.apply({ metadata: {} } as never, { fieldManager: 'x' })).rejects.toThrow(/metadata.name/);
    expect(t.sent).toHaveLength(2);
  });

  it('uses the context default field manager when a write names none', async () => {
    const { t, client } = setup({ fieldManager: 'my-controller' });
    await client.patch('w', { type: 'merge', patch: {} });
    expect(t.sent[0]!.path).toContain('fieldManager=my-controller');
  });

  it('delete and deleteCollection send DeleteOptions', async () => {
    const { t, client } = setup();
    await client.delete('w', { propagationPolicy: 'Foreground', preconditions: { uid: 'u1' } });
    await client.deleteCollection({ labelSelector: 'a=b', gracePeriodSeconds: 0 });
    expect(t.sent[0]!.method).toBe('DELETE');
    expect(JSON.parse(t.sent[0]!.body!)).toMatchObject({ kind: 'DeleteOptions', propagationPolicy: 'Foreground', preconditions: { uid: 'u1' } });
    expect(t.sent[1]!.path).toBe('/apis/example.com/v1/namespaces/ns1/widgets?labelSelector=a%3Db');
    expect(JSON.parse(t.sent[1]!.body!)).toMatchObject({ gracePeriodSeconds: 0 });
  });
});

describe('scope', () => {
  class ExampleV1Client extends GroupClient {
    widgets(namespace: string): StatusResourceClient<Widget>;
    widgets(namespace: AllNamespaces): ResourceReader<Widget>;
    widgets(namespace: string | AllNamespaces): unknown {
      return this.namespacedClient(widgets, namespace, true);
    }
  }
  it('a namespaced kind needs a namespace; allNamespaces gives a read-only client', () => {
    const ctx = createClientContext(new RecordingTransport());
    const g = new ExampleV1Client(ctx);
    expect(g.widgets('a')).toBeInstanceOf(StatusResourceClient);
    const all = g.widgets(allNamespaces);
    expect(all).toBeInstanceOf(ResourceReader);
    expect(all).not.toBeInstanceOf(ResourceClient);
    expect(() => new ResourceClient(ctx, widgets)).toThrowError(ValidationError);
    expect(() => new ResourceClient(ctx, { ...widgets, namespaced: false }, 'a')).toThrowError(ValidationError);
  });
  it('lists across all namespaces without a namespace segment', async () => {
    const t = new RecordingTransport();
    await new ResourceReader<Widget>(createClientContext(t), widgets).list({ limit: 2 });
    expect(t.sent[0]!.path).toBe('/apis/example.com/v1/widgets?limit=2');
  });
});

describe('listAll and watch', () => {
  it('follows continue tokens and drops resourceVersion after the first page', async () => {
    const pages = [
      { metadata: { continue: 'c1' }, items: [{ metadata: { name: 'a' } }] },
      { metadata: { continue: 'c2' }, items: [{ metadata: { name: 'b' } }] },
      { metadata: {}, items: [{ metadata: { name: 'c' } }] },
    ];
    let i = 0;
    const t = new RecordingTransport(() => ({ status: 200, headers: {}, body: JSON.stringify(pages[i++]) }));
    const names: string[] = [];
    for await (const w of new ResourceReader<Widget>(createClientContext(t), widgets, 'ns1').listAll({ resourceVersion: '0', limit: 1 })) names.push(w.metadata!.name!);
    expect(names).toEqual(['a', 'b', 'c']);
    expect(t.sent.map((r) => r.path)).toEqual([
      '/apis/example.com/v1/namespaces/ns1/widgets?limit=1&resourceVersion=0',
      '/apis/example.com/v1/namespaces/ns1/widgets?limit=1&continue=c1',
      '/apis/example.com/v1/namespaces/ns1/widgets?limit=1&continue=c2',
    ]);
  });
  it('watch yields typed events from the stream', async () => {
    const t = new RecordingTransport();
    const types: string[] = [];
    for await (const ev of new ResourceReader<Widget>(createClientContext(t), widgets, 'ns1').watch({ allowWatchBookmarks: true })) types.push(`${ev.type}:${ev.object.metadata?.name}`);
    expect(types).toEqual(['ADDED:a', 'DELETED:a']);
    expect(t.sent[0]!.path).toBe('/apis/example.com/v1/namespaces/ns1/widgets?watch=true&allowWatchBookmarks=true');
  });
});
