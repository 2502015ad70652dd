// A Reservation's `spec.template` is the built-in PodTemplateSpec: a template with every field a
// realistic one has (containers with env, resources including Koordinator's batch resources,
// probes, lifecycle, security; init containers; volumes of every common source; node, pod and
// anti-affinity; tolerations; spread constraints; DNS ...) type-checks, passes our validation,
// and round-trips through the server unchanged. The same template as a core/v1 PodTemplate is
// accepted by the server's Pod validation and keeps every field (the server adds its defaults).
import { describe, expect, it } from 'vitest';
import type { PodTemplateSpec } from '../../src/generated/core/v1/index.js';
import type { Reservation } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/index.js';
import { suffix } from './support/cluster.js';
import { freshNamespaceOf, useGenericCluster } from './support/generic-cluster.js';

const cluster = useGenericCluster();

const template: PodTemplateSpec = {
  metadata: {
    labels: { app: 'web', 'koordinator.sh/qosClass': 'LS', 'pod-template-hash': '7d9c8b6f5d' },
    annotations: { 'scheduling.koordinator.sh/resource-spec': '{"preferredCPUBindPolicy":"FullPCPUs"}', 'prometheus.io/scrape': 'true' },
  },
  spec: {
    initContainers: [
      {
        name: 'init-config',
        image: 'registry.example.com/tools/busybox:1.36',
        command: ['sh', '-c'],
        args: ['cp /templates/* /etc/web/'],
        volumeMounts: [{ name: 'config', mountPath: '/etc/web' }],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
      },
    ],
    containers: [
      {
        name: 'web',
        image: 'registry.example.com/web/server:1.4.2',
        imagePullPolicy: 'IfNotPresent',
        command: ['/bin/server'],
        args: ['--port=8080', '--log-level=info'],
        workingDir: '/srv',
        ports: [
          { name: 'http', containerPort: 8080, protocol: 'TCP' },
          { name: 'grpc', containerPort: 9090, protocol: 'TCP', hostPort: 19090 },
        ],
        env: [
          { name: 'GOMAXPROCS', value: '4' },
          { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
          { name: 'MEM_LIMIT', valueFrom: { resourceFieldRef: { containerName: 'web', resource: 'limits.memory', divisor: '1Mi' } } },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db', key: 'password', optional: false } } },
          { name: 'FEATURES', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'features' } } },
        ],
        envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'web-env' } }, { secretRef: { name: 'web-secrets', optional: true } }],
        resources: {
          requests: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '1Gi', 'kubernetes.io/batch-cpu': '1000', 'kubernetes.io/batch-memory': '2Gi' },
          limits: { cpu: '4', memory: '8Gi', 'kubernetes.io/batch-cpu': '2000', 'kubernetes.io/batch-memory': '4Gi' },
        },
        volumeMounts: [
          { name: 'config', mountPath: '/etc/web', readOnly: true },
          { name: 'data', mountPath: '/var/lib/web', subPath: 'web' },
          { name: 'cache', mountPath: '/cache' },
          { name: 'token', mountPath: '/var/run/secrets/tokens', readOnly: true },
        ],
        livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'X-Probe', value: 'liveness' }] }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
        readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5, successThreshold: 1 },
        startupProbe: { exec: { command: ['/bin/check', '--startup'] }, failureThreshold: 30, periodSeconds: 2 },
        lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 5'] } }, postStart: { httpGet: { path: '/warm', port: 8080 } } },
        securityContext: {
          runAsUser: 1000,
          runAsGroup: 1000,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        terminationMessagePolicy: 'FallbackToLogsOnError',
      },
      {
        name: 'log-agent',
        image: 'registry.example.com/infra/log-agent:3.1',
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        volumeMounts: [{ name: 'data', mountPath: '/logs', readOnly: true, subPath: 'web/logs' }],
      },
    ],
    volumes: [
      { name: 'config', configMap: { name: 'web-config', defaultMode: 0o440, items: [{ key: 'app.yaml', path: 'app.yaml' }] } },
      { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } },
      { name: 'secrets', secret: { secretName: 'web-tls', optional: true } },
      { name: 'host-logs', hostPath: { path: '/var/log/web', type: 'DirectoryOrCreate' } },
      {
        name: 'token',
        projected: {
          sources: [
            { serviceAccountToken: { audience: 'vault', expirationSeconds: 3600, path: 'vault-token' } },
            { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          ],
        },
      },
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux', 'node.koordinator.sh/pool': 'online' },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['cn-hangzhou-j', 'cn-hangzhou-k'] }] }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['ecs.t6'] }] } }],
      },
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, podAffinityTerm: { labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'topology.kubernetes.io/zone' } }],
      },
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, topologyKey: 'kubernetes.io/hostname', namespaceSelector: {} },
        ],
      },
    },
    tolerations: [
      { key: 'node.koordinator.sh/colocation', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, minDomains: 2 }],
    priorityClassName: 'koord-prod',
    schedulerName: 'koord-scheduler',
    serviceAccountName: 'web',
    automountServiceAccountToken: false,
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 60,
    dnsPolicy: 'ClusterFirst',
    dnsConfig: { nameservers: ['10.96.0.10'], searches: ['svc.cluster.local'], options: [{ name: 'ndots', value: '2' }] },
    hostAliases: [{ ip: '10.0.0.5', hostnames: ['metadata.internal'] }],
    securityContext: { fsGroup: 2000, runAsNonRoot: true, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }], seccompProfile: { type: 'RuntimeDefault' } },
    imagePullSecrets: [{ name: 'registry-credentials' }],
    readinessGates: [{ conditionType: 'example.com/feature-1' }],
    enableServiceLinks: false,
    preemptionPolicy: 'PreemptLowerPriority',
  },
};

describe('Reservation with a typed pod template', () => {
  it('round-trips every field of the template unchanged; an unchanged update is a no-op', async () => {
    const reservations = cluster.cs.schedulingV1alpha1.reservations();
    const name = `typed-template-${suffix()}`;
    const r: Reservation = {
      metadata: { name },
      spec: { template, owners: [{ labelSelector: { matchLabels: { app: 'web' } } }], ttl: '1h', allocateOnce: true },
    };
    try {
      const created = await reservations.create(r);
      expect(created.spec?.template).toEqual(template);
      const read = await reservations.get(name);
      expect(read.spec?.template).toEqual(template);
      // What we read, written back as is, is what the server holds: no write happens.
      const same = await reservations.update(read);
      expect(same.metadata?.resourceVersion).toBe(read.metadata?.resourceVersion);
      // A typed edit of one nested field changes that field alone.
      const container = read.spec!.template!.spec!.containers[0]!;
      container.resources!.limits!['kubernetes.io/batch-cpu'] = '3000';
      const edited = await reservations.update(read);
      expect(edited.spec?.template?.spec?.containers[0]?.resources?.limits?.['kubernetes.io/batch-cpu']).toBe('3000');
      expect({ ...edited.spec?.template?.spec, containers: undefined }).toEqual({ ...template.spec, containers: undefined });
      expect(edited.spec?.template?.spec?.containers[1]).toEqual(template.spec!.containers[1]);
    } finally {
      await reservations.delete(name);
    }
  });

  it('the same template is a valid core/v1 pod template: the server keeps every field and adds its defaults', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'template');
    const stored = await cluster.cs.coreV1.podTemplates(ns).create({ metadata: { name: 'web' }, template });
    // Every field is kept; quantities come back in canonical form ("1000" is "1k"), which a
    // custom resource's open template does not do.
    const canonical = structuredClone(template);
    canonical.spec!.containers[0]!.resources!.requests!['kubernetes.io/batch-cpu'] = '1k';
    canonical.spec!.containers[0]!.resources!.limits!['kubernetes.io/batch-cpu'] = '2k';
    expect(stored.template).toMatchObject(canonical);
    // Defaults the server adds to a pod spec (a custom resource gets none of them).
    expect(stored.template?.spec?.containers[1]).toMatchObject({ terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' });
    expect(stored.template?.spec?.volumes?.find((v) => v.name === 'secrets')?.secret?.defaultMode).toBe(0o644);
  });
});
