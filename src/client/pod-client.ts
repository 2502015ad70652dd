/**
 * The typed Pod client: the generic client plus the Pod subresources client-go exposes on its
 * Pod client (`Evict`, `Bind`, `GetLogs`): `pods/eviction`, `pods/binding` and `pods/log`.
 * @packageDocumentation
 */
import type { KubeList, KubeObject, KubeObjectInput, Status } from '../meta/object.js';
import type { BindOptions, BindingTarget, EvictOptions, PodLogOptions } from '../meta/pod-subresources.js';
import { apiErrorFrom } from '../rest/wire/decode-response.js';
import { ValidationError, type RequestContext } from '../rest/errors.js';
import { assertValidTarget, buildRequest, writeParams, type QueryParams } from '../rest/wire/request-builder.js';
import type { RestRequest } from '../rest/transport/transport.js';
import { StatusResourceClient } from './status-resource-client.js';

function logParams(opts: PodLogOptions): QueryParams {
  return [
    ['container', opts.container],
    ['follow', opts.follow],
    ['previous', opts.previous],
    ['sinceSeconds', opts.sinceSeconds],
    ['sinceTime', opts.sinceTime],
    ['timestamps', opts.timestamps],
    ['tailLines', opts.tailLines],
    ['limitBytes', opts.limitBytes],
    ['stream', opts.stream],
    ['insecureSkipTLSVerifyBackend', opts.insecureSkipTLSVerifyBackend],
  ];
}

/** `StatusResourceClient` for Pods, plus eviction, binding and logs. */
export class PodClient<T extends KubeObject, L extends KubeList<T> = KubeList<T>, W extends KubeObjectInput = T> extends StatusResourceClient<T, L, W> {
  /**
   * Evicts a Pod through the eviction API, which honours PodDisruptionBudgets: an eviction a
   * budget forbids fails with 429 (`isTooManyRequests`); otherwise the Pod is deleted with the
   * given delete options. Resolves with the server's Status.
   */
  async evict(name: string, opts: EvictOptions = {}): Promise<Status> {
    const ctx = this.requestContext('evict', name);
    const target = this.target(name, 'eviction');
    assertValidTarget(target, ctx);
    const deleteOptions: Record<string, unknown> = {};
    if (opts.gracePeriodSeconds !== undefined) deleteOptions.gracePeriodSeconds = opts.gracePeriodSeconds;
    if (opts.propagationPolicy !== undefined) deleteOptions.propagationPolicy = opts.propagationPolicy;
    if (opts.preconditions !== undefined) deleteOptions.preconditions = opts.preconditions;
    if (opts.dryRun) deleteOptions.dryRun = ['All'];
    const eviction = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace: this.namespace },
      ...(Object.keys(deleteOptions).length > 0 ? { deleteOptions } : {}),
    };
    return this.send<Status>(buildRequest('POST', target, [], ctx, { contentType: 'application/json', data: JSON.stringify(eviction) }), opts);
  }

  /** Binds a Pod to a Node (what a scheduler does): sets its `spec.nodeName`. Resolves with the server's Status. */
  async bind(name: string, target: BindingTarget, opts: BindOptions = {}): Promise<Status> {
    const ctx = this.requestContext('bind', name);
    const at = this.target(name, 'binding');
    assertValidTarget(at, ctx);
    if (typeof target?.name !== 'string' || target.name === '') {
      throw new ValidationError('a binding needs the name of its target Node', [{ path: 'target.name', message: 'required' }], ctx);
    }
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace: this.namespace },
      target: { apiVersion: target.apiVersion ?? 'v1', kind: target.kind ?? 'Node', name: target.name },
    };
    const params = writeParams({ dryRun: opts.dryRun, fieldManager: opts.fieldManager ?? this.ctx.defaults.fieldManager });
    return this.send<Status>(buildRequest('POST', at, params, ctx, { contentType: 'application/json', data: JSON.stringify(binding) }), opts);
  }

  /** Reads a container's log as text (the whole answer; `follow` is not allowed here: use `streamLogs`). */
  async logs(name: string, opts: PodLogOptions = {}): Promise<string> {
    const ctx = this.requestContext('logs', name);
    if (opts.follow) throw new ValidationError('logs() reads a finished answer; use streamLogs() to follow a log', [{ path: 'follow', message: 'use streamLogs()' }], ctx);
    const req = this.logRequest(name, opts, ctx);
    const res = await this.ctx.transport.request(req, opts);
    if (res.status < 200 || res.status > 299) throw apiErrorFrom(res, ctx);
    return res.body;
  }

  /**
   * Streams a container's log as text chunks (with `follow: true`, until the container ends or
   * `opts.signal` aborts; an abort ends the iteration without an error).
   */
  async *streamLogs(name: string, opts: PodLogOptions = {}): AsyncGenerator<string, void, undefined> {
    const ctx = this.requestContext('streamLogs', name);
    const req = this.logRequest(name, opts, ctx);
    const stream = await this.ctx.transport.stream(req, opts);
    const decoder = new TextDecoder();
    try {
      if (stream.status < 200 || stream.status > 299) {
        let body = '';
        for await (const chunk of stream.body) body += decoder.decode(chunk, { stream: true });
        throw apiErrorFrom({ status: stream.status, headers: stream.headers, body: body + decoder.decode() }, ctx, stream);
      }
      for await (const chunk of stream.body) {
        const text = decoder.decode(chunk, { stream: true });
        if (text !== '') yield text;
      }
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    } catch (err) {
      if (opts.signal?.aborted && !(err instanceof Error && err.name === 'ApiError')) return;
      throw err;
    } finally {
      stream.cancel();
    }
  }

  private logRequest(name: string, opts: PodLogOptions, ctx: RequestContext): RestRequest {
    const target = this.target(name, 'log');
    assertValidTarget(target, ctx);
    const req = buildRequest('GET', target, logParams(opts), ctx);
    req.headers = { accept: 'text/plain, application/json' };
    return req;
  }
}

