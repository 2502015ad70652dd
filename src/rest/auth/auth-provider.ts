/**
 * Legacy kubeconfig `auth-provider` users other than `oidc` (azure, gcp, ...), delegated to
 * `@kubernetes/client-node`, which is imported lazily, only when such a user is used. It is an
 * optional peer dependency: its specifier is held in a variable so that bundlers leave the import
 * alone (a bundle of a script that never meets such a user does not contain client-node).
 * @packageDocumentation
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from '../errors.js';

const CLIENT_NODE: string = '@kubernetes/client-node';

async function loadClientNode(): Promise<typeof import('@kubernetes/client-node')> {
  try {
    return (await import(CLIENT_NODE)) as typeof import('@kubernetes/client-node');
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ConfigError(`legacy kubeconfig auth-provider users need the optional peer dependency ${CLIENT_NODE}: npm install ${CLIENT_NODE}`);
    }
    throw err;
  }
}

/** Obtains the Authorization header of an auth-provider user through client-node. */
export class AuthProviderCredentials {
  readonly #name: string;
  readonly #config: Record<string, string>;
  readonly #server: string;
  #kc: Promise<KubeConfig> | undefined;

  /**
   * @param provider - the kubeconfig `user.auth-provider` (name and config)
   * @param server - the API server URL
   */
  constructor(provider: { name: string; config?: Record<string, string> }, server: string) {
    this.#name = provider.name;
    // A copy: client-node providers write refreshed tokens back into it.
    this.#config = { ...(provider.config ?? {}) };
    this.#server = server;
  }

  async #kubeConfig(): Promise<KubeConfig> {
    const { KubeConfig } = await loadClientNode();
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'cluster', server: this.#server, skipTLSVerify: false }],
      users: [{ name: 'user', authProvider: { name: this.#name, config: this.#config } }],
      contexts: [{ name: 'context', cluster: 'cluster', user: 'user' }],
      currentContext: 'context',
    });
    return kc;
  }

  /** Hides the provider's secrets in a message from client-node. */
  #scrub(message: string): string {
    let out = message;
    for (const v of Object.values(this.#config)) if (v && v.length >= 6) out = out.split(v).join('[redacted]');
    return out.replace(/(bearer|basic)\s+\S+/gi, '$1 [redacted]').slice(0, 300);
  }

  /**
   * The headers client-node would send (normally `Authorization`), refreshed by the provider
   * itself when its token expires.
   * @returns the auth headers
   * @throws ConfigError when the provider fails
   */
  async headers(): Promise<Record<string, string>> {
    this.#kc ??= this.#kubeConfig();
    const kc = await this.#kc;
    const opts: { headers?: Record<string, unknown> } = { headers: {} };
    try {
      await kc.applyToHTTPSOptions(opts as Parameters<KubeConfig['applyToHTTPSOptions']>[0]);
    } catch (err) {
      const msg = err instanceof Error ? this.#scrub(err.message) : 'unknown error';
      throw new ConfigError(`auth-provider "${this.#name}" could not provide credentials: ${msg}`);
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (k.toLowerCase() === 'authorization' && typeof v === 'string') out['authorization'] = v;
    }
    if (!out['authorization']) throw new ConfigError(`auth-provider "${this.#name}" is not supported by @kubernetes/client-node or returned no credentials`);
    return out;
  }
}
