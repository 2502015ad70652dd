/**
 * Realistic Pod bodies for the informer benchmark: what a Deployment's Pod on a busy cluster looks
 * like once scheduled and running (an app container and a sidecar with env, ports, resources,
 * probes and mounts; an init container; volumes, affinity, tolerations; a Running status with
 * conditions and container statuses), a few KB of JSON each. Deterministic per index, and
 * different from pod to pod (names, hashes, IPs, quantities), so no two objects share their
 * strings by accident.
 * @packageDocumentation
 */
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from '../../src/generated/core/v1/index.js';
import { benchLabel, prng } from './node-metric-fixture.js';

/** Namespace of the benchmark Pods. */
export const podNamespace = 'bench-pods';

const apps = ['api-gateway', 'ranker', 'feature-store', 'indexer', 'checkout', 'search-frontend', 'recommend', 'ad-server', 'profile', 'inventory'];
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

function word(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s;
}

/** Name of the i-th benchmark Pod. */
export function podName(i: number): string {
  const r = prng(i * 31 + 7);
  return `${apps[i % apps.length]}-${hex(r, 10)}-${word(r, 5)}`;
}

function container(r: () => number, app: string, name: string, image: string, port: number): Container {
  return {
    name,
    image: `registry.example.com/${app}/${image}:1.${Math.floor(r() * 40)}.${Math.floor(r() * 10)}`,
    imagePullPolicy: 'IfNotPresent',
    args: [`--port=${port}`, '--log-format=json', `--shard=${Math.floor(r() * 64)}`],
    ports: [
      { name: 'http', containerPort: port, protocol: 'TCP' },
      { name: 'metrics', containerPort: port + 1000, protocol: 'TCP' },
    ],
    env: [
      { name: 'APP_NAME', value: app },
      { name: 'GOMAXPROCS', value: String(1 + Math.floor(r() * 4)) },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'FEATURE_FLAGS', value: `canary=${r() < 0.1},cache-v2=true,shard-${word(r, 4)}` },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
      { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${app}-db`, key: 'password' } } },
    ],
    resources: {
      requests: { cpu: `${100 + Math.floor(r() * 900)}m`, memory: `${128 + Math.floor(r() * 896)}Mi` },
      limits: { cpu: `${1 + Math.floor(r() * 3)}`, memory: `${1 + Math.floor(r() * 3)}Gi` },
    },
    volumeMounts: [
      { name: 'config', mountPath: `/etc/${app}`, readOnly: true },
      { name: 'cache', mountPath: '/var/cache/app' },
      { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ],
    livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 10, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    securityContext: { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
}

/** Metadata and spec of the i-th benchmark Pod (what `create` sends); bound to a node already. */
export function podObject(i: number): Pod {
  const r = prng(i * 7919 + 17);
  const app = apps[i % apps.length]!;
  const hash = hex(r, 10);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(i),
      namespace: podNamespace,
      labels: { [benchLabel.key]: benchLabel.value, app, 'pod-template-hash': hash, 'koordinator.sh/qosClass': r() < 0.7 ? 'LS' : 'BE', version: `v${Math.floor(r() * 9)}` },
      annotations: {
        'kubectl.kubernetes.io/restartedAt': `2026-11-${10 + Math.floor(r() * 18)}T0${Math.floor(r() * 9)}:12:45Z`,
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9080',
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: `bench-node-${String(i % 500).padStart(3, '0')}`,
      initContainers: [
        {
          name: 'init-config',
          image: 'registry.example.com/tools/busybox:1.36',
          command: ['sh', '-c', `cp /templates/* /etc/${app}/`],
          volumeMounts: [{ name: 'config', mountPath: `/etc/${app}` }],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
      containers: [container(r, app, app, 'server', 8080), container(r, app, 'envoy', 'envoy-proxy', 15001)],
      volumes: [
        { name: 'config', configMap: { name: `${app}-config`, defaultMode: 420 } },
        { name: 'cache', emptyDir: { sizeLimit: '512Mi' } },
        {
          name: 'kube-api-access',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'koord-scheduler',
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' } }],
        },
      },
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
  };
}

/** Status of the i-th benchmark Pod after `round` updates (Running, Ready; what a kubelet writes). */
export function podStatus(i: number, round = 0): PodStatus {
  const r = prng(i * 104729 + round * 7 + 3);
  const app = apps[i % apps.length]!;
  const started = `2026-11-${10 + (i % 18)}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:0${i % 10}Z`;
  const podIP = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const hostIP = `192.168.${Math.floor((i % 500) / 250)}.${(i % 250) + 2}`;
  const containerStatus = (name: string, image: string): ContainerStatus => ({
    name,
    state: { running: { startedAt: started } },
    lastState: round > 0 ? { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: started, finishedAt: started, containerID: `containerd://${hex(r, 64)}` } } : {},
    ready: true,
    restartCount: round,
    image: `registry.example.com/${app}/${image}:1.2.3`,
    imageID: `registry.example.com/${app}/${image}@sha256:${hex(r, 64)}`,
    containerID: `containerd://${hex(r, 64)}`,
    started: true,
  });
  const condition = (type: string): PodCondition => ({ type, status: 'True', lastTransitionTime: started });
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: started,
    initContainerStatuses: [
      {
        name: 'init-config',
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: started, finishedAt: started, containerID: `containerd://${hex(r, 64)}` } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: 'registry.example.com/tools/busybox:1.36',
        imageID: `registry.example.com/tools/busybox@sha256:${hex(r, 64)}`,
        containerID: `containerd://${hex(r, 64)}`,
        started: false,
      },
    ],
    containerStatuses: [containerStatus(app, 'server'), containerStatus('envoy', 'envoy-proxy')],
    qosClass: 'Burstable',
  };
}
