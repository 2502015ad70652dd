/**
 * Reads the built-in API's OpenAPI v3 documents from a live cluster (`--from-cluster --builtin`):
 * the `/openapi/v3` index, then each group version's document it lists. Documents without
 * resources (discovery-only ones) are dropped, as for files.
 * @packageDocumentation
 */
import type { Transport } from '../src/rest/transport/transport.js';
import { withClusterTransport, type ClusterOptions } from './from-cluster.js';
import { InputError } from './input-error.js';
import { declaresResources, parseOpenApiDocument } from './load-openapi.js';
import type { LoadedOpenApi } from './openapi.js';
import { compareStrings } from './ts-syntax.js';

async function get(transport: Pick<Transport, 'request'>, path: string): Promise<string> {
  const res = await transport.request({ method: 'GET', path, headers: { Accept: 'application/json' }, context: { verb: 'get', resource: 'openapi/v3' } });
  if (res.status !== 200) throw new InputError(`cluster: GET ${path.split('?')[0]} failed with HTTP ${res.status}`);
  return res.body;
}

/**
 * Reads every group version document the index lists, in path order, except the given
 * custom resource groups' (those come from their CRDs).
 */
export async function readClusterOpenApi(transport: Pick<Transport, 'request'>, skipGroups: ReadonlySet<string> = new Set()): Promise<LoadedOpenApi[]> {
  let index: { paths?: Record<string, { serverRelativeURL?: unknown }> };
  try {
    index = JSON.parse(await get(transport, '/openapi/v3')) as typeof index;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('cluster: the /openapi/v3 index is not valid JSON');
  }
  const out: LoadedOpenApi[] = [];
  for (const path of Object.keys(index.paths ?? {}).sort(compareStrings)) {
    const group = /^apis\/([^/]+)\/[^/]+$/.exec(path)?.[1];
    if (!/^api\/v1$/.test(path) && group === undefined) continue;
    if (group !== undefined && skipGroups.has(group)) continue;
    const url = index.paths![path]!.serverRelativeURL;
    const source = `cluster:/openapi/v3/${path}`;
    const doc = parseOpenApiDocument(await get(transport, typeof url === 'string' ? url : `/openapi/v3/${path}`), source);
    if (declaresResources(doc)) out.push({ source, doc });
  }
  return out;
}

/** Connects with the kubeconfig and reads the cluster's built-in OpenAPI documents. */
export function loadClusterOpenApi(options: ClusterOptions & { skipGroups?: ReadonlySet<string> }): Promise<LoadedOpenApi[]> {
  return withClusterTransport(options, (transport) => readClusterOpenApi(transport, options.skipGroups));
}
