// The generated write checks (`checks.ts`) against the generated zod schemas (`schemas.ts`): for
// every custom kind, objects generated from the CRD's own schema (for some built-in kinds,
// realistic objects), mutated at random places (wrong types, nulls, removed or undefined fields,
// odd numbers), and changed one place at a time at the edge of what the place's schema allows
// (the built-in kinds' types read from kube-apiserver's OpenAPI, as the generator reads them),
// must get the same answer from both.
// The client trusts a passing check without running zod, so a check that accepts what zod
// refuses would let bad input through; one that refuses what zod accepts would cost speed.
import { execFileSync } from 'node:child_process';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { generate, type GenerateResult } from '../../../codegen/generate.js';
import { loadEnumOverlay } from '../../../codegen/kube-enums.js';
import { loadOpenApi } from '../../../codegen/load-openapi.js';
import { loadTypeMap } from '../../../codegen/type-map.js';
import { loadCrdInputs } from '../../../codegen/load-crds.js';
import { allResources } from '../../../src/generated/all-resources.js';
import { kubeResources } from '../../../src/generated/kube-resources.js';
import type { ObjectCheck, ObjectSchema, ResourceDescriptor } from '../../../src/meta/descriptor.js';
import { objectMeta } from '../../../src/meta/schema-helpers.js';
import { isObjectMeta, propertyCountWithin } from '../../../src/meta/value-checks.js';
import { buildOpenApiModel } from '../../../codegen/build-openapi-model.js';
import type { SchemaNode } from '../../../codegen/schema-node.js';
import { WarningSink } from '../../../codegen/warnings.js';
import { crdRootNode, kindArb } from '../../e2e/support/schema-arbitrary.js';
import { edgeVariants, type ResolveRef } from './support/schema-edges.js';
import { materialize, type Materialized } from './support/materialize.js';
import { fixturesDir, repoRoot } from './support/paths.js';

const SEED = 20261201;
/** Generated objects per kind whose every one-change edge variant is checked. */
const EDGE_SAMPLES = 8;

/** Removes the field (or the item) instead of setting a value. */
const DELETE = Symbol('delete');
/** Appends a copy of the item to its list (past a maximum). */
const DUPLICATE = Symbol('duplicate');

const replacement = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>(DELETE, DUPLICATE, undefined, null, '', 'x', '1Gi', 0, -1, 1.5, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY, true, false, [], {}, [null], ['x'], [1], { a: null }, { a: 'b' }, { a: 1 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);

/**
 * Up to three changes, each at a place reached by a random walk from the top (one step per
 * number: into the field or item it picks), so that shallow fields change as often as deep ones.
 */
const mutations = fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), replacement), { maxLength: 3 });

type Place = { parent: Record<string, unknown> | unknown[]; key: string | number };

function walk(value: unknown, steps: readonly number[]): Place | undefined {
  let node = value;
  let place: Place | undefined;
  for (const step of steps) {
    if (typeof node !== 'object' || node === null) break;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length]!;
    place = { parent: node as Record<string, unknown>, key };
    node = (node as Record<string | number, unknown>)[key];
  }
  return place;
}

function mutate(value: Record<string, unknown>, changes: readonly (readonly [readonly number[], unknown])[]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const [steps, to] of changes) {
    const place = walk(copy, steps);
    if (place === undefined) continue;
    const { parent, key } = place;
    if (to === DELETE) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (to === DUPLICATE) {
      if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
    } else {
      (parent as Record<string | number, unknown>)[key] = structuredClone(to);
    }
  }
  return copy;
}

const metadata = fc.constantFrom<unknown>(
  undefined,
  { name: 'a' },
  { name: 'a', namespace: 'ns', labels: { app: 'x' }, annotations: { note: 'y' } },
  { generateName: 'w-', creationTimestamp: null, finalizers: ['f'], ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true }] },
);

/**
 * Asserts, for generated objects of a kind changed at random (and, with the kind's schema tree
 * `root`, every one-change edge variant of a few of them), that the check and the schema agree.
 */
function agreeOn(kind: string, arb: fc.Arbitrary<Record<string, unknown>>, check: ObjectCheck, schema: ObjectSchema, numRuns: number, root?: SchemaNode, resolve?: ResolveRef, edgeSamples = EDGE_SAMPLES): void {
  let refused = 0;
  let total = 0;
  const agree = (value: unknown): void => {
    const expected = schema.safeParse(value).success;
    total++;
    if (!expected) refused++;
    if (check(value) !== expected) expect.fail(`${kind}: the check says ${!expected} and zod ${expected} for ${inspect(value, { depth: null, breakLength: Infinity })}`);
  };
  fc.assert(
    fc.property(arb, metadata, mutations, (object, meta, changes) => {
      agree(mutate(meta === undefined ? object : { ...object, metadata: meta }, changes));
    }),
    { seed: SEED, numRuns },
  );
  if (root !== undefined) {
    const samples = fc.sample(fc.tuple(arb, metadata), { seed: SEED, numRuns: edgeSamples });
    for (const [object, meta] of samples) {
      for (const variant of edgeVariants(root, meta === undefined ? object : { ...object, metadata: meta }, resolve)) agree(variant);
    }
  }
  // The changes must reach both answers, or the property says little.
  expect(refused, `${kind}: objects zod refused`).toBeGreaterThan(total / 20);
  expect(refused, `${kind}: objects zod refused`).toBeLessThan(total);
}

async function checkAndSchema(d: ResourceDescriptor): Promise<{ check: ObjectCheck; schema: ObjectSchema }> {
  if (d.check === undefined || d.schema === undefined) throw new Error(`${d.kind} has no check or no schema`);
  return { check: await d.check(), schema: await d.schema() };
}

describe('generated write checks agree with the zod schemas', () => {
  let fixtures: Materialized[] = [];
  const fixtureKinds: ResourceDescriptor[] = [];

  beforeAll(async () => {
    const openapi = join(fixturesDir, 'openapi');
    const inputs: [string, () => Promise<GenerateResult>][] = [
      ['constructs', async () => generate(await loadCrdInputs([join(fixturesDir, 'constructs')]))],
      ['lenient', async () => generate(await loadCrdInputs([join(fixturesDir, 'lenient')]))],
      // Objects with both declared fields and a schema for the others (not structural, warned).
      ['unsupported', async () => generate(await loadCrdInputs([join(fixturesDir, 'unsupported')]))],
      // CRD fields mapped to built-in types, checked as the built-in type or the CRD's own schema.
      [
        'openapi',
        async () =>
          generate(await loadCrdInputs([join(openapi, 'crds.yaml')]), {
            openapi: await loadOpenApi([join(openapi, 'spec')]),
            enums: await loadEnumOverlay(join(openapi, 'enums.yaml')),
            typeMap: await loadTypeMap(join(openapi, 'type-map.yaml')),
          }),
      ],
    ];
    for (const [, run] of inputs) {
      const tree = await materialize((await run()).files);
      fixtures.push(tree);
      const mod = (await import(tree.path('all-resources.ts'))) as { allResources: readonly ResourceDescriptor[] };
      fixtureKinds.push(...mod.allResources);
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(fixtures.map((f) => f.remove()));
    fixtures = [];
  });

  it('on the synthetic fixtures, every construct', async () => {
    expect(fixtureKinds.map((d) => d.kind).sort()).toEqual(['Booking', 'Doohickey', 'Gadget', 'Gadget', 'Oddity', 'Widget', 'Widget']);
    for (const d of fixtureKinds) {
      const { check, schema } = await checkAndSchema(d);
      const root = crdRootNode((await d.crd!()) as Record<string, unknown>, d.version);
      agreeOn(d.kind, kindArb(root), check, schema, 400, root);
    }
  });

  it('on every Koordinator kind', async () => {
    expect(allResources.length).toBeGreaterThan(10);
    for (const d of allResources) {
      const { check, schema } = await checkAndSchema(d);
      const root = crdRootNode((await d.crd!()) as Record<string, unknown>, d.version);
      agreeOn(`${d.group}/${d.kind}`, kindArb(root), check, schema, 150, root);
    }
  });

  it('on built-in kinds, from realistic objects changed at random and at every edge of their types', async () => {
    const byKind = (group: string, kind: string): ResourceDescriptor => kubeResources.find((d) => d.group === group && d.kind === kind)!;
    const container = {
      name: 'main',
      image: 'nginx:1.27',
      args: ['--port', '8080'],
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
      env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: 1, 'koordinator.sh/batch-cpu': '500' } },
      readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
      securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
    };
    const podSpec = {
      containers: [container],
      volumes: [{ name: 'data', emptyDir: { sizeLimit: '1Gi' } }, { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
      tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
      priority: 9000,
      schedulerName: 'koord-scheduler',
    };
    const samples: [ResourceDescriptor, Record<string, unknown>][] = [
      [byKind('', 'Pod'), { metadata: { name: 'p' }, spec: podSpec, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }],
      [byKind('apps', 'Deployment'), { metadata: { name: 'd' }, spec: { replicas: 3, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: podSpec }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } } }],
      [byKind('', 'Node'), { metadata: { name: 'n' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }], podCIDRs: ['10.0.0.0/24'] }, status: { capacity: { cpu: '8', memory: '32Gi' }, allocatable: { cpu: 7.5 }, addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } }],
      [byKind('coordination.k8s.io', 'Lease'), { metadata: { name: 'l' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15, renewTime: '2026-11-30T12:00:00.000000Z', leaseTransitions: 2 } }],
      [byKind('events.k8s.io', 'Event'), { metadata: { name: 'e' }, eventTime: '2026-11-30T12:00:00.000000Z', reportingController: 'c', reportingInstance: 'i', action: 'Sync', reason: 'Synced', regarding: { kind: 'Pod', name: 'p' }, type: 'Normal' }],
      [byKind('batch', 'CronJob'), { metadata: { name: 'c' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { backoffLimit: 2, template: { spec: podSpec } } } } }],
    ];
    // The built-in types as the generator read them, to walk the samples field by field.
    const spec = execFileSync(join(repoRoot, 'scripts/openapi-spec-dir.sh'), { encoding: 'utf8' }).trim();
    const model = buildOpenApiModel(await loadOpenApi([spec]), { enums: await loadEnumOverlay(join(repoRoot, 'codegen/kube-enums.yaml')) }, new WarningSink());
    const types = new Map(model.modules.flatMap((m) => m.types.map((t) => [`${m.dir}/${t.name}`, t] as const)));
    const resolve: ResolveRef = (ref) => types.get(`${ref.module}/${ref.name}`)?.node;
    for (const [d, sample] of samples) {
      const { check, schema } = await checkAndSchema(d);
      expect(check(sample), d.kind).toBe(true);
      const root = types.get(`${d.group === '' ? 'core' : d.group}/${d.version}/${d.kind}`)?.node;
      expect(root?.type, d.kind).toBe('object');
      agreeOn(d.kind, fc.constant(sample), check, schema, 400, root, resolve, 2);
    }
  }, 60_000);
});

describe('isObjectMeta', () => {
  it('agrees with the objectMeta() schema', () => {
    const meta = fc.constantFrom<Record<string, unknown>>(
      { name: 'a', namespace: 'ns', uid: 'u', resourceVersion: '1', generation: 2, labels: { a: 'b' }, annotations: { c: 'd' } },
      { generateName: 'g-', creationTimestamp: null, deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 },
      { finalizers: ['a', 'b'], ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true, blockOwnerDeletion: null }] },
      { managedFields: [{ manager: 'm', operation: 'Apply' }], labels: {} },
    );
    const schema = objectMeta();
    fc.assert(
      fc.property(meta, mutations, (m, changes) => {
        const value = mutate(m, changes);
        expect(isObjectMeta(value), JSON.stringify(value)).toBe(schema.safeParse(value).success);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('propertyCountWithin', () => {
  it('counts every key against the minimum and the non-null ones against the maximum', () => {
    expect(propertyCountWithin({ a: null, b: 1 }, 2, 1)).toBe(true);
    expect(propertyCountWithin({ a: null }, 2, undefined)).toBe(false);
    expect(propertyCountWithin({ a: 1, b: 2 }, undefined, 1)).toBe(false);
    expect(propertyCountWithin({ a: undefined }, 1, 0)).toBe(false);
  });
});
