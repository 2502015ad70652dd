/**
 * Conformance cases on built-in kinds: a ConfigMap (namespaced, no status, no generation) and a
 * Deployment (status subresource, generation), with strategic merge patches and server-side
 * apply merging lists by their keys (containers by name).
 */
import { expect } from 'vitest';
import type { Deployment } from '../../src/generated/apps/v1/types.js';
import { isConflict, isNotFound } from '../../src/rest/errors.js';
import type { ConformanceCase } from './backend.js';
import { apiError, ownersOf, statusShape } from './support.js';

function deployment(name: string): Deployment {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1' }, { name: 'sidecar', image: 'busybox:1', env: [{ name: 'A', value: '1' }] }] },
      },
    },
  };
}

export const builtinCases: readonly ConformanceCase[] = [
  {
    name: 'ConfigMap and Pod: a field written as null (as the write forms allow) is decoded as unset, and metadata.creationTimestamp: null is accepted',
    async run(b) {
      const ns = await b.namespace();
      const cm = await b.kube.coreV1.configMaps(ns).create({ metadata: { name: 'nulls', creationTimestamp: null, labels: null }, data: { a: '1' }, binaryData: null, immutable: null });
      expect(cm.data).toEqual({ a: '1' });
      expect(cm).not.toHaveProperty('binaryData');
      expect(cm).not.toHaveProperty('immutable');
      expect(cm.metadata).not.toHaveProperty('labels');
      expect(cm.metadata?.creationTimestamp).toMatch(/^\d{4}-/);
      const updated = await b.kube.coreV1.configMaps(ns).update({ ...cm, metadata: { ...cm.metadata, creationTimestamp: null }, data: null });
      expect(updated).not.toHaveProperty('data');
      expect(updated.metadata?.creationTimestamp).toBe(cm.metadata?.creationTimestamp);
      const pod = await b.kube.coreV1.pods(ns).create({ metadata: { name: 'nulls' }, spec: { containers: [{ name: 'c', image: 'nginx', command: null, env: null }], nodeSelector: null, tolerations: null } });
      expect(pod.spec).not.toHaveProperty('nodeSelector');
      expect(pod.spec?.containers[0]).not.toHaveProperty('command');
      expect(pod.spec?.containers[0]).not.toHaveProperty('env');
    },
  },
  {
    name: 'Pod: field selectors on spec.nodeName; unsupported fields are a BadRequest',
    async run(b) {
      const ns = await b.namespace();
      const pods = b.kube.coreV1.pods(ns);
      const pod = (name: string, nodeName?: string) => ({ metadata: { name }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] } });
      const first = await pods.create(pod('on-a', 'node-a'));
      expect(first.status?.phase).toBe('Pending');
      await pods.create(pod('on-b', 'node-b'));
      await pods.create(pod('unscheduled'));
      const names = async (fieldSelector: string): Promise<string[]> => (await pods.list({ fieldSelector })).items.map((p) => p.metadata!.name!).sort();
      expect(await names('spec.nodeName=node-a')).toEqual(['on-a']);
      expect(await names('spec.nodeName=')).toEqual(['unscheduled']);
      expect(await names('spec.nodeName!=node-a,metadata.name!=unscheduled')).toEqual(['on-b']);
      const bad = await apiError(pods.list({ fieldSelector: 'spec.priority=1' }));
      expect(bad.code).toBe(400);
    },
  },
  {
    name: 'ConfigMap: no generation, typed lists without apiVersion/kind on items, NotFound without a group',
    async run(b) {
      const ns = await b.namespace();
      const cms = b.kube.coreV1.configMaps(ns);
      const created = await cms.create({ metadata: { name: 'cfg', labels: { app: 'x' } }, data: { a: '1' } });
      expect(created.apiVersion).toBe('v1');
      expect(created.kind).toBe('ConfigMap');
      expect(created.metadata?.generation).toBeUndefined();
      expect(created.metadata?.uid).toBeTruthy();
      const list = await cms.list();
      expect(list.kind).toBe('ConfigMapList');
      expect(list.items.map((c) => [c.metadata?.name, c.apiVersion, c.kind])).toEqual([['cfg', undefined, undefined]]);
      const updated = await cms.update({ ...created, data: { a: '2' } });
      expect(updated.metadata?.generation).toBeUndefined();
      expect(isConflict(await apiError(cms.update({ ...created, data: { a: '3' } })))).toBe(true);
      // Built-in kinds take updates without a resourceVersion (custom resources do not).
      const unconditional = await cms.update({ metadata: { name: 'cfg', labels: { app: 'x' } }, data: { a: '4' } });
      expect(unconditional.data).toEqual({ a: '4' });
      expect(unconditional.metadata?.uid).toBe(created.metadata?.uid);
      const missing = await apiError(cms.get('nope'));
      expect(isNotFound(missing)).toBe(true);
      expect(statusShape(missing)).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, details: { name: 'nope', kind: 'configmaps' } });
      expect(missing.status.message).toBe('configmaps "nope" not found');
    },
  },
  {
    name: 'ConfigMap: strategic merge and merge patches of data and labels; server-side apply conflicts on a data key',
    async run(b) {
      const ns = await b.namespace();
      const cms = b.kube.coreV1.configMaps(ns);
      await cms.create({ metadata: { name: 'cfg' }, data: { a: '1', b: '2' } }, { fieldManager: 'creator' });
      const smp = await cms.patch('cfg', { type: 'strategic', patch: { metadata: { labels: { tier: 'x' } }, data: { b: null, c: '3' } } });
      expect(smp.data).toEqual({ a: '1', c: '3' });
      expect(smp.metadata?.labels).toEqual({ tier: 'x' });
      const mp = await cms.patch('cfg', { type: 'merge', patch: { data: { a: '9' } } }, { fieldManager: 'merger' });
      expect(mp.data).toEqual({ a: '9', c: '3' });
      const err = await apiError(cms.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '10' } }, { fieldManager: 'applier' }));
      expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "merger" using v1: .data.a');
      const forced = await cms.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '10' } }, { fieldManager: 'applier', force: true });
      expect(forced.data).toEqual({ a: '10', c: '3' });
      expect(ownersOf(forced, ['f:data', 'f:a'])).toEqual(['applier/Apply']);
    },
  },
  {
    name: 'Deployment: strategic merge patches merge containers by name; generation counts spec changes; status is a subresource',
    async run(b) {
      const ns = await b.namespace();
      const deps = b.kube.appsV1.deployments(ns);
      const created = await deps.create(deployment('web'));
      expect(created.metadata?.generation).toBe(1);
      const patched = await deps.patch('web', { type: 'strategic', patch: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:2', env: [{ name: 'B', value: '2' }] }] } } } } });
      const containers = patched.spec?.template.spec?.containers ?? [];
      expect(containers.map((c) => [c.name, c.image])).toEqual([['web', 'nginx:1'], ['sidecar', 'busybox:2']]);
      // New items go first unless a live item comes before them (apimachinery's mergeSortedSlice).
      expect(containers[1]?.env).toEqual([{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
      expect(patched.metadata?.generation).toBe(2);
      const removed = await deps.patch('web', { type: 'strategic', patch: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } } as never });
      expect(removed.spec?.template.spec?.containers.map((c) => c.name)).toEqual(['web']);
      // A JSON merge patch replaces the list.
      const merged = await deps.patch('web', { type: 'merge', patch: { spec: { template: { spec: { containers: [{ name: 'only', image: 'nginx:2' }] } } } } });
      expect(merged.spec?.template.spec?.containers.map((c) => c.name)).toEqual(['only']);
      const labelled = await deps.patch('web', { type: 'strategic', patch: { metadata: { labels: { extra: 'yes' } } } });
      expect(labelled.metadata?.generation).toBe(merged.metadata?.generation);
      const st = await deps.updateStatus({ ...labelled, spec: { ...labelled.spec!, replicas: 5 }, status: { observedGeneration: 3, replicas: 1 } });
      expect(st.spec?.replicas).toBe(1);
      expect(st.status?.observedGeneration).toBe(3);
    },
  },
  {
    name: 'Deployment: server-side apply merges containers by name between managers',
    async run(b) {
      const ns = await b.namespace();
      const deps = b.kube.appsV1.deployments(ns);
      const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' } } as const;
      const selector = { matchLabels: { app: 'api' } };
      await deps.apply({ ...base, spec: { selector, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } } }, { fieldManager: 'app-team' });
      const both = await deps.apply({ ...base, spec: { template: { spec: { containers: [{ name: 'proxy', image: 'envoy:1' }] } } } }, { fieldManager: 'mesh' });
      expect(both.spec?.template.spec?.containers.map((c) => `${c.name}=${c.image}`).sort()).toEqual(['proxy=envoy:1', 'web=nginx:1']);
      expect(ownersOf(both, ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"proxy"}', 'f:image'])).toEqual(['mesh/Apply']);
      const err = await apiError(deps.apply({ ...base, spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } }, { fieldManager: 'mesh' }));
      expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "app-team": .spec.template.spec.containers[name="web"].image');
      const dropped = await deps.apply({ ...base }, { fieldManager: 'mesh' });
      expect(dropped.spec?.template.spec?.containers.map((c) => c.name)).toEqual(['web']);
    },
  },
];
