import { describe, expect, it } from 'vitest';
import { listClusterCrds } from '../../../codegen/from-cluster.js';
import type { RestRequest, RestResponse } from '../../../src/rest/transport/transport.js';

function crd(name: string, group: string) {
  const plural = name.split('.')[0]!;
  return { metadata: { name }, spec: { group, names: { kind: 'Thing', plural }, scope: 'Cluster', versions: [{ name: 'v1', served: true }] } };
}

/** A transport answering list pages from a script, recording the requests. */
function fakeTransport(pages: RestResponse[]) {
  const requests: RestRequest[] = [];
  return {
    requests,
    async request(req: RestRequest): Promise<RestResponse> {
      requests.push(req);
      const next = pages.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    },
  };
}

const ok = (body: unknown): RestResponse => ({ status: 200, headers: {}, body: JSON.stringify(body) });

describe('listClusterCrds', () => {
  it('lists CRDs page by page, filling in apiVersion and kind', async () => {
    const t = fakeTransport([
      ok({ kind: 'CustomResourceDefinitionList', metadata: { continue: 'tok/1' }, items: [crd('as.a.io', 'a.io')] }),
      ok({ kind: 'CustomResourceDefinitionList', metadata: {}, items: [crd('bs.b.io', 'b.io')] }),
    ]);
    const crds = await listClusterCrds(t);
    expect(crds.map((c) => [c.source, c.crd.apiVersion, c.crd.kind, c.crd.spec.group])).toEqual([
      ['cluster:as.a.io', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'a.io'],
      ['cluster:bs.b.io', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'b.io'],
    ]);
    expect(t.requests.map((r) => [r.method, r.path, r.context.verb])).toEqual([
      ['GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?limit=250', 'list'],
      ['GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?limit=250&continue=tok%2F1', 'list'],
    ]);
  });

  it('fails with the server message on an error status', async () => {
    const t = fakeTransport([{ status: 403, headers: {}, body: JSON.stringify({ kind: 'Status', message: 'customresourcedefinitions is forbidden' }) }]);
    await expect(listClusterCrds(t)).rejects.toThrow('cluster: listing CustomResourceDefinitions failed with HTTP 403: customresourcedefinitions is forbidden');
  });

  it('rejects a malformed CRD from the cluster, naming it', async () => {
    const bad = crd('cs.c.io', 'c.io');
    bad.spec.scope = 'Nowhere';
    await expect(listClusterCrds(fakeTransport([ok({ items: [bad] })]))).rejects.toThrow('cluster:cs.c.io: CRD cs.c.io: spec.scope must be Namespaced or Cluster');
  });
});
