/**
 * CRUD on NodeMetrics (cluster-scoped): what koordlet does on each node, create the object and
 * report usage through the status subresource; read it back, page through them, delete them.
 * Run: `npx tsx examples/node-metrics-crud.ts` with KUBECONFIG set.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Clientset } from 'koordinator-client';
import type { NodeMetric } from 'koordinator-client/groups/slo.koordinator.sh/v1alpha1';

const run = randomBytes(3).toString('hex');
const selector = `example-run=${run}`;
const cs = await Clientset.create();
try {
  const nodeMetrics = cs.sloV1alpha1.nodeMetrics();
  for (const node of ['node-a', 'node-b', 'node-c']) {
    const nm: NodeMetric = {
      metadata: { name: `example-${run}-${node}`, labels: { 'example-run': run } },
      spec: { metricCollectPolicy: { reportIntervalSeconds: 60, aggregateDurationSeconds: 300 } },
    };
    const created = await nodeMetrics.create(nm);
    await nodeMetrics.updateStatus({
      ...created,
      status: {
        updateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        nodeMetric: { nodeUsage: { resources: { cpu: '3500m', memory: '12Gi' } } },
        podsMetric: [{ namespace: 'default', name: 'web-0', podUsage: { resources: { cpu: '500m', memory: '1Gi' } } }],
      },
    });
  }

  const got = await nodeMetrics.get(`example-${run}-node-a`);
  assert.equal(got.status?.nodeMetric?.nodeUsage?.resources?.['cpu'], '3500m');

  // listAll pages through the results (one per page here, to show it).
  const names: string[] = [];
  for await (const nm of nodeMetrics.listAll({ labelSelector: selector, limit: 1 })) names.push(nm.metadata?.name ?? '');
  assert.equal(names.length, 3);
  console.log(`listed ${names.join(', ')}`);

  await nodeMetrics.deleteCollection({ labelSelector: selector });
  assert.equal((await nodeMetrics.list({ labelSelector: selector })).items.length, 0);
  console.log('deleted them all');
} finally {
  await cs.close();
}
