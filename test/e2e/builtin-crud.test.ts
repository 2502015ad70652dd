// Built-in kinds through the generated clients, against the real server: CRUD on Namespaces,
// ConfigMaps, Secrets, Pods (Pending forever: there is no kubelet or scheduler), Nodes, Leases and
// events.k8s.io Events; a Node's status subresource; strategic merge patch (lists merged by their
// merge key, `$patch: delete`) beside JSON merge patch (lists replaced).
import { describe, expect, it } from 'vitest';
import type { ConfigMap, Node, NodeCondition, Pod, PodTemplate } from '../../src/generated/core/v1/index.js';
import type { Lease } from '../../src/generated/coordination.k8s.io/v1/index.js';
import type { Event } from '../../src/generated/events.k8s.io/v1/index.js';
import { isAlreadyExists, isConflict, isInvalid, isNotFound } from '../../src/rest/errors.js';
import { envtestInfo } from './env.js';
import { suffix } from './support/cluster.js';
import { freshNamespaceOf, useGenericCluster } from './support/generic-cluster.js';

const cluster = useGenericCluster();

/** Resolves with the error `p` rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

function twoContainerPod(name: string): Pod {
  return {
    metadata: { name, labels: { app: 'web', suite: 'builtin-crud' } },
    spec: {
      containers: [
        { name: 'app', image: 'registry.example.com/web/app:1.0', ports: [{ name: 'http', containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '128Mi' } } },
        { name: 'sidecar', image: 'registry.example.com/web/proxy:2.0', env: [{ name: 'UPSTREAM', value: '127.0.0.1:8080' }] },
      ],
    },
  };
}

describe('built-in kinds: CRUD through the generated clients', () => {
  it('Namespaces: create, get, list by label, update, delete (Terminating or gone)', async () => {
    const namespaces = cluster.cs.coreV1.namespaces();
    const name = `crud-ns-${suffix()}`;
    const created = await namespaces.create({ metadata: { name, labels: { suite: 'builtin-crud' } } });
    expect(created).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', status: { phase: 'Active' } });
    // The server adds the immutable name label and the kubernetes finalizer.
    expect(created.metadata?.labels?.['kubernetes.io/metadata.name']).toBe(name);
    expect(created.spec?.finalizers).toEqual(['kubernetes']);
    expect(isAlreadyExists(await rejection(namespaces.create({ metadata: { name } })))).toBe(true);

    const listed = await namespaces.list({ labelSelector: `kubernetes.io/metadata.name=${name}` });
    expect(listed.items.map((n) => n.metadata?.name)).toEqual([name]);
    const got = await namespaces.get(name);
    const updated = await namespaces.update({ ...got, metadata: { ...got.metadata, labels: { ...got.metadata?.labels, tier: 'gold' } } });
    expect(updated.metadata?.labels?.tier).toBe('gold');
    // A stale resourceVersion is a conflict.
    expect(isConflict(await rejection(namespaces.update(got)))).toBe(true);

    await namespaces.delete(name);
    // Without the namespace controller the namespace stays Terminating (its finalizer is never removed).
    const after = await namespaces.get(name).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    if (after) {
      expect(after.metadata?.deletionTimestamp).toBeTruthy();
      expect(after.status?.phase).toBe('Terminating');
    }
  });

  it('ConfigMaps and Secrets: data, binaryData and stringData as the server stores them', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'crud');
    const configMaps = cluster.cs.coreV1.configMaps(ns);
    const cm: ConfigMap = {
      metadata: { name: 'app-config', labels: { app: 'web' } },
      data: { 'config.yaml': 'port: 8080\nlogLevel: info\n', 'empty': '' },
      binaryData: { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]).toString('base64') },
    };
    const created = await configMaps.create(cm);
    expect(created.data).toEqual(cm.data);
    expect(created.binaryData).toEqual(cm.binaryData);
    const patched = await configMaps.patch('app-config', { type: 'merge', patch: { data: { 'config.yaml': 'port: 9090\n', empty: null } } });
    expect(patched.data).toEqual({ 'config.yaml': 'port: 9090\n' });
    expect((await configMaps.list({ labelSelector: 'app=web' })).items.map((c) => c.metadata?.name)).toEqual(['app-config']);
    // An immutable ConfigMap refuses data changes.
    const frozen = await configMaps.update({ ...patched, immutable: true });
    expect(frozen.immutable).toBe(true);
    expect(isInvalid(await rejection(configMaps.update({ ...frozen, data: { changed: 'yes' } })))).toBe(true);
    await configMaps.delete('app-config');
    expect(isNotFound(await rejection(configMaps.get('app-config')))).toBe(true);

    const secrets = cluster.cs.coreV1.secrets(ns);
    const secret = await secrets.create({ metadata: { name: 'db' }, type: 'Opaque', stringData: { password: 's3cr3t' }, data: { user: Buffer.from('admin').toString('base64') } });
    // stringData is write-only: the server merges it into data (base64) and never returns it.
    expect(secret.stringData).toBeUndefined();
    expect(secret.data).toEqual({ password: Buffer.from('s3cr3t').toString('base64'), user: Buffer.from('admin').toString('base64') });
    const { clientCertPem, clientKeyPem } = envtestInfo();
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const tls = await secrets.create({ metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(clientCertPem), 'tls.key': b64(clientKeyPem) } });
    expect(tls.type).toBe('kubernetes.io/tls');
    // A TLS secret needs both keys: the server says which is missing.
    const invalid = await rejection(secrets.create({ metadata: { name: 'tls-bad' }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(clientCertPem) } }));
    expect(isInvalid(invalid)).toBe(true);
    expect(JSON.stringify((invalid as { causes?: unknown }).causes)).toContain('tls.key');
    await secrets.delete('db');
    await secrets.delete('tls');
    expect((await secrets.list()).items).toEqual([]);
  });

  it('Pods: created Pending with the server defaults, listed, updated, deleted', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'crud');
    const pods = cluster.cs.coreV1.pods(ns);
    const created = await pods.create(twoContainerPod('web-0'));
    expect(created.status?.phase).toBe('Pending');
    expect(created.status?.qosClass).toBe('Burstable');
    // Defaults the server fills in, which the generated type carries.
    expect(created.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, enableServiceLinks: true });
    expect(created.spec?.containers[0]).toMatchObject({ terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' });
    expect(created.spec?.containers[0]?.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);

    await pods.create({ ...twoContainerPod('web-1'), metadata: { name: 'web-1', labels: { app: 'db', suite: 'builtin-crud' } } });
    expect((await pods.list({ labelSelector: 'app=web' })).items.map((p) => p.metadata?.name)).toEqual(['web-0']);
    expect((await pods.list({ fieldSelector: 'metadata.name=web-1' })).items.map((p) => p.metadata?.name)).toEqual(['web-1']);

    const got = await pods.get('web-0');
    const updated = await pods.update({ ...got, metadata: { ...got.metadata, annotations: { owner: 'team-a' } } });
    expect(updated.metadata?.annotations).toEqual({ owner: 'team-a' });
    // Most of a Pod's spec is immutable: the server says so.
    const spec = updated.spec!;
    expect(isInvalid(await rejection(pods.update({ ...updated, spec: { ...spec, containers: spec.containers.map((c) => ({ ...c, ports: [] })) } })))).toBe(true);

    // An unscheduled Pod is deleted at once (no kubelet has to confirm).
    await pods.delete('web-0');
    expect(isNotFound(await rejection(pods.get('web-0')))).toBe(true);
    await pods.deleteCollection({ labelSelector: 'suite=builtin-crud' });
    expect((await pods.list()).items).toEqual([]);
  });

  it('Nodes: create with a status, update leaves the status alone, updateStatus changes only the status', async () => {
    const nodes = cluster.cs.coreV1.nodes();
    const name = `crud-node-${suffix()}`;
    const node: Node = {
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/worker': '' } },
      spec: { podCIDR: '10.244.7.0/24', taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] },
      status: {
        capacity: { cpu: '8', memory: '32Gi', pods: '110' },
        allocatable: { cpu: '7800m', memory: '30Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down', lastHeartbeatTime: '2026-11-30T08:00:00Z', lastTransitionTime: '2026-11-30T08:00:00Z' }],
        addresses: [{ type: 'InternalIP', address: '192.168.7.10' }],
      },
    };
    try {
      const created = await nodes.create(node);
      expect(created.status?.capacity).toEqual({ cpu: '8', memory: '32Gi', pods: '110' });
      // The TaintNodesByCondition admission plugin adds the not-ready taint to a new Node.
      expect(created.spec?.taints).toEqual([...node.spec!.taints!, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);

      // update() ignores status changes ...
      const ready: NodeCondition = { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2026-11-30T08:05:00Z', lastTransitionTime: '2026-11-30T08:05:00Z' };
      const viaUpdate = await nodes.update({ ...created, spec: { ...created.spec, unschedulable: true }, status: { ...created.status, conditions: [ready] } });
      expect(viaUpdate.spec?.unschedulable).toBe(true);
      expect(viaUpdate.status?.conditions?.[0]?.status).toBe('False');
      // ... updateStatus() changes only the status.
      const viaStatus = await nodes.updateStatus({ ...viaUpdate, spec: { ...viaUpdate.spec, unschedulable: false }, status: { ...viaUpdate.status, conditions: [ready], allocatable: { cpu: '7', memory: '30Gi', pods: '100' } } });
      expect(viaStatus.status?.conditions).toEqual([ready]);
      expect(viaStatus.status?.allocatable).toEqual({ cpu: '7', memory: '30Gi', pods: '100' });
      expect(viaStatus.spec?.unschedulable).toBe(true);
      expect((await nodes.get(name)).status?.conditions?.[0]?.reason).toBe('KubeletReady');
      // Quantities come back in the server's canonical form.
      const patched = await nodes.patchStatus(name, { type: 'strategic', patch: { status: { capacity: { memory: '33554432Ki' } } } });
      expect(patched.status?.capacity?.memory).toBe('32Gi');
    } finally {
      await nodes.delete(name);
    }
    expect(isNotFound(await rejection(nodes.get(name)))).toBe(true);
  });

  it('Leases: acquire, renew (microsecond times), conflict on a stale renew, release', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'crud');
    const leases = cluster.cs.coordinationV1.leases(ns);
    const lease: Lease = {
      metadata: { name: 'koord-manager' },
      spec: { holderIdentity: 'manager-0_6f1c', leaseDurationSeconds: 15, acquireTime: '2026-11-30T08:00:00.123456Z', renewTime: '2026-11-30T08:00:00.123456Z', leaseTransitions: 0 },
    };
    const created = await leases.create(lease);
    expect(created.spec).toEqual(lease.spec);
    const renewed = await leases.update({ ...created, spec: { ...created.spec, renewTime: '2026-11-30T08:00:10.654321Z' } });
    expect(renewed.spec?.renewTime).toBe('2026-11-30T08:00:10.654321Z');
    // A second candidate renewing from a stale read loses.
    expect(isConflict(await rejection(leases.update({ ...created, spec: { ...created.spec, holderIdentity: 'manager-1_9a2b' } })))).toBe(true);
    const released = await leases.patch('koord-manager', { type: 'strategic', patch: { spec: { holderIdentity: null, leaseTransitions: 1 } } });
    expect(released.spec?.holderIdentity).toBeUndefined();
    expect(released.spec?.leaseTransitions).toBe(1);
    await leases.delete('koord-manager');
    expect(isNotFound(await rejection(leases.get('koord-manager')))).toBe(true);
  });

  it('Events (events.k8s.io/v1): create with series and microsecond eventTime, patch the series, list, delete', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'crud');
    const events = cluster.cs.eventsV1.events(ns);
    const event: Event = {
      metadata: { name: 'web-0.17a2b3c4d5e6f708' },
      eventTime: '2026-11-30T08:00:00.000001Z',
      reportingController: 'koordinator.sh/koord-scheduler',
      reportingInstance: 'koord-scheduler-0',
      action: 'Scheduling',
      reason: 'FailedScheduling',
      type: 'Warning',
      note: '0/3 nodes are available: 3 Insufficient cpu.',
      regarding: { apiVersion: 'v1', kind: 'Pod', namespace: ns, name: 'web-0' },
    };
    const created = await events.create(event);
    expect(created).toMatchObject(event);
    const series = { count: 2, lastObservedTime: '2026-11-30T08:01:00.500000Z' };
    const patched = await events.patch(event.metadata!.name!, { type: 'merge', patch: { series } });
    expect(patched.series).toEqual(series);
    // Validation is the server's: an event's series needs count >= 2.
    expect(isInvalid(await rejection(events.update({ ...patched, series: { count: 1, lastObservedTime: series.lastObservedTime } })))).toBe(true);
    expect((await events.list({ fieldSelector: 'regarding.name=web-0' })).items.map((e) => e.reason)).toEqual(['FailedScheduling']);
    // The same object read through the core/v1 Event API (another version of the same resource).
    const core = await cluster.cs.coreV1.events(ns).get(event.metadata!.name!);
    expect(core.involvedObject).toMatchObject({ kind: 'Pod', name: 'web-0' });
    expect(core.series).toEqual(series);
    expect(core.eventTime).toBe(event.eventTime);
    expect(core.reportingComponent).toBe(event.reportingController);
    await events.delete(event.metadata!.name!);
    expect(isNotFound(await rejection(events.get(event.metadata!.name!)))).toBe(true);
  });
});

describe('built-in kinds: strategic merge patch against JSON merge patch', () => {
  it('on a Pod, a strategic patch merges containers by name; a JSON merge patch replaces the list (and the server refuses dropping a container)', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'smp');
    const pods = cluster.cs.coreV1.pods(ns);
    await pods.create(twoContainerPod('web-0'));
    const patch = { spec: { containers: [{ name: 'sidecar', image: 'registry.example.com/web/proxy:2.1' }] } };

    const strategic = await pods.patch('web-0', { type: 'strategic', patch });
    expect(strategic.spec?.containers.map((c) => [c.name, c.image])).toEqual([
      ['app', 'registry.example.com/web/app:1.0'],
      ['sidecar', 'registry.example.com/web/proxy:2.1'],
    ]);
    // The merged container keeps what the patch did not mention.
    expect(strategic.spec?.containers[1]?.env).toEqual([{ name: 'UPSTREAM', value: '127.0.0.1:8080' }]);

    // The same body as a JSON merge patch would leave only `sidecar`: a Pod cannot lose a container.
    const merge = await rejection(pods.patch('web-0', { type: 'merge', patch }));
    expect(isInvalid(merge)).toBe(true);
    expect((await pods.get('web-0')).spec?.containers.map((c) => c.name)).toEqual(['app', 'sidecar']);
  });

  it('on a PodTemplate, a JSON merge patch replaces containers; strategic `$patch: delete` removes one by name', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'smp');
    const templates = cluster.cs.coreV1.podTemplates(ns);
    const pt: PodTemplate = { metadata: { name: 'web' }, template: { metadata: { labels: { app: 'web' } }, spec: twoContainerPod('x').spec! } };
    await templates.create(pt);
    await templates.create({ ...pt, metadata: { name: 'web-2' } });
    const patch = { template: { spec: { containers: [{ name: 'sidecar', image: 'registry.example.com/web/proxy:2.1' }] } } };

    const merged = await templates.patch('web', { type: 'merge', patch });
    expect(merged.template?.spec?.containers.map((c) => [c.name, c.image])).toEqual([['sidecar', 'registry.example.com/web/proxy:2.1']]);
    // The replacement carries nothing over from the old sidecar.
    expect(merged.template?.spec?.containers[0]?.env).toBeUndefined();

    const strategic = await templates.patch('web-2', { type: 'strategic', patch });
    expect(strategic.template?.spec?.containers.map((c) => c.name)).toEqual(['app', 'sidecar']);
    const deleted = await templates.patch('web-2', { type: 'strategic', patch: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } });
    expect(deleted.template?.spec?.containers.map((c) => c.name)).toEqual(['app']);
  });
});
