// Golden and behaviour tests of the OpenAPI v3 input: the synthetic fixture in
// test/fixtures/codegen/openapi/ (three group version documents sharing components, a
// discovery-only document, a CRD, an enum overlay and a type map) generates exactly the files under
// expected/, and the generated code behaves as promised: named types shared across modules,
// clients narrowed to the verbs served, accessors that cannot collide, typed CRD fields that are
// never validated more strictly than the CRD. Update the goldens with `-u` and review the diff.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { typeCheck } from './support/type-check.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '../../../codegen/generate.js';
import { loadEnumOverlay } from '../../../codegen/kube-enums.js';
import { loadCrdInputs } from '../../../codegen/load-crds.js';
import { loadOpenApi } from '../../../codegen/load-openapi.js';
import { loadTypeMap } from '../../../codegen/type-map.js';
import { formatWarning } from '../../../codegen/warnings.js';
import { materialize, type Materialized } from './support/materialize.js';
import { fixturesDir } from './support/paths.js';

const dir = join(fixturesDir, 'openapi');
const expected = (file: string): string => `../../fixtures/codegen/openapi/expected/${file}.golden`;

async function run(): Promise<GenerateResult> {
  return generate(await loadCrdInputs([join(dir, 'crds.yaml')]), {
    openapi: await loadOpenApi([join(dir, 'spec')]),
    enums: await loadEnumOverlay(join(dir, 'enums.yaml')),
    typeMap: await loadTypeMap(join(dir, 'type-map.yaml')),
  });
}

let result: GenerateResult;
let tree: Materialized;
beforeAll(async () => {
  result = await run();
  tree = await materialize(result.files, ['cache', 'rest']);
}, 60_000);
afterAll(async () => {
  await tree?.remove();
});

const file = (path: string): string => {
  const content = result.files.get(path);
  if (content === undefined) throw new Error(`${path} is not generated`);
  return content;
};

describe('the openapi fixture', () => {
  it('generates the expected files', async () => {
    await expect(`${[...result.files.keys()].join('\n')}\n`).toMatchFileSnapshot(expected('files.txt'));
    for (const [path, content] of result.files) await expect(content).toMatchFileSnapshot(expected(path));
  });

  it('reports the expected warnings', async () => {
    await expect(`${result.warnings.map(formatWarning).join('\n')}\n`).toMatchFileSnapshot(expected('warnings.txt'));
  });

  it('is deterministic', async () => {
    const again = await run();
    expect([...again.files.entries()]).toEqual([...result.files.entries()]);
  });
});

describe('named types', () => {
  it('lives in the module of its package and is imported, not copied, by other modules', () => {
    const things = file('things.k8s.io/v1/types.ts');
    expect(things).toContain("import type {\n  GizmoTemplate,\n  GizmoTemplateInput,\n  Part as CoreV1Part,\n  PartInput as CoreV1PartInput,\n} from '../../core/v1/types.js';");
    expect(things).toContain("import type { LabelSelector, LabelSelectorInput } from '../../meta/v1/types.js';");
    expect(things).not.toMatch(/export interface GizmoTemplate\b/);
    expect(things).toContain('corePart?: CoreV1Part;');
    expect(things).toContain('part?: Part;');
    expect(file('core/v1/types.ts')).toMatch(/export interface GizmoTemplate \{/);
    expect(file('things.k8s.io/v1/schemas.ts')).toContain("import { gizmoTemplateSchema, partSchema as coreV1PartSchema } from '../../core/v1/schemas.js';");
  });

  it('puts component types without a kind in a types-only module, with the enum overlay as a literal union', () => {
    expect([...result.files.keys()].filter((p) => p.startsWith('meta/v1/'))).toEqual(['meta/v1/checks.ts', 'meta/v1/index.ts', 'meta/v1/schemas.ts', 'meta/v1/types.ts']);
    const meta = file('meta/v1/types.ts');
    expect(meta).toContain("operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';");
    expect(meta).toContain("status: 'True' | 'False' | 'Unknown';");
    // ObjectMeta, ListMeta, OwnerReference are the hand-written ones; WatchEvent and DeleteOptions are not types.
    expect(meta).not.toMatch(/export interface (ObjectMeta|ListMeta|OwnerReference|WatchEvent|DeleteOptions)\b/);
  });

  it('maps the apimachinery scalars and skips list components', () => {
    const core = file('core/v1/types.ts');
    expect(core).toContain('port?: number | string;');
    expect(core).toContain('inlinePort?: number | string;');
    expect(core).toContain('limits?: { [key: string]: number | string };');
    expect(core).toContain('startedAt?: string | null;');
    expect(core).toContain('payload?: unknown;');
    expect(core).toContain('settings?: unknown;');
    expect(core).toContain('owner?: OwnerReference;');
    expect(core).toContain("mode?: 'Fast' | 'Slow';");
    expect(core).toContain('ratio?: number | null;');
    expect(core).toContain('export interface GizmoList extends KubeList<Gizmo> {');
    expect(core).not.toContain('items: Gizmo[]');
    // Subresource bodies without a path of their own are types, not resources.
    expect(core).toMatch(/export interface Poke \{/);
    expect(file('core/v1/resources.ts')).not.toContain('pokeResource');
  });

  it('documents strategic merge patch keys, list and map types and defaults', () => {
    const core = file('core/v1/types.ts');
    expect(core).toContain("Strategic merge patch: strategy `merge`, items merged by `name`.");
    expect(core).toContain('List type `map`, keyed by `name`: server-side apply merges items by key.');
    expect(core).toContain('Map type `granular`.');
    expect(core).toContain('@defaultValue `"Fast"`');
  });
});

describe('descriptors and clients', () => {
  it('describe verbs, subresources with their verbs, and strategic merge patch, without a CRD loader', () => {
    const core = file('core/v1/resources.ts');
    expect(core).toContain("subresources: { status: true, served: { poke: ['create'], status: ['get', 'patch', 'update'] } },");
    expect(core).toContain("verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],");
    expect(core).toContain("verbs: ['create'],");
    expect(core).toContain('strategicMergePatch: true,');
    expect(core).not.toContain('crd:');
    expect(file('things.k8s.io/v1/resources.ts')).toContain("scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' }");
  });

  it('types each client by its subresources and verbs', () => {
    const core = file('core/v1/client.ts');
    expect(core).toContain('gizmos(namespace: string): StatusResourceClient<Gizmo, GizmoList, GizmoInput>;');
    expect(core).toContain("reviews(): Pick<ResourceClient<Review, ReviewList, ReviewInput>, 'create'> {");
    expect(file('things.k8s.io/v1/client.ts')).toContain('doohickeys(namespace: string): ScaleResourceClient<Doohickey, DoohickeyList, DoohickeyInput>;');
    // A create-only kind has no informer.
    expect(file('core/v1/informers.ts')).not.toContain('reviews');
  });
});

describe('clientsets', () => {
  it('keeps the custom resource accessor and renames the built-in one that collides, with a warning', () => {
    const generic = file('generic-clientset.ts');
    expect(generic).toContain('get schedulingV1alpha1(): SchedulingV1alpha1Client {');
    expect(generic).toContain('get schedulingK8sIoV1alpha1(): KubeSchedulingV1alpha1Client {');
    expect(generic).toContain('SchedulingV1alpha1Client as KubeSchedulingV1alpha1Client');
    expect(file('kube-clientset.ts')).toContain('get schedulingV1alpha1(): SchedulingV1alpha1Client {');
    expect(result.warnings.map(formatWarning)).toContain(
      "scheduling.k8s.io/v1alpha1: accessor 'schedulingV1alpha1' is also a custom resource group's; GenericClientset and GenericInformerFactory use 'schedulingK8sIoV1alpha1'",
    );
    expect(file('generic-informer-factory.ts')).toContain('get schedulingK8sIoV1alpha1(): KubeSchedulingV1alpha1Informers {');
  });

  it('keeps the package root free of built-in groups', () => {
    for (const path of ['index.ts', 'clientset.ts', 'informer-factory.ts', 'all-resources.ts']) {
      expect(file(path), path).not.toMatch(/core\/v1|things\.k8s\.io|scheduling\.k8s\.io/);
    }
  });
});

describe('the type map', () => {
  it('types the mapped CRD fields as the built-in type', () => {
    const types = file('scheduling.koordinator.sh/v1alpha1/types.ts');
    expect(types).toContain("import type { GizmoTemplate, GizmoTemplateInput } from '../../core/v1/types.js';");
    expect(types).toContain('template: GizmoTemplate;');
    expect(types).toContain('blob?: GizmoTemplate;');
  });

  it('validates them as the built-in type or as whatever the CRD accepts there', async () => {
    const { bookingSchema } = (await import(tree.path('scheduling.koordinator.sh/v1alpha1/schemas.ts'))) as { bookingSchema(): import('zod').ZodType };
    const ok = (spec: unknown): boolean => bookingSchema().safeParse({ spec }).success;
    expect(ok({ template: { spec: { parts: [{ name: 'a', count: 1 }] } } })).toBe(true);
    // The built-in type requires parts; the CRD preserves anything: accepted.
    expect(ok({ template: { spec: {} } })).toBe(true);
    expect(ok({ template: { spec: { parts: 'not a list' } } })).toBe(true);
    // The CRD declares an object there: a string is rejected by the server and by the client.
    expect(ok({ template: 'a string' })).toBe(false);
    // Schemaless in the CRD: any value.
    expect(ok({ template: {}, blob: 42 })).toBe(true);
  });
});

describe('built-in zod schemas', () => {
  it('accept absent and null fields and unknown enum values, and reject wrong types', async () => {
    const { gizmoSchema } = (await import(tree.path('core/v1/schemas.ts'))) as { gizmoSchema(): import('zod').ZodType };
    const ok = (value: unknown): boolean => gizmoSchema().safeParse(value).success;
    expect(ok({ apiVersion: 'v1', kind: 'Gizmo', metadata: { name: 'g' }, spec: { parts: [{ name: 'a' }], mode: 'Fast', limits: { cpu: '100m', memory: 1 } } })).toBe(true);
    expect(ok({ spec: {} })).toBe(true);
    expect(ok({ spec: { mode: 'Medium', startedAt: null, ratio: null, selector: null, port: 8080 } })).toBe(true);
    expect(ok({ spec: { unknownField: 1 }, status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: null }] } })).toBe(true);
    expect(ok({ spec: { retries: 'three' } })).toBe(false);
    expect(ok({ spec: { parts: [{ name: 'a', count: 1.5 }] } })).toBe(false);
    expect(ok({ spec: { port: 1.5 } })).toBe(false);
    expect(ok({ spec: { limits: { cpu: true } } })).toBe(false);
    expect(ok({ apiVersion: 'v2' })).toBe(false);
  });
});

const USAGE = `
import { GenericClientset } from './generated/generic-clientset.js';
import { KubeClientset } from './generated/kube-clientset.js';
import type { Gizmo, GizmoInput, GizmoSpec } from './generated/core/v1/types.js';
import type { Booking, BookingInput } from './generated/scheduling.koordinator.sh/v1alpha1/types.js';
import type { LabelSelectorRequirement } from './generated/meta/v1/types.js';
import type { KubeObject } from './meta/object.js';

declare const kube: KubeClientset;
declare const generic: GenericClientset;

export const review = kube.coreV1.reviews().create({ spec: { a: 'b' } });
// @ts-expect-error reviews are create-only
export const noGet = kube.coreV1.reviews().get('r');
// @ts-expect-error reviews cannot be listed
export const noList = kube.coreV1.reviews().list();
export const scale = kube.thingsV1.doohickeys('ns').getScale('d');
export const status = kube.coreV1.gizmos('ns').updateStatus({ metadata: { name: 'g' } });
// @ts-expect-error doohickeys have a scale subresource, reviews have none
export const noScale = kube.coreV1.reviews().getScale('r');
export const priorities = generic.schedulingK8sIoV1alpha1.priorities().list();
export const bookings = generic.schedulingV1alpha1.bookings().get('b');
// @ts-expect-error priorities are read-only
export const noCreate = kube.schedulingV1alpha1.priorities().create({});
export const asObject: KubeObject = {} as Gizmo;
export const spec: GizmoSpec = { parts: [{ name: 'a' }], limits: { cpu: '1', memory: 2 }, port: 'http' };
// @ts-expect-error parts is required
export const noParts: GizmoSpec = {};
// @ts-expect-error the operator is a literal union
export const badOperator: LabelSelectorRequirement = { key: 'a', operator: 'Maybe' };
export const booking: Booking = { spec: { template: { spec: { parts: [{ name: 'a' }] } } } };
// @ts-expect-error the mapped template is a GizmoTemplate
export const badBooking: Booking = { spec: { template: { spec: { parts: 'x' } } } };
// Writes: Go decodes a null as unset, so every optional field may be null; metadata as kubectl writes it.
export const gizmoNulls: GizmoInput = { metadata: { name: 'g', creationTimestamp: null, labels: null }, spec: { parts: [{ name: 'a', count: null }], limits: null, port: null }, status: null };
export const created = kube.coreV1.gizmos('ns').create(gizmoNulls);
// @ts-expect-error a part's name is required
export const nullPartName: GizmoInput = { spec: { parts: [{ name: null }] } };
// @ts-expect-error list items are not fields: a null part is not written away
export const nullPart: GizmoInput = { spec: { parts: [null] } };
declare const readGizmo: Gizmo;
export const writtenBack: GizmoInput = readGizmo;
export const updated = kube.coreV1.gizmos('ns').update(readGizmo);
// @ts-expect-error reads carry no nulls the server never returns
export const readNull: Gizmo = { ...readGizmo, spec: { parts: [], port: null } };
// A CRD field typed as a built-in type takes that type's write form.
export const bookingNulls: BookingInput = { metadata: { name: 'b', creationTimestamp: null }, spec: { template: { metadata: { creationTimestamp: null }, spec: { parts: [{ name: 'a', count: null }] } }, blob: null } };
export const bookingCreated = generic.schedulingV1alpha1.bookings().create(bookingNulls);
`;

describe('generated built-in code', () => {
  it('type-checks, and rejects verbs a kind does not serve at compile time', async () => {
    await writeFile(join(tree.root, 'usage.ts'), USAGE);
    const diagnostics = typeCheck(tree.root, join(tree.root, 'usage.ts'), { compilerOptions: { lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'], types: ['node'] } });
    expect(diagnostics).toEqual([]);
    // A whole TypeScript program over the generated tree and src/client, src/cache, src/rest: slow on a loaded machine.
  }, 300_000);
});
