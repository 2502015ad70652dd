/**
 * Conformance cases on a namespaced kind (Recommendation): namespace scoping of every verb,
 * lists across namespaces, the metadata.namespace field selector, and the namespace check.
 */
import { expect } from 'vitest';
import { allNamespaces } from '../../src/client/group-client.js';
import { isNotFound } from '../../src/rest/errors.js';
import { unique, type ConformanceCase } from './backend.js';
import { apiError, recommendation, statusShape } from './support.js';

export const recommendationCases: readonly ConformanceCase[] = [
  {
    name: 'the same name lives in two namespaces independently; get, update and delete stay in their namespace',
    async run(b) {
      const [ns1, ns2] = [await b.namespace(), await b.namespace()];
      const r1 = b.cs.analysisV1alpha1.recommendations(ns1);
      const r2 = b.cs.analysisV1alpha1.recommendations(ns2);
      const a = await r1.create(recommendation('web'));
      const c = await r2.create(recommendation('web'));
      expect(a.metadata?.namespace).toBe(ns1);
      expect(c.metadata?.namespace).toBe(ns2);
      expect(a.metadata?.uid).not.toBe(c.metadata?.uid);
      await r1.patch('web', { type: 'merge', patch: { metadata: { labels: { changed: 'yes' } } } });
      expect((await r2.get('web')).metadata?.labels).toBeUndefined();
      await r1.delete('web');
      expect(isNotFound(await apiError(r1.get('web')))).toBe(true);
      expect((await r2.get('web')).metadata?.uid).toBe(c.metadata?.uid);
      const missing = await apiError(r1.get('web'));
      expect(statusShape(missing)).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, details: { name: 'web', group: 'analysis.koordinator.sh', kind: 'recommendations' } });
    },
  },
  {
    name: 'list in a namespace sees only it; across all namespaces sees both, selectable by metadata.namespace',
    async run(b) {
      const [ns1, ns2] = [await b.namespace(), await b.namespace()];
      const batch = unique('b');
      await b.cs.analysisV1alpha1.recommendations(ns1).create(recommendation('x', { batch }));
      await b.cs.analysisV1alpha1.recommendations(ns1).create(recommendation('y', { batch }));
      await b.cs.analysisV1alpha1.recommendations(ns2).create(recommendation('x', { batch }));
      const inNs1 = await b.cs.analysisV1alpha1.recommendations(ns1).list();
      expect(inNs1.items.map((r) => `${r.metadata?.namespace}/${r.metadata?.name}`)).toEqual([`${ns1}/x`, `${ns1}/y`]);
      const everywhere = b.cs.analysisV1alpha1.recommendations(allNamespaces);
      const all = await everywhere.list({ labelSelector: `batch=${batch}` });
      expect(all.items.map((r) => `${r.metadata?.namespace}/${r.metadata?.name}`).sort()).toEqual([`${ns1}/x`, `${ns1}/y`, `${ns2}/x`].sort());
      const onlyNs2 = await everywhere.list({ labelSelector: `batch=${batch}`, fieldSelector: `metadata.namespace=${ns2}` });
      expect(onlyNs2.items.map((r) => r.metadata?.namespace)).toEqual([ns2]);
      await b.cs.analysisV1alpha1.recommendations(ns1).deleteCollection();
      expect((await everywhere.list({ labelSelector: `batch=${batch}` })).items.map((r) => r.metadata?.namespace)).toEqual([ns2]);
    },
  },
  {
    name: 'creating in a namespace that does not exist is NotFound for the namespace',
    async run(b) {
      const ns = unique('nope');
      const err = await apiError(b.cs.analysisV1alpha1.recommendations(ns).create(recommendation('web')));
      expect(statusShape(err)).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, details: { name: ns, kind: 'namespaces' } });
      expect(err.status.message).toBe(`namespaces "${ns}" not found`);
    },
  },
  {
    name: 'status subresource and generation work the same in a namespace',
    async run(b) {
      const ns = await b.namespace();
      const recs = b.cs.analysisV1alpha1.recommendations(ns);
      const created = await recs.create(recommendation('web'));
      const st = await recs.updateStatus({ ...created, status: { updateTime: '2026-01-01T00:00:00Z' } });
      expect(st.status?.updateTime).toBe('2026-01-01T00:00:00Z');
      expect(st.metadata?.generation).toBe(1);
      const spec = await recs.patch('web', { type: 'merge', patch: { spec: { target: { workload: { name: 'api' } } } } });
      expect(spec.metadata?.generation).toBe(2);
      expect(spec.status?.updateTime).toBe('2026-01-01T00:00:00Z');
    },
  },
];
