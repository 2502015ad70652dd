// Cross-check with client-go (test/go-roundtrip, built with the machine's Go): for Pod, Node,
// Lease, Event (events.k8s.io/v1) and Deployment, what this package writes client-go's typed
// clientset reads back unchanged, and what client-go writes this package reads back unchanged.
// "Unchanged" is checked two ways: the objects are deep-equal (apiVersion/kind aside: client-go's
// typed objects carry no TypeMeta), and writing the object read back, untouched, is a no-op on
// the server (same resourceVersion): neither side's types dropped or altered a field.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/generated/apps/v1/index.js';
import type { Lease } from '../../src/generated/coordination.k8s.io/v1/index.js';
import type { Node, Pod } from '../../src/generated/core/v1/index.js';
import type { Event } from '../../src/generated/events.k8s.io/v1/index.js';
import { envtestInfo } from './env.js';
import { suffix } from './support/cluster.js';
import { freshNamespaceOf, useGenericCluster } from './support/generic-cluster.js';
import { goRead, goRoundtripBinary, goWrite, type RoundtripKind } from './support/go-roundtrip.js';

const cluster = useGenericCluster();

// The Go build (minutes on a cold Go cache, seconds after) overlaps the CRD installation.
const binary = goRoundtripBinary();
binary.catch(() => {}); // reported by the hook below
beforeAll(async () => {
  await binary;
}, 900_000);

type Json = Record<string, unknown>;

/** The object without apiVersion and kind. */
function withoutTypeMeta(o: unknown): Json {
  const { apiVersion: _a, kind: _k, ...rest } = o as Json;
  return rest;
}

/** A deep copy without null values: in Kubernetes JSON, null and absent are the same. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
  return v;
}

const whole = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, 'Z');

describe('client-go cross-check', () => {
  it('what this package writes, client-go reads back unchanged', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'go-read');
    const s = suffix();
    const now = whole(new Date());
    const micro = new Date().toISOString().replace('Z', '123Z'); // microseconds, as MicroTime carries them

    const podIn: Pod = {
      metadata: { name: `ts-pod-${s}`, labels: { app: 'web', 'koordinator.sh/qosClass': 'LS' }, annotations: { 'scheduling.koordinator.sh/reservation-affinity': '{"name":"r1"}' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'registry.example.com/web/server:1.4.2',
            args: ['--port=8080'],
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [
              { name: 'MODE', value: 'prod' },
              { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
            ],
            resources: { requests: { cpu: '250m', memory: '256Mi', 'kubernetes.io/batch-cpu': '500' }, limits: { cpu: '1', memory: '1Gi', 'kubernetes.io/batch-cpu': '1k' } },
            readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
            securityContext: { runAsNonRoot: true, runAsUser: 1000, capabilities: { drop: ['ALL'] } },
          },
        ],
        volumes: [{ name: 'cache', emptyDir: { sizeLimit: '1Gi' } }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] } } },
        // Both tolerations the DefaultTolerationSeconds admission plugin would otherwise add.
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
        schedulerName: 'koord-scheduler',
      },
    };
    const pods = cluster.cs.coreV1.pods(ns);
    const pod = await pods.create(podIn);
    const podStatus = {
      phase: 'Running' as const,
      conditions: [{ type: 'Ready', status: 'True' as const, lastTransitionTime: now }],
      podIP: '10.244.1.7',
      podIPs: [{ ip: '10.244.1.7' }],
      startTime: now,
      containerStatuses: [{ name: 'web', ready: true, restartCount: 2, image: 'registry.example.com/web/server:1.4.2', imageID: 'registry.example.com/web/server@sha256:0f1e', containerID: 'containerd://abc123', started: true, state: { running: { startedAt: now } } }],
    };
    await pods.updateStatus({ ...pod, status: { ...pod.status, ...podStatus } });

    const nodeIn: Node = {
      metadata: { name: `ts-node-${s}`, labels: { 'kubernetes.io/hostname': `ts-node-${s}`, 'node.koordinator.sh/pool': 'online' } },
      spec: { podCIDR: '10.244.9.0/24', podCIDRs: ['10.244.9.0/24'], providerID: `kind://docker/ts-node-${s}`, taints: [
          { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
          // The TaintNodesByCondition admission plugin adds it to every new Node otherwise.
          { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
        ],
      },
      status: {
        capacity: { cpu: '16', memory: '64Gi', pods: '110', 'kubernetes.io/batch-cpu': '8k' },
        allocatable: { cpu: '15500m', memory: '62Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
        addresses: [{ type: 'InternalIP', address: '172.18.0.4' }, { type: 'Hostname', address: `ts-node-${s}` }],
        nodeInfo: { machineID: 'm1', systemUUID: 's1', bootID: 'b1', kernelVersion: '6.8.0', osImage: 'Ubuntu 24.04', containerRuntimeVersion: 'containerd://2.0.0', kubeletVersion: 'v1.37.2', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64' },
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      },
    };
    const node = await cluster.cs.coreV1.nodes().create(nodeIn);

    const leaseIn: Lease = { metadata: { name: `ts-lease-${s}` }, spec: { holderIdentity: `koord-manager-0_${s}`, leaseDurationSeconds: 15, acquireTime: micro, renewTime: micro, leaseTransitions: 2 } };
    await cluster.cs.coordinationV1.leases(ns).create(leaseIn);

    const eventIn: Event = {
      metadata: { name: `ts-event-${s}` },
      eventTime: micro,
      series: { count: 3, lastObservedTime: micro },
      reportingController: 'koordinator.sh/koord-descheduler',
      reportingInstance: 'koord-descheduler-0',
      action: 'Evicting',
      reason: 'Migrating',
      type: 'Normal',
      note: 'pod is migrated by PodMigrationJob',
      regarding: { apiVersion: 'v1', kind: 'Pod', namespace: ns, name: pod.metadata!.name!, uid: pod.metadata!.uid! },
      related: { apiVersion: 'v1', kind: 'Node', name: node.metadata!.name!, uid: node.metadata!.uid! },
    };
    await cluster.cs.eventsV1.events(ns).create(eventIn);

    const deploymentIn: Deployment = {
      metadata: { name: `ts-deployment-${s}`, labels: { app: 'web' } },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['batch'] }] },
        template: { metadata: { labels: { app: 'web', tier: 'online' } }, spec: podIn.spec! },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        minReadySeconds: 5,
        revisionHistoryLimit: 3,
      },
    };
    await cluster.cs.appsV1.deployments(ns).create(deploymentIn);

    // What this package reads back now: the reference both sides are compared with.
    const ours = {
      Pod: await pods.get(podIn.metadata!.name!),
      Node: await cluster.cs.coreV1.nodes().get(nodeIn.metadata!.name!),
      Lease: await cluster.cs.coordinationV1.leases(ns).get(leaseIn.metadata!.name!),
      Event: await cluster.cs.eventsV1.events(ns).get(eventIn.metadata!.name!),
      Deployment: await cluster.cs.appsV1.deployments(ns).get(deploymentIn.metadata!.name!),
    } as unknown as Record<RoundtripKind, Json>;
    const written: Record<RoundtripKind, unknown> = { Pod: { ...podIn, status: podStatus }, Node: nodeIn, Lease: leaseIn, Event: eventIn, Deployment: deploymentIn };

    const go = await goRead(envtestInfo().kubeconfigPath, ns, Object.fromEntries(Object.entries(ours).map(([k, o]) => [k, (o.metadata as Json).name as string])));
    for (const kind of Object.keys(ours) as RoundtripKind[]) {
      const { read, updated } = go[kind];
      // client-go's typed object holds exactly what we wrote and read ...
      expect(withoutTypeMeta(read), kind).toEqual(withoutTypeMeta(ours[kind]));
      expect(read, kind).toMatchObject(withoutTypeMeta(written[kind]));
      // ... and writing it back unchanged changes nothing on the server.
      expect((updated.metadata as Json).resourceVersion, kind).toBe((ours[kind].metadata as Json).resourceVersion);
    }
  });

  it('what client-go writes, this package reads back unchanged (and writes back as a no-op, through our validation)', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'go-write');
    const s = suffix();
    const go = await goWrite(envtestInfo().kubeconfigPath, ns, s);
    const name = (kind: string): string => `go-${kind.toLowerCase()}-${s}`;
    const clients = {
      Pod: cluster.cs.coreV1.pods(ns),
      Node: cluster.cs.coreV1.nodes(),
      Lease: cluster.cs.coordinationV1.leases(ns),
      Event: cluster.cs.eventsV1.events(ns),
      Deployment: cluster.cs.appsV1.deployments(ns),
    };
    try {
      for (const kind of Object.keys(clients) as RoundtripKind[]) {
        const client = clients[kind] as unknown as { get(n: string): Promise<Json>; update(o: Json): Promise<Json> };
        const ours = await client.get(name(kind));
        const { sent, stored } = go[kind];
        // The same object client-go got back from its last write ...
        expect(withoutTypeMeta(ours), kind).toEqual(withoutTypeMeta(stored));
        // ... which holds everything client-go sent (its zero-valued times are nulls: unset).
        expect(ours, kind).toMatchObject(withoutNulls(sent) as Json);
        // Our types and validation accept it as is, and writing it back changes nothing.
        const again = await client.update(ours);
        expect((again.metadata as Json).resourceVersion, kind).toBe((ours.metadata as Json).resourceVersion);
      }
      // Times kept at the precision client-go wrote them: MicroTime to the microsecond.
      const lease = await clients.Lease.get(name('Lease'));
      expect(lease.spec?.renewTime).toMatch(/\.\d{6}Z$/);
      expect((await clients.Event.get(name('Event'))).eventTime).toBe(lease.spec?.renewTime);
      // Int-or-string fields keep their form.
      const d = await clients.Deployment.get(name('Deployment'));
      expect(d.spec?.strategy?.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 1 });
    } finally {
      await clients.Node.delete(name('Node'));
    }
  });
});
