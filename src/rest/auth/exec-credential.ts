/**
 * Exec credential plugins (client-go `plugin/pkg/client/auth/exec`): runs the configured command,
 * reads an `ExecCredential` from its stdout, and caches it until shortly before it expires.
 * Concurrent callers share one run; `invalidate()` after a 401 forces the next call to run again.
 *
 * Stdout holds the credential and never appears in an error; stderr does (an excerpt), since that
 * is where plugins explain what went wrong.
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { isAbsolute, resolve, sep } from 'node:path';
import type { ExecConfig } from '../config/config.js';
import { ConfigError } from '../errors.js';
import { SingleFlight } from './single-flight.js';

/** The credential an exec plugin returned (`ExecCredential.status`). */
export interface ExecCredential {
  /** Bearer token. */
  token?: string;
  /** PEM client certificate (with `clientKeyData`). */
  clientCertificateData?: string;
  /** PEM client key. */
  clientKeyData?: string;
  /** When the credential expires; cached indefinitely (until `invalidate`) when absent. */
  expirationTimestamp?: Date;
}

/** Cluster information passed to plugins that set `provideClusterInfo` (`ExecCredential.spec.cluster`). */
export interface ExecClusterInfo {
  server: string;
  tlsServerName?: string;
  insecureSkipTlsVerify?: boolean;
  /** PEM CA bundle; passed base64-encoded as `certificate-authority-data`. */
  certificateAuthorityData?: string;
  proxyUrl?: string;
  /** Passed as `disable-compression: true` when set. */
  disableCompression?: boolean;
  /** The cluster's `extensions["client.authentication.k8s.io/exec"]`, if any. */
  config?: unknown;
}

/** Options of {@link ExecCredentialProvider}. */
export interface ExecCredentialProviderOptions {
  /** Cluster information for `provideClusterInfo`. */
  cluster?: ExecClusterInfo;
  /** Base environment of the plugin; `process.env` by default. The exec `env` entries are added to it. */
  env?: NodeJS.ProcessEnv;
  /** Clock, for tests. */
  now?: () => number;
  /** Refresh this long before expiry (capped at half the credential's lifetime). Default 5000 ms. */
  refreshBeforeExpiryMs?: number;
  /** Kill the plugin after this long. Default 120000 ms. */
  timeoutMs?: number;
}

const MAX_STDOUT = 4 * 1024 * 1024;
const STDERR_KEEP = 4096;
const STDERR_EXCERPT = 1000;

function commandName(config: ExecConfig): string {
  return config.command;
}

function stderrExcerpt(stderr: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = stderr.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (!clean) return '';
  return clean.length > STDERR_EXCERPT ? `...${clean.slice(-STDERR_EXCERPT)}` : clean;
}

interface RunOutcome {
  stdout: Buffer;
  stderr: string;
}

/** One run of the plugin: how many callers wait for it, and how to stop it. */
interface RunState {
  waiters: number;
  /** Kills the plugin (its whole process group); the run rejects with `why`. */
  kill: (why: string) => void;
  /** Set when it was killed before it started. */
  killed?: string;
}

/** Runs an exec credential plugin and caches its credential. */
export class ExecCredentialProvider {
  readonly #config: ExecConfig;
  readonly #opts: ExecCredentialProviderOptions;
  #cached: ExecCredential | undefined;
  #obtainedAt = 0;
  readonly #flight = new SingleFlight<ExecCredential>();
  #state: RunState | undefined;
  #closed = false;

  /**
   * @param config - the kubeconfig `user.exec` settings
   * @param opts - cluster info, environment, clock and timing
   */
  constructor(config: ExecConfig, opts: ExecCredentialProviderOptions = {}) {
    this.#config = config;
    this.#opts = opts;
  }

  /** The plugin's command as configured, for messages. */
  get command(): string {
    return commandName(this.#config);
  }

  #now(): number {
    return (this.#opts.now ?? Date.now)();
  }

  #fresh(cred: ExecCredential): boolean {
    const exp = cred.expirationTimestamp?.getTime();
    if (exp === undefined) return true;
    const lifetime = Math.max(0, exp - this.#obtainedAt);
    const skew = Math.min(this.#opts.refreshBeforeExpiryMs ?? 5000, lifetime / 2);
    return this.#now() < exp - skew;
  }

  /**
   * The current credential: the cached one while it is fresh, else the result of running the
   * plugin (one run shared by concurrent callers). When every caller waiting for a run has
   * aborted its `signal`, the plugin is killed (with its process group).
   * @param signal - the caller's signal
   * @returns the credential
   * @throws ConfigError when the plugin is missing, fails, is killed or returns something unusable
   */
  get(signal?: AbortSignal): Promise<ExecCredential> {
    if (this.#closed) return Promise.reject(new ConfigError(`exec plugin "${this.command}" not run: the client is closed`));
    const cached = this.#cached;
    if (cached && this.#fresh(cached)) return Promise.resolve(cached);
    const run = this.#flight.run(() => {
      const state: RunState = {
        waiters: 0,
        kill: (why) => {
          state.killed = why;
        },
      };
      this.#state = state;
      const clear = (): void => {
        if (this.#state === state) this.#state = undefined;
      };
      return this.#run(state).then(
        (cred) => {
          clear();
          this.#cached = cred;
          this.#obtainedAt = this.#now();
          return cred;
        },
        (err: unknown) => {
          clear();
          // Refreshing early failed: keep using the cached credential until it actually expires.
          const still = this.#cached;
          const exp = still?.expirationTimestamp?.getTime();
          if (still && exp !== undefined && this.#now() < exp) return still;
          throw err;
        },
      );
    });
    const state = this.#state;
    if (state) {
      state.waiters++;
      const leave = (): void => {
        state.waiters--;
        if (state.waiters <= 0) state.kill('every call waiting for it was aborted');
      };
      if (signal?.aborted) leave();
      else if (signal) {
        signal.addEventListener('abort', leave, { once: true });
        const off = (): void => signal.removeEventListener('abort', leave);
        run.then(off, off);
      } else {
        // a caller that cannot abort keeps the run alive
      }
    }
    return run;
  }

  /** Kills a running plugin and refuses to run it again (the client is closing). */
  close(): void {
    this.#closed = true;
    this.#state?.kill('the client was closed');
  }

  /**
   * Drops the cached credential so that the next `get()` runs the plugin again (after a 401).
   * @param used - the credential the failed request used; when given, the cache is only dropped
   *   if it still holds that credential, so concurrent 401s cause a single refresh
   */
  invalidate(used?: ExecCredential): void {
    if (used === undefined || used === this.#cached) this.#cached = undefined;
  }

  #execInfo(): string {
    const spec: Record<string, unknown> = { interactive: false };
    const c = this.#opts.cluster;
    if (this.#config.provideClusterInfo && c) {
      const cluster: Record<string, unknown> = { server: c.server };
      if (c.tlsServerName) cluster['tls-server-name'] = c.tlsServerName;
      if (c.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
      if (c.certificateAuthorityData) cluster['certificate-authority-data'] = Buffer.from(c.certificateAuthorityData, 'utf8').toString('base64');
      if (c.proxyUrl) cluster['proxy-url'] = c.proxyUrl;
      if (c.disableCompression) cluster['disable-compression'] = true;
      if (c.config !== undefined) cluster['config'] = c.config;
      spec['cluster'] = cluster;
    }
    return JSON.stringify({ apiVersion: this.#config.apiVersion, kind: 'ExecCredential', spec });
  }

  #resolvedCommand(): string {
    const cmd = this.#config.command;
    const hasSep = cmd.includes('/') || cmd.includes(sep);
    if (hasSep && !isAbsolute(cmd) && this.#config.baseDir) return resolve(this.#config.baseDir, cmd);
    return cmd;
  }

  async #run(state: RunState): Promise<ExecCredential> {
    const name = this.command;
    if (this.#config.interactiveMode === 'Always') {
      throw new ConfigError(`exec plugin "${name}" requires interactive mode (interactiveMode: Always), which this client does not support`);
    }
    const env: NodeJS.ProcessEnv = { ...(this.#opts.env ?? process.env) };
    for (const e of this.#config.env ?? []) env[e.name] = e.value;
    env['KUBERNETES_EXEC_INFO'] = this.#execInfo();
    const { stdout } = await this.#spawn(name, env, state);
    return this.#parse(name, stdout);
  }

  #spawn(name: string, env: NodeJS.ProcessEnv, state: RunState): Promise<RunOutcome> {
    const timeoutMs = this.#opts.timeoutMs ?? 120_000;
    return new Promise<RunOutcome>((resolvePromise, reject) => {
      if (state.killed !== undefined) {
        reject(new ConfigError(`exec plugin "${name}" was not run: ${state.killed}`));
        return;
      }
      let child: ChildProcess;
      const posix = process.platform !== 'win32';
      try {
        // Its own process group on POSIX, so that killing it also kills what it started (a shell's children).
        child = spawn(this.#resolvedCommand(), this.#config.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: posix });
      } catch (err) {
        reject(this.#spawnError(name, err));
        return;
      }
      let killedWhy: string | undefined;
      const killTree = (): void => {
        try {
          if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
        // A grandchild may still hold the pipes: stop waiting for them.
        child.stdout?.destroy();
        child.stderr?.destroy();
      };
      state.kill = (why) => {
        if (settled) return;
        killedWhy = why;
        killTree();
      };
      const out: Buffer[] = [];
      let outLen = 0;
      let tooBig = false;
      let stderr = '';
      let timedOut = false;
      let settled = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killTree();
      }, timeoutMs);
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      child.stdout!.on('data', (chunk: Buffer) => {
        outLen += chunk.length;
        if (outLen > MAX_STDOUT) {
          tooBig = true;
          killTree();
          return;
        }
        out.push(chunk);
      });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_KEEP);
      });
      child.on('error', (err) => finish(() => reject(this.#spawnError(name, err))));
      const onEnd = (code: number | null, signal: NodeJS.Signals | null): void =>
        finish(() => {
          const excerpt = stderrExcerpt(stderr);
          const tail = excerpt ? `; stderr: ${excerpt}` : '';
          if (killedWhy !== undefined) reject(new ConfigError(`exec plugin "${name}" was killed: ${killedWhy}`));
          else if (timedOut) reject(new ConfigError(`exec plugin "${name}" did not finish within ${timeoutMs} ms${tail}`));
          else if (tooBig) reject(new ConfigError(`exec plugin "${name}" wrote more than ${MAX_STDOUT} bytes to stdout`));
          else if (code !== 0) reject(new ConfigError(`exec plugin "${name}" failed with ${signal ? `signal ${signal}` : `exit code ${code}`}${tail}`));
          else resolvePromise({ stdout: Buffer.concat(out), stderr });
        });
      child.on('close', onEnd);
      // After a kill, do not wait for pipes a grandchild may hold open.
      child.on('exit', (code, signal) => {
        if (killedWhy !== undefined || timedOut || tooBig) onEnd(code, signal);
      });
    });
  }

  #spawnError(name: string, err: unknown): ConfigError {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT') {
      const hint = this.#config.installHint ? `\n\n${this.#config.installHint}` : '';
      return new ConfigError(`exec plugin "${name}": executable not found${hint}`);
    }
    if (code === 'EACCES') return new ConfigError(`exec plugin "${name}": executable is not executable (permission denied)`);
    return new ConfigError(`exec plugin "${name}" could not be started (${code ?? 'unknown error'})`);
  }

  #parse(name: string, stdout: Buffer): ExecCredential {
    let doc: unknown;
    try {
      doc = JSON.parse(stdout.toString('utf8'));
    } catch {
      // Never include stdout, nor the SyntaxError (V8 quotes the input): it holds the credential.
      throw new ConfigError(`exec plugin "${name}" did not write a valid ExecCredential (stdout is not JSON)`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new ConfigError(`exec plugin "${name}" did not write a valid ExecCredential (stdout is not a JSON object)`);
    }
    const obj = doc as Record<string, unknown>;
    const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
    if (apiVersion !== this.#config.apiVersion) {
      // Echo the returned version only when it looks like one: nothing else from stdout is shown.
      const shown = /^[a-z0-9.-]+\/v[0-9a-z]+$/i.test(apiVersion) ? ` "${apiVersion}"` : ' (missing or malformed)';
      throw new ConfigError(`exec plugin "${name}" is configured to use API version ${this.#config.apiVersion}, but it returned version${shown}`);
    }
    if (obj['kind'] !== 'ExecCredential') throw new ConfigError(`exec plugin "${name}" did not write an ExecCredential (kind is not ExecCredential)`);
    const status = obj['status'];
    if (typeof status !== 'object' || status === null || Array.isArray(status)) {
      throw new ConfigError(`exec plugin "${name}" returned an ExecCredential without status`);
    }
    const s = status as Record<string, unknown>;
    const cred: ExecCredential = {};
    const str = (key: string): string | undefined => {
      const v = s[key];
      if (v === undefined || v === null || v === '') return undefined;
      if (typeof v !== 'string') throw new ConfigError(`exec plugin "${name}" returned an ExecCredential whose status.${key} is not a string`);
      return v;
    };
    const token = str('token');
    const cert = str('clientCertificateData');
    const key = str('clientKeyData');
    const exp = str('expirationTimestamp');
    if (cert !== undefined && key === undefined) throw new ConfigError(`exec plugin "${name}" returned clientCertificateData without clientKeyData`);
    if (key !== undefined && cert === undefined) throw new ConfigError(`exec plugin "${name}" returned clientKeyData without clientCertificateData`);
    if (token === undefined && cert === undefined) throw new ConfigError(`exec plugin "${name}" returned neither a token nor a client certificate and key`);
    if (token !== undefined) cred.token = token;
    if (cert !== undefined && key !== undefined) {
      cred.clientCertificateData = cert;
      cred.clientKeyData = key;
    }
    if (exp !== undefined) {
      const t = Date.parse(exp);
      if (Number.isNaN(t)) throw new ConfigError(`exec plugin "${name}" returned an invalid expirationTimestamp`);
      cred.expirationTimestamp = new Date(t);
    }
    return cred;
  }
}
