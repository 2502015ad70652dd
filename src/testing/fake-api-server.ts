/**
 * `FakeApiServer`: the Kubernetes REST protocol served from memory, with the API server's
 * semantics for custom resources (uid, resourceVersion, generation, status subresource,
 * optimistic concurrency, finalizers, selectors, pagination, patches, server-side apply,
 * structural defaulting and pruning, schema validation, watch with bookmarks and 410 Gone),
 * plus client-go style reactors and an action log. `transport()` plugs it into any Clientset.
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { parseLabelSelector, type Selector } from '../cache/label-selector.js';
import { schemaIssues, type SchemaIssues } from '../client/validate-object.js';
import { apiVersionOf, type ResourceDescriptor } from '../meta/descriptor.js';
import type { KubeObject, ManagedFieldsEntry, Status } from '../meta/object.js';
import type { CallOptions } from '../meta/options.js';
import { AbortError, ValidationError } from '../rest/errors.js';
import { namespaceProblems, objectNameProblems } from '../rest/wire/request-builder.js';
import type { RestRequest, RestResponse, RestStream, Transport } from '../rest/transport/transport.js';
import type { Action } from './actions.js';
import { FakeWatcher } from './fake-watcher.js';
import { FieldSelectorError, matchesFields, parseFieldSelector, selectableFields, type FieldRequirement } from './field-selector.js';
import { jsonEqual } from '../meta/json-equal.js';
import { applyJsonPatch, applyMergePatch, PatchApplyError } from './json-patch.js';
import { describeConflicts, managedFieldsAfterUpdate, serverSideApply } from './managed-fields.js';
import { ReactorChain, statusOf, type ReactionFunc, type WatchReactionFunc } from './reactors.js';
import { parseRequest, type ResourceRequest } from './request-parser.js';
import { namespaceDescriptor, ResourceRegistry, storageResource } from './resource-registry.js';
import * as statusErrors from './status-errors.js';
import type { FieldError } from './status-errors.js';
import { ObjectTracker, RevisionCompactedError, type Change, type StoredObject } from './object-tracker.js';
import { applyStrategicMergePatch, builtinMergeSchema } from './strategic-merge-patch.js';
import { applyDefaults, crdVersionSchema, prune, type SchemaNode } from './structural-schema.js';
import { dropNullFields } from './go-decoding.js';
import { isObject } from '../meta/value-checks.js';

/** A JSON object as the fake server stores and serves it. */
export type Json = Record<string, unknown>;

/** An object to start with: any kind the server serves, with its apiVersion and kind. */
export type SeedObject = KubeObject | (KubeObject & { readonly [field: string]: unknown });

/** Options of a {@link FakeApiServer}. */
export interface FakeApiServerOptions {
  /** The kinds to serve (core Namespaces are always served). */
  descriptors: readonly ResourceDescriptor[];
  /** Objects present from the start (typed by their apiVersion and kind). */
  objects?: readonly SeedObject[];
  /**
   * Namespaced objects may only be created in an existing Namespace (the API server's
   * NamespaceLifecycle admission). Off by default, so tests need not create namespaces.
   */
  requireNamespace?: boolean;
  /** Validate written objects against their kind's generated schema (default true), as the server does with the CRD schema. */
  validate?: boolean;
  /** How often a watch that allows bookmarks gets one (default 1000 ms; the real server sends one about every minute). */
  bookmarkIntervalMs?: number;
  /** Changes kept for watches and continued lists before older ones are compacted (default 10 000). */
  historyLimit?: number;
  /** Field manager recorded for writes that name none (default `koordinator-client`, as the server derives it from the User-Agent). */
  defaultFieldManager?: string;
}

/** A failure the server answers with a Status. */
class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
}

function fail(status: Status): never {
  throw new StatusError(status);
}

function meta(obj: Json): Json {
  if (!isObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as Json;
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += nameAlphabet[Math.floor(Math.random() * nameAlphabet.length)];
  return s;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): RestResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function statusResponse(status: Status): RestResponse {
  return json(status.code ?? 500, status);
}

/** Resolves when `promise` does, or rejects with `AbortError` when the call's signal or timeout fires first. */
async function withinCall<T>(promise: Promise<T>, opts: CallOptions | undefined, req: RestRequest): Promise<T> {
  const signals: AbortSignal[] = [];
  if (opts?.signal) signals.push(opts.signal);
  if (opts?.timeoutMs !== undefined) signals.push(AbortSignal.timeout(opts.timeoutMs));
  if (signals.length === 0) return promise;
  const signal = signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals);
  const timedOut = (): boolean => opts?.signal?.aborted !== true;
  if (signal.aborted) throw new AbortError(timedOut() ? `timed out after ${opts?.timeoutMs} ms` : 'aborted', { request: req.context, timedOut: timedOut() });
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError(timedOut() ? `timed out after ${opts?.timeoutMs} ms` : 'aborted', { request: req.context, timedOut: timedOut() }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

interface Continue {
  rv: number;
  start: string;
}

function encodeContinue(c: Continue): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: c.rv, start: c.start })).toString('base64');
}

function decodeContinue(token: string): Continue {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('bad token');
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    fail(statusErrors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
  }
}

/** True for the core Namespace kind. */
function isNamespaceKind(d: ResourceDescriptor): boolean {
  return d.group === '' && d.plural === 'namespaces';
}

/** Built-in kinds whose registry strategy maintains metadata.generation (custom resources always do). */
const builtinKindsWithGeneration = new Set([
  'apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet', 'batch/Job', 'batch/CronJob', '/Pod', '/ReplicationController',
  'networking.k8s.io/Ingress', 'networking.k8s.io/NetworkPolicy', 'policy/PodDisruptionBudget', 'autoscaling/HorizontalPodAutoscaler',
  'apiextensions.k8s.io/CustomResourceDefinition', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
]);

/** True when objects of the kind carry metadata.generation. */
function hasGeneration(d: ResourceDescriptor): boolean {
  return d.crd !== undefined || builtinKindsWithGeneration.has(`${d.group}/${d.kind}`);
}

/** True for custom resources: unstructured on the server (sorted JSON keys, apiVersion/kind on list items). */
function isCustom(d: ResourceDescriptor): boolean {
  return d.crd !== undefined;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  const out: Json = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

function objectKey(obj: Json): string {
  const m = meta(obj);
  return m.namespace ? `${m.namespace as string}/${m.name as string}` : (m.name as string);
}

/** Selects objects by labels, fields and namespace. */
interface Filter {
  namespace: string;
  labels?: Selector;
  fields: FieldRequirement[];
}

function matches(filter: Filter, obj: Json | undefined): boolean {
  if (!obj) return false;
  const m = meta(obj);
  if (filter.namespace && m.namespace !== filter.namespace) return false;
  if (filter.labels && !filter.labels.matches(m.labels as Record<string, string> | undefined)) return false;
  return matchesFields(filter.fields, obj as KubeObject);
}

function parseFilter(action: Action, d: ResourceDescriptor): Filter {
  const filter: Filter = { namespace: action.namespace, fields: [] };
  const ls = action.query.labelSelector;
  if (ls) {
    try {
      filter.labels = parseLabelSelector(ls);
    } catch (err) {
      fail(statusErrors.badRequest(`unable to parse requirement: ${err instanceof ValidationError ? err.issues.map((i) => i.message).join('; ') : String(err)}`));
    }
  }
  const fs = action.query.fieldSelector;
  if (fs) {
    try {
      filter.fields = parseFieldSelector(fs, selectableFields(d.group, d.kind));
    } catch (err) {
      fail(statusErrors.badRequest(err instanceof FieldSelectorError ? err.message : String(err)));
    }
  }
  return filter;
}

function parseRevision(value: string, what: string): number {
  if (!/^[0-9]+$/.test(value)) fail(statusErrors.badRequest(`invalid ${what}: ${JSON.stringify(value)}`));
  return Number(value);
}

/** Maps zod issues to the API server's field errors. */
function fieldErrorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; expected?: string; input?: unknown }>, obj: unknown): FieldError[] {
  return issues.map((i) => {
    let field = '';
    let value: unknown = obj;
    for (const seg of i.path) {
      field += typeof seg === 'number' ? `[${seg}]` : field ? `.${String(seg)}` : String(seg);
      value = isObject(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[seg as string] : undefined;
    }
    if (value === undefined && i.code === 'invalid_type') return { type: 'FieldValueRequired', field, detail: 'Required value' };
    if (i.code === 'invalid_type') {
      const actual = typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
      return { type: 'FieldValueTypeInvalid', field, detail: `Invalid value: "${actual}": ${field} in body must be of type ${i.expected ?? 'the declared type'}: "${actual}"` };
    }
    const bound = (i as { minimum?: unknown; maximum?: unknown; origin?: string; inclusive?: boolean; values?: unknown[]; format?: string; pattern?: string });
    if (i.code === 'too_small' || i.code === 'too_big') {
      const min = i.code === 'too_small';
      const limit = String(min ? bound.minimum : bound.maximum);
      if (bound.origin === 'array') return { type: min ? 'FieldValueInvalid' : 'FieldValueTooMany', field, detail: `Invalid value: ${Array.isArray(value) ? value.length : 0}: ${field} in body should have ${min ? 'at least' : 'at most'} ${limit} items` };
      if (bound.origin === 'string') return { type: min ? 'FieldValueInvalid' : 'FieldValueTooLong', field, detail: `Invalid value: ${JSON.stringify(value)}: ${field} in body should be ${min ? 'at least' : 'at most'} ${limit} chars long` };
      return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${JSON.stringify(value)}: ${field} in body should be ${min ? 'greater' : 'less'} than ${bound.inclusive === false ? '' : 'or equal to '}${limit}` };
    }
    if (i.code === 'invalid_value' && Array.isArray(bound.values)) {
      return { type: 'FieldValueNotSupported', field, detail: `Unsupported value: ${JSON.stringify(value)}: supported values: ${bound.values.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    if (i.code === 'invalid_format' && bound.format === 'regex') {
      return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${JSON.stringify(value)}: ${field} in body should match '${bound.pattern ?? ''}'` };
    }
    return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${JSON.stringify(value)}: ${i.message}` };
  });
}

const warnings = new WeakMap<Action, string[]>();

/** The warnings collected while serving `action` (pruned unknown fields). */
function warningsOf(action: Action): string[] {
  let w = warnings.get(action);
  if (!w) warnings.set(action, (w = []));
  return w;
}

/** The `Warning` headers of an answer to `action`. */
function warningHeaders(action: Action): Record<string, string> {
  const w = warnings.get(action) ?? [];
  return w.length ? { warning: w.map((m) => `299 - ${JSON.stringify(m)}`).join(', ') } : {};
}

/** Kind information the server needs about one descriptor, loaded once. */
interface KindInfo {
  /** The CRD's structural schema: pruning, defaults and merge types. */
  structural?: SchemaNode;
  /** The merge types of a built-in kind (for managed fields and apply). */
  merge?: SchemaNode;
  /** The kind's schema errors of an object (none when it passes); zod is loaded only for one that fails the write check. */
  validate?: (obj: unknown) => FieldError[] | Promise<FieldError[]>;
}

/** An in-memory Kubernetes API server for tests. */
export class FakeApiServer {
  /** The storage: objects, revisions, history. */
  readonly tracker: ObjectTracker;
  /** The served kinds. */
  readonly registry: ResourceRegistry;
  private readonly reactors = new ReactorChain();
  private readonly log: Action[] = [];
  private readonly kinds = new Map<ResourceDescriptor, Promise<KindInfo>>();
  private readonly watchers = new Set<FakeWatcher>();
  private readonly seeded: Promise<void>;
  private readonly opts: Required<Omit<FakeApiServerOptions, 'objects' | 'descriptors'>>;

  constructor(opts: FakeApiServerOptions) {
    this.registry = new ResourceRegistry(opts.descriptors);
    this.tracker = new ObjectTracker(opts.historyLimit === undefined ? {} : { historyLimit: opts.historyLimit });
    this.opts = {
      requireNamespace: opts.requireNamespace ?? false,
      validate: opts.validate ?? true,
      bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 1000,
      historyLimit: opts.historyLimit ?? 10_000,
      defaultFieldManager: opts.defaultFieldManager ?? 'koordinator-client',
    };
    const seeds = (opts.objects ?? []).map((o) => this.resolveSeed(o));
    this.seeded = (async () => {
      for (const [d, o] of seeds) await this.add(o, d);
    })();
    this.seeded.catch(() => undefined);
  }

  private resolveSeed(obj: KubeObject): [ResourceDescriptor, KubeObject] {
    const d = obj.apiVersion && obj.kind ? this.registry.byKind(obj.apiVersion, obj.kind) : undefined;
    if (!d) {
      throw new ValidationError('the fake server does not serve this object', [{ path: 'apiVersion/kind', message: `unknown type ${obj.apiVersion ?? '<no apiVersion>'} ${obj.kind ?? '<no kind>'}: give apiVersion and kind of a served kind` }]);
    }
    return [d, obj];
  }

  /**
   * Stores an object as a create would (name, uid, timestamps, defaults, validation), keeping a
   * status it carries. Resolves to the stored object.
   */
  async add(obj: KubeObject, descriptor?: ResourceDescriptor): Promise<Json> {
    const d = descriptor ?? this.resolveSeed(obj)[0];
    const ns = obj.metadata?.namespace ?? (d.namespaced ? 'default' : '');
    const action: Action = { verb: 'create', resource: { group: d.group, version: d.version, resource: d.plural }, namespace: ns, object: obj as Json, query: {} };
    const res = await this.create(d, action, obj as Json, true);
    return res;
  }

  // --- reactors and actions -----------------------------------------------------------------

  /** Runs `fn` first for `verb` (or `*`) on `resource` (plural, `plural/status`, or `*`). */
  prependReactor(verb: string, resource: string, fn: ReactionFunc): void {
    this.reactors.prepend(verb, resource, fn);
  }

  /** Runs `fn` after the reactors registered so far, before the server's own handling. */
  addReactor(verb: string, resource: string, fn: ReactionFunc): void {
    this.reactors.append(verb, resource, fn);
  }

  /** Runs `fn` first for watches of `resource`. */
  prependWatchReactor(resource: string, fn: WatchReactionFunc): void {
    this.reactors.prependWatch(resource, fn);
  }

  /** Runs `fn` after the watch reactors registered so far. */
  addWatchReactor(resource: string, fn: WatchReactionFunc): void {
    this.reactors.appendWatch(resource, fn);
  }

  /** Removes every reactor. */
  clearReactors(): void {
    this.reactors.clear();
  }

  /** Every request made so far, in order (discovery excluded). */
  actions(): readonly Action[] {
    return [...this.log];
  }

  /** Forgets the recorded actions. */
  clearActions(): void {
    this.log.length = 0;
  }

  /** A transport that serves requests from this server; any number of Clientsets may share it. */
  transport(): Transport {
    return {
      request: (req, opts) => this.request(req, opts),
      stream: (req, opts) => this.stream(req, opts),
      close: async () => {
        for (const w of [...this.watchers]) w.stop();
      },
    };
  }

  /** Ends every open watch (what a real server restart does to clients). */
  closeWatches(): void {
    for (const w of [...this.watchers]) w.stop();
  }

  // --- request entry points -----------------------------------------------------------------

  /** Answers one non-streaming request. */
  async request(req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    return withinCall(this.answer(req, opts), opts, req);
  }

  private async answer(req: RestRequest, opts?: CallOptions): Promise<RestResponse> {
    await this.seeded;
    const parsed = parseRequest(req, this.registry);
    if (parsed.kind === 'discovery') return this.discovery(parsed.path);
    if (parsed.kind === 'unknown') return pageNotFound();
    this.log.push(parsed.action);
    const reacted = await this.reactors.react(parsed.action, opts?.signal);
    if (reacted) {
      if (reacted.error) return statusResponse(statusOf(reacted.error));
      return json(200, reacted.object ?? {});
    }
    try {
      return await this.serve(parsed);
    } catch (err) {
      if (err instanceof StatusError) return { ...statusResponse(err.status), headers: { 'content-type': 'application/json', ...warningHeaders(parsed.action) } };
      throw err;
    }
  }

  /** Opens a watch stream. */
  async stream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    return withinCall(this.openStream(req, opts), opts, req);
  }

  private async openStream(req: RestRequest, opts?: CallOptions): Promise<RestStream> {
    await this.seeded;
    const parsed = parseRequest(req, this.registry);
    if (parsed.kind !== 'resource' || parsed.action.verb !== 'watch') {
      const res = parsed.kind === 'resource' ? await this.answer(req, opts) : pageNotFound();
      return staticStream(res);
    }
    this.log.push(parsed.action);
    const reacted = await this.reactors.reactWatch(parsed.action, opts?.signal);
    let watcher: FakeWatcher;
    if (reacted && 'error' in reacted) return staticStream(statusResponse(statusOf(reacted.error)));
    if (reacted) watcher = reacted.watcher;
    else {
      try {
        watcher = this.watch(parsed.descriptor, parsed.action);
      } catch (err) {
        if (err instanceof StatusError) return staticStream(statusResponse(err.status));
        throw err;
      }
    }
    this.watchers.add(watcher);
    watcher.whenStopped(() => this.watchers.delete(watcher));
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    opts?.signal?.addEventListener('abort', onAbort, { once: true });
    watcher.whenStopped(() => opts?.signal?.removeEventListener('abort', onAbort));
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: watcher.chunks(controller.signal),
      cancel: () => {
        controller.abort();
        watcher.stop();
      },
    };
  }

  // --- verbs --------------------------------------------------------------------------------

  private async serve(r: ResourceRequest): Promise<RestResponse> {
    const { descriptor: d, action } = r;
    if (d.verbs && !d.verbs.includes(action.verb)) return statusResponse(statusErrors.methodNotSupported(this.gr(d), action.verb));
    switch (action.verb) {
      case 'get':
        return json(200, this.read(d, action));
      case 'list':
        return json(200, this.list(d, action));
      case 'create': {
        const body = this.decodeBody(r);
        return json(201, await this.create(d, action, body, false), warningHeaders(action));
      }
      case 'update':
        return json(200, await this.update(d, action, this.decodeBody(r)), warningHeaders(action));
      case 'patch':
        return this.patch(r);
      case 'delete': {
        const { object, gone } = this.delete(d, action, action.name as string);
        if (!gone) return json(200, object);
        // An object deleted at once is answered with a Success Status naming it.
        const details = { name: action.name as string, group: d.group, kind: d.plural, uid: String(meta(object).uid ?? '') };
        if (!details.group) delete (details as { group?: string }).group;
        return json(200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
      }
      case 'deletecollection':
        return json(200, this.deleteCollection(d, action));
      default:
        return statusResponse(statusErrors.methodNotSupported({ group: d.group, resource: d.plural }, action.verb));
    }
  }


  private decodeBody(r: ResourceRequest): Json {
    if (r.action.object) return structuredClone(r.action.object);
    fail(statusErrors.badRequest('the request body is not a JSON object'));
  }

  private gr(d: ResourceDescriptor): statusErrors.GroupResource {
    return { group: d.group, resource: d.plural };
  }

  private withType(d: ResourceDescriptor, obj: Json): Json {
    const { apiVersion: _a, kind: _k, ...rest } = obj;
    const out = { apiVersion: apiVersionOf(d), kind: d.kind, ...rest };
    // Custom resources are unstructured on the server: their JSON comes out with sorted keys.
    return isCustom(d) ? (sortKeys(out) as Json) : out;
  }

  private read(d: ResourceDescriptor, action: Action): Json {
    const obj = this.tracker.get(storageResource(d), action.namespace, action.name as string);
    if (!obj) fail(statusErrors.notFound(this.gr(d), action.name as string));
    return this.withType(d, obj);
  }

  private list(d: ResourceDescriptor, action: Action): Json {
    const filter = parseFilter(action, d);
    const q = action.query;
    const resource = storageResource(d);
    let revision = this.tracker.currentRevision();
    let items: StoredObject[];
    let start = '';
    try {
      if (q.continue) {
        const c = decodeContinue(q.continue);
        revision = c.rv;
        start = c.start;
        items = this.tracker.listAt(resource, revision);
      } else if (q.resourceVersion && q.resourceVersion !== '0' && q.resourceVersionMatch === 'Exact') {
        revision = parseRevision(q.resourceVersion, 'resourceVersion');
        items = this.tracker.listAt(resource, revision);
      } else items = this.tracker.list(resource);
    } catch (err) {
      if (err instanceof RevisionCompactedError) {
        if (q.continue) {
          fail(statusErrors.expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'));
        }
        fail(statusErrors.expired(`too old resource version: ${err.requested} (${err.oldest})`));
      }
      throw err;
    }
    let selected = items.filter((o) => matches(filter, o) && (!start || objectKey(o) >= start));
    const listMeta: Json = isCustom(d) ? { continue: '', resourceVersion: String(revision) } : { resourceVersion: String(revision) };
    const limit = q.limit ? Number(q.limit) : 0;
    if (limit > 0 && selected.length > limit) {
      const rest = selected.length - limit;
      selected = selected.slice(0, limit);
      listMeta.continue = encodeContinue({ rv: revision, start: `${objectKey(selected[selected.length - 1] as Json)}\u0000` });
      if (!filter.labels && filter.fields.length === 0) listMeta.remainingItemCount = rest;
    }
    if (isCustom(d)) return { apiVersion: apiVersionOf(d), items: selected.map((o) => this.withType(d, o)), kind: d.listKind, metadata: listMeta };
    // Typed lists leave apiVersion and kind off their items.
    const items_ = selected.map((o) => {
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    });
    return { kind: d.listKind, apiVersion: apiVersionOf(d), metadata: listMeta, items: items_ };
  }

  private kindInfo(d: ResourceDescriptor): Promise<KindInfo> {
    let p = this.kinds.get(d);
    if (!p) {
      p = (async () => {
        const info: KindInfo = {};
        if (d.crd) {
          const s = crdVersionSchema(await d.crd(), d.version);
          if (s) info.structural = s;
        } else info.merge = builtinMergeSchema();
        if (d.schema && this.opts.validate) {
          const errorsOf = (issues: SchemaIssues, obj: unknown): FieldError[] => (issues.length === 0 ? [] : fieldErrorsOf(issues as Parameters<typeof fieldErrorsOf>[0], obj));
          info.validate = (obj) => {
            const found = schemaIssues(d, obj);
            return found instanceof Promise ? found.then((issues) => errorsOf(issues, obj)) : errorsOf(found, obj);
          };
        }
        return info;
      })();
      this.kinds.set(d, p);
    }
    return p;
  }

  /** Prunes, defaults and validates an object about to be stored; records pruned fields as warnings or rejects them (Strict). */
  private async admit(d: ResourceDescriptor, obj: Json, action: Action): Promise<void> {
    const info = await this.kindInfo(d);
    const pruned = info.structural ? prune(obj, info.structural) : [];
    if (pruned.length) {
      const validation = action.query.fieldValidation ?? 'Warn';
      if (validation === 'Strict') {
        fail(statusErrors.badRequest(`${d.kind} in version "${d.version}" cannot be handled as a ${d.kind}: strict decoding error: ${pruned.map((p) => `unknown field "${p}"`).join(', ')}`));
      }
      if (validation === 'Warn') warningsOf(action).push(...pruned.map((p) => `unknown field "${p}"`));
    }
    if (info.structural) applyDefaults(obj, info.structural);
    // A built-in kind has no structural schema: Go's decoding leaves a null field unset.
    else if (!d.crd) dropNullFields(obj);
    const name = String(meta(obj).name ?? '');
    const errors: FieldError[] = [];
    for (const problem of objectNameProblems(d, name)) errors.push({ type: 'FieldValueInvalid', field: 'metadata.name', detail: `Invalid value: ${JSON.stringify(name)}: ${problem}` });
    errors.push(...((await info.validate?.(obj)) ?? []));
    if (errors.length) fail(statusErrors.invalid(d.kind, d.group, name, errors));
  }

  private manager(action: Action): string {
    return action.query.fieldManager || this.opts.defaultFieldManager;
  }

  private checkNamespace(d: ResourceDescriptor, action: Action): void {
    if (!d.namespaced || !this.opts.requireNamespace) return;
    if (!this.tracker.get(storageResource(namespaceDescriptor), '', action.namespace)) fail(statusErrors.notFound({ group: '', resource: 'namespaces' }, action.namespace));
  }

  private async create(d: ResourceDescriptor, action: Action, body: Json, seeding: boolean, applied?: ManagedFieldsEntry[]): Promise<Json> {
    const m = meta(body);
    if (d.namespaced) {
      if (m.namespace !== undefined && m.namespace !== '' && m.namespace !== action.namespace) {
        fail(statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request'));
      }
      m.namespace = action.namespace;
      const nsProblems = namespaceProblems(action.namespace);
      if (nsProblems.length) fail(statusErrors.invalid(d.kind, d.group, String(m.name ?? ''), nsProblems.map((p) => ({ type: 'FieldValueInvalid', field: 'metadata.namespace', detail: `Invalid value: ${JSON.stringify(action.namespace)}: ${p}` }))));
    } else delete m.namespace;
    if (!seeding) this.checkNamespace(d, action);
    if (!m.name) {
      if (typeof m.generateName === 'string' && m.generateName) m.name = `${m.generateName}${randomSuffix()}`;
      else fail(statusErrors.invalid(d.kind, d.group, '', [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'Required value: name or generateName is required' }]));
    }
    const resource = storageResource(d);
    const name = m.name as string;
    if (this.tracker.get(resource, action.namespace, name)) fail(statusErrors.alreadyExists(this.gr(d), name));
    const obj = this.withType(d, body);
    const om = meta(obj);
    if (!seeding || !om.uid) om.uid = randomUUID();
    if (!seeding || !om.creationTimestamp) om.creationTimestamp = timestamp();
    if (hasGeneration(d)) om.generation = 1;
    else delete om.generation;
    delete om.resourceVersion;
    delete om.deletionTimestamp;
    delete om.deletionGracePeriodSeconds;
    delete om.selfLink;
    if (!seeding && d.subresources.status) delete obj.status;
    const isNamespace = isNamespaceKind(d);
    if (isNamespace) {
      om.labels = { ...(om.labels as Json | undefined), 'kubernetes.io/metadata.name': name };
    }
    await this.admit(d, obj, action);
    const info = await this.kindInfo(d);
    if (applied) {
      if (applied.length) om.managedFields = applied;
      else delete om.managedFields;
    } else if (!Array.isArray(om.managedFields) || om.managedFields.length === 0 || !seeding) {
      const mf = managedFieldsAfterUpdate([], undefined, obj, { manager: this.manager(action), apiVersion: apiVersionOf(d) }, info.structural ?? info.merge, d.subresources.status);
      if (mf.length) om.managedFields = mf;
      else delete om.managedFields;
    }
    if (isNamespace) {
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    }
    if (!seeding && d.group === '' && d.kind === 'Pod') obj.status = { phase: 'Pending' };
    if (action.query.dryRun) return this.withType(d, obj);
    return this.withType(d, this.tracker.commit(resource, 'ADDED', obj as StoredObject));
  }

  /** Shared tail of update, patch and apply: status separation, generation, managed fields, finalizer completion, commit. */
  private async write(d: ResourceDescriptor, action: Action, existing: StoredObject, incoming: Json, managedFields: ManagedFieldsEntry[] | 'compute'): Promise<Json> {
    const status = action.subresource === 'status';
    let next: Json;
    if (status) {
      next = structuredClone(existing) as Json;
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
      const im = meta(incoming);
      if (managedFields === 'compute' && im.managedFields !== undefined && !jsonEqual(im.managedFields, existing.metadata.managedFields)) managedFields = im.managedFields as ManagedFieldsEntry[];
    } else {
      next = this.withType(d, incoming);
      const nm = meta(next);
      const em = existing.metadata;
      for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace', 'name']) {
        if (em[k] === undefined) delete nm[k];
        else nm[k] = em[k];
      }
      delete nm.selfLink;
      delete nm.generateName;
      if (em.generateName !== undefined) nm.generateName = em.generateName;
      if (d.subresources.status) {
        if (existing.status === undefined) delete next.status;
        else next.status = existing.status;
      }
      if (managedFields === 'compute' && nm.managedFields !== undefined && !jsonEqual(nm.managedFields, em.managedFields)) managedFields = nm.managedFields as ManagedFieldsEntry[];
    }
    const nm = meta(next);
    nm.resourceVersion = existing.metadata.resourceVersion;
    await this.admit(d, next, action);
    const info = await this.kindInfo(d);
    if (managedFields === 'compute') {
      const id = { manager: this.manager(action), apiVersion: apiVersionOf(d), ...(status ? { subresource: 'status' } : {}) };
      const mf = managedFieldsAfterUpdate(existing.metadata.managedFields as ManagedFieldsEntry[] | undefined, existing, next, id, info.structural ?? info.merge, d.subresources.status);
      if (mf.length) nm.managedFields = mf;
      else delete nm.managedFields;
    } else if (managedFields.length) nm.managedFields = managedFields;
    else delete nm.managedFields;
    // Generation counts changes outside metadata (and outside status when status is a subresource).
    const strip = (o: Json): Json => {
      const { metadata: _m, status: s, apiVersion: _a, kind: _k, ...rest } = o;
      return d.subresources.status ? rest : { ...rest, status: s };
    };
    if (hasGeneration(d) && !jsonEqual(strip(next), strip(existing))) nm.generation = Number(existing.metadata.generation ?? 0) + 1;
    const existingTyped = this.withType(d, existing);
    if (jsonEqual(next, existingTyped)) return existingTyped;
    if (action.query.dryRun) return next;
    const resource = storageResource(d);
    if (nm.deletionTimestamp && !(Array.isArray(nm.finalizers) && nm.finalizers.length)) {
      return this.withType(d, this.tracker.commit(resource, 'DELETED', next as StoredObject));
    }
    return this.withType(d, this.tracker.commit(resource, 'MODIFIED', next as StoredObject));
  }

  private existing(d: ResourceDescriptor, action: Action): StoredObject {
    const obj = this.tracker.get(storageResource(d), action.namespace, action.name as string);
    if (!obj) fail(statusErrors.notFound(this.gr(d), action.name as string));
    return obj;
  }

  private async update(d: ResourceDescriptor, action: Action, body: Json): Promise<Json> {
    const m = meta(body);
    const name = action.name as string;
    if (m.name !== undefined && m.name !== name) fail(statusErrors.badRequest(`the name of the object (${String(m.name)}) does not match the name on the URL (${name})`));
    if (d.namespaced && m.namespace !== undefined && m.namespace !== '' && m.namespace !== action.namespace) {
      fail(statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    }
    const existing = this.existing(d, action);
    // Custom resources refuse unconditional updates; the built-in kinds' strategies allow them.
    if (!m.resourceVersion && isCustom(d)) fail(statusErrors.invalid(d.plural, d.group, name, [{ type: 'FieldValueInvalid', field: 'metadata.resourceVersion', detail: 'Invalid value: 0: must be specified for an update' }]));
    if (m.uid !== undefined && m.uid !== '' && m.uid !== existing.metadata.uid) {
      fail(statusErrors.conflict(this.gr(d), name, `Precondition failed: UID in precondition: ${String(m.uid)}, UID in object meta: ${String(existing.metadata.uid)}`));
    }
    if (m.resourceVersion && m.resourceVersion !== existing.metadata.resourceVersion) fail(statusErrors.conflict(this.gr(d), name, statusErrors.optimisticLockMessage));
    return this.write(d, action, existing, body, 'compute');
  }

  private async patch(r: ResourceRequest): Promise<RestResponse> {
    const { descriptor: d, action } = r;
    const kind = action.patch?.kind;
    const name = action.name as string;
    if (kind === 'apply') {
      const { created, object } = await this.apply(d, action, r.body ?? '');
      return json(created ? 201 : 200, object, warningHeaders(action));
    }
    const smp = kind === 'strategic' && d.strategicMergePatch === true;
    if (!smp && kind !== 'json' && kind !== 'merge') {
      return statusResponse(statusErrors.unsupportedMediaType(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']));
    }
    const existing = this.existing(d, action);
    const current = this.withType(d, existing);
    let patched: unknown;
    try {
      if (typeof action.patch?.body === 'string') throw new PatchApplyError('the patch is not valid JSON');
      patched = kind === 'json' ? applyJsonPatch(current, action.patch?.body) : smp ? applyStrategicMergePatch(current, action.patch?.body) : applyMergePatch(current, action.patch?.body);
    } catch (err) {
      if (err instanceof PatchApplyError) return statusResponse(statusErrors.patchRejected());
      throw err;
    }
    if (!isObject(patched)) return statusResponse(statusErrors.badRequest('the patch must leave an object'));
    const pm = meta(patched);
    if (pm.resourceVersion !== undefined && pm.resourceVersion !== existing.metadata.resourceVersion) {
      return statusResponse(statusErrors.conflict(this.gr(d), name, statusErrors.optimisticLockMessage));
    }
    if (pm.uid !== undefined && pm.uid !== existing.metadata.uid) {
      return statusResponse(statusErrors.conflict(this.gr(d), name, `Precondition failed: UID in precondition: ${String(pm.uid)}, UID in object meta: ${String(existing.metadata.uid)}`));
    }
    if (pm.name !== name) return statusResponse(statusErrors.badRequest(`the name of the object (${String(pm.name)}) does not match the name on the URL (${name})`));
    return json(200, await this.write(d, action, existing, patched, 'compute'), warningHeaders(action));
  }

  private async decodeApply(body: string): Promise<Json> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      try {
        const yaml = await import('yaml');
        parsed = yaml.parse(body);
      } catch (err) {
        fail(statusErrors.badRequest(`error decoding YAML: ${err instanceof Error ? err.message : String(err)}`));
      }
    }
    if (!isObject(parsed)) fail(statusErrors.badRequest('the apply configuration must be an object'));
    return parsed;
  }

  private async apply(d: ResourceDescriptor, action: Action, body: string): Promise<{ created: boolean; object: Json }> {
    const config = await this.decodeApply(body);
    const name = action.name as string;
    if (!action.query.fieldManager) fail(statusErrors.invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'Required value: is required for apply patch' }]));
    const cm = meta(config);
    if (cm.name !== undefined && cm.name !== name) fail(statusErrors.badRequest(`the name of the object (${String(cm.name)}) does not match the name on the URL (${name})`));
    if (config.apiVersion !== apiVersionOf(d) || config.kind !== d.kind) {
      fail(statusErrors.badRequest(`invalid object type: ${String(config.apiVersion ?? '')}, Kind=${String(config.kind ?? '')}`));
    }
    const info = await this.kindInfo(d);
    const existing = this.tracker.get(storageResource(d), action.namespace, name);
    const status = action.subresource === 'status';
    if (!existing && status) fail(statusErrors.notFound(this.gr(d), name));
    if (existing && cm.resourceVersion !== undefined && cm.resourceVersion !== existing.metadata.resourceVersion) {
      fail(statusErrors.conflict(this.gr(d), name, statusErrors.optimisticLockMessage));
    }
    const id = { manager: action.query.fieldManager, apiVersion: apiVersionOf(d), ...(status ? { subresource: 'status' } : {}) };
    const outcome = serverSideApply(existing ? this.withType(d, existing) : undefined, config, id, info.structural ?? info.merge, d.subresources.status, action.query.force === 'true');
    if (!outcome.ok) {
      const { message, causes } = describeConflicts(outcome.conflicts, id.subresource);
      fail({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details: { causes }, code: 409 });
    }
    if (!existing) {
      const obj = outcome.object;
      meta(obj).name = name;
      delete meta(obj).managedFields;
      return { created: true, object: await this.create(d, action, obj, false, outcome.managedFields) };
    }
    return { created: false, object: await this.write(d, action, existing, outcome.object, outcome.managedFields) };
  }

  /** Deletes (or, with finalizers, marks) an object; `gone` tells whether it left storage. */
  private delete(d: ResourceDescriptor, action: Action, name: string): { object: Json; gone: boolean } {
    const opts = action.deleteOptions ?? {};
    const existing = this.tracker.get(storageResource(d), action.namespace, name);
    if (!existing) fail(statusErrors.notFound(this.gr(d), name));
    const pre = isObject(opts.preconditions) ? opts.preconditions : {};
    if (pre.uid !== undefined && pre.uid !== existing.metadata.uid) {
      fail(statusErrors.preconditionFailed(d.kind, d.group, name, `the UID in the precondition (${String(pre.uid)}) does not match the UID in record (${String(existing.metadata.uid)}). The object might have been deleted and then recreated`));
    }
    if (pre.resourceVersion !== undefined && pre.resourceVersion !== existing.metadata.resourceVersion) {
      fail(statusErrors.preconditionFailed(d.kind, d.group, name, `the ResourceVersion in the precondition (${String(pre.resourceVersion)}) does not match the ResourceVersion in record (${String(existing.metadata.resourceVersion)}). The object might have been modified`));
    }
    const dryRun = Array.isArray(opts.dryRun) ? opts.dryRun.length > 0 : Boolean(action.query.dryRun);
    const typed = this.withType(d, existing);
    const m = meta(typed);
    if (m.deletionTimestamp) return { object: typed, gone: false };
    const finalizers = Array.isArray(m.finalizers) ? [...(m.finalizers as string[])] : [];
    const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? 'Orphan' : undefined);
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    const resource = storageResource(d);
    if (isNamespaceKind(d)) {
      // A real cluster's namespace controller removes the content, then the namespace.
      if (!dryRun) {
        for (const other of this.registry.descriptors()) {
          if (!other.namespaced) continue;
          for (const o of this.tracker.list(storageResource(other), name)) this.tracker.commit(storageResource(other), 'DELETED', o);
        }
      }
    } else if (finalizers.length) {
      m.finalizers = finalizers;
      m.deletionTimestamp = timestamp();
      m.deletionGracePeriodSeconds = 0;
      if (hasGeneration(d)) m.generation = Number(m.generation ?? 0) + 1;
      if (dryRun) return { object: typed, gone: false };
      return { object: this.withType(d, this.tracker.commit(resource, 'MODIFIED', typed as StoredObject)), gone: false };
    }
    if (dryRun) return { object: typed, gone: true };
    return { object: this.withType(d, this.tracker.commit(resource, 'DELETED', typed as StoredObject)), gone: true };
  }

  private deleteCollection(d: ResourceDescriptor, action: Action): Json {
    const filter = parseFilter(action, d);
    const items = this.tracker.list(storageResource(d)).filter((o) => matches(filter, o));
    const deleted = items.map((o) => this.delete(d, { ...action, namespace: String(o.metadata.namespace ?? '') }, o.metadata.name as string).object);
    return { apiVersion: apiVersionOf(d), items: deleted, kind: d.listKind, metadata: { continue: '', resourceVersion: String(this.tracker.currentRevision()) } };
  }

  // --- watch --------------------------------------------------------------------------------

  private watch(d: ResourceDescriptor, action: Action): FakeWatcher {
    const filter = parseFilter(action, d);
    const q = action.query;
    const resource = storageResource(d);
    const watcher = new FakeWatcher();
    const typed = (o: Json): Json => this.withType(d, o);
    const bookmarks = q.allowWatchBookmarks === 'true';
    const bookmark = (annotations?: Record<string, string>): void => {
      const metadata: Json = { resourceVersion: String(this.tracker.currentRevision()) };
      if (annotations) metadata.annotations = annotations;
      watcher.bookmark({ apiVersion: apiVersionOf(d), kind: d.kind, metadata });
    };
    const deliver = (c: Change): void => {
      const now = matches(filter, c.object);
      const before = c.type !== 'ADDED' && matches(filter, c.previous);
      if (c.type === 'ADDED') {
        if (now) watcher.add(typed(c.object));
      } else if (c.type === 'DELETED') {
        if (before || now) watcher.delete(typed(c.object));
      } else if (now && before) watcher.modify(typed(c.object));
      else if (now) watcher.add(typed(c.object));
      else if (before && c.previous) {
        // Leaving the selection: the last state that matched, at the revision of the change.
        const last = typed(c.previous);
        meta(last).resourceVersion = String(c.revision);
        watcher.delete(last);
      }
    };
    const sendInitial = q.sendInitialEvents === 'true';
    if (sendInitial && (q.resourceVersionMatch !== 'NotOlderThan' || !bookmarks)) {
      const errors: FieldError[] = [];
      if (q.resourceVersionMatch !== 'NotOlderThan') errors.push({ type: 'FieldValueForbidden', field: 'resourceVersionMatch', detail: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan" });
      if (!bookmarks) errors.push({ type: 'FieldValueForbidden', field: 'allowWatchBookmarks', detail: 'Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true' });
      fail(statusErrors.invalid('ListOptions', 'meta.k8s.io', '', errors));
    }
    const rv = q.resourceVersion;
    if (sendInitial || !rv || rv === '0') {
      for (const o of this.tracker.list(resource)) if (matches(filter, o)) watcher.add(typed(o));
      if (sendInitial) bookmark({ 'k8s.io/initial-events-end': 'true' });
    } else {
      const from = parseRevision(rv, 'resourceVersion');
      try {
        for (const c of this.tracker.changesSince(resource, from)) deliver(c);
      } catch (err) {
        if (!(err instanceof RevisionCompactedError)) throw err;
        watcher.error(statusErrors.expired(`too old resource version: ${err.requested} (${err.oldest})`));
        watcher.stop();
        return watcher;
      }
    }
    const unsubscribe = this.tracker.subscribe(resource, deliver);
    const timers: NodeJS.Timeout[] = [];
    if (bookmarks) {
      const t = setInterval(() => bookmark(), this.opts.bookmarkIntervalMs);
      t.unref();
      timers.push(t);
    }
    const timeout = q.timeoutSeconds ? Number(q.timeoutSeconds) : 0;
    if (timeout > 0) {
      const t = setTimeout(() => watcher.stop(), timeout * 1000);
      t.unref();
      timers.push(t);
    }
    watcher.whenStopped(() => {
      unsubscribe();
      for (const t of timers) clearTimeout(t);
    });
    return watcher;
  }

  // --- discovery ----------------------------------------------------------------------------

  private discovery(path: string): RestResponse {
    const ds = this.registry.descriptors();
    if (path === '/version') return json(200, { major: '1', minor: '37', gitVersion: 'v1.37.2-fake', platform: 'fake' });
    if (path === '/api' || path === '/api/') return json(200, { kind: 'APIVersions', versions: ['v1'] });
    if (path === '/apis' || path === '/apis/') {
      const groups = new Map<string, string[]>();
      for (const d of ds) if (d.group) groups.set(d.group, [...new Set([...(groups.get(d.group) ?? []), d.version])]);
      return json(200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...groups].map(([name, versions]) => ({
          name,
          versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
          preferredVersion: { groupVersion: `${name}/${versions[0] as string}`, version: versions[0] },
        })),
      });
    }
    const segs = path.split('/').filter(Boolean);
    const [group, version] = segs[0] === 'api' ? ['', segs[1] ?? ''] : [segs[1] ?? '', segs[2] ?? ''];
    if (!this.registry.servesGroupVersion(group, version)) return pageNotFound();
    const verbs = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
    const resources = ds
      .filter((d) => d.group === group && d.version === version)
      .flatMap((d) => [
        { name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs, ...(d.shortNames.length ? { shortNames: [...d.shortNames] } : {}) },
        ...(d.subresources.status ? [{ name: `${d.plural}/status`, singularName: '', namespaced: d.namespaced, kind: d.kind, verbs: ['get', 'patch', 'update'] }] : []),
      ]);
    return json(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources });
  }
}

/** What the server's mux answers for a path nothing serves: plain text, not a Status. */
function pageNotFound(): RestResponse {
  return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' };
}

/** A non-streaming answer presented as a stream (a watch refused before it started). */
function staticStream(res: RestResponse): RestStream {
  const bytes = new TextEncoder().encode(res.body);
  return {
    status: res.status,
    headers: res.headers,
    body: (async function* () {
      yield bytes;
    })(),
    cancel: () => undefined,
  };
}
