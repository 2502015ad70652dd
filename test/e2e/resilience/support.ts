/**
 * Shared pieces of the resilience suites: suites that need special flags, restarts or a token
 * user start their OWN envtest, the others (dead connections, close, fail fast) use the shared
 * one; they connect through `composeTransport(createHttpTransport(...))` and count what the
 * transport hooks report.
 */
import { randomBytes } from 'node:crypto';
import { ResourceClient } from '../../../src/client/resource-client.js';
import { startEnvtest, type Envtest, type EnvtestOptions } from '../../../src/envtest/index.js';
import { Clientset } from '../../../src/generated/clientset.js';
import { configMapResource, namespaceResource } from '../../../src/generated/core/v1/resources.js';
import type { KubeObject } from '../../../src/meta/object.js';
import { composeTransport, type ComposeTransportOptions } from '../../../src/rest/transport/compose-transport.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import { createHttpTransport, type HttpTransportOptions } from '../../../src/rest/transport/http-transport.js';
import type { TransportHooks, TransportRequestEndInfo, TransportRetryInfo, TransportThrottleInfo } from '../../../src/rest/transport/observability.js';
import { envtestInfo } from '../env.js';

/** The core v1 ConfigMap kind (cheap objects to create by the dozen) and the Namespace kind. */
export { configMapResource, namespaceResource };

/** A ConfigMap object. */
export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** A random token for a static token user (printable, no commas or quotes). */
export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/** Starts a private envtest with the binaries of the shared one. */
export function startPrivateEnvtest(opts: Omit<EnvtestOptions, 'binaryAssetsDir'> = {}): Promise<Envtest> {
  return startEnvtest({ binaryAssetsDir: envtestInfo().assetsDir, ...opts });
}

/**
 * A RestConfig for a static-token user: the admin of envtest is in `system:masters`, which
 * kube-apiserver exempts from max-in-flight limiting, so tests that want real 429s use a token.
 */
export function tokenConfig(env: Envtest, token: string, server: string = env.server): RestConfig {
  return { server, tls: { ca: env.caPem }, auth: { token }, namespace: 'default' };
}

/** Everything the transport hooks reported, for assertions. */
export class HookLog {
  readonly ends: TransportRequestEndInfo[] = [];
  readonly retries: TransportRetryInfo[] = [];
  readonly throttles: TransportThrottleInfo[] = [];
  readonly hooks: TransportHooks = {
    onRequestEnd: (i) => void this.ends.push(i),
    onRetry: (i) => void this.retries.push(i),
    onThrottle: (i) => void this.throttles.push(i),
  };
  /** Forgets everything recorded so far. */
  clear(): void {
    this.ends.length = 0;
    this.retries.length = 0;
    this.throttles.length = 0;
  }
}

/** A Clientset over `composeTransport(createHttpTransport(config), opts)`. */
export async function connectComposed(config: RestConfig, opts: ComposeTransportOptions, maxWatchEventBytes?: number, http: HttpTransportOptions = {}): Promise<Clientset> {
  const transport = composeTransport(createHttpTransport(config, http), opts);
  return Clientset.create({ transport, validateWrites: false, ...(maxWatchEventBytes !== undefined ? { maxWatchEventBytes } : {}) });
}

/** ConfigMaps of one namespace through the generic typed client. */
export function configMaps(cs: Clientset, namespace: string): ResourceClient<ConfigMap> {
  return new ResourceClient<ConfigMap>(cs.ctx, configMapResource, namespace);
}

/** Creates a namespace and returns its name. */
export async function createNamespace(cs: Clientset, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await new ResourceClient<KubeObject>(cs.ctx, namespaceResource).create({ metadata: { name } });
  return name;
}
