// Request building of the subresource verbs (scale, eviction, binding, log) and of named
// Clientset copies. A scripted transport stands in for the wire: the real server's answers to
// these verbs are checked by the built-in e2e suites.
import { describe, expect, it } from 'vitest';
import { createClientContext } from '../../../src/client/client-context.js';
import { ClientsetBase } from '../../../src/client/clientset-base.js';
import { PodClient } from '../../../src/client/pod-client.js';
import { ScaleResourceClient } from '../../../src/client/scale-resource-client.js';
import type { ResourceDescriptor } from '../../../src/meta/descriptor.js';
import type { KubeObject } from '../../../src/meta/object.js';
import { ApiError, ValidationError } from '../../../src/rest/errors.js';
import { defaultUserAgent } from '../../../src/rest/transport/user-agent.js';
import { ScriptedTransport } from '../transport/support.js';

const podResource: ResourceDescriptor = {
  group: '', version: 'v1', kind: 'Pod', listKind: 'PodList', plural: 'pods', singular: 'pod', shortNames: ['po'],
  namespaced: true, subresources: { status: true }, printerColumns: [], strategicMergePatch: true,
};
const deploymentResource: ResourceDescriptor = {
  group: 'apps', version: 'v1', kind: 'Deployment', listKind: 'DeploymentList', plural: 'deployments', singular: 'deployment', shortNames: ['deploy'],
  namespaced: true, subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } }, printerColumns: [], strategicMergePatch: true,
};
const success = { status: 201, body: '{"kind":"Status","apiVersion":"v1","status":"Success","code":201}' };

describe('ScaleResourceClient', () => {
  it('reads, replaces and patches the scale subresource', async () => {
    const t = new ScriptedTransport([{ status: 200, body: '{"kind":"Scale","spec":{"replicas":2},"status":{"replicas":1}}' }]);
    const c = new ScaleResourceClient<KubeObject>(createClientContext(t), deploymentResource, 'ns1');
    expect((await c.getScale('web')).spec?.replicas).toBe(2);
    await c.updateScale('web', { metadata: { resourceVersion: '7' }, spec: { replicas: 5 } }, { fieldManager: 'hpa' });
    await c.patchScale('web', { type: 'merge', patch: { spec: { replicas: 3 } } });
    expect(t.calls.map((x) => `${x.req.method} ${x.req.path}`)).toEqual([
      'GET /apis/apps/v1/namespaces/ns1/deployments/web/scale',
      'PUT /apis/apps/v1/namespaces/ns1/deployments/web/scale?fieldManager=hpa',
      'PATCH /apis/apps/v1/namespaces/ns1/deployments/web/scale',
    ]);
    expect(JSON.parse(t.calls[1]!.req.body!)).toEqual({
      apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'ns1', resourceVersion: '7' }, spec: { replicas: 5 },
    });
    expect(t.calls[2]!.req.headers?.['content-type']).toBe('application/merge-patch+json');
    await expect(c.updateScale('web', null as never)).rejects.toBeInstanceOf(ValidationError);
    expect(t.calls).toHaveLength(3);
  });
});

describe('PodClient', () => {
  it('evicts through policy/v1 Eviction with the delete options', async () => {
    const t = new ScriptedTransport([success]);
    const pods = new PodClient<KubeObject>(createClientContext(t), podResource, 'ns1');
    const status = await pods.evict('web-0', { gracePeriodSeconds: 0, dryRun: true });
    expect(status.status).toBe('Success');
    const { req } = t.calls[0]!;
    expect(`${req.method} ${req.path}`).toBe('POST /api/v1/namespaces/ns1/pods/web-0/eviction');
    expect(JSON.parse(req.body!)).toEqual({
      apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-0', namespace: 'ns1' }, deleteOptions: { gracePeriodSeconds: 0, dryRun: ['All'] },
    });
  });

  it('binds to a Node and refuses a binding without a target', async () => {
    const t = new ScriptedTransport([success]);
    const pods = new PodClient<KubeObject>(createClientContext(t), podResource, 'ns1');
    await pods.bind('web-0', { name: 'node-a' });
    expect(t.calls[0]!.req.path).toBe('/api/v1/namespaces/ns1/pods/web-0/binding');
    expect(JSON.parse(t.calls[0]!.req.body!)).toEqual({
      apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-0', namespace: 'ns1' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' },
    });
    await expect(pods.bind('web-0', { name: '' })).rejects.toBeInstanceOf(ValidationError);
    expect(t.calls).toHaveLength(1);
  });

  it('reads logs as text, streams them, and turns a failure into an ApiError', async () => {
    const t = new ScriptedTransport([
      { status: 200, body: 'line 1\nline 2\n' },
      { status: 200, body: 'streamed\n' },
      { status: 400, body: '{"kind":"Status","status":"Failure","reason":"BadRequest","code":400,"message":"container \\"x\\" is not valid"}' },
    ]);
    const pods = new PodClient<KubeObject>(createClientContext(t), podResource, 'ns1');
    expect(await pods.logs('web-0', { container: 'app', tailLines: 2, timestamps: true })).toBe('line 1\nline 2\n');
    expect(t.calls[0]!.req.path).toBe('/api/v1/namespaces/ns1/pods/web-0/log?container=app&timestamps=true&tailLines=2');
    const chunks: string[] = [];
    for await (const c of pods.streamLogs('web-0', { follow: true })) chunks.push(c);
    expect(chunks.join('')).toBe('streamed\n');
    expect(t.calls[1]!.req.path).toBe('/api/v1/namespaces/ns1/pods/web-0/log?follow=true');
    const err = await pods.logs('web-0', { container: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe('BadRequest');
    await expect(pods.logs('web-0', { follow: true })).rejects.toThrow(/streamLogs/);
  });
});

describe('withUserAgent', () => {
  it('names a copy that shares the transport and sends <base>/<component>', async () => {
    const t = new ScriptedTransport([{ status: 200, body: '{"major":"1","minor":"37","gitVersion":"v1.37.2"}' }]);
    const parent = new ClientsetBase(createClientContext(t, { fieldManager: 'fm' }, 'koord-manager/v1.6'));
    const named = parent.withUserAgent('nodemetric-controller');
    expect(named).toBeInstanceOf(ClientsetBase);
    expect(named.ctx.userAgent).toBe('koord-manager/v1.6/nodemetric-controller');
    expect(named.ctx.defaults.fieldManager).toBe('fm');
    await named.discovery.serverVersion();
    expect(t.calls[0]!.req.headers?.['user-agent']).toBe('koord-manager/v1.6/nodemetric-controller');
    await named.close();
    expect(t.closed).toBe(false);
    await parent.close();
    expect(t.closed).toBe(true);
    expect(() => parent.withUserAgent('a\nb')).toThrow(ValidationError);
    expect(new ClientsetBase(createClientContext(t)).ctx.userAgent).toBe(defaultUserAgent());
  });
});
