/**
 * A second kube-apiserver on the same etcd as an envtest's: another route to the same cluster
 * (like a second control-plane member), e.g. to change objects while the primary API server is
 * down. It shares the primary's certificates, CA, service account keys and flags, and listens on
 * a port of its own.
 * @packageDocumentation
 */
import { inspect } from 'node:util';
import type { RestConfig } from '../rest/config/config.js';
import { mergeFlags, type Flags } from './flags.js';
import type { KubeApiServerConfig } from './kube-apiserver.js';
import type { ManagedProcess } from './managed-process.js';
import type { StopApiServerOptions } from './options.js';
import { redactOnInspect } from '../rest/config/redact-config.js';

/** Options of `Envtest.startSecondaryApiServer`. */
export interface SecondaryApiServerOptions {
  /**
   * Extra kube-apiserver flags, merged over the primary's (envtest's defaults plus the
   * `apiServerFlags` it was started with); `null` removes one. As for the primary, ports,
   * addresses, certificate files and `etcd-servers` are envtest's.
   */
  apiServerFlags?: Flags;
}

/**
 * The configuration of a secondary kube-apiserver: the primary's binary, etcd, files, flags and
 * probe identity, with its own port and log file (and the caller's flags merged over the
 * primary's). Pure: nothing is started.
 */
export function secondaryApiServerConfig(primary: KubeApiServerConfig, securePort: number, logFile: string | undefined, extraFlags?: Flags): KubeApiServerConfig {
  const config: KubeApiServerConfig = { ...primary, securePort, flags: mergeFlags(primary.flags, extraFlags) };
  delete config.logFile;
  if (logFile !== undefined) config.logFile = logFile;
  return config;
}

/** What a {@link SecondaryApiServer} is made of (built by `Envtest.startSecondaryApiServer`). */
export interface SecondaryApiServerParts {
  /** 1 for the first secondary of an envtest, 2 for the next, ... */
  index: number;
  config: KubeApiServerConfig;
  process: ManagedProcess;
  /** Base URL, e.g. `https://127.0.0.1:41236`. */
  server: string;
  /** Path of its admin kubeconfig. */
  kubeconfigPath: string;
  /** CA, admin certificate and key (PEM). */
  tls: { ca: string; cert: string; key: string };
  /** Grace period between SIGTERM and SIGKILL, in ms. */
  stopTimeoutMs: number;
  /** Called once the process has been stopped, so the envtest forgets it. */
  onStopped: (server: SecondaryApiServer) => void;
}

/**
 * A running secondary kube-apiserver of an envtest. `stop()` stops it; the envtest's `stop()`
 * stops it too, and the process is killed if Node exits first (it is in envtest's child
 * registry). Credentials are exposed through getters only, so logging or `JSON.stringify`-ing
 * the object does not leak the client key.
 */
export class SecondaryApiServer {
  /** 1 for the first secondary of an envtest, 2 for the next, ... */
  readonly index: number;
  /** Base URL, e.g. `https://127.0.0.1:41236`. */
  readonly server: string;
  /** Path of its admin kubeconfig (inside the envtest's temporary directory). */
  readonly kubeconfigPath: string;
  /** Log file receiving its full output, if any. */
  readonly logFile: string | undefined;
  readonly #parts: SecondaryApiServerParts;
  #stopping: Promise<void> | undefined;

  /** @internal Use `Envtest.startSecondaryApiServer`. */
  constructor(parts: SecondaryApiServerParts) {
    this.#parts = parts;
    this.index = parts.index;
    this.server = parts.server;
    this.kubeconfigPath = parts.kubeconfigPath;
    this.logFile = parts.config.logFile;
  }

  /** A fresh `RestConfig` for the admin user against this server (client certificate authentication). */
  get restConfig(): RestConfig {
    const { ca, cert, key } = this.#parts.tls;
    return redactOnInspect({ server: this.server, tls: { ca, cert, key }, auth: {}, contextName: 'envtest', namespace: 'default' });
  }

  /** PID of the process, or undefined once it has exited. */
  get pid(): number | undefined {
    const p = this.#parts.process;
    return p.running ? p.pid : undefined;
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.#parts.process.running;
  }

  /** The last lines it printed (for diagnosis). */
  output(): string[] {
    return this.#parts.process.outputTail();
  }

  /**
   * Stops it (SIGTERM, SIGKILL after the grace period; or SIGKILL at once with `kill`, also when
   * a graceful stop is under way); resolves once it has exited. Safe to call twice.
   */
  stop(options: StopApiServerOptions = {}): Promise<void> {
    const proc = this.#parts.process;
    this.#stopping ??= (async () => {
      await (options.kill ? proc.kill() : proc.stop(this.#parts.stopTimeoutMs));
      this.#parts.onStopped(this);
    })();
    if (options.kill) void proc.kill();
    return this.#stopping;
  }

  /** A summary without credentials. */
  toJSON(): Record<string, unknown> {
    return { index: this.index, server: this.server, kubeconfigPath: this.kubeconfigPath, pid: this.pid };
  }

  /** Shows the same credential-free summary as {@link SecondaryApiServer.toJSON} in `console.log`. */
  [inspect.custom](): string {
    return `SecondaryApiServer ${inspect(this.toJSON())}`;
  }
}
