// The OpenAPI input pieces on their own: paths -> resources (verbs, scope, subresources), the
// document loader, the cluster reader (index then documents, custom resource groups skipped), the
// type map and enum overlay parsers, and the CLI flags.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readClusterOpenApi } from '../../../codegen/from-cluster-openapi.js';
import { generate } from '../../../codegen/generate.js';
import { loadCrdInputs } from '../../../codegen/load-crds.js';
import { formatWarning } from '../../../codegen/warnings.js';
import { InputError } from '../../../codegen/input-error.js';
import { parseEnumOverlay } from '../../../codegen/kube-enums.js';
import { loadOpenApi } from '../../../codegen/load-openapi.js';
import { main } from '../../../codegen/main.js';
import type { LoadedOpenApi, OpenApiDocument } from '../../../codegen/openapi.js';
import { parseResourcePath, readResources } from '../../../codegen/openapi-resources.js';
import { parseTypeMap } from '../../../codegen/type-map.js';
import type { RestRequest, RestResponse } from '../../../src/rest/transport/transport.js';
import { fixturesDir } from './support/paths.js';

const spec = join(fixturesDir, 'openapi', 'spec');

describe('parseResourcePath', () => {
  it.each([
    ['/api/v1/namespaces/{namespace}/pods', { group: '', version: 'v1', namespaced: true, watchPath: false, plural: 'pods', named: false }],
    ['/api/v1/namespaces/{namespace}/pods/{name}/eviction', { group: '', version: 'v1', namespaced: true, watchPath: false, plural: 'pods', named: true, subresource: 'eviction' }],
    ['/api/v1/namespaces/{name}/status', { group: '', version: 'v1', namespaced: false, watchPath: false, plural: 'namespaces', named: true, subresource: 'status' }],
    ['/api/v1/namespaces', { group: '', version: 'v1', namespaced: false, watchPath: false, plural: 'namespaces', named: false }],
    ['/apis/apps/v1/watch/namespaces/{namespace}/deployments', { group: 'apps', version: 'v1', namespaced: true, watchPath: true, plural: 'deployments', named: false }],
    ['/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}', { group: 'rbac.authorization.k8s.io', version: 'v1', namespaced: false, watchPath: false, plural: 'clusterroles', named: true }],
  ])('%s', (path, parsed) => {
    expect(parseResourcePath(path)).toEqual(parsed);
  });

  it('reads a path below a subresource as that subresource', () => {
    expect(parseResourcePath('/api/v1/nodes/{name}/proxy/{path}')).toMatchObject({ plural: 'nodes', subresource: 'proxy' });
  });

  it.each(['/apis/apps/v1/', '/api/v1/', '/version/', '/apis/', '/api/v1/{weird}'])('is not a resource path: %s', (path) => {
    expect(parseResourcePath(path)).toBeUndefined();
  });
});

describe('readResources', () => {
  const gvk = { group: '', version: 'v1', kind: 'Thing' };
  const op = (action: string, g: unknown = gvk) => ({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': g });

  it('derives verbs from methods and actions, watch only from watch paths, and subresource verbs', () => {
    const doc: OpenApiDocument = {
      paths: {
        '/api/v1/namespaces/{namespace}/things': { get: { ...op('list'), parameters: [{ name: 'watch' }] }, post: op('post'), delete: op('deletecollection') },
        '/api/v1/namespaces/{namespace}/things/{name}': { get: op('get'), put: op('put'), patch: op('patch'), delete: op('delete') },
        '/api/v1/namespaces/{namespace}/things/{name}/scale': { get: op('get', { group: 'autoscaling', version: 'v1', kind: 'Scale' }), put: op('put') },
        '/api/v1/namespaces/{namespace}/things/{name}/exec': { get: op('connect'), post: op('connect') },
        '/api/v1/watch/namespaces/{namespace}/things': { get: op('watchlist') },
        // A list carrying the shared `watch` parameter without any watch path: not watchable.
        '/api/v1/statuses': { get: { ...op('list', { group: '', version: 'v1', kind: 'Status2' }), parameters: [{ name: 'watch' }] } },
        '/api/v1/statuses/{name}': { get: op('get', { group: '', version: 'v1', kind: 'Status2' }) },
        '/api/v1/reviews': { post: op('post', { group: '', version: 'v1', kind: 'Review' }) },
      },
    };
    const byPlural = new Map(readResources(doc).map((r) => [r.plural, r]));
    const things = byPlural.get('things')!;
    expect(things.kind).toBe('Thing');
    expect(things.namespaced).toBe(true);
    expect(things.verbs).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    expect(Object.fromEntries(things.subresources)).toEqual({ exec: ['create', 'get'], scale: ['get', 'update'] });
    expect(byPlural.get('statuses')!.verbs).toEqual(['get', 'list']);
    expect(byPlural.get('reviews')).toMatchObject({ kind: 'Review', namespaced: false, verbs: ['create'] });
  });
});

describe('loadOpenApi', () => {
  it('reads a directory in path order and skips documents without resources', async () => {
    const docs = await loadOpenApi([spec]);
    expect(docs.map((d) => d.source.slice(spec.length + 1))).toEqual([
      'api__v1_openapi.json',
      'apis__scheduling.k8s.io__v1alpha1_openapi.json',
      'apis__things.k8s.io__v1_openapi.json',
    ]);
  });

  it('names the file of a document that is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
    try {
      await writeFile(join(dir, 'bad.json'), '{ nope');
      await expect(loadOpenApi([dir])).rejects.toThrow(/bad\.json: not valid JSON/);
      await expect(loadOpenApi([join(dir, 'missing.json')])).rejects.toBeInstanceOf(InputError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readClusterOpenApi', () => {
  it('reads the index, then each group version document, skipping custom resource groups and discovery-only documents', async () => {
    const requests: RestRequest[] = [];
    const doc = (plural: string): OpenApiDocument => ({ paths: { [`/apis/x/v1/${plural}`]: { get: { 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': { group: 'x', version: 'v1', kind: 'X' } } } } });
    const bodies: Record<string, unknown> = {
      '/openapi/v3': {
        paths: {
          'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=A' },
          apis: { serverRelativeURL: '/openapi/v3/apis?hash=B' },
          'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=C' },
          'apis/scheduling.koordinator.sh/v1alpha1': { serverRelativeURL: '/openapi/v3/apis/scheduling.koordinator.sh/v1alpha1?hash=D' },
          version: { serverRelativeURL: '/openapi/v3/version?hash=E' },
        },
      },
      '/openapi/v3/api/v1?hash=A': doc('things'),
      '/openapi/v3/apis/apps/v1?hash=C': { paths: { '/apis/apps/v1/': { get: {} } } },
    };
    const transport = {
      async request(req: RestRequest): Promise<RestResponse> {
        requests.push(req);
        const body = bodies[req.path];
        return body === undefined ? { status: 404, headers: {}, body: '{}' } : { status: 200, headers: {}, body: JSON.stringify(body) };
      },
    };
    const docs: LoadedOpenApi[] = await readClusterOpenApi(transport, new Set(['scheduling.koordinator.sh']));
    expect(requests.map((r) => r.path)).toEqual(['/openapi/v3', '/openapi/v3/api/v1?hash=A', '/openapi/v3/apis/apps/v1?hash=C']);
    expect(docs.map((d) => d.source)).toEqual(['cluster:/openapi/v3/api/v1']);
  });

  it('fails with an InputError naming the path when the server refuses', async () => {
    const transport = { request: async (): Promise<RestResponse> => ({ status: 403, headers: {}, body: '{}' }) };
    await expect(readClusterOpenApi(transport)).rejects.toThrow('cluster: GET /openapi/v3 failed with HTTP 403');
  });
});

describe('parseTypeMap and parseEnumOverlay', () => {
  it('read well-formed inputs', () => {
    expect(parseTypeMap('- { crd: a.b.io, path: .spec.t, type: io.k8s.api.core.v1.PodTemplateSpec }\n', 'm.yaml')).toEqual([
      { crd: 'a.b.io', path: '.spec.t', type: 'io.k8s.api.core.v1.PodTemplateSpec' },
    ]);
    expect(parseEnumOverlay('x.Y.op: [In, NotIn]\n', 'e.yaml').get('x.Y.op')).toEqual(['In', 'NotIn']);
  });

  it.each([
    ['crd: a', /expected a list/],
    ['- { crd: a.b.io, path: spec.t, type: T }', /must start with '\.'/],
    ['- { crd: a.b.io, type: T }', /'path' must be a non-empty string/],
    ['- { crd: a.b.io, path: .s, type: T }\n- { crd: a.b.io, path: .s, type: U }', /mapped twice/],
  ])('reject a malformed type map: %s', (text, message) => {
    expect(() => parseTypeMap(text, 'm.yaml')).toThrow(message);
  });

  it('rejects a malformed enum overlay', () => {
    expect(() => parseEnumOverlay('x.Y.op: In', 'e.yaml')).toThrow(/expected a non-empty list of strings/);
  });
});

describe('the type map in generate()', () => {
  it('warns about fields and CRDs it names that the inputs do not have', async () => {
    const result = generate(await loadCrdInputs([join(fixturesDir, 'openapi', 'crds.yaml')]), {
      openapi: await loadOpenApi([spec]),
      typeMap: [
        { crd: 'bookings.scheduling.koordinator.sh', path: '.spec.missing', type: 'io.k8s.api.core.v1.GizmoTemplate' },
        { crd: 'nothings.example.com', path: '.spec.x', type: 'io.k8s.api.core.v1.GizmoTemplate' },
      ],
    });
    const warnings = result.warnings.map(formatWarning);
    expect(warnings).toContain('bookings.scheduling.koordinator.sh v1alpha1 .spec.missing: the type map names a field this version does not declare');
    expect(warnings).toContain('nothings.example.com: the type map names a CRD that is not in the inputs');
  });

  it('needs the OpenAPI input that holds the type', async () => {
    const crds = await loadCrdInputs([join(fixturesDir, 'openapi', 'crds.yaml')]);
    expect(() => generate(crds, { typeMap: [{ crd: 'bookings.scheduling.koordinator.sh', path: '.spec.template', type: 'io.k8s.api.core.v1.GizmoTemplate' }] })).toThrow(/give --openapi/);
  });
});

describe('koord-gen with OpenAPI input', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'koord-gen-openapi-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });
  const io = () => {
    const text: string[] = [];
    return { io: { stdout: (t: string) => text.push(t), stderr: (t: string) => text.push(t) }, text: () => text.join('') };
  };

  it('generates from OpenAPI documents alone, then finds no drift', async () => {
    const t = io();
    expect(await main(['--openapi', spec, '--out', out], t.io)).toBe(0);
    expect(t.text()).toMatch(/files from 0 CRDs and 3 OpenAPI documents/);
    const check = io();
    expect(await main(['--openapi', spec, '--out', out, '--check'], check.io)).toBe(0);
  });

  it('rejects --builtin without --from-cluster, and a type map naming an unknown type', async () => {
    const t = io();
    expect(await main(['--openapi', spec, '--builtin', '--out', out], t.io)).toBe(2);
    expect(t.text()).toContain('--builtin needs --from-cluster');
    const map = join(out, 'map.yaml');
    await writeFile(map, '- { crd: bookings.scheduling.koordinator.sh, path: .spec.template, type: io.k8s.api.core.v1.Nope }\n');
    const u = io();
    expect(await main([join(fixturesDir, 'openapi', 'crds.yaml'), '--openapi', spec, '--type-map', map, '--out', out], u.io)).toBe(2);
    expect(u.text()).toContain('io.k8s.api.core.v1.Nope is not a type of the OpenAPI input');
  });

  it('reads the cluster OpenAPI with --from-cluster --builtin, skipping the CRD groups', async () => {
    const docs = await loadOpenApi([spec]);
    let skipped: ReadonlySet<string> | undefined;
    const t = io();
    const code = await main([join(fixturesDir, 'openapi', 'crds.yaml'), '--from-cluster', '--builtin', '--out', out], {
      ...t.io,
      loadClusterCrds: async () => [],
      loadClusterOpenApi: async (o) => {
        skipped = o.skipGroups;
        return docs;
      },
    });
    expect(code, t.text()).toBe(0);
    expect([...(skipped ?? [])]).toEqual(['scheduling.koordinator.sh']);
    expect(t.text()).toMatch(/files from 1 CRDs and 3 OpenAPI documents/);
  });
});
