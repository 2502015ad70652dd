// Write types are never stricter than the server about null: objects written through the typed
// clients, with no cast, carry `null` where the generated write forms allow it (optional fields,
// map values, required fields with a default, `metadata.creationTimestamp` as kubectl manifests
// carry it), and the real kube-apiserver accepts every one: it prunes the nulls of a custom
// resource (or fills in the default), and decodes those of a built-in kind as unset. Client-side
// validation stays on, so the zod write schemas are held to the same.
import { describe, expect, it } from 'vitest';
import type { DeviceInput } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import type { ConfigMapInput, PodInput } from '../../src/generated/core/v1/types.js';
import { suffix } from './support/cluster.js';
import { connectGeneric, freshNamespaceOf, useGenericCluster } from './support/generic-cluster.js';

const cluster = useGenericCluster(() => connectGeneric({ validateWrites: true }));

describe('null on writes', () => {
  it('a custom resource: the server prunes the nulls of optional fields and map values, and defaults a required field sent as null', async () => {
    const devices = cluster.cs.schedulingV1alpha1.devices();
    const name = `nulls-${suffix()}`;
    const device: DeviceInput = {
      metadata: { name, creationTimestamp: null, annotations: null, finalizers: null, resourceVersion: null },
      spec: {
        devices: [
          {
            minor: 0,
            type: 'gpu',
            // Required, with a default: the server fills it in.
            health: null,
            id: null,
            labels: { kept: 'yes', dropped: null },
            resources: { 'koordinator.sh/gpu-core': 100, 'koordinator.sh/gpu-memory': null },
            topology: null,
            conditions: null,
          },
        ],
      },
      status: null,
    };
    const created = await devices.create(device);
    try {
      expect(created.metadata?.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(created.metadata?.annotations).toBeUndefined();
      const stored = created.spec?.devices?.[0];
      expect(stored?.health).toBe(false);
      expect(stored?.labels).toEqual({ kept: 'yes' });
      expect(stored?.resources).toEqual({ 'koordinator.sh/gpu-core': 100 });
      expect(stored).not.toHaveProperty('id');
      expect(stored).not.toHaveProperty('topology');
      expect(created).not.toHaveProperty('status');

      // A read object written back with kubectl-style nulls in it.
      const updated = await devices.update({
        ...created,
        metadata: { ...created.metadata, creationTimestamp: null, managedFields: null },
        spec: { devices: [{ ...stored!, type: null, health: true }] },
      });
      expect(updated.metadata?.creationTimestamp).toBe(created.metadata?.creationTimestamp);
      expect(updated.metadata?.resourceVersion).not.toBe(created.metadata?.resourceVersion);
      expect(updated.spec?.devices?.[0]).not.toHaveProperty('type');
      expect(updated.spec?.devices?.[0]?.health).toBe(true);
    } finally {
      await devices.delete(name);
    }
  });

  it('built-in kinds: the server decodes the nulls of optional fields as unset, down to nested objects', async () => {
    const ns = await freshNamespaceOf(cluster.cs, 'nulls');
    try {
      const cm: ConfigMapInput = { metadata: { name: 'cm', creationTimestamp: null, labels: null }, data: { a: '1' }, binaryData: null, immutable: null };
      const createdCm = await cluster.cs.coreV1.configMaps(ns).create(cm);
      expect(createdCm.data).toEqual({ a: '1' });
      expect(createdCm).not.toHaveProperty('binaryData');
      expect(createdCm).not.toHaveProperty('immutable');
      expect(createdCm.metadata?.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);

      const pod: PodInput = {
        metadata: { name: 'p', creationTimestamp: null, labels: { app: 'nulls' }, ownerReferences: null },
        spec: {
          containers: [{ name: 'c', image: 'registry.example.com/nulls:1', command: null, env: null, ports: null, resources: null, securityContext: null }],
          nodeSelector: null,
          tolerations: null,
          affinity: null,
          restartPolicy: null,
        },
        status: null,
      };
      const created = await cluster.cs.coreV1.pods(ns).create(pod);
      const container = created.spec?.containers[0];
      expect(container?.image).toBe('registry.example.com/nulls:1');
      expect(container).not.toHaveProperty('command');
      expect(container).not.toHaveProperty('env');
      expect(created.spec).not.toHaveProperty('nodeSelector');
      // Unset, so the server's default applies.
      expect(created.spec?.restartPolicy).toBe('Always');

      const updated = await cluster.cs.coreV1.pods(ns).update({ ...created, metadata: { ...created.metadata, creationTimestamp: null, annotations: { seen: 'yes' } }, spec: { ...created.spec!, activeDeadlineSeconds: null } });
      expect(updated.metadata?.annotations).toEqual({ seen: 'yes' });
      expect(updated.metadata?.creationTimestamp).toBe(created.metadata?.creationTimestamp);
    } finally {
      await cluster.cs.coreV1.namespaces().delete(ns);
    }
  });
});
