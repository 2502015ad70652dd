/**
 * Emits `<group>/<version>/client.ts`: the typed group client. Each kind gets one method; its
 * scope, its subresources and its verbs are in the types (a namespaced kind needs a namespace or
 * `allNamespaces`; `updateStatus` exists only with a status subresource, `getScale` only with a
 * scale subresource; a create-only kind has only `create`). The behaviour lives in the
 * hand-written `GroupClient` base and client classes.
 * @packageDocumentation
 */
import type { GroupVersionModel, KindModel } from './build-model.js';
import { CodeWriter } from './code-writer.js';
import { RuntimeImports, SOURCE_PARENT_RUNTIME, type Runtime, type RuntimeModule } from './runtime-imports.js';
import { GENERATED_HEADER, importStatement } from './ts-syntax.js';
import { docComment, docTextLines, firstSentence } from './tsdoc.js';

/** Every verb of a fully served resource. */
const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Client methods per verb. */
const VERB_METHODS: Readonly<Record<string, readonly string[]>> = {
  get: ['get'],
  list: ['list', 'listAll'],
  watch: ['watch'],
  create: ['create'],
  update: ['update'],
  patch: ['patch', 'apply'],
  delete: ['delete'],
  deletecollection: ['deleteCollection'],
};

type ClientClass = 'ResourceClient' | 'StatusResourceClient' | 'ScaleResourceClient' | 'PodClient';

/** Local names of the runtime names a client file uses (aliased when a kind takes one). */
type Locals = ReadonlyMap<string, string>;

function local(names: Locals, name: string): string {
  return names.get(name) ?? name;
}

/** The runtime module each client class is imported from. */
const CLIENT_CLASS_MODULE: Readonly<Record<ClientClass, RuntimeModule>> = {
  ResourceClient: 'client/group-client',
  StatusResourceClient: 'client/group-client',
  ScaleResourceClient: 'client/scale-resource-client',
  PodClient: 'client/pod-client',
};

/** The client class of a kind: from its subresources (Pods have their own). */
export function clientClassOf(k: KindModel): ClientClass {
  if (k.builtin !== undefined && k.group === '' && k.plural === 'pods') return 'PodClient';
  if (k.scale !== undefined) return 'ScaleResourceClient';
  return k.statusSubresource ? 'StatusResourceClient' : 'ResourceClient';
}

/** The verbs of a kind; CRD kinds serve all of them. */
function verbsOf(k: KindModel): readonly string[] {
  return k.builtin?.verbs ?? ALL_VERBS;
}

/** True when the kind serves only some of the verbs, so its client type is narrowed. */
function narrowed(k: KindModel): boolean {
  const verbs = new Set(verbsOf(k));
  return !ALL_VERBS.every((v) => verbs.has(v));
}

/** The methods of a narrowed client: those of its verbs, plus the subresource methods. */
function narrowedMethods(k: KindModel): string[] {
  const out = verbsOf(k).flatMap((v) => VERB_METHODS[v] ?? []);
  if (k.statusSubresource) out.push('updateStatus', 'patchStatus', 'applyStatus');
  if (k.scale !== undefined) out.push('getScale', 'updateScale', 'patchScale');
  return out;
}

/** The type arguments of a kind's client: read type, list type, and the input type when it differs. */
function clientTypeArguments(k: KindModel): string {
  return k.root.inputName === undefined ? `${k.kind}, ${k.kind}List` : `${k.kind}, ${k.kind}List, ${k.root.inputName}`;
}

function clientType(k: KindModel, names: Locals): string {
  const types = clientTypeArguments(k);
  const base = `${local(names, clientClassOf(k))}<${types}>`;
  if (!narrowed(k)) return base;
  return `Pick<${base}, ${narrowedMethods(k).map((m) => `'${m}'`).join(' | ')}>`;
}

/** The type of the across-all-namespaces reader, or undefined when the kind cannot be listed or watched. */
function allNamespacesType(k: KindModel, names: Locals = new Map()): string | undefined {
  const verbs = new Set(verbsOf(k));
  const types = `${k.kind}, ${k.kind}List`;
  const client = local(names, 'AllNamespacesClient');
  if (verbs.has('list') && verbs.has('watch')) return `${client}<${types}>`;
  if (verbs.has('list')) return `Pick<${client}<${types}>, 'list' | 'listAll'>`;
  if (verbs.has('watch')) return `Pick<${client}<${types}>, 'watch'>`;
  return undefined;
}

function methodDoc(k: KindModel): string[] {
  const sentence = firstSentence(k.root.doc.description) ?? `${k.kind} objects.`;
  const canReadAll = allNamespacesType(k) !== undefined;
  const scope = k.namespaced
    ? canReadAll
      ? 'Namespaced: pass a namespace, or `allNamespaces` to list or watch across all.'
      : 'Namespaced: pass a namespace.'
    : 'Cluster-scoped.';
  const lines = [`${sentence} ${scope}`];
  if (narrowed(k)) lines.push('', `The server serves only: ${verbsOf(k).join(', ')}.`);
  if (k.deprecation !== undefined) {
    const text = k.deprecation === '' ? `${k.apiVersion} ${k.kind} is deprecated.` : k.deprecation;
    lines.push('', `@deprecated ${docTextLines(text).join(' ')}`);
  }
  return lines;
}

/** The second argument of `clusterClient`/`namespacedClient`: a class for built-in and scale kinds, else the status flag. */
function clientArgument(k: KindModel, names: Locals = new Map()): string {
  if (k.builtin === undefined && k.scale === undefined) return String(k.statusSubresource);
  return local(names, clientClassOf(k));
}

function writeMethod(w: CodeWriter, k: KindModel, names: Locals): void {
  const type = clientType(k, names);
  w.line(docComment(methodDoc(k)));
  if (k.namespaced) {
    const all = allNamespacesType(k, names);
    if (all === undefined) {
      w.block(`${k.methodName}(namespace: string): ${type} {`, () => {
        w.line(`return this.namespacedClient(${k.resourceConst}, namespace, ${clientArgument(k, names)}) as unknown as ${type};`);
      });
      return;
    }
    const allNamespaces = local(names, 'AllNamespaces');
    w.line(`${k.methodName}(namespace: string): ${type};`);
    w.line(`${k.methodName}(namespace: ${allNamespaces}): ${all};`);
    w.block(`${k.methodName}(namespace: string | ${allNamespaces}): unknown {`, () => {
      w.line(`return this.namespacedClient(${k.resourceConst}, namespace, ${clientArgument(k, names)});`);
    });
  } else {
    w.block(`${k.methodName}(): ${type} {`, () => {
      w.line(`return this.clusterClient(${k.resourceConst}, ${clientArgument(k, names)});`);
    });
  }
}

/** Renders the group client file of a group version; the runtime is imported from `runtime`. */
export function emitClient(gv: GroupVersionModel, runtime: Runtime = SOURCE_PARENT_RUNTIME): string {
  const args = new Set(gv.kinds.map((k) => clientArgument(k)));
  const types = new Set(gv.kinds.map(clientClassOf));
  const generated = new Set([gv.clientClass, ...gv.kinds.flatMap((k) => [k.kind, `${k.kind}List`, k.resourceConst, ...(k.root.inputName === undefined ? [] : [k.root.inputName])])]);
  const rt = new RuntimeImports(runtime, `${gv.dir}/client.ts`, generated);
  const names = new Map<string, string>();
  const use = (module: RuntimeModule, name: string, typeOnly: boolean): void => {
    names.set(name, typeOnly ? rt.type(module, name) : rt.value(module, name));
  };
  use('client/group-client', 'GroupClient', false);
  if (gv.kinds.some((k) => k.namespaced)) use('client/group-client', 'AllNamespaces', true);
  if (gv.kinds.some((k) => k.namespaced && allNamespacesType(k) !== undefined)) use('client/group-client', 'AllNamespacesClient', true);
  for (const c of ['ResourceClient', 'StatusResourceClient', 'PodClient', 'ScaleResourceClient'] as const) {
    if (args.has(c)) use(CLIENT_CLASS_MODULE[c], c, false);
    else if (types.has(c)) use(CLIENT_CLASS_MODULE[c], c, true);
  }
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`The typed client of the \`${gv.group || 'core'}/${gv.version}\` API group version.`, '@packageDocumentation']));
  for (const s of rt.statements()) w.line(s);
  w.line(importStatement(gv.kinds.flatMap((k) => [k.kind, `${k.kind}List`, ...(k.root.inputName === undefined ? [] : [k.root.inputName])]), './types.js', true));
  w.line(importStatement(gv.kinds.map((k) => k.resourceConst), './resources.js'));
  w.line();
  w.line(docComment([`Typed client for the ${gv.group || 'core'}/${gv.version} API group version.`]));
  w.block(`export class ${gv.clientClass} extends ${local(names, 'GroupClient')} {`, () => {
    for (const k of [...gv.kinds].sort((a, b) => (a.methodName < b.methodName ? -1 : 1))) writeMethod(w, k, names);
  });
  return w.toString();
}
