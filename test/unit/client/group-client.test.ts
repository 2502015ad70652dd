// GroupClient binds each kind to its client class: the generated built-in clients pass the class
// (PodClient, ScaleResourceClient, ...), the CRD clients the status flag.
import { describe, expect, it } from 'vitest';
import { createClientContext } from '../../../src/client/client-context.js';
import { allNamespaces, GroupClient, ResourceClient, StatusResourceClient, type AllNamespaces } from '../../../src/client/group-client.js';
import { PodClient } from '../../../src/client/pod-client.js';
import { ResourceReader } from '../../../src/client/resource-reader.js';
import { ScaleResourceClient } from '../../../src/client/scale-resource-client.js';
import type { ResourceDescriptor } from '../../../src/meta/descriptor.js';
import type { KubeObject } from '../../../src/meta/object.js';
import { ValidationError } from '../../../src/rest/errors.js';
import type { Transport } from '../../../src/rest/transport/transport.js';

const base = { version: 'v1', shortNames: [], printerColumns: [], subresources: { status: true } };
const pods: ResourceDescriptor = { ...base, group: '', kind: 'Pod', listKind: 'PodList', plural: 'pods', singular: 'pod', namespaced: true };
const nodes: ResourceDescriptor = { ...base, group: '', kind: 'Node', listKind: 'NodeList', plural: 'nodes', singular: 'node', namespaced: false };
const deployments: ResourceDescriptor = { ...base, group: 'apps', kind: 'Deployment', listKind: 'DeploymentList', plural: 'deployments', singular: 'deployment', namespaced: true };

const unused: Transport = {
  request: () => Promise.reject(new Error('no request expected')),
  stream: () => Promise.reject(new Error('no request expected')),
  close: () => Promise.resolve(),
};

class TestV1Client extends GroupClient {
  pods(namespace: string | AllNamespaces): unknown {
    return this.namespacedClient(pods, namespace, PodClient);
  }
  deployments(namespace: string): unknown {
    return this.namespacedClient(deployments, namespace, ScaleResourceClient);
  }
  nodes(withStatus: boolean): unknown {
    return this.clusterClient(nodes, withStatus);
  }
  nodesAs(): unknown {
    return this.clusterClient(nodes, ResourceClient);
  }
}

describe('GroupClient', () => {
  const g = new TestV1Client(createClientContext(unused));

  it('builds the client class it is given, for namespaced and cluster-scoped kinds', () => {
    expect(g.pods('default')).toBeInstanceOf(PodClient);
    expect(g.deployments('default')).toBeInstanceOf(ScaleResourceClient);
    const plain = g.nodesAs();
    expect(plain).toBeInstanceOf(ResourceClient);
    expect(plain).not.toBeInstanceOf(StatusResourceClient);
  });

  it('still takes the status flag', () => {
    expect(g.nodes(true)).toBeInstanceOf(StatusResourceClient);
    expect(g.nodes(false)).not.toBeInstanceOf(StatusResourceClient);
  });

  it('gives a read-only reader across all namespaces whatever the class, and needs a namespace', () => {
    const all = g.pods(allNamespaces);
    expect(all).toBeInstanceOf(ResourceReader);
    expect(all).not.toBeInstanceOf(ResourceClient);
    expect(() => g.pods(undefined as unknown as string)).toThrowError(ValidationError);
    expect((g.pods('team-a') as ResourceReader<KubeObject>).namespace).toBe('team-a');
  });
});
