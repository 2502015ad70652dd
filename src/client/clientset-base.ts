/**
 * Base of the generated `Clientset`: one transport (and so one connection pool, and later one
 * rate limiter) shared by every group client, created from a kubeconfig, a `RestConfig`, a
 * `@kubernetes/client-node` KubeConfig, or a ready transport.
 * @packageDocumentation
 */
import type { KubeConfigLike } from '../rest/config/client-node-config.js';
import type { ComposeTransportOptions } from '../rest/transport/compose-transport.js';
import type { RestConfig } from '../rest/config/config.js';
import type { Transport } from '../rest/transport/transport.js';
import { ValidationError } from '../rest/errors.js';
import { userAgentTransport } from '../rest/transport/user-agent-transport.js';
import { defaultUserAgent } from '../rest/transport/user-agent.js';
import { createClientContext, type ClientContext, type ClientDefaults } from './client-context.js';
import { DiscoveryClient } from './discovery.js';

/** `T` with every property optional and open to `undefined` (for `exactOptionalPropertyTypes` callers). */
export type AcceptUndefined<T> = { [K in keyof T]?: T[K] | undefined };

/**
 * How to build a Clientset. With none of kubeconfig/context/config/kubeConfig/transport set, the
 * default kubeconfig (KUBECONFIG, ~/.kube/config, in-cluster) is used. Rate limiting (QPS 5,
 * burst 10 by default, as client-go), retries, hooks, logger and warning handling are set here
 * too (`ComposeTransportOptions`); they apply to the transport built from the configuration.
 */
export interface ClientsetOptions extends AcceptUndefined<ClientDefaults>, AcceptUndefined<Omit<ComposeTransportOptions, 'clock'>> {
  /** Path (or `:`-separated path list) of kubeconfig files; defaults to KUBECONFIG or ~/.kube/config. */
  kubeconfig?: string | undefined;
  /** Kubeconfig context to use instead of the current one. */
  context?: string | undefined;
  /** A resolved configuration to use directly. */
  config?: RestConfig | undefined;
  /**
   * An existing `@kubernetes/client-node` KubeConfig to take the current context from (any object
   * of its shape: this package does not need client-node for it).
   */
  kubeConfig?: KubeConfigLike | undefined;
  /** A ready transport used as is (no rate limiting or retries are added); the Clientset takes ownership. */
  transport?: Transport | undefined;
  /** User-Agent header of every request. */
  userAgent?: string | undefined;
  /**
   * Offer HTTP/2 (default true): every call and watch multiplexed over one connection whose
   * health is checked with PINGs; HTTP/1.1 when the server does not offer it.
   */
  http2?: boolean | undefined;
  /**
   * Bound on detecting a dead (half-open) connection under a call or watch, in ms (default
   * 45000, like client-go; 0 disables). Informers re-watch from their resourceVersion after it.
   */
  deadConnectionTimeoutMs?: number | undefined;
  /**
   * HTTP/2 receive window of each stream, in bytes (default 4 MiB, as client-go): how much a
   * watch or list may have in flight before the client has taken it.
   */
  http2StreamWindowBytes?: number | undefined;
  /** HTTP/2 receive window of the whole connection, shared by its streams, in bytes (default 16 MiB). */
  http2ConnectionWindowBytes?: number | undefined;
  /** Largest answer buffered, in bytes (default 500 MiB); a larger one fails with `ResponseTooLargeError`. */
  maxResponseBytes?: number | undefined;
  /**
   * Do not ask the server for gzip-compressed answers (client-go `DisableCompression`; default
   * false: large answers such as lists arrive gzip-compressed and are decompressed as they stream in).
   */
  disableCompression?: boolean | undefined;
}

/** A generated Clientset class, as `create()` and `fromConfig()` see it. */
export type ClientsetConstructor<C> = new (ctx: ClientContext) => C;

/** Shared behaviour of generated Clientsets. */
export class ClientsetBase {
  private readonly groups = new Map<unknown, unknown>();
  private discoveryClient?: DiscoveryClient;

  /** @param ctx - shared transport and defaults; use `create()` or `fromConfig()` to build one */
  constructor(readonly ctx: ClientContext) {}

  /**
   * Builds a Clientset from the options: a kubeconfig (default: KUBECONFIG, then ~/.kube/config,
   * then the in-cluster service account), a `RestConfig`, a client-node `KubeConfig`, or a transport.
   */
  static async create<C>(this: ClientsetConstructor<C>, opts: ClientsetOptions = {}): Promise<C> {
    const defaults: Partial<ClientDefaults> = {};
    if (opts.validateWrites !== undefined) defaults.validateWrites = opts.validateWrites;
    if (opts.fieldManager !== undefined) defaults.fieldManager = opts.fieldManager;
    if (opts.maxWatchEventBytes !== undefined) defaults.maxWatchEventBytes = opts.maxWatchEventBytes;
    if (opts.transport) return new this(createClientContext(opts.transport, defaults));
    let config = opts.config;
    if (!config && opts.kubeConfig) {
      const { restConfigFromKubeConfig } = await import('../rest/config/kubeconfig.js');
      config = await restConfigFromKubeConfig(opts.kubeConfig);
    }
    if (!config) {
      const { loadKubeconfig } = await import('../rest/config/kubeconfig.js');
      const load: { kubeconfig?: string; context?: string } = {};
      if (opts.kubeconfig !== undefined) load.kubeconfig = opts.kubeconfig;
      if (opts.context !== undefined) load.context = opts.context;
      config = await loadKubeconfig(load);
    }
    const [{ createHttpTransport }, { composeTransport }] = await Promise.all([import('../rest/transport/http-transport.js'), import('../rest/transport/compose-transport.js')]);
    const userAgent = opts.userAgent ?? config.userAgent ?? defaultUserAgent();
    const base = createHttpTransport(
      { ...config, userAgent, ...(opts.disableCompression !== undefined ? { disableCompression: opts.disableCompression } : {}) },
      {
        ...(opts.http2 !== undefined ? { http2: opts.http2 } : {}),
        ...(opts.deadConnectionTimeoutMs !== undefined ? { deadConnectionTimeoutMs: opts.deadConnectionTimeoutMs } : {}),
        ...(opts.http2StreamWindowBytes !== undefined ? { http2StreamWindowBytes: opts.http2StreamWindowBytes } : {}),
        ...(opts.http2ConnectionWindowBytes !== undefined ? { http2ConnectionWindowBytes: opts.http2ConnectionWindowBytes } : {}),
        ...(opts.maxResponseBytes !== undefined ? { maxResponseBytes: opts.maxResponseBytes } : {}),
      },
    );
    const { qps, burst, rateLimiter, retry, hooks, logger, warningHandler } = opts;
    const transport = composeTransport(base, { qps, burst, rateLimiter, retry, hooks, logger, warningHandler });
    return new this(createClientContext(transport, defaults, userAgent));
  }

  /**
   * A copy of this Clientset whose requests carry the User-Agent `<base>/<component>`, so that
   * the API server's audit log and metrics tell components apart (client-go's
   * `rest.AddUserAgent`; Koordinator's `GetGenericClientWithName`). The copy shares this
   * Clientset's connections, rate limiter and retries; closing this Clientset closes it too, and
   * its own `close()` does nothing.
   */
  withUserAgent(component: string): this {
    if (typeof component !== 'string' || component === '' || /[\r\n]/.test(component)) {
      throw new ValidationError('a component name is a non-empty single-line string', [{ path: 'component', message: 'invalid' }]);
    }
    const userAgent = `${this.ctx.userAgent}/${component}`;
    const ctor = this.constructor as new (ctx: ClientContext) => this;
    return new ctor(createClientContext(userAgentTransport(this.ctx.transport, userAgent), this.ctx.defaults, userAgent));
  }

  /** Returns the group client of type `ctor`, creating it once. */
  protected group<G>(ctor: new (ctx: ClientContext) => G): G {
    let g = this.groups.get(ctor) as G | undefined;
    if (!g) {
      g = new ctor(this.ctx);
      this.groups.set(ctor, g);
    }
    return g;
  }

  /** Discovery: server version, groups and resources. */
  get discovery(): DiscoveryClient {
    return (this.discoveryClient ??= new DiscoveryClient(this.ctx));
  }

  /** Closes the shared transport and its connections. */
  close(): Promise<void> {
    return this.ctx.transport.close();
  }

  /** Supports `await using clientset = await Clientset.create()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
