/**
 * Installs CustomResourceDefinitions into a cluster and waits until they are served: created or
 * updated in place, `Established`, and listed by discovery. Used by the demo, the tests and
 * users' own tests (controller-runtime envtest's `CRDInstallOptions`, done here).
 * @packageDocumentation
 */
import type { ResourceDescriptor } from '../meta/descriptor.js';
import type { CallOptions } from '../meta/options.js';
import { AbortError, isAlreadyExists, isNotFound, KubeClientError } from '../rest/errors.js';
import type { ClientContext } from './client-context.js';
import { customResourceDefinitionResource, type CustomResourceDefinition } from './custom-resource-definitions.js';
import { DiscoveryClient } from './discovery.js';
import { ResourceClient } from './resource-client.js';

/** A CRD to install: a manifest, or a descriptor whose generated manifest is loaded. */
export type CrdSource = CustomResourceDefinition | Record<string, unknown> | ResourceDescriptor;

/** Options of `installCrds`. */
export interface InstallCrdsOptions extends CallOptions {
  /** How long to wait for every CRD to be served, in milliseconds (default 60 s). */
  waitTimeoutMs?: number;
  /** Polling interval while waiting, in milliseconds (default 100). */
  pollIntervalMs?: number;
}

/** Where to install: a Clientset (anything holding a context) or a bare context. */
export type CrdTarget = ClientContext | { readonly ctx: ClientContext };

function contextOf(target: CrdTarget): ClientContext {
  return 'transport' in target ? target : target.ctx;
}

function isDescriptor(src: CrdSource): src is ResourceDescriptor {
  return typeof (src as ResourceDescriptor).plural === 'string' && typeof (src as ResourceDescriptor).kind === 'string';
}

/** Resolves sources to distinct CRD manifests (a CRD shared by several versions is installed once). */
export async function resolveCrds(sources: readonly CrdSource[]): Promise<CustomResourceDefinition[]> {
  const byName = new Map<string, CustomResourceDefinition>();
  for (const src of sources) {
    let manifest: unknown = src;
    if (isDescriptor(src)) {
      const load = (src as ResourceDescriptor & { crd?: () => Promise<Record<string, unknown>> }).crd;
      if (!load) throw new KubeClientError(`${src.kind} (${src.group}/${src.version}) has no generated CRD manifest`);
      manifest = await load();
    }
    const crd = manifest as CustomResourceDefinition;
    const name = crd.metadata?.name;
    if (!name || crd.kind !== 'CustomResourceDefinition') throw new KubeClientError('not a CustomResourceDefinition manifest (kind and metadata.name are required)');
    byName.set(name, crd);
  }
  return [...byName.values()].sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError('aborted', { cause: signal.reason }));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AbortError('aborted', { cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isEstablished(crd: CustomResourceDefinition): boolean {
  const conds = crd.status?.conditions ?? [];
  return conds.some((c) => c.type === 'Established' && c.status === 'True') && conds.some((c) => c.type === 'NamesAccepted' && c.status === 'True');
}

/**
 * Creates (or updates in place) each CRD, then waits until each is Established and every one of
 * its served versions is listed by discovery. Returns the installed CRDs.
 */
export async function installCrds(target: CrdTarget, sources: readonly CrdSource[], opts: InstallCrdsOptions = {}): Promise<CustomResourceDefinition[]> {
  const ctx = contextOf(target);
  const crds = await resolveCrds(sources);
  const client = new ResourceClient<CustomResourceDefinition>(ctx, customResourceDefinitionResource);
  const call = { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) };
  for (const crd of crds) {
    const manifest: CustomResourceDefinition = { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: crd.metadata!.name!, ...(crd.metadata?.labels ? { labels: crd.metadata.labels } : {}), ...(crd.metadata?.annotations ? { annotations: crd.metadata.annotations } : {}) }, spec: crd.spec };
    try {
      await client.create(manifest, call);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await client.get(manifest.metadata!.name!, call);
      await client.update({ ...manifest, metadata: { ...manifest.metadata, resourceVersion: existing.metadata?.resourceVersion } }, call);
    }
  }
  const deadline = Date.now() + (opts.waitTimeoutMs ?? 60_000);
  const poll = opts.pollIntervalMs ?? 100;
  const discovery = new DiscoveryClient(ctx);
  for (const crd of crds) {
    const name = crd.metadata!.name!;
    for (;;) {
      const current = await client.get(name, call);
      if (isEstablished(current)) break;
      if (Date.now() > deadline) throw new KubeClientError(`CRD ${name} was not established in time (conditions: ${JSON.stringify(current.status?.conditions ?? [])})`);
      await sleep(poll, opts.signal);
    }
    for (const v of crd.spec.versions.filter((x) => x.served)) {
      const gv = `${crd.spec.group}/${v.name}`;
      for (;;) {
        try {
          const list = await discovery.serverResourcesForGroupVersion(gv, call);
          if (list.resources.some((r) => r.name === crd.spec.names.plural)) break;
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        if (Date.now() > deadline) throw new KubeClientError(`CRD ${name}: ${gv} ${crd.spec.names.plural} is not served yet (discovery)`);
        await sleep(poll, opts.signal);
      }
    }
  }
  return crds;
}

/** Deletes the CRDs (and so every object of their kinds); missing ones are ignored. */
export async function uninstallCrds(target: CrdTarget, sources: readonly CrdSource[], opts: CallOptions = {}): Promise<void> {
  const ctx = contextOf(target);
  const client = new ResourceClient<CustomResourceDefinition>(ctx, customResourceDefinitionResource);
  for (const crd of await resolveCrds(sources)) {
    try {
      await client.delete(crd.metadata!.name!, opts);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
