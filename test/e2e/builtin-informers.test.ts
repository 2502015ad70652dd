// One GenericInformerFactory caching built-in and Koordinator kinds side by side (Pods, Nodes and
// Reservations, one list+watch each), kept in step with creates, updates and deletes made through
// the GenericClientset; listers reflect each write, handlers see add / update / delete per kind.
import { describe, expect, it, vi } from 'vitest';
import type { Node, Pod } from '../../src/generated/core/v1/index.js';
import { GenericInformerFactory } from '../../src/generated/generic-informer-factory.js';
import type { Reservation } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/index.js';
import type { KubeObject } from '../../src/meta/object.js';
import { isNotFound } from '../../src/rest/errors.js';
import { recordingHandler } from './cache/support.js';
import { suffix } from './support/cluster.js';
import { freshNamespaceOf, useGenericCluster } from './support/generic-cluster.js';

const cluster = useGenericCluster();
const waitOpts = { timeout: 20_000, interval: 50 };

describe('GenericInformerFactory: built-in and Koordinator kinds in one factory', () => {
  it('caches Pods, Nodes and Reservations together and follows create, update and delete of each', async () => {
    const batch = suffix();
    const labels = { 'e2e-batch': batch };
    const ns = await freshNamespaceOf(cluster.cs, 'informers');
    const pods = cluster.cs.coreV1.pods(ns);
    const nodes = cluster.cs.coreV1.nodes();
    const reservations = cluster.cs.schedulingV1alpha1.reservations();
    const pod = (name: string): Pod => ({ metadata: { name, labels }, spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1', resources: { requests: { cpu: '500m' } } }] } });
    const node = (name: string): Node => ({ metadata: { name, labels }, status: { allocatable: { cpu: '8', memory: '32Gi' } } });
    const reservation = (name: string): Reservation => ({
      metadata: { name, labels },
      spec: { template: { spec: { containers: [{ name: 'app', resources: { requests: { cpu: '2' } } }] } }, owners: [{ labelSelector: { matchLabels: { app: 'web' } } }], ttl: '1h' },
    });

    // One of each before the factory starts: delivered by the initial lists.
    await pods.create(pod('pre-pod'));
    await nodes.create(node(`pre-node-${batch}`));
    await reservations.create(reservation(`pre-rsv-${batch}`));

    const factory = new GenericInformerFactory(cluster.cs, { labelSelector: `e2e-batch=${batch}`, onError: () => {} });
    try {
      const podInf = factory.coreV1.pods;
      const nodeInf = factory.coreV1.nodes;
      const rsvInf = factory.schedulingV1alpha1.reservations;
      const recorders = { pods: recordingHandler<Pod>(), nodes: recordingHandler<Node>(), reservations: recordingHandler<Reservation>() };
      podInf.informer().addEventHandler(recorders.pods.handler);
      nodeInf.informer().addEventHandler(recorders.nodes.handler);
      rsvInf.informer().addEventHandler(recorders.reservations.handler);
      // Asking again hands out the same shared informer: one list+watch per kind.
      expect(factory.coreV1.pods.informer()).toBe(podInf.informer());
      factory.start();
      const synced = await factory.waitForCacheSync(AbortSignal.timeout(30_000));
      expect([...synced].sort()).toEqual([
        ['/v1/nodes', true],
        ['/v1/pods', true],
        ['scheduling.koordinator.sh/v1alpha1/reservations', true],
      ]);
      expect(podInf.lister().namespace(ns).list().map((p) => p.metadata?.name)).toEqual(['pre-pod']);
      expect(nodeInf.lister().list().map((n) => n.metadata?.name)).toEqual([`pre-node-${batch}`]);
      expect(rsvInf.lister().list().map((r) => r.metadata?.name)).toEqual([`pre-rsv-${batch}`]);

      // Create: each lister gets the new object, typed.
      await pods.create(pod('web-0'));
      await nodes.create(node(`node-${batch}`));
      await reservations.create(reservation(`rsv-${batch}`));
      await vi.waitFor(() => {
        expect(podInf.lister().namespace(ns).get('web-0').spec?.containers[0]?.resources?.requests?.cpu).toBe('500m');
        expect(nodeInf.lister().get(`node-${batch}`).status?.allocatable?.cpu).toBe('8');
        expect(rsvInf.lister().get(`rsv-${batch}`).spec?.template?.spec?.containers[0]?.resources?.requests?.cpu).toBe('2');
      }, waitOpts);

      // Update: a Pod binding, a Node's status, a Reservation's status.
      await pods.bind('web-0', { name: `node-${batch}` });
      const n = await nodes.get(`node-${batch}`);
      await nodes.updateStatus({ ...n, status: { ...n.status, allocatable: { cpu: '6', memory: '32Gi' } } });
      await reservations.patchStatus(`rsv-${batch}`, { type: 'merge', patch: { status: { phase: 'Available', nodeName: `node-${batch}` } } });
      await vi.waitFor(() => {
        expect(podInf.lister().namespace(ns).get('web-0').spec?.nodeName).toBe(`node-${batch}`);
        expect(nodeInf.lister().get(`node-${batch}`).status?.allocatable?.cpu).toBe('6');
        expect(rsvInf.lister().get(`rsv-${batch}`).status?.phase).toBe('Available');
      }, waitOpts);
      // Listers select by label within the cache, across kinds the same way.
      expect(podInf.lister().list(`e2e-batch=${batch}`)).toHaveLength(2);

      // Delete: gone from every lister.
      await pods.delete('web-0', { gracePeriodSeconds: 0 });
      await nodes.delete(`node-${batch}`);
      await reservations.delete(`rsv-${batch}`);
      await vi.waitFor(() => {
        expect(podInf.lister().namespace(ns).list().map((p) => p.metadata?.name)).toEqual(['pre-pod']);
        expect(nodeInf.lister().list().map((x) => x.metadata?.name)).toEqual([`pre-node-${batch}`]);
        expect(rsvInf.lister().list().map((r) => r.metadata?.name)).toEqual([`pre-rsv-${batch}`]);
      }, waitOpts);
      expect(() => nodeInf.lister().get(`node-${batch}`)).toThrow(expect.objectContaining({ code: 404 }));

      // Every kind's handler saw the same story: the initial add, then add, update(s), delete.
      const story = (events: { type: string; name: string; initial?: boolean }[], name: string): string[] => events.filter((e) => e.name === name).map((e) => e.type);
      for (const [kind, rec, pre, name] of [
        ['pods', recorders.pods, 'pre-pod', 'web-0'],
        ['nodes', recorders.nodes, `pre-node-${batch}`, `node-${batch}`],
        ['reservations', recorders.reservations, `pre-rsv-${batch}`, `rsv-${batch}`],
      ] as const) {
        expect(rec.events.find((e) => e.name === pre), kind).toMatchObject({ type: 'add', initial: true });
        const types = story(rec.events, name);
        expect(types[0], kind).toBe('add');
        expect(types.at(-1), kind).toBe('delete');
        expect(types.slice(1, -1).length, kind).toBeGreaterThanOrEqual(1);
        expect(new Set(types.slice(1, -1)), kind).toEqual(new Set(['update']));
      }
    } finally {
      await factory.shutdown();
      const gone = (p: Promise<unknown>): Promise<unknown> => p.catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
      await Promise.all([gone(nodes.delete(`pre-node-${batch}`)), gone(reservations.delete(`pre-rsv-${batch}`))]);
    }
  });

  it('a transform applies to every kind of the factory (built-in and custom alike)', async () => {
    const batch = suffix();
    const ns = await freshNamespaceOf(cluster.cs, 'informers');
    await cluster.cs.coreV1.pods(ns).create({ metadata: { name: 'p', labels: { 'e2e-batch': batch } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    await cluster.cs.schedulingV1alpha1.reservations().create({ metadata: { name: `r-${batch}`, labels: { 'e2e-batch': batch } }, spec: { template: {}, owners: [{ labelSelector: { matchLabels: { a: 'b' } } }] } });
    const stripped: string[] = [];
    const factory = new GenericInformerFactory(cluster.cs, {
      labelSelector: `e2e-batch=${batch}`,
      onError: () => {},
      transform: (obj: KubeObject) => {
        stripped.push(obj.metadata?.name ?? '?');
        const { managedFields: _m, ...metadata } = obj.metadata ?? {};
        return { ...obj, metadata };
      },
    });
    try {
      const pods = factory.coreV1.pods;
      const rsvs = factory.schedulingV1alpha1.reservations;
      pods.informer();
      rsvs.informer();
      factory.start();
      await factory.waitForCacheSync(AbortSignal.timeout(30_000));
      expect(pods.lister().namespace(ns).get('p').metadata?.managedFields).toBeUndefined();
      expect(rsvs.lister().get(`r-${batch}`).metadata?.managedFields).toBeUndefined();
      // Items of a built-in list carry no apiVersion/kind (the server leaves them out), so tell them apart by name.
      expect(new Set(stripped)).toEqual(new Set(['p', `r-${batch}`]));
    } finally {
      await factory.shutdown();
      await cluster.cs.schedulingV1alpha1.reservations().delete(`r-${batch}`);
    }
  });
});
