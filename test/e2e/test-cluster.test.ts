// startTestCluster: one call gives a real server with CRDs installed and a connected Clientset.
import { describe, expect, it } from 'vitest';
import { startTestCluster } from '../../src/envtest/index.js';
import { reservationResource } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/resources.js';
import { isNotFound } from '../../src/rest/errors.js';

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startTestCluster', () => {
  it('starts, installs only the requested CRDs, serves typed CRUD, and stops without leftovers', async () => {
    const cluster = await startTestCluster({ crds: [reservationResource] });
    const pids = [cluster.env.apiServerPid, cluster.env.etcdPid];
    try {
      expect(pids.every(alive)).toBe(true);
      const rsv = cluster.clientset.schedulingV1alpha1.reservations();
      await rsv.create({ metadata: { name: 'tc' }, spec: { owners: [{ object: { name: 'p' } }], template: {} } });
      expect((await rsv.list()).items.map((r) => r.metadata?.name)).toEqual(['tc']);
      // Only the Reservation CRD was installed: NodeMetrics are not served.
      await expect(cluster.clientset.sloV1alpha1.nodeMetrics().list()).rejects.toSatisfy(isNotFound);
    } finally {
      await cluster.stop();
    }
    expect(pids.some(alive)).toBe(false);
  });
});
