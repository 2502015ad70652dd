/**
 * Emits the built-in side's root modules: `kube-resources.ts` (every built-in descriptor),
 * `kube-clientset.ts` (`KubeClientset`), `kube-informer-factory.ts` (`KubeInformerFactory`), and
 * the generic ones holding both sides (`GenericClientset`, `GenericInformerFactory`, as
 * Koordinator's `pkg/client/generic_client.go`). The package root's `Clientset` stays CRD-only.
 * @packageDocumentation
 */
import type { GroupVersionModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { informable } from './emit-informers.js';
import { groupVersionImportFromRoot } from './module-paths.js';
import { builtinGroupAccessorBase, groupVersionAccessor } from './naming.js';
import { RuntimeImports, type Runtime } from './runtime-imports.js';
import { compareStrings, GENERATED_HEADER, importStatement, quote } from './ts-syntax.js';
import { docComment } from './tsdoc.js';
import type { WarningSink } from './warnings.js';

/** A group version on a clientset: its model, the accessor there and the local name of its classes. */
interface Member {
  readonly gv: GroupVersionModel;
  readonly accessor: string;
  readonly clientClass: string;
  readonly informersClass: string;
}

function label(gv: GroupVersionModel): string {
  return `${gv.group === '' ? 'core' : gv.group}/${gv.version}`;
}

/**
 * Accessors of the built-in group versions on the generic clientset: their own, unless a CRD
 * group version has it (the CRD side keeps its name, as on `Clientset`); then every label of the
 * group (`schedulingK8sIoV1alpha1`), numbered if still taken. Deterministic; each rename warns.
 */
export function genericAccessors(crd: readonly GroupVersionModel[], builtin: readonly GroupVersionModel[], sink: WarningSink): Map<GroupVersionModel, string> {
  const taken = new Set(crd.map((gv) => gv.accessor));
  const out = new Map<GroupVersionModel, string>();
  for (const gv of [...builtin].sort((a, b) => compareStrings(a.dir, b.dir))) {
    let name = gv.accessor;
    if (taken.has(name)) {
      let fallback = groupVersionAccessor(builtinGroupAccessorBase(gv.group, true), gv.version);
      for (let n = 2; taken.has(fallback); n++) fallback = `${groupVersionAccessor(builtinGroupAccessorBase(gv.group, true), gv.version)}${n}`;
      sink.warn({ source: label(gv), message: `accessor '${name}' is also a custom resource group's; GenericClientset and GenericInformerFactory use '${fallback}'` });
      name = fallback;
    }
    taken.add(name);
    out.set(gv, name);
  }
  return out;
}

function members(crd: readonly GroupVersionModel[], builtin: readonly GroupVersionModel[], accessors: ReadonlyMap<GroupVersionModel, string>): Member[] {
  const classes = new Set(crd.flatMap((gv) => [gv.clientClass, gv.informersClass]));
  const local = (name: string): string => (classes.has(name) ? `Kube${name}` : name);
  return [
    ...crd.map((gv) => ({ gv, accessor: gv.accessor, clientClass: gv.clientClass, informersClass: gv.informersClass })),
    ...builtin.map((gv) => ({ gv, accessor: accessors.get(gv) ?? gv.accessor, clientClass: local(gv.clientClass), informersClass: local(gv.informersClass) })),
  ];
}

function importAs(name: string, local: string, from: string): string {
  return importStatement([name === local ? name : `${name} as ${local}`], from);
}

function writeClientset(file: string, className: string, doc: string[], list: readonly Member[], runtime: Runtime): string {
  const rt = new RuntimeImports(runtime, file, new Set([className, ...list.map((m) => m.clientClass)]));
  const base = rt.value('client/clientset-base', 'ClientsetBase');
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`The \`${className}\`.`, '@packageDocumentation']));
  for (const s of rt.statements()) w.line(s);
  for (const m of list) w.line(importAs(m.gv.clientClass, m.clientClass, groupVersionImportFromRoot(m.gv.dir, 'client')));
  w.line();
  w.line(docComment(doc));
  w.block(`export class ${className} extends ${base} {`, () => {
    for (const m of list) {
      const kinds = m.gv.kinds.map((k) => k.kind).join(', ');
      w.line(docComment([`The client of \`${label(m.gv)}\` (${kinds}).`]));
      w.block(`get ${m.accessor}(): ${m.clientClass} {`, () => {
        w.line(`return this.group(${m.clientClass});`);
      });
    }
  });
  return w.toString();
}

function writeFactory(
  file: string,
  className: string,
  doc: string[],
  list: readonly Member[],
  resources: readonly { name: string; from: string }[],
  runtime: Runtime,
): string {
  const cached = list.filter((m) => m.gv.kinds.some(informable));
  const rt = new RuntimeImports(runtime, file, new Set([className, ...resources.map((r) => r.name), ...cached.map((m) => m.informersClass)]));
  const context = rt.type('client/client-context', 'ClientContext');
  const base = rt.value('cache/index', 'SharedInformerFactory');
  const options = rt.type('cache/index', 'SharedInformerFactoryOptions');
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`The \`${className}\`.`, '@packageDocumentation']));
  for (const s of rt.statements()) w.line(s);
  for (const r of resources) w.line(`import { ${r.name} } from ${quote(r.from)};`);
  for (const m of cached) w.line(importAs(m.gv.informersClass, m.informersClass, groupVersionImportFromRoot(m.gv.dir, 'informers')));
  w.line();
  w.line(docComment(doc));
  w.block(`export class ${className} extends ${base} {`, () => {
    w.line(docComment(['@param source - a clientset (or its context) whose transport the informers use', '@param options - resync, namespace, selectors, transform, ...']));
    w.block(`constructor(source: ${context} | { readonly ctx: ${context} }, options: ${options} = {}) {`, () => {
      const all = resources.length === 1 ? resources[0]!.name : `[${resources.map((r) => `...${r.name}`).join(', ')}]`;
      w.line(`super(source, { resources: ${all}, ...options });`);
    });
    for (const m of cached) {
      const kinds = m.gv.kinds.filter(informable).map((k) => k.kind);
      w.line(docComment([`Informers of \`${label(m.gv)}\` (${kinds.join(', ')}).`]));
      w.block(`get ${m.accessor}(): ${m.informersClass} {`, () => {
        w.line(`return this.group(${m.informersClass});`);
      });
    }
  });
  return w.toString();
}

/** Renders `kube-resources.ts`: every built-in resource descriptor. */
export function emitKubeResources(builtin: readonly GroupVersionModel[], runtime: Runtime): string {
  const rt = new RuntimeImports(runtime, 'kube-resources.ts', new Set(['kubeResources', ...builtin.map((gv) => `${gv.accessor}Resources`)]));
  const descriptor = rt.type('meta/descriptor', 'ResourceDescriptor');
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment(['Every built-in resource descriptor.', '@packageDocumentation']));
  for (const s of rt.statements()) w.line(s);
  for (const gv of builtin) w.line(`import * as ${gv.accessor}Resources from ${quote(groupVersionImportFromRoot(gv.dir, 'resources'))};`);
  w.line();
  w.line(docComment(['Every built-in resource descriptor, sorted by group, version and kind.']));
  w.block(`export const kubeResources: readonly ${descriptor}[] = [`, () => {
    for (const gv of builtin) for (const k of gv.kinds) w.line(`${gv.accessor}Resources.${k.resourceConst},`);
  }, '];');
  return w.toString();
}

/** Renders `kube-clientset.ts`. */
export function emitKubeClientset(builtin: readonly GroupVersionModel[], runtime: Runtime): string {
  return writeClientset(
    'kube-clientset.ts',
    'KubeClientset',
    [
      'The typed clientset of the built-in Kubernetes API group versions (client-go `kubernetes.Clientset`):',
      'one client per group version, all sharing one REST transport and one rate limiter.',
    ],
    members([], builtin, new Map()),
    runtime,
  );
}

/** Renders `kube-informer-factory.ts`. */
export function emitKubeInformerFactory(builtin: readonly GroupVersionModel[], runtime: Runtime): string {
  return writeFactory(
    'kube-informer-factory.ts',
    'KubeInformerFactory',
    ['Shared informers of the built-in kinds: one list+watch per kind per factory (client-go `informers.SharedInformerFactory`).'],
    members([], builtin, new Map()),
    [{ name: 'kubeResources', from: './kube-resources.js' }],
    runtime,
  );
}

/** Renders `generic-clientset.ts`. */
export function emitGenericClientset(
  crd: readonly GroupVersionModel[],
  builtin: readonly GroupVersionModel[],
  accessors: ReadonlyMap<GroupVersionModel, string>,
  runtime: Runtime,
): string {
  return writeClientset(
    'generic-clientset.ts',
    'GenericClientset',
    [
      'Discovery, the built-in Kubernetes clients and the custom resource clients from one configuration',
      'and one transport (Koordinator `pkg/client.GenericClientset`).',
    ],
    members(crd, builtin, accessors),
    runtime,
  );
}

/** Renders `generic-informer-factory.ts`. */
export function emitGenericInformerFactory(
  crd: readonly GroupVersionModel[],
  builtin: readonly GroupVersionModel[],
  accessors: ReadonlyMap<GroupVersionModel, string>,
  runtime: Runtime,
): string {
  return writeFactory(
    'generic-informer-factory.ts',
    'GenericInformerFactory',
    ['Shared informers of the built-in and custom kinds in one factory: Pods and Reservations side by side, one list+watch per kind.'],
    members(crd, builtin, accessors),
    [
      { name: 'allResources', from: './all-resources.js' },
      { name: 'kubeResources', from: './kube-resources.js' },
    ],
    runtime,
  );
}
