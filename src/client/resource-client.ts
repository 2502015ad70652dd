/**
 * `ResourceClient`: the one generic typed client (the role of client-go's `gentype`). Generated
 * group clients only bind a kind's types and descriptor to it.
 * @packageDocumentation
 */
import type { ResourceDescriptor } from '../meta/descriptor.js';
import type { DeepPartial } from '../meta/deep-partial.js';
import type { KubeList, KubeObject, KubeObjectInput, Status } from '../meta/object.js';
import type { ApplyOptions, CreateOptions, DeleteOptions, GetOptions, ListOptions, PatchOptions, UpdateOptions, WriteOptions } from '../meta/options.js';
import { patchContentType, type Patch } from '../meta/patch.js';
import { ValidationError, type RequestContext } from '../rest/errors.js';
import { assertValidTarget, buildRequest, deleteBody, listParams, objectNameProblems, writeParams } from '../rest/wire/request-builder.js';
import { serializeBody } from '../rest/wire/serialize-body.js';
import type { HttpMethod } from '../rest/transport/transport.js';
import type { ClientContext } from './client-context.js';
import { ResourceReader } from './resource-reader.js';
import { validateObject } from './validate-object.js';

/** A server-side apply configuration: any subset of the object, with its name. */
export type ApplyConfiguration<T> = DeepPartial<T> & { metadata: { name: string; namespace?: string } };

/** What a delete returns: the object (still present while finalizers run) or a `Status`. */
export type DeleteResult<T> = T | Status;

/**
 * The part of a written object the API server validates, so that client-side validation never
 * judges what the server ignores: with a `status` subresource, a write of the object itself
 * resets `status` to the stored one, and a write of `/status` keeps the stored object but its
 * status (only its type meta, metadata and status are judged).
 */
function writtenPart(descriptor: ResourceDescriptor, obj: KubeObjectInput, subresource: string | undefined): KubeObjectInput {
  if (descriptor.subresources.status !== true || subresource !== undefined || !('status' in obj)) return obj;
  const rest: Record<string, unknown> = { ...obj };
  delete rest.status;
  return rest as KubeObjectInput;
}

/** The top-level fields a `/status` write is judged on: the server takes the rest from the stored object. */
const STATUS_WRITE_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/**
 * Full access to one resource in one namespace, or to a cluster-scoped resource. `T` is the object
 * as the server returns it; `W` what `create` and `update` accept (the generated input type of a
 * kind: required fields with defaults may be omitted, and optional fields may be `null`, as the
 * server accepts them), a supertype of `T` so that an object read from the server can always be
 * written back.
 */
export class ResourceClient<T extends KubeObject, L extends KubeList<T> = KubeList<T>, W extends KubeObjectInput = T> extends ResourceReader<T, L> {
  constructor(ctx: ClientContext, descriptor: ResourceDescriptor, namespace?: string) {
    if (descriptor.namespaced && namespace === undefined) {
      throw new ValidationError(`${descriptor.kind} is namespaced: a namespace is required`, [{ path: 'metadata.namespace', message: 'required' }]);
    }
    if (!descriptor.namespaced && namespace !== undefined) {
      throw new ValidationError(`${descriptor.kind} is cluster-scoped: it takes no namespace`, [{ path: 'metadata.namespace', message: 'must be empty' }]);
    }
    super(ctx, descriptor, namespace);
    if (namespace !== undefined) assertValidTarget({ descriptor, namespace }, this.requestContext('client'));
  }

  /** Reads one object by name. */
  async get(name: string, opts: GetOptions = {}): Promise<T> {
    const ctx = this.requestContext('get', name);
    const target = this.target(name);
    assertValidTarget(target, ctx);
    return this.send<T>(buildRequest('GET', target, [['resourceVersion', opts.resourceVersion]], ctx), opts);
  }

  /** Creates an object; `metadata.name` or `metadata.generateName` is required. */
  async create(obj: W, opts: CreateOptions = {}): Promise<T> {
    this.assertObject(obj, 'create');
    const name = obj.metadata?.name;
    const ctx = this.requestContext('create', name);
    if (name === undefined && !obj.metadata?.generateName) {
      throw new ValidationError('cannot create an object without metadata.name or metadata.generateName', [{ path: 'metadata.name', message: 'required' }], ctx);
    }
    const body = await this.prepareBody(obj, opts, ctx);
    return this.write<T>('POST', this.target(), opts, ctx, body);
  }

  /** Replaces an object; its `metadata.resourceVersion` makes the write conditional (409 when stale). */
  async update(obj: W, opts: UpdateOptions = {}): Promise<T> {
    return this.replace(obj, opts, 'update');
  }

  /** Patches an object with a JSON patch or a JSON merge patch. */
  async patch(name: string, patch: Patch<T>, opts: PatchOptions = {}): Promise<T> {
    return this.patchAt(name, patch, opts, 'patch');
  }

  /** Server-side apply: the server merges `config` into the object, owned by `opts.fieldManager`. */
  async apply(config: ApplyConfiguration<T>, opts: ApplyOptions): Promise<T> {
    return this.applyAt(config, opts, 'apply');
  }

  /** Deletes an object, honouring grace period, propagation policy and preconditions. */
  async delete(name: string, opts: DeleteOptions = {}): Promise<DeleteResult<T>> {
    const ctx = this.requestContext('delete', name);
    const target = this.target(name);
    assertValidTarget(target, ctx);
    const req = buildRequest('DELETE', target, [], ctx, { contentType: 'application/json', data: deleteBody(opts) });
    return this.send<DeleteResult<T>>(req, opts);
  }

  /** Deletes every object matching the list options. */
  async deleteCollection(opts: DeleteOptions & ListOptions = {}): Promise<L | Status> {
    const ctx = this.requestContext('deletecollection');
    const req = buildRequest('DELETE', this.target(), listParams(opts), ctx, { contentType: 'application/json', data: deleteBody(opts) });
    return this.send<L | Status>(req, opts);
  }

  /** PUT of a whole object, to the object or one of its subresources. */
  protected async replace(obj: W, opts: UpdateOptions, verb: string, subresource?: string): Promise<T> {
    this.assertObject(obj, verb);
    const name = obj.metadata?.name;
    const ctx = this.requestContext(verb, name);
    if (name === undefined) throw new ValidationError(`cannot ${verb} an object without metadata.name`, [{ path: 'metadata.name', message: 'required' }], ctx);
    const target = this.target(name, subresource);
    assertValidTarget(target, ctx);
    const body = await this.prepareBody(obj, opts, ctx, subresource);
    return this.write<T>('PUT', target, opts, ctx, body);
  }

  /** PATCH with a JSON or merge patch, to the object or one of its subresources. */
  protected async patchAt(name: string, patch: Patch<T>, opts: PatchOptions, verb: string, subresource?: string): Promise<T> {
    const ctx = this.requestContext(verb, name);
    const target = this.target(name, subresource);
    assertValidTarget(target, ctx);
    let body: { contentType: string; data: string };
    switch (patch.type) {
      case 'json':
        if (!Array.isArray(patch.operations)) throw new ValidationError('a JSON patch needs an array of operations', [{ path: 'operations', message: 'must be an array' }], ctx);
        body = { contentType: patchContentType.json, data: serializeBody(patch.operations, ctx) };
        break;
      case 'merge':
        body = { contentType: patchContentType.merge, data: serializeBody(patch.patch, ctx) };
        break;
      case 'strategic':
        if (this.descriptor.strategicMergePatch === true) {
          body = { contentType: patchContentType.strategic, data: serializeBody(patch.patch, ctx) };
          break;
        }
        throw new ValidationError(`${this.descriptor.kind} is a custom resource: strategic merge is not served for custom resources; use a "json" or "merge" patch, or apply() for server-side apply`, [{ path: 'type', message: 'must be "json" or "merge"' }], ctx);
      default: {
        const type = String((patch as { type?: unknown }).type);
        const accepted = this.descriptor.strategicMergePatch === true ? '"json", "merge" or "strategic"' : '"json" or "merge"';
        throw new ValidationError(`unsupported patch type "${type}": ${this.descriptor.kind} accepts ${accepted} patches; use apply() for server-side apply`, [{ path: 'type', message: `must be ${accepted}` }], ctx);
      }
    }
    return this.write<T>('PATCH', target, opts, ctx, body);
  }

  /** Server-side apply to the object or one of its subresources. */
  protected async applyAt(config: ApplyConfiguration<T>, opts: ApplyOptions, verb: string, subresource?: string): Promise<T> {
    const name = config.metadata?.name;
    const ctx = this.requestContext(verb, name);
    if (!opts?.fieldManager) throw new ValidationError('server-side apply needs a fieldManager', [{ path: 'fieldManager', message: 'required' }], ctx);
    if (typeof name !== 'string' || objectNameProblems(this.descriptor, name).length) {
      throw new ValidationError('server-side apply needs a valid metadata.name', [{ path: 'metadata.name', message: typeof name === 'string' ? objectNameProblems(this.descriptor, name).join('; ') : 'required' }], ctx);
    }
    const target = this.target(name, subresource);
    assertValidTarget(target, ctx);
    const data = serializeBody(this.withTypeMeta(config as unknown as T, ctx), ctx);
    return this.write<T>('PATCH', target, opts, ctx, { contentType: patchContentType.apply, data });
  }

  /** Throws unless `obj` is a plain object. */
  private assertObject(obj: unknown, verb: string): asserts obj is KubeObjectInput {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      throw new ValidationError(`expected a ${this.descriptor.kind} object`, [{ path: '', message: `got ${obj === null ? 'null' : Array.isArray(obj) ? 'an array' : typeof obj}` }], this.requestContext(verb));
    }
  }

  /** Fills apiVersion/kind, checks the namespace and validates; returns the serialized body. */
  private async prepareBody(obj: KubeObjectInput, opts: WriteOptions, ctx: RequestContext, subresource?: string): Promise<{ contentType: string; data: string }> {
    const full = this.withTypeMeta(obj, ctx);
    if (opts.validate ?? this.ctx.defaults.validateWrites) {
      const fields = subresource === 'status' && this.descriptor.subresources.status === true ? STATUS_WRITE_FIELDS : undefined;
      const pending = validateObject(this.descriptor, writtenPart(this.descriptor, full, subresource), ctx, fields);
      if (pending !== undefined) await pending;
    }
    const name = full.metadata?.name;
    if (name !== undefined) {
      const problems = objectNameProblems(this.descriptor, name);
      if (problems.length) throw new ValidationError('invalid object name', problems.map((message) => ({ path: 'metadata.name', message })), ctx);
    }
    return { contentType: 'application/json', data: serializeBody(full, ctx) };
  }

  /** A shallow copy of `obj` with apiVersion and kind set; rejects a mismatching namespace or type. */
  private withTypeMeta<O extends KubeObjectInput>(obj: O, ctx: RequestContext): O {
    const issues = [];
    if (obj.apiVersion !== undefined && obj.apiVersion !== this.apiVersion) issues.push({ path: 'apiVersion', message: `must be ${this.apiVersion} (got ${obj.apiVersion})` });
    if (obj.kind !== undefined && obj.kind !== this.descriptor.kind) issues.push({ path: 'kind', message: `must be ${this.descriptor.kind} (got ${obj.kind})` });
    const ns = obj.metadata?.namespace;
    if (ns !== undefined && ns !== '' && ns !== this.namespace) {
      issues.push({ path: 'metadata.namespace', message: this.namespace === undefined ? `${this.descriptor.kind} is cluster-scoped` : `does not match the client's namespace ${this.namespace}` });
    }
    if (issues.length) throw new ValidationError(`invalid ${this.descriptor.kind}`, issues, ctx);
    return { ...obj, apiVersion: this.apiVersion, kind: this.descriptor.kind };
  }

  private write<R>(method: HttpMethod, target: ReturnType<ResourceReader<T, L>['target']>, opts: WriteOptions & { force?: boolean }, ctx: RequestContext, body: { contentType: string; data: string }): Promise<R> {
    const params = writeParams({ ...opts, fieldManager: opts.fieldManager ?? this.ctx.defaults.fieldManager });
    return this.send<R>(buildRequest(method, target, params, ctx, body), opts);
  }
}
