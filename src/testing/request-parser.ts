/**
 * Reads a `RestRequest` the way the API server's router does: which resource (by URL), which
 * namespace, object and subresource, which verb, and the decoded query and body.
 * @packageDocumentation
 */
import type { ResourceDescriptor } from '../meta/descriptor.js';
import type { RestRequest } from '../rest/transport/transport.js';
import type { Action, PatchKind, Verb } from './actions.js';
import type { ResourceRegistry } from './resource-registry.js';

/** A request to a served resource. */
export interface ResourceRequest {
  kind: 'resource';
  descriptor: ResourceDescriptor;
  action: Action;
  /** The raw body, when there is one. */
  body?: string;
  contentType?: string;
}

/** A request for discovery documents (`/version`, `/api`, `/apis`, `/apis/g/v`). */
export interface DiscoveryRequest {
  kind: 'discovery';
  path: string;
}

/** A request for a path the server does not serve. */
export interface UnknownRequest {
  kind: 'unknown';
}

/** What a request addresses. */
export type ParsedRequest = ResourceRequest | DiscoveryRequest | UnknownRequest;

const patchKinds: Record<string, PatchKind> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** The patch kind of a content type, or undefined for unknown ones. */
export function patchKindOf(contentType: string | undefined): PatchKind | undefined {
  return contentType ? patchKinds[contentType.split(';')[0]?.trim().toLowerCase() ?? ''] : undefined;
}

function header(req: RestRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** Parses a request against the served resources. Bodies stay raw; `action.object` is filled when the body is JSON. */
export function parseRequest(req: RestRequest, registry: ResourceRegistry): ParsedRequest {
  const url = new URL(req.path, 'http://fake.invalid');
  const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  if (segs.length === 0 || segs[0] === 'version' || (segs[0] === 'api' && segs.length <= 2) || (segs[0] === 'apis' && segs.length <= 3)) {
    if (req.method === 'GET' && query.watch === undefined) return { kind: 'discovery', path: url.pathname };
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1] as string;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1] as string;
    version = segs[2] as string;
    rest = segs.slice(3);
  } else return { kind: 'unknown' };

  let namespace = '';
  let descriptor: ResourceDescriptor | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const namespaced = registry.byResource(group, version, rest[2] as string);
    if (namespaced?.namespaced) {
      descriptor = namespaced;
      namespace = rest[1] as string;
      rest = rest.slice(2);
    }
  }
  descriptor ??= registry.byResource(group, version, rest[0] as string);
  if (!descriptor || rest.length > 3) return { kind: 'unknown' };
  const name = rest[1];
  const subresource = rest[2];
  if (subresource !== undefined && !(subresource === 'status' && descriptor.subresources.status)) return { kind: 'unknown' };

  let verb: Verb;
  switch (req.method) {
    case 'GET':
      verb = name !== undefined ? 'get' : query.watch === 'true' || query.watch === '1' ? 'watch' : 'list';
      break;
    case 'POST':
      if (name !== undefined) return { kind: 'unknown' };
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name !== undefined ? 'delete' : 'deletecollection';
      break;
  }
  if ((verb === 'update' || verb === 'patch') && name === undefined) return { kind: 'unknown' };

  const contentType = header(req, 'content-type');
  const action: {
    -readonly [K in keyof Action]: Action[K];
  } = { verb, resource: { group, version, resource: descriptor.plural }, namespace, query };
  if (name !== undefined) action.name = name;
  if (subresource !== undefined) action.subresource = subresource;
  const body = req.body;
  if (body !== undefined) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(body);
    } catch {
      decoded = undefined;
    }
    if (verb === 'create' || verb === 'update') {
      if (decoded && typeof decoded === 'object' && !Array.isArray(decoded)) action.object = decoded as Record<string, unknown>;
    } else if (verb === 'patch') {
      action.patch = { kind: patchKindOf(contentType) ?? 'merge', body: decoded ?? body };
    } else if (verb === 'delete' || verb === 'deletecollection') {
      if (decoded && typeof decoded === 'object') action.deleteOptions = decoded as Record<string, unknown>;
    }
  }
  const out: ResourceRequest = { kind: 'resource', descriptor, action };
  if (body !== undefined) out.body = body;
  if (contentType !== undefined) out.contentType = contentType;
  return out;
}
