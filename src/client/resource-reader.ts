/**
 * The read side of a typed client: list, paginated iteration and watch over one resource,
 * in one namespace, across all namespaces, or cluster-wide.
 * @packageDocumentation
 */
import { apiVersionOf, type ResourceDescriptor } from '../meta/descriptor.js';
import type { KubeList, KubeObject } from '../meta/object.js';
import type { CallOptions, ListOptions, WatchOptions } from '../meta/options.js';
import type { WatchEvent } from '../meta/watch-event.js';
import { apiErrorFrom, decodeResponse, type ResponseShape } from '../rest/wire/decode-response.js';
import { AbortError, type RequestContext } from '../rest/errors.js';
import { buildRequest, listParams, watchParams, type ResourceTarget } from '../rest/wire/request-builder.js';
import type { RestRequest } from '../rest/transport/transport.js';
import { decodeWatchBatches } from '../rest/wire/watch-decoder.js';
import type { ClientContext } from './client-context.js';

/** Page size `listAll` uses when the caller gives no `limit` (client-go's pager default). */
export const defaultPageSize = 500;

/** Read-only access to a collection: what a client across all namespaces offers. */
export class ResourceReader<T extends KubeObject, L extends KubeList<T> = KubeList<T>> {
  /** `group/version` of the resource. */
  readonly apiVersion: string;
  /** `group/version/plural`, used in errors and logs. */
  protected readonly resourceName: string;

  /**
   * @param ctx - shared transport and defaults
   * @param descriptor - the resource this client serves
   * @param namespace - the namespace, or undefined for cluster-scoped kinds and all-namespaces access
   */
  constructor(
    protected readonly ctx: ClientContext,
    readonly descriptor: ResourceDescriptor,
    readonly namespace?: string,
  ) {
    this.apiVersion = apiVersionOf(descriptor);
    this.resourceName = `${descriptor.group || 'core'}/${descriptor.version}/${descriptor.plural}`;
  }

  /** Describes a call for errors and logs. */
  protected requestContext(verb: string, name?: string): RequestContext {
    const ctx: RequestContext = { verb, resource: this.resourceName };
    if (this.namespace !== undefined) ctx.namespace = this.namespace;
    if (name !== undefined) ctx.name = name;
    return ctx;
  }

  /** The request target of this client, optionally narrowed to one object and a subresource. */
  protected target(name?: string, subresource?: string): ResourceTarget {
    const t: ResourceTarget = { descriptor: this.descriptor };
    if (this.namespace !== undefined) t.namespace = this.namespace;
    if (name !== undefined) t.name = name;
    if (subresource !== undefined) t.subresource = subresource;
    return t;
  }

  /**
   * Sends a request and decodes the JSON answer or throws the typed error; an answer not of the
   * promised `shape` is a `DecodeError`.
   */
  protected async send<R>(req: RestRequest, opts: CallOptions, shape: ResponseShape = 'object'): Promise<R> {
    const res = await this.ctx.transport.request(req, opts);
    return decodeResponse<R>(res, req.context, shape);
  }

  /** Lists objects (one page when `limit` is set; follow `metadata.continue` or use `listAll`). */
  async list(opts: ListOptions = {}): Promise<L> {
    const ctx = this.requestContext('list');
    return this.send<L>(buildRequest('GET', this.target(), listParams(opts), ctx), opts, 'list');
  }

  /**
   * Iterates over every object, fetching pages of `limit` (default 500) and following
   * `continue` tokens until the list is exhausted.
   */
  async *listAll(opts: ListOptions = {}): AsyncGenerator<T, void, undefined> {
    let page: ListOptions = { ...opts, limit: opts.limit ?? defaultPageSize };
    for (;;) {
      const list = await this.list(page);
      yield* list.items;
      const next = list.metadata?.continue;
      if (!next) return;
      // A continue token pins the snapshot; resourceVersion must not be sent with it.
      const { resourceVersion: _rv, resourceVersionMatch: _m, ...rest } = page;
      page = { ...rest, continue: next };
    }
  }

  /**
   * Watches the collection: an async iterable of typed ADDED / MODIFIED / DELETED / BOOKMARK
   * events. It ends when the server closes the stream (e.g. after `timeoutSeconds`), when the
   * consumer stops iterating, or, without an error, when `opts.signal` aborts. An `ERROR` event
   * (such as 410 Expired) is thrown as an `ApiError`.
   */
  async *watch(opts: WatchOptions = {}): AsyncGenerator<WatchEvent<T>, void, undefined> {
    for await (const batch of this.watchBatches(opts)) yield* batch;
  }

  /**
   * {@link watch}, with the events that arrived together (one chunk of the stream) yielded as one
   * array: for consumers that handle events synchronously, such as an informer's reflector, one
   * asynchronous step per chunk instead of one per event. Same end, abort and error semantics;
   * the events before an `ERROR` event in its chunk are yielded before it is thrown.
   */
  async *watchBatches(opts: WatchOptions = {}): AsyncGenerator<WatchEvent<T>[], void, undefined> {
    const ctx = this.requestContext('watch');
    const req = buildRequest('GET', this.target(), watchParams(opts), ctx);
    let stream;
    try {
      stream = await this.ctx.transport.stream(req, opts);
    } catch (err) {
      if (err instanceof AbortError && opts.signal?.aborted) return;
      throw err;
    }
    try {
      if (stream.status < 200 || stream.status > 299) {
        let body = '';
        const decoder = new TextDecoder();
        for await (const chunk of stream.body) body += decoder.decode(chunk, { stream: true });
        throw apiErrorFrom({ status: stream.status, headers: stream.headers, body }, ctx, stream);
      }
      const max = this.ctx.defaults.maxWatchEventBytes;
      yield* decodeWatchBatches(stream.body, ctx, max !== undefined ? { maxEventBytes: max } : {}) as AsyncGenerator<WatchEvent<T>[]>;
    } catch (err) {
      if (opts.signal?.aborted && !(err instanceof Error && err.name === 'ApiError')) return;
      throw err;
    } finally {
      stream.cancel();
    }
  }
}
