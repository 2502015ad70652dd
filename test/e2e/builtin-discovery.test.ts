// The generated built-in kinds against the real server: every resource kube-apiserver serves
// (all groups but the custom resource ones) has a generated descriptor whose plural, kind, scope,
// verbs and subresources (with their verbs) match discovery. Plus a smoke test of KubeClientset
// and of a Reservation with a typed pod template through GenericClientset.
import { describe, expect, it } from 'vitest';
import { ResourceClient } from '../../src/client/resource-client.js';
import { customResourceDefinitionResource, type CustomResourceDefinition } from '../../src/client/custom-resource-definitions.js';
import { allResources } from '../../src/generated/all-resources.js';
import { GenericClientset } from '../../src/generated/generic-clientset.js';
import { KubeClientset } from '../../src/generated/kube-clientset.js';
import { kubeResources } from '../../src/generated/kube-resources.js';
import type { PodTemplateSpec } from '../../src/generated/core/v1/types.js';
import type { Reservation } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import { apiVersionOf } from '../../src/meta/descriptor.js';
import { isNotFound } from '../../src/rest/errors.js';
import { envtestInfo } from './env.js';
import { suffix, useCluster } from './support/cluster.js';

const cluster = useCluster();
const sorted = (v: readonly string[]): string[] => [...v].sort();

describe('built-in kinds match discovery', () => {
  it('has a descriptor for every served built-in resource, with the same kind, scope, verbs and subresources', async () => {
    const served = await cluster.cs.discovery.serverGroups();
    // Custom resource groups: Koordinator's, and any other test file's CRDs on the shared server.
    const crds = await new ResourceClient<CustomResourceDefinition>(cluster.cs.ctx, customResourceDefinitionResource).list();
    const crdGroups = new Set([...allResources.map((d) => d.group), ...crds.items.map((c) => c.spec.group)]);
    const generated = new Map(kubeResources.map((d) => [`${apiVersionOf(d)}/${d.plural}`, d]));
    const groups = served.filter((g) => !crdGroups.has(g.name));
    let checked = 0;
    for (const g of groups) {
      for (const v of g.versions) {
        const list = await cluster.cs.discovery.serverResourcesForGroupVersion(v.groupVersion);
        for (const r of list.resources.filter((x) => !x.name.includes('/'))) {
          const where = `${v.groupVersion} ${r.name}`;
          const d = generated.get(`${v.groupVersion}/${r.name}`);
          expect(d, `${where}: no generated descriptor`).toBeDefined();
          expect(d!.kind, where).toBe(r.kind);
          expect(d!.namespaced, where).toBe(r.namespaced);
          expect(sorted(d!.verbs ?? []), where).toEqual(sorted(r.verbs));
          expect(d!.strategicMergePatch, where).toBe(true);
          expect(d!.crd, where).toBeUndefined();
          const subs = Object.fromEntries(
            list.resources.filter((x) => x.name.startsWith(`${r.name}/`)).map((x) => [x.name.slice(r.name.length + 1), sorted(x.verbs)]),
          );
          const served = Object.fromEntries(Object.entries(d!.subresources.served ?? {}).map(([n, verbs]) => [n, sorted(verbs)]));
          expect(served, `${where} subresources`).toEqual(subs);
          expect(d!.subresources.status, where).toBe('status' in subs);
          expect(d!.subresources.scale !== undefined, where).toBe('scale' in subs);
          checked++;
        }
      }
    }
    // core/v1 alone serves more than 20 resources; the whole server far more.
    expect(checked).toBeGreaterThan(50);
  });
});

describe('KubeClientset and GenericClientset', () => {
  it('creates, reads and deletes a ConfigMap through KubeClientset', async () => {
    await using kube = await KubeClientset.create({ kubeconfig: envtestInfo().kubeconfigPath });
    const configMaps = kube.coreV1.configMaps('default');
    const name = `smoke-${suffix()}`;
    const created = await configMaps.create({ metadata: { name }, data: { greeting: 'hello' } });
    expect(created.metadata?.uid).toBeTruthy();
    const read = await configMaps.get(name);
    expect(read.data).toEqual({ greeting: 'hello' });
    expect(read.kind).toBe('ConfigMap');
    await configMaps.delete(name);
    await expect(configMaps.get(name)).rejects.toSatisfy(isNotFound);
  });

  it('round-trips a Reservation whose spec.template is a typed PodTemplateSpec', async () => {
    await using cs = await GenericClientset.create({ kubeconfig: envtestInfo().kubeconfigPath });
    const template: PodTemplateSpec = {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'nginx:1.27',
            imagePullPolicy: 'IfNotPresent',
            resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: 1 } },
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
            env: [{ name: 'MODE', value: 'prod' }],
          },
        ],
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
            },
          },
        },
      },
    };
    const name = `typed-template-${suffix()}`;
    const reservations = cs.schedulingV1alpha1.reservations();
    const r: Reservation = { metadata: { name }, spec: { owners: [{ labelSelector: { matchLabels: { app: 'web' } } }], template, ttl: '1h' } };
    try {
      await reservations.create(r);
      const read = await reservations.get(name);
      expect(read.spec?.template).toEqual(template);
      // The built-in and the custom clients share the GenericClientset's transport.
      expect((await cs.coreV1.namespaces().get('default')).metadata?.name).toBe('default');
    } finally {
      await reservations.delete(name).catch(() => undefined);
    }
  });
});
