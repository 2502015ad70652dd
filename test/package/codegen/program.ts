// A user's program over the clientset that the installed koord-gen generated from ./crds: installs
// the CRDs, does CRUD on every kind (a namespaced kind with status and scale, a cluster-scoped kind,
// two groups differing only in their k8s.io / x-k8s.io suffix, kinds named like the runtime's
// exports), checks client-side validation, and syncs an informer. Compiled as ESM and as CommonJS
// (no top-level await) by .ci/package-codegen.sh and run against one envtest (KUBECONFIG).
// Prints `ok <mode> ...` lines, or `FAIL ...` and exits 1.
import { installCrds, isNotFound, ValidationError } from 'koordinator-client';
import { Clientset, InformerFactory, allResources, type shopExampleComV1 } from './generated/index.js';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

async function run(mode: string): Promise<void> {
  const ns = 'default';
  const name = (n: string): string => `${mode}-${n}`;
  const cs = await Clientset.create(); // KUBECONFIG
  const factory = new InformerFactory(cs, { namespace: ns });
  try {
    await installCrds(cs, allResources, { waitTimeoutMs: 60_000 });
    console.log(`ok ${mode} installed ${allResources.length} CRD versions`);

    // Namespaced, status and scale subresources; the server fills the defaults.
    const widgets = cs.shopExampleComV1.widgets(ns);
    const created = await widgets.create({
      metadata: { name: name('w1'), labels: { app: 'shop' } },
      spec: {
        size: 3,
        port: 'http',
        note: null,
        weight: 2 ** 40,
        extra: { free: { form: [1, 'two'] } },
        anything: { any: true },
        labels: { tier: 'gold' },
        ports: [{ name: 'web', port: 8080 }],
        layout: { shelf: { box: { tray: { slot: { label: 'a1' } } } } },
      },
    });
    check(created.spec.replicas === 1 && created.spec.color === 'red' && created.spec.ports?.[0]?.protocol === 'TCP', `server defaults: ${JSON.stringify(created.spec)}`);
    check(created.spec.layout?.shelf?.box?.tray?.slot?.label === 'a1' && created.spec.port === 'http', 'nested fields and int-or-string round-trip');
    const updated = await widgets.update({ ...created, spec: { ...created.spec, size: 4, port: 8443 } });
    check(updated.spec.size === 4 && updated.spec.port === 8443, 'update');
    const withStatus = await widgets.updateStatus({ ...updated, status: { replicas: 2, selector: 'app=shop', phase: 'Ready' } });
    check(withStatus.status?.phase === 'Ready', 'updateStatus');
    const scale = await widgets.getScale(name('w1'));
    check(scale.spec?.replicas === 1 && scale.status?.replicas === 2 && scale.status.selector === 'app=shop', `scale: ${JSON.stringify(scale)}`);
    const patched = await widgets.patch(name('w1'), { type: 'merge', patch: { spec: { color: 'blue' } } });
    check(patched.spec.color === 'blue', 'merge patch');
    check((await widgets.list({ labelSelector: 'app=shop' })).items.some((w) => w.metadata?.name === name('w1')), 'list');

    // A kubectl-style manifest: nulls where the server drops them, typed by the write form (the
    // program is compiled with exactOptionalPropertyTypes), accepted by client and server.
    const manifest: shopExampleComV1.WidgetInput = {
      metadata: { name: name('w3'), creationTimestamp: null, annotations: null },
      spec: { size: 1, color: null, replicas: null, labels: { tier: 'gold', gone: null }, ports: [{ name: 'web', port: 80, protocol: null }], layout: null },
      status: null,
    };
    const fromManifest = await widgets.create(manifest);
    check(fromManifest.spec.color === 'red' && fromManifest.spec.replicas === 1 && fromManifest.spec.ports?.[0]?.protocol === 'TCP', `nulls defaulted: ${JSON.stringify(fromManifest.spec)}`);
    check(JSON.stringify(fromManifest.spec.labels) === '{"tier":"gold"}' && fromManifest.spec.layout === undefined && typeof fromManifest.metadata?.creationTimestamp === 'string', `nulls pruned: ${JSON.stringify(fromManifest)}`);
    await widgets.delete(name('w3'));

    // Client-side validation through the lazily loaded zod schema (koordinator-client/schema).
    const invalid = await widgets.create({ metadata: { name: name('bad') }, spec: { size: 0 } }).then(
      () => undefined,
      (err: unknown) => err,
    );
    check(invalid instanceof ValidationError && invalid.issues.some((i) => i.path === 'spec.size'), `validation: ${String(invalid)}`);
    console.log(`ok ${mode} widgets: create, update, updateStatus, getScale, patch, list, nulls, validation`);

    // Cluster-scoped.
    const racks = cs.infraExampleComV1.racks();
    await racks.create({ metadata: { name: name('r1') }, spec: { location: 'row-1', units: 42 } });
    check((await racks.get(name('r1'))).spec?.units === 42, 'rack get');
    await racks.delete(name('r1'));

    // Two groups with the same kind, differing only in the suffix: two accessors.
    await cs.netV1.tunnels(ns).create({ metadata: { name: name('t1') }, spec: { endpoint: 'a' } });
    await cs.netXV1alpha1.tunnels(ns).create({ metadata: { name: name('t1') }, spec: { endpoint: 'b', mtu: 1400 } });
    check((await cs.netV1.tunnels(ns).get(name('t1'))).spec?.endpoint === 'a', 'net.k8s.io tunnel');
    check((await cs.netXV1alpha1.tunnels(ns).get(name('t1'))).spec?.mtu === 1400, 'net.x-k8s.io tunnel');
    await cs.netV1.tunnels(ns).delete(name('t1'));
    await cs.netXV1alpha1.tunnels(ns).delete(name('t1'));

    // Kinds named like the runtime's exports.
    const gc = await cs.collideExampleComV1.groupClients(ns).create({ metadata: { name: name('g1') }, spec: { target: 'x' } });
    check((await cs.collideExampleComV1.groupClients(ns).updateStatus({ ...gc, status: { ready: true } })).status?.ready === true, 'GroupClient kind');
    const src = await cs.collideExampleComV1.statusResourceClients(ns).create({ metadata: { name: name('s1') } });
    await cs.collideExampleComV1.statusResourceClients(ns).updateStatus({ ...src, status: { ready: true } });
    await cs.collideExampleComV1.objectMetas().create({ metadata: { name: name('m1') }, spec: { owner: mode } });
    await cs.collideExampleComV1.groupClients(ns).delete(name('g1'));
    await cs.collideExampleComV1.statusResourceClients(ns).delete(name('s1'));
    await cs.collideExampleComV1.objectMetas().delete(name('m1'));
    console.log(`ok ${mode} cluster-scoped, suffix groups and colliding kinds`);

    // An informer: the initial list, then a watch event.
    const informer = factory.shopExampleComV1.widgets;
    const added = new Promise<shopExampleComV1.Widget['metadata']>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no watch event within 30 s')), 30_000);
      informer.informer().addEventHandler({
        onAdd: (obj, initial) => {
          if (initial || obj.metadata?.name !== name('w2')) return;
          clearTimeout(timer);
          resolve({ name: obj.metadata.name });
        },
      });
    });
    factory.start();
    await factory.waitForCacheSync(AbortSignal.timeout(30_000));
    check(informer.lister().namespace(ns).get(name('w1')).spec.color === 'blue', 'lister after sync');
    await widgets.create({ metadata: { name: name('w2') }, spec: { size: 1 } });
    check((await added)?.name === name('w2'), 'watch add');
    console.log(`ok ${mode} informer synced, lister and watch`);

    await widgets.delete(name('w1'));
    await widgets.delete(name('w2'));
    const gone = await widgets.get(name('w2')).then(
      (w) => w.metadata?.deletionTimestamp !== undefined,
      (err: unknown) => isNotFound(err),
    );
    check(gone, 'delete');
  } finally {
    await factory.shutdown();
    await cs.close();
  }
}

const mode = process.argv[2] ?? 'program';
run(mode).then(
  () => console.log(`ok ${mode} done`),
  (err: unknown) => {
    console.log(`FAIL ${mode}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
