// Output a user can compile: runtime imports through the package's public entry points (or
// relative to a runtime source directory from any --out), group accessors that depend on the
// group alone, and kinds named like the runtime's exports. The generated trees are type-checked
// with tsc, `koordinator-client` resolving to the sources through tsconfig.json `paths`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, type GenerateOptions } from '../../../codegen/generate.js';
import { loadCrds } from '../../../codegen/load-crds.js';
import { resolveRuntime } from '../../../codegen/main.js';
import { runtimeSpecifier, type Runtime } from '../../../codegen/runtime-imports.js';
import { formatWarning, WarningSink } from '../../../codegen/warnings.js';
import { typeCheck } from '../../e2e/support/typescript-runner.js';
import { fixturesDir, repoRoot } from './support/paths.js';

const PACKAGE: Runtime = { kind: 'package', specifier: 'koordinator-client' };

async function crdsOf(...names: string[]): Promise<unknown[]> {
  const sink = new WarningSink();
  const loaded = await loadCrds(
    names.map((n) => join(fixturesDir, n)),
    sink,
  );
  return loaded.map((l) => l.crd);
}

function crd(group: string, kind: string, opts: { annotations?: Record<string, string> } = {}): unknown {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
    },
  };
}

/** Every import/export specifier of a generated file. */
function specifiers(content: string): string[] {
  return [...content.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]!);
}

/** The accessors of the generated Clientset. */
function accessors(files: ReadonlyMap<string, string>): string[] {
  return [...files.get('clientset.ts')!.matchAll(/^ {2}get (\w+)\(\)/gm)].map((m) => m[1]!);
}

function run(crds: readonly unknown[], options: GenerateOptions = {}) {
  const result = generate(crds, options);
  return { files: result.files, warnings: result.warnings.map(formatWarning) };
}

describe('runtime imports', () => {
  it('a package runtime: every runtime import names the package root or its /schema or /checks subpath; relative imports stay inside the output', async () => {
    const { files } = run(await crdsOf('constructs', 'collisions'), { runtime: PACKAGE });
    const external = new Set<string>();
    for (const [path, content] of files) {
      for (const spec of specifiers(content)) {
        if (!spec.startsWith('.')) {
          external.add(spec);
          continue;
        }
        const target = posix.join(posix.dirname(path), spec).replace(/\.js$/, '.ts');
        expect(target.startsWith('..'), `${path} imports ${spec} from outside the output`).toBe(false);
        expect(files.has(target), `${path} imports ${spec}, which is not generated`).toBe(true);
      }
    }
    expect([...external].sort()).toEqual(['koordinator-client', 'koordinator-client/checks', 'koordinator-client/schema']);
    // zod comes through the runtime: the user's project needs no zod of its own.
    const schemas = files.get('example.koordinator.sh/v1/schemas.ts')!;
    expect(schemas).toMatch(/^import \{\s+z,\s+int64,[^}]*\bobjectMeta,[^}]*\} from 'koordinator-client\/schema';$/m);
    expect(schemas).not.toContain("from 'zod'");
    // The write checks import no zod at all.
    const checks = files.get('example.koordinator.sh/v1/checks.ts')!;
    expect(checks).toMatch(/^import \{[^}]*\bisObjectMeta,[^}]*\} from 'koordinator-client\/checks';$/m);
    expect(checks).not.toMatch(/from '(zod|koordinator-client\/schema)'/);
    expect(files.get('example.koordinator.sh/v1/types.ts')).toContain("import type { DeepPartial, KubeList, ObjectMeta, ObjectMetaInput } from 'koordinator-client';");
  });

  it('a source runtime: relative imports from wherever the output is', () => {
    const runtime = (out: string, src: string) => resolveRuntime(src, out, '/work/proj');
    expect(runtime('src/generated', './src')).toEqual({ kind: 'source', dir: '..' });
    expect(runtime('src/a/b/generated', './src')).toEqual({ kind: 'source', dir: '../../..' });
    expect(runtime('/elsewhere/gen', './src')).toEqual({ kind: 'source', dir: '../../work/proj/src' });
    expect(runtime('./gen', '/work/proj/src')).toEqual({ kind: 'source', dir: '../src' });
    expect(runtime('gen', 'koordinator-client')).toEqual({ kind: 'package', specifier: 'koordinator-client' });
    expect(runtime('gen', '@scope/runtime')).toEqual({ kind: 'package', specifier: '@scope/runtime' });
    const deep: Runtime = { kind: 'source', dir: '../../..' };
    expect(runtimeSpecifier(deep, 'client/group-client', 'example.com/v1/client.ts')).toBe('../../../../../client/group-client.js');
    expect(runtimeSpecifier(deep, 'client/clientset-base', 'clientset.ts')).toBe('../../../client/clientset-base.js');
    expect(runtimeSpecifier(deep, 'zod', 'example.com/v1/schemas.ts')).toBe('zod');
    expect(runtimeSpecifier(PACKAGE, 'meta/schema-helpers', 'example.com/v1/schemas.ts')).toBe('koordinator-client/schema');
    expect(runtimeSpecifier(PACKAGE, 'cache/index', 'informer-factory.ts')).toBe('koordinator-client');
  });
});

describe('group accessors', () => {
  const gateway = crd('gateway.networking.k8s.io', 'Route', { annotations: { 'api-approved.kubernetes.io': 'unapproved, test' } });
  const experimental = crd('gateway.networking.x-k8s.io', 'Route', { annotations: {} });

  it('stay the same when other groups are added to the run', async () => {
    const alone = accessors(run([gateway]).files);
    expect(alone).toEqual(['gatewayNetworkingV1']);
    const withTwin = run([gateway, experimental, ...(await crdsOf('constructs'))]);
    expect(accessors(withTwin.files)).toEqual(['exampleV1', 'exampleV1beta1', 'gatewayNetworkingV1', 'gatewayNetworkingXV1', 'thingsXV1']);
    expect(withTwin.warnings.filter((w) => w.includes('accessor'))).toEqual([]);
    expect(accessors(run([experimental]).files)).toEqual(['gatewayNetworkingXV1']);
  });

  it('a real collision keeps the higher ranked group, renames the other deterministically and warns', () => {
    // `scheduling.k8s.io` and the primary-domain `scheduling.koordinator.sh` both want `scheduling`.
    const primary = crd('scheduling.koordinator.sh', 'Booking');
    const other = crd('scheduling.k8s.io', 'Slot', { annotations: { 'api-approved.kubernetes.io': 'unapproved, test' } });
    const a = run([other, primary]);
    const b = run([primary, other]);
    expect(accessors(a.files)).toEqual(['schedulingK8sIoV1', 'schedulingV1']);
    expect(b.files).toEqual(a.files);
    expect(a.warnings).toContain("scheduling.k8s.io: accessor 'scheduling' is already scheduling.koordinator.sh's (scheduling.koordinator.sh, scheduling.k8s.io share it); using 'schedulingK8sIo'");
    // Punctuation alone: the first in code-unit order keeps the name.
    const c = run([crd('foo.bar.io', 'A'), crd('foo-bar.io', 'B')]);
    expect(accessors(c.files)).toEqual(['fooBarIoV1', 'fooBarIo2V1']);
    expect(c.warnings.some((w) => w.startsWith("foo.bar.io: accessor 'fooBarIo' is already foo-bar.io's"))).toBe(true);
  });
});

describe('names shared with the runtime', () => {
  it('a kind named like a runtime export gets the runtime import aliased; a kind named like a generated class renames the class', async () => {
    const { files, warnings } = run(await crdsOf('collisions'), { runtime: PACKAGE });
    const client = files.get('collide.example.com/v1/client.ts')!;
    expect(client).toContain('GroupClient as RuntimeGroupClient');
    expect(client).toContain('StatusResourceClient as RuntimeStatusResourceClient');
    expect(client).toContain('export class CollideExampleComV1GroupClient extends RuntimeGroupClient {');
    const types = files.get('collide.example.com/v1/types.ts')!;
    expect(types).toContain('import type {\n  DeepPartial as RuntimeDeepPartial,\n  KubeList as RuntimeKubeList,\n  ObjectMeta as RuntimeObjectMeta,\n  ObjectMetaInput,\n} from \'koordinator-client\';');
    // The kind ObjectMeta's write form steps aside for the runtime's ObjectMetaInput.
    expect(types).toContain('export interface ObjectMetaInput2 {');
    expect(types).toContain('export interface ObjectMeta {');
    expect(types).toContain('export interface KubeListList extends RuntimeKubeList<KubeList> {');
    // A kind named Omit shadows TypeScript's Omit in the file: the apply types do without it.
    expect(types).toContain("export type OmitApply = RuntimeDeepPartial<{ [P in keyof Omit as P extends 'apiVersion' | 'kind' | 'metadata' ? never : P]: Omit[P] }> & {");
    expect(files.get('collide.example.com/v1/informers.ts')).toContain('export class CollideExampleComV1GroupInformers extends RuntimeGroupInformers {');
    expect(warnings).toContain("collide.example.com/v1: the group client class 'CollideExampleComV1Client' is also the name of a generated type; using 'CollideExampleComV1GroupClient'");
    expect(warnings).toContain("collide.example.com/v1: the informers class 'CollideExampleComV1Informers' is also the name of a generated type; using 'CollideExampleComV1GroupInformers'");
  });
});

describe('the output compiles', () => {
  let base: string | undefined;
  afterAll(async () => {
    if (base !== undefined) await rm(base, { recursive: true, force: true });
  });

  it('with the package runtime, and with a source runtime from an output three levels down', async () => {
    await mkdir(resolve(repoRoot, '.tmp'), { recursive: true });
    base = await mkdtemp(join(resolve(repoRoot, '.tmp'), 'user-output-'));
    const write = async (root: string, files: ReadonlyMap<string, string>): Promise<string[]> => {
      const paths: string[] = [];
      for (const [rel, content] of files) {
        const target = join(root, rel);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
        paths.push(target);
      }
      return paths;
    };
    const extraGroups = [crd('gateway.networking.k8s.io', 'Route', { annotations: { 'api-approved.kubernetes.io': 'unapproved, test' } }), crd('gateway.networking.x-k8s.io', 'Route')];
    const pkgOut = join(base, 'pkg', 'gen');
    const pkgFiles = await write(pkgOut, run([...(await crdsOf('constructs', 'collisions')), ...extraGroups], { runtime: PACKAGE }).files);
    const deepOut = join(base, 'deep', 'a', 'b', 'generated');
    const deepRuntime = resolveRuntime(resolve(repoRoot, 'src'), deepOut);
    expect(deepRuntime.kind).toBe('source');
    const deepFiles = await write(deepOut, run(await crdsOf('constructs'), { runtime: deepRuntime }).files);
    // A user's program: the colliding kinds work through the generated client.
    const usage = join(base, 'pkg', 'usage.ts');
    await writeFile(
      usage,
      [
        "import { Clientset, InformerFactory, collideExampleComV1, gatewayNetworkingXV1 } from './gen/index.js';",
        'export async function use(cs: Clientset, factory: InformerFactory): Promise<collideExampleComV1.GroupClient> {',
        "  const clients = cs.collideExampleComV1.groupClients('default');",
        "  const g = await clients.get('x');",
        '  await clients.updateStatus(g);',
        "  const meta: collideExampleComV1.ObjectMeta = await cs.collideExampleComV1.objectMetas('default').create({ metadata: { name: 'm' } });",
        "  const scale = await cs.collideExampleComV1.scaleResourceClients('default').getScale('s');",
        "  const route: gatewayNetworkingXV1.Route['kind'] = factory.gatewayNetworkingXV1.routes.lister().namespace('default').get('r').kind;",
        "  const apply: collideExampleComV1.OmitApply = { apiVersion: 'collide.example.com/v1', kind: 'Omit', metadata: { name: 'o' }, spec: { replicas: 1 } };",
        "  await cs.collideExampleComV1.omits('default').apply(apply, { fieldManager: 'test' });",
        "  void meta; void scale; void route; void factory.collideExampleComV1.clientsets.informer();",
        '  return g;',
        '}',
        '',
      ].join('\n'),
    );
    const diagnostics = await typeCheck([usage, ...pkgFiles, ...deepFiles], base);
    expect([...diagnostics.values()].flat().map((l) => relative(base!, l))).toEqual([]);
  }, 300_000);
});
