/**
 * The demo: CRUD on Reservations and NodeMetrics with the typed Clientset, computing with exact
 * quantities and Koordinator's well-known names (QoS and priority classes, batch resources).
 *
 * With KUBECONFIG set it uses that cluster; otherwise it starts a local kube-apiserver + etcd
 * (envtest). Either way it installs the Koordinator CRDs first, and cleans up what it created.
 * Run: `./dev demo` on a fresh machine, or `npm run demo`.
 */
import { allResources, Clientset, deepCopy, installCrds, isConflict, isNotFound } from 'koordinator-client';
import { startEnvtest, type Envtest } from 'koordinator-client/envtest';
import type { Reservation } from 'koordinator-client/groups/scheduling.koordinator.sh/v1alpha1';
import type { NodeMetric } from 'koordinator-client/groups/slo.koordinator.sh/v1alpha1';
import { formatResourceList, subtractResourceLists, subtractResourceListsNonNegative, sumResourceLists, type ResourceList } from 'koordinator-client/quantity';
import { ResourceName, podPriorityClass, podQoSClass, priorityClassByName, type PodLike } from 'koordinator-client/koordinator';

const log = (msg: string) => console.log(`  ${msg}`);
const step = (msg: string) => console.log(`\n▸ ${msg}`);

async function main(): Promise<void> {
  let env: Envtest | undefined;
  if (!process.env.KUBECONFIG) {
    step('No KUBECONFIG set: starting a local kube-apiserver + etcd on 127.0.0.1');
    env = await startEnvtest();
    log(`API server at ${env.server}`);
  }
  const cs = await Clientset.create(env ? { kubeconfig: env.kubeconfigPath } : {});
  try {
    const version = await cs.discovery.serverVersion();
    log(`connected to Kubernetes ${version.gitVersion}`);

    step(`Installing ${new Set(allResources.map((r) => `${r.plural}.${r.group}`)).size} Koordinator CRDs`);
    const crds = await installCrds(cs, allResources);
    for (const crd of crds) log(`established ${crd.metadata?.name}`);

    await reservations(cs);
    await nodeMetrics(cs);
    step('Done.');
  } finally {
    await cs.close();
    await env?.stop();
  }
}

async function reservations(cs: Clientset): Promise<void> {
  const client = cs.schedulingV1alpha1.reservations();
  const name = `demo-reservation-${Date.now().toString(36)}`;
  step(`Reservations (cluster-scoped, with a status subresource): ${name}`);

  const main = { name: 'main', resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } } };
  const template = { spec: { priority: 9100, containers: [main] } } satisfies PodLike;
  const created = await client.create({
    metadata: { name, labels: { app: 'demo' } },
    spec: { owners: [{ labelSelector: { matchLabels: { app: 'web' } } }], template, ttl: '1h', allocateOnce: true },
  });
  log(`created    ${created.metadata?.name} uid=${created.metadata?.uid} rv=${created.metadata?.resourceVersion}`);
  log(`template   QoS ${podQoSClass(template)}, priority class ${podPriorityClass(template)} (from requests = limits and spec.priority 9100)`);

  const got = await client.get(name);
  log(`got        ttl=${got.spec?.ttl} allocateOnce=${got.spec?.allocateOnce}`);

  const updated = await client.update({ ...deepCopy(got), spec: { ...got.spec!, ttl: '2h' } });
  log(`updated    ttl=${updated.spec?.ttl} rv=${updated.metadata?.resourceVersion}`);

  try {
    await client.update({ ...got, spec: { ...got.spec!, ttl: '3h' } });
  } catch (err) {
    if (!isConflict(err)) throw err;
    log(`stale update refused: ${err.code} ${err.reason}`);
  }

  const withStatus = await client.updateStatus({
    ...updated,
    status: { phase: 'Available', nodeName: 'node-1', allocatable: { cpu: '2', memory: '4Gi' }, allocated: { cpu: '500m', memory: '1536Mi' } },
  });
  const reservationLeft = subtractResourceLists(withStatus.status?.allocatable, withStatus.status?.allocated);
  log(`status     phase=${withStatus.status?.phase} node=${withStatus.status?.nodeName} left for owners: ${show(reservationLeft)}`);

  const patched = await client.patch(name, { type: 'merge', patch: { metadata: { labels: { tier: 'gold' } } } });
  log(`patched    labels=${JSON.stringify(patched.metadata?.labels)}`);

  const applied = await client.apply({ apiVersion: 'scheduling.koordinator.sh/v1alpha1', kind: 'Reservation', metadata: { name, annotations: { 'demo/owner': 'koordinator-client' } } }, { fieldManager: 'demo' });
  log(`applied    annotations=${JSON.stringify(applied.metadata?.annotations)}`);

  const list = await client.list({ labelSelector: 'app=demo' });
  log(`listed     ${list.items.length} reservation(s) with app=demo: ${list.items.map((r: Reservation) => r.metadata?.name).join(', ')}`);

  await client.delete(name);
  try {
    await client.get(name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    log(`deleted    (get now answers ${err.code} ${err.reason})`);
  }
}

async function nodeMetrics(cs: Clientset): Promise<void> {
  const client = cs.sloV1alpha1.nodeMetrics();
  step('NodeMetrics (cluster-scoped): report node and pod usage through the status subresource');
  const names = ['demo-node-a', 'demo-node-b'];
  const watchAbort = new AbortController();
  const seen: string[] = [];
  const start = await client.list({ limit: 1 });
  const watching = (async () => {
    for await (const ev of client.watch({ resourceVersion: start.metadata.resourceVersion, labelSelector: 'app=demo', signal: watchAbort.signal })) {
      seen.push(`${ev.type} ${ev.object.metadata?.name}`);
    }
  })();

  // The demo nodes' allocatable and what the operator keeps for the system (a Node object carries the former).
  const allocatable = { cpu: '16', memory: '64Gi' };
  const reserved = { cpu: '1', memory: '2Gi' };
  for (const [i, node] of names.entries()) {
    const nm: NodeMetric = { metadata: { name: node, labels: { app: 'demo' } }, spec: { metricCollectPolicy: { reportIntervalSeconds: 60, aggregateDurationSeconds: 300 } } };
    const created = await client.create(nm);
    const reported = await client.updateStatus({
      ...created,
      status: {
        updateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        nodeMetric: { nodeUsage: { resources: { cpu: i === 0 ? '7250m' : '3.5', memory: i === 0 ? '20Gi' : 12884901888 } } },
        podsMetric: [
          { namespace: 'default', name: 'web-0', priority: 'koord-prod', qos: 'LS', podUsage: { resources: { cpu: '2500m', memory: '6Gi' } } },
          { namespace: 'default', name: 'spark-0', priority: 'koord-batch', qos: 'BE', podUsage: { resources: { cpu: i === 0 ? '3.25' : '1', memory: '8Gi' } } },
        ],
      },
    });
    // What Koordinator reclaims for batch: allocatable - reserved - usage of everything that is not batch.
    const status = reported.status;
    const batchUsage = sumResourceLists((status?.podsMetric ?? []).filter((p) => priorityClassByName(p.priority) === 'koord-batch').map((p) => p.podUsage?.resources));
    const highPriorityUsage = subtractResourceListsNonNegative(status?.nodeMetric?.nodeUsage?.resources, batchUsage);
    const batchCapacity = subtractResourceListsNonNegative(subtractResourceLists(allocatable, reserved), highPriorityUsage);
    const batchLeft = subtractResourceListsNonNegative(batchCapacity, batchUsage);
    log(`reported   ${node}: node usage ${show(status?.nodeMetric?.nodeUsage?.resources)}, batch pods ${show(batchUsage)}`);
    log(`           batch capacity ${ResourceName.batchCPU}=${batchCapacity.cpu?.milliValue()} ${ResourceName.batchMemory}=${batchCapacity.memory?.value()}; left ${show(batchLeft)}`);
  }
  const all: string[] = [];
  for await (const nm of client.listAll({ labelSelector: 'app=demo', limit: 1 })) all.push(nm.metadata!.name!);
  log(`listAll    ${all.join(', ')} (paged one by one)`);
  await client.deleteCollection({ labelSelector: 'app=demo' });
  log('deleted    every NodeMetric with app=demo');
  await new Promise((r) => setTimeout(r, 300));
  watchAbort.abort();
  await watching;
  log(`watch saw  ${seen.join(' | ')}`);
}

/** A resource list in canonical quantities (`cpu=4500m memory=12Gi`). */
function show(list: ResourceList | { [name: string]: number | string } | undefined): string {
  return Object.entries(formatResourceList(list)).map(([name, q]) => `${name}=${q}`).join(' ') || '(none)';
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
  process.exitCode = 1;
});
