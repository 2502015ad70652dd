/**
 * Reads CRDs from a live cluster (`--from-cluster`): lists
 * `/apis/apiextensions.k8s.io/v1/customresourcedefinitions` page by page. The REST runtime is
 * imported lazily, so the rest of the generator does not depend on it.
 * @packageDocumentation
 */
import type { Transport } from '../src/rest/transport/transport.js';
import type { LoadedCrd } from './crd.js';
import { InputError } from './input-error.js';
import { validateCrd } from './validate-crd.js';

/** Where to find the cluster. */
export interface ClusterOptions {
  /** Kubeconfig path (list); `KUBECONFIG` or `~/.kube/config` by default. */
  readonly kubeconfig?: string;
  /** Context to use instead of the current one. */
  readonly context?: string;
}

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
/** Page size of the list requests. */
const PAGE_SIZE = 250;

function statusMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

/** Lists every CRD through `transport`, following `continue` tokens. */
export async function listClusterCrds(transport: Pick<Transport, 'request'>): Promise<LoadedCrd[]> {
  const out: LoadedCrd[] = [];
  let token: string | undefined;
  do {
    const query = `limit=${PAGE_SIZE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
    const res = await transport.request({
      method: 'GET',
      path: `${CRD_PATH}?${query}`,
      headers: { Accept: 'application/json' },
      context: { verb: 'list', resource: 'apiextensions.k8s.io/v1/customresourcedefinitions' },
    });
    if (res.status !== 200) {
      const why = statusMessage(res.body);
      throw new InputError(`cluster: listing CustomResourceDefinitions failed with HTTP ${res.status}${why ? `: ${why}` : ''}`);
    }
    let list: { items?: unknown; metadata?: { continue?: unknown } };
    try {
      list = JSON.parse(res.body) as typeof list;
    } catch {
      throw new InputError('cluster: the CustomResourceDefinition list is not valid JSON');
    }
    if (!Array.isArray(list.items)) throw new InputError('cluster: the CustomResourceDefinition list has no items');
    for (const item of list.items) {
      // The list omits each item's apiVersion and kind.
      const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', ...(item as object) };
      const name = (item as { metadata?: { name?: unknown } }).metadata?.name;
      const source = `cluster:${typeof name === 'string' ? name : '?'}`;
      out.push({ source, crd: validateCrd(crd, source) });
    }
    token = typeof list.metadata?.continue === 'string' && list.metadata.continue !== '' ? list.metadata.continue : undefined;
  } while (token !== undefined);
  return out;
}

/**
 * Connects with the kubeconfig, runs `read` on the transport and closes it; a failure to connect
 * or to read becomes an {@link InputError} (the generator's "bad input" exit).
 */
export async function withClusterTransport<T>(options: ClusterOptions, read: (transport: Transport) => Promise<T>): Promise<T> {
  const { loadKubeconfig } = await import('../src/rest/config/kubeconfig.js');
  const { createHttpTransport } = await import('../src/rest/transport/http-transport.js');
  let transport: Transport;
  try {
    const config = await loadKubeconfig({
      ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context !== undefined ? { context: options.context } : {}),
    });
    transport = createHttpTransport(config);
  } catch (err) {
    throw new InputError(`cluster: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return await read(transport);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cluster: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await transport.close();
  }
}

/** Connects with the kubeconfig and lists every CRD of the cluster. */
export function loadClusterCrds(options: ClusterOptions): Promise<LoadedCrd[]> {
  return withClusterTransport(options, listClusterCrds);
}
