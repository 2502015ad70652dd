/**
 * Builds API requests as plain data, without I/O (kube-rs `kube-core` request.rs): URL paths,
 * query strings and bodies for every verb. Unit-tested without a server.
 * @packageDocumentation
 */
import type { ResourceDescriptor } from '../../meta/descriptor.js';
import type { DeleteOptions, ListOptions, WatchOptions, WriteOptions } from '../../meta/options.js';
import { ValidationError, type RequestContext } from '../errors.js';
import type { HttpMethod, RestRequest } from '../transport/transport.js';

/** Where a request points: a resource, optionally in a namespace, an object and a subresource. */
export interface ResourceTarget {
  descriptor: Pick<ResourceDescriptor, 'group' | 'version' | 'plural' | 'namespaced' | 'strategicMergePatch'>;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Returns the problems of a namespace name (a DNS-1123 label); empty when valid. */
export function namespaceProblems(ns: string): string[] {
  if (ns.length === 0) return ['must not be empty'];
  if (ns.length > 63) return [`must be no more than 63 characters (got ${ns.length})`];
  return dns1123Label.test(ns) ? [] : ['must be a DNS-1123 label: lowercase alphanumerics and "-", starting and ending with an alphanumeric'];
}

/**
 * Returns the problems of the name of an object of a kind. Custom resources' names are DNS-1123
 * subdomains; built-in kinds have rules of their own (RBAC roles and bindings, flow-control
 * objects take any path segment, such as `system:aggregate-to-view`), so for them only what no
 * URL can carry is refused and the rest is left to the server.
 */
export function objectNameProblems(descriptor: Pick<ResourceDescriptor, 'strategicMergePatch'>, name: string): string[] {
  return descriptor.strategicMergePatch === true ? pathSegmentNameProblems(name) : nameProblems(name);
}

/** Returns the problems of a name used as a URL path segment: not empty, `.` or `..`, no `/` or `%`. */
export function pathSegmentNameProblems(name: string): string[] {
  if (name.length === 0) return ['must not be empty'];
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return /[/%]/.test(name) ? ['may not contain "/" or "%"'] : [];
}

/** Returns the problems of an object name (a DNS-1123 subdomain, the default for custom resources). */
export function nameProblems(name: string): string[] {
  if (name.length === 0) return ['must not be empty'];
  if (name.length > 253) return [`must be no more than 253 characters (got ${name.length})`];
  return dns1123Subdomain.test(name) ? [] : ['must be a DNS-1123 subdomain: lowercase alphanumerics, "-" and ".", starting and ending with an alphanumeric'];
}

/** Throws a `ValidationError` when the namespace or name of a target is not valid. */
export function assertValidTarget(target: ResourceTarget, ctx: RequestContext): void {
  const issues = [];
  if (target.descriptor.namespaced && target.namespace !== undefined) {
    issues.push(...namespaceProblems(target.namespace).map((message) => ({ path: 'metadata.namespace', message })));
  }
  if (target.name !== undefined) {
    issues.push(...objectNameProblems(target.descriptor, target.name).map((message) => ({ path: 'metadata.name', message })));
  }
  if (issues.length) throw new ValidationError('invalid request target', issues, ctx);
}

/** The URL path of a target, e.g. `/apis/g/v1/namespaces/ns/things/name/status`. */
export function resourcePath(target: ResourceTarget): string {
  const { group, version, plural, namespaced } = target.descriptor;
  let path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  if (namespaced && target.namespace !== undefined) path += `/namespaces/${encodeURIComponent(target.namespace)}`;
  path += `/${plural}`;
  if (target.name !== undefined) path += `/${encodeURIComponent(target.name)}`;
  if (target.subresource !== undefined) path += `/${target.subresource}`;
  return path;
}

/** Query parameters as ordered key/value pairs; undefined values are left out. */
export type QueryParams = ReadonlyArray<readonly [string, string | number | boolean | undefined]>;

/** Appends a query string built from `params` to `path`. */
export function withQuery(path: string, params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [k, v] of params) if (v !== undefined) search.append(k, String(v));
  const q = search.toString();
  return q ? `${path}?${q}` : path;
}

/** Query parameters of a list call. */
export function listParams(opts: ListOptions = {}): QueryParams {
  return [
    ['labelSelector', opts.labelSelector],
    ['fieldSelector', opts.fieldSelector],
    ['limit', opts.limit],
    ['continue', opts.continue],
    ['resourceVersion', opts.resourceVersion],
    ['resourceVersionMatch', opts.resourceVersionMatch],
    ['timeoutSeconds', opts.timeoutSeconds],
  ];
}

/** Query parameters of a watch call. */
export function watchParams(opts: WatchOptions = {}): QueryParams {
  return [
    ['watch', 'true'],
    ['labelSelector', opts.labelSelector],
    ['fieldSelector', opts.fieldSelector],
    ['resourceVersion', opts.resourceVersion],
    ['resourceVersionMatch', opts.resourceVersionMatch],
    ['timeoutSeconds', opts.timeoutSeconds],
    ['allowWatchBookmarks', opts.allowWatchBookmarks],
    ['sendInitialEvents', opts.sendInitialEvents],
  ];
}

/** Query parameters shared by writes: dryRun, fieldManager, fieldValidation (and force for apply). */
export function writeParams(opts: WriteOptions & { force?: boolean } = {}): QueryParams {
  return [
    ['dryRun', opts.dryRun ? 'All' : undefined],
    ['fieldManager', opts.fieldManager],
    ['fieldValidation', opts.fieldValidation],
    ['force', opts.force === undefined ? undefined : opts.force],
  ];
}

/** The `metav1.DeleteOptions` body of a delete or deleteCollection call. */
export function deleteBody(opts: DeleteOptions = {}): string {
  const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
  if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
  if (opts.propagationPolicy !== undefined) body.propagationPolicy = opts.propagationPolicy;
  if (opts.preconditions !== undefined) body.preconditions = opts.preconditions;
  if (opts.dryRun) body.dryRun = ['All'];
  return JSON.stringify(body);
}

/** Assembles a `RestRequest`. */
export function buildRequest(
  method: HttpMethod,
  target: ResourceTarget,
  params: QueryParams,
  context: RequestContext,
  body?: { contentType: string; data: string },
): RestRequest {
  const req: RestRequest = { method, path: withQuery(resourcePath(target), params), context };
  if (body) {
    req.headers = { 'content-type': body.contentType };
    req.body = body.data;
  }
  return req;
}
