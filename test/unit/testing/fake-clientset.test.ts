// What the fake offers beyond the conformance suite: seeding, the opt-in namespace check,
// reactors (errors, canned answers, latency), the action log, watch reactors, bookmarks,
// compaction, shared servers, discovery and bounded calls.
import { beforeAll, describe, expect, it } from 'vitest';
import { ResourceClient } from '../../../src/client/resource-client.js';
import type { Reservation } from '../../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import { reservationResource } from '../../../src/generated/scheduling.koordinator.sh/v1alpha1/resources.js';
import type { KubeObject } from '../../../src/meta/object.js';
import type { WatchEvent } from '../../../src/meta/watch-event.js';
import { AbortError, ApiError, isForbidden, isGone, isMethodNotSupported, isNotFound, ValidationError } from '../../../src/rest/errors.js';
import { Clientset } from '../../../src/generated/clientset.js';
import { createFake, createFakeClientset, createFakeKubeClientset, FakeWatcher, statusErrors } from '../../../src/testing/index.js';
import { warmSchemas } from './support.js';

beforeAll(() => warmSchemas(), 120_000);

const rsvType = { apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'Reservation' } as const;
const spec = { owners: [{ object: { name: 'p' } }], template: {} };

function reservation(name: string, labels?: Record<string, string>): Reservation {
  return { metadata: labels ? { name, labels } : { name }, spec };
}

async function firstEvents<T>(it: AsyncIterable<WatchEvent<T>>, n: number): Promise<WatchEvent<T>[]> {
  const out: WatchEvent<T>[] = [];
  for await (const ev of it) {
    out.push(ev);
    if (out.length >= n) break;
  }
  return out;
}

describe('createFakeClientset', () => {
  it('starts with the given objects, filled in as the server would (uid, resourceVersion, defaults), keeping their status', async () => {
    const cs = createFakeClientset([{ ...rsvType, metadata: { name: 'seeded' }, spec, status: { phase: 'Available' } }]);
    const r = await cs.schedulingV1alpha1.reservations().get('seeded');
    expect(r.metadata?.uid).toBeTruthy();
    expect(r.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(r.spec?.ttl).toBe('24h');
    expect(r.status?.phase).toBe('Available');
  });

  it('refuses a seed object of a kind it does not serve, before any call', () => {
    expect(() => createFakeClientset([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).toThrow(ValidationError);
  });

  it('lets namespaced objects live in namespaces that do not exist unless asked to check', async () => {
    const lax = createFakeClientset();
    expect((await lax.analysisV1alpha1.recommendations('anywhere').create({ metadata: { name: 'r' }, spec: { target: { type: 'workload' } } })).metadata?.namespace).toBe('anywhere');
    const strict = createFakeClientset([], { requireNamespace: true });
    const err = await strict.analysisV1alpha1.recommendations('anywhere').create({ metadata: { name: 'r' }, spec: { target: { type: 'workload' } } }).catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
  });

  it('shares one server between clientset classes', async () => {
    const cs = createFakeClientset();
    const kube = createFakeKubeClientset([], { server: cs.fake });
    await kube.coreV1.namespaces().create({ metadata: { name: 'team-a' } });
    expect(kube.fake).toBe(cs.fake);
    expect((await new ResourceClient<KubeObject>(cs.ctx, { ...reservationResource }).list()).items).toEqual([]);
    expect((await kube.coreV1.namespaces().get('team-a')).status?.phase).toBe('Active');
  });

  it('drops the nulls a write form allows, as the server does: pruned for custom resources (or defaulted), decoded as unset for built-in kinds', async () => {
    const kube = createFakeKubeClientset();
    const cm = await kube.coreV1.configMaps('default').create({ metadata: { name: 'cm', creationTimestamp: null, labels: null }, data: { a: '1' }, binaryData: null, immutable: null });
    expect(cm).not.toHaveProperty('binaryData');
    expect(cm).not.toHaveProperty('immutable');
    expect(cm.metadata).not.toHaveProperty('labels');
    expect(cm.metadata?.creationTimestamp).toMatch(/^\d{4}-/);
    const pod = await kube.coreV1.pods('default').create({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i', command: null, env: null }], nodeSelector: null } });
    expect(pod.spec).not.toHaveProperty('nodeSelector');
    expect(pod.spec?.containers[0]).not.toHaveProperty('command');
    expect(pod.spec?.containers[0]).not.toHaveProperty('env');
    const updated = await kube.coreV1.configMaps('default').update({ ...cm, metadata: { ...cm.metadata, creationTimestamp: null }, data: null });
    expect(updated).not.toHaveProperty('data');
    expect(updated.metadata?.creationTimestamp).toBe(cm.metadata?.creationTimestamp);

    const cs = createFakeClientset();
    const d = await cs.schedulingV1alpha1.devices().create({ metadata: { name: 'd', creationTimestamp: null }, spec: { devices: [{ minor: 0, health: null, id: null, labels: { a: null, b: 'x' } }] } });
    expect(d.spec?.devices?.[0]).toEqual({ minor: 0, health: false, labels: { b: 'x' } });
  });
});

describe('reactors', () => {
  it('a prepended reactor fails one verb on one resource with an ApiError; nothing is stored', async () => {
    const cs = createFakeClientset();
    cs.fake.prependReactor('create', 'reservations', () => ({ handled: true, error: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 403, reason: 'Forbidden', message: 'no reservations today' } }));
    const err = await cs.schedulingV1alpha1.reservations().create(reservation('r')).catch((e: unknown) => e);
    expect(isForbidden(err)).toBe(true);
    expect((err as ApiError).status.message).toBe('no reservations today');
    expect((await cs.schedulingV1alpha1.reservations().list()).items).toEqual([]);
    // Other verbs and resources are untouched.
    await cs.sloV1alpha1.nodeMetrics().create({ metadata: { name: 'n' } });
  });

  it('a reactor can answer with an object, or pass and let the server answer', async () => {
    const cs = createFakeClientset([{ ...rsvType, metadata: { name: 'real' }, spec }]);
    const seen: string[] = [];
    cs.fake.prependReactor('*', '*', (a) => {
      seen.push(`${a.verb} ${a.resource.resource} ${a.name ?? ''}`.trim());
    });
    cs.fake.prependReactor('get', 'reservations', (a) => (a.name === 'canned' ? { handled: true, object: { ...rsvType, metadata: { name: 'canned', uid: 'u-1' } } } : undefined));
    expect((await cs.schedulingV1alpha1.reservations().get('canned')).metadata?.uid).toBe('u-1');
    expect((await cs.schedulingV1alpha1.reservations().get('real')).metadata?.name).toBe('real');
    expect(seen).toEqual(['get reservations real']);
  });

  it('a status-only reactor matches status writes, not the main resource', async () => {
    const cs = createFakeClientset([{ ...rsvType, metadata: { name: 'r' }, spec }]);
    cs.fake.prependReactor('update', 'reservations/status', () => ({ handled: true, error: statusErrors.conflict({ group: 'scheduling.koordinator.sh', resource: 'reservations' }, 'r', statusErrors.optimisticLockMessage) }));
    const rsv = cs.schedulingV1alpha1.reservations();
    const r = await rsv.get('r');
    await rsv.update({ ...r, metadata: { ...r.metadata, labels: { a: 'b' } } });
    const err = await rsv.updateStatus({ ...(await rsv.get('r')), status: { phase: 'Available' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe('Conflict');
  });

  it('latency from a reactor is bounded by the call timeout and its signal', async () => {
    const cs = createFakeClientset();
    cs.fake.prependReactor('list', '*', async (_a, signal) => {
      await new Promise((resolve) => {
        const t = setTimeout(resolve, 5_000);
        signal?.addEventListener('abort', () => clearTimeout(t), { once: true });
      });
    });
    const timedOut = await cs.schedulingV1alpha1.reservations().list({ timeoutMs: 20 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(AbortError);
    expect((timedOut as AbortError).timedOut).toBe(true);
    const ac = new AbortController();
    const pending = cs.schedulingV1alpha1.reservations().list({ signal: ac.signal }).catch((e: unknown) => e);
    ac.abort();
    expect(await pending).toBeInstanceOf(AbortError);
  });

  it('a thrown error reaches the caller as is (e.g. to imitate a connection failure)', async () => {
    const cs = createFakeClientset();
    const boom = new Error('connection reset');
    cs.fake.prependReactor('get', '*', () => {
      throw boom;
    });
    await expect(cs.schedulingV1alpha1.reservations().get('x')).rejects.toBe(boom);
  });
});

describe('action log', () => {
  it('records every request with verb, resource, namespace, name, subresource, body and query', async () => {
    const cs = createFakeClientset();
    const recs = cs.analysisV1alpha1.recommendations('ns1');
    await recs.create({ metadata: { name: 'a' }, spec: { target: { type: 'workload' } } }, { fieldManager: 'me' });
    await recs.patchStatus('a', { type: 'merge', patch: { status: { updateTime: '2026-01-01T00:00:00Z' } } });
    await recs.list({ labelSelector: 'x=y' });
    await recs.delete('a');
    const actions = cs.fake.actions();
    expect(actions.map((a) => [a.verb, a.resource.resource, a.namespace, a.name, a.subresource])).toEqual([
      ['create', 'recommendations', 'ns1', undefined, undefined],
      ['patch', 'recommendations', 'ns1', 'a', 'status'],
      ['list', 'recommendations', 'ns1', undefined, undefined],
      ['delete', 'recommendations', 'ns1', 'a', undefined],
    ]);
    expect(actions[0]?.object).toMatchObject({ metadata: { name: 'a' } });
    expect(actions[0]?.query.fieldManager).toBe('me');
    expect(actions[1]?.patch).toEqual({ kind: 'merge', body: { status: { updateTime: '2026-01-01T00:00:00Z' } } });
    expect(actions[2]?.query.labelSelector).toBe('x=y');
    cs.fake.clearActions();
    expect(cs.fake.actions()).toEqual([]);
  });
});

describe('watch', () => {
  it('a watch reactor serves events from a FakeWatcher, including an error', async () => {
    const cs = createFakeClientset();
    const watcher = new FakeWatcher();
    cs.fake.prependWatchReactor('reservations', () => ({ handled: true, watcher }));
    watcher.add({ ...rsvType, metadata: { name: 'a', resourceVersion: '5' } });
    watcher.modify({ ...rsvType, metadata: { name: 'a', resourceVersion: '6' } });
    watcher.error(statusErrors.expired('too old resource version: 1 (5)'));
    const events: string[] = [];
    const err = await (async () => {
      for await (const ev of cs.schedulingV1alpha1.reservations().watch()) events.push(`${ev.type} ${ev.object.metadata?.resourceVersion}`);
    })().catch((e: unknown) => e);
    expect(events).toEqual(['ADDED 5', 'MODIFIED 6']);
    expect(isGone(err)).toBe(true);
  });

  it('sends bookmarks with the current resourceVersion when allowed', async () => {
    const cs = createFakeClientset([], { bookmarkIntervalMs: 10 });
    const created = await cs.schedulingV1alpha1.reservations().create(reservation('r'));
    const events = await firstEvents(cs.schedulingV1alpha1.reservations().watch({ resourceVersion: created.metadata!.resourceVersion!, allowWatchBookmarks: true }), 1);
    expect(events[0]?.type).toBe('BOOKMARK');
    expect(events[0]?.object.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
  });

  it('forgets history beyond its limit: a watch or a continued list from before it is 410 Gone', async () => {
    const cs = createFakeClientset([], { historyLimit: 3 });
    const rsv = cs.schedulingV1alpha1.reservations();
    const first = await rsv.create(reservation('r0'));
    await rsv.create(reservation('r1'));
    const page = await rsv.list({ limit: 1 });
    for (let i = 2; i < 6; i++) await rsv.create(reservation(`r${i}`));
    const watchErr = await firstEvents(rsv.watch({ resourceVersion: first.metadata!.resourceVersion! }), 1).catch((e: unknown) => e);
    expect(isGone(watchErr)).toBe(true);
    const listErr = await rsv.list({ limit: 1, continue: page.metadata.continue! }).catch((e: unknown) => e);
    expect(isGone(listErr)).toBe(true);
  });

  it('ends a watch at timeoutSeconds, and when the clientset closes', async () => {
    const cs = createFakeClientset();
    const started = Date.now();
    expect(await firstEvents(cs.schedulingV1alpha1.reservations().watch({ timeoutSeconds: 1, resourceVersion: '1' }), 1)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const open = firstEvents(cs.schedulingV1alpha1.reservations().watch({ resourceVersion: '1' }), 1);
    await new Promise((r) => setTimeout(r, 10));
    await cs.close();
    expect(await open).toEqual([]);
  });
});

describe('server surface', () => {
  it('answers discovery for the kinds it serves', async () => {
    const cs = createFakeClientset();
    expect((await cs.discovery.serverVersion()).major).toBe('1');
    const res = await cs.discovery.serverResourcesForGroupVersion('scheduling.koordinator.sh/v1alpha1');
    expect(res.resources.find((r) => r.name === 'reservations')).toMatchObject({ kind: 'Reservation', namespaced: false });
    expect(res.resources.some((r) => r.name === 'reservations/status')).toBe(true);
  });

  it('refuses verbs a kind does not serve with 405', async () => {
    const kube = createFakeKubeClientset();
    const err = await new ResourceClient<KubeObject>(kube.ctx, (await import('../../../src/generated/authentication.k8s.io/v1/resources.js')).tokenReviewResource).list().catch((e: unknown) => e);
    expect(isMethodNotSupported(err)).toBe(true);
  });
});

describe('server-side validation', () => {
  it('judges writes with the write check, loading the zod schema only for an object that fails it', async () => {
    let schemaLoads = 0;
    const counted = {
      ...reservationResource,
      schema: () => {
        schemaLoads++;
        return reservationResource.schema!();
      },
    };
    const cs = createFake(Clientset, [counted], [], { validateWrites: false });
    const reservations = cs.schedulingV1alpha1.reservations();
    const valid = { metadata: { name: 'ok' }, spec: { owners: [{ object: { kind: 'Pod', name: 'web-0' } }], template: {} } };
    await reservations.create(valid);
    await reservations.create({ ...valid, metadata: { name: 'ok-2' } });
    expect(schemaLoads).toBe(0);
    const err = await reservations.create({ metadata: { name: 'bad' }, spec: { owners: [], template: {} } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status?.details?.causes?.map((c) => c.field)).toEqual(['spec.owners']);
    expect(schemaLoads).toBe(1);
  });
});
