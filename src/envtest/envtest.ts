/**
 * `startEnvtest`: a real kube-apiserver and etcd on 127.0.0.1 for tests (controller-runtime's
 * envtest, in-process certificates and all), and the `Envtest` handle that restarts and stops
 * them.
 * @packageDocumentation
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { RestConfig } from '../rest/config/config.js';
import { resolveBinaries, type EnvtestBinaries } from './binaries.js';
import { generateEnvtestCertificates, type EnvtestCertificates } from './certificates.js';
import { registerTempDirectory, unregisterTempDirectory } from './child-registry.js';
import { EnvtestError } from './errors.js';
import { startEtcd, type RunningEtcd } from './etcd.js';
import { mergeFlags } from './flags.js';
import { freePort } from './free-port.js';
import { kubeApiServerUrl, startKubeApiServer, type KubeApiServerConfig, type KubeApiServerFiles } from './kube-apiserver.js';
import { renderKubeconfig } from './kubeconfig.js';
import type { ManagedProcess } from './managed-process.js';
import type { EnvtestOptions, StopApiServerOptions } from './options.js';
import { SecondaryApiServer, secondaryApiServerConfig, type SecondaryApiServerOptions } from './secondary-api-server.js';
import { renderTokenAuthFile } from './token-auth-file.js';
import { redactOnInspect } from '../rest/config/redact-config.js';

/** How long the start took, in milliseconds. */
export interface EnvtestTimings {
  /** Generating the CA, certificates and keys. */
  certificatesMs: number;
  /** etcd spawn to `/health` healthy. */
  etcdReadyMs: number;
  /** kube-apiserver spawn to `/readyz` ok. */
  apiServerReadyMs: number;
  /** The whole `startEnvtest` call. */
  totalMs: number;
}

/** Where envtest's files are, all inside {@link Envtest.tempDir}. */
export interface EnvtestPaths {
  kubeconfig: string;
  etcdDataDir: string;
  etcdLog: string;
  apiServerLog: string;
  caCert: string;
  /** The static token CSV, when there are token users. */
  tokenAuthFile?: string;
}

const START_ATTEMPTS = 3;

function isAddressInUse(err: unknown): boolean {
  return err instanceof EnvtestError && err.outputTail.some((line) => /address already in use/i.test(line));
}

// After a failed start the server logs are kept (they hold no credentials and the error points
// at them); data, keys and the kubeconfig go.
async function removeAfterFailedStart(tempDir: string, keepLogs: boolean): Promise<void> {
  if (!keepLogs) {
    await rm(tempDir, { recursive: true, force: true, maxRetries: 3 });
    return;
  }
  const entries = await readdir(tempDir).catch(() => [] as string[]);
  await Promise.all(entries.filter((e) => e !== 'logs').map((e) => rm(join(tempDir, e), { recursive: true, force: true, maxRetries: 3 })));
}

function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
}

/** Retries a server start that failed because its (just picked) port was taken meanwhile. */
async function withPortRetry<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= START_ATTEMPTS || !isAddressInUse(err)) throw err;
    }
  }
}

/** Lays out the temporary directory and writes certificates, keys and the token file. */
function writeServerFiles(tempDir: string, certificates: EnvtestCertificates, tokenFileContent: string | undefined): { paths: EnvtestPaths; files: KubeApiServerFiles } {
  const pki = join(tempDir, 'pki');
  const logs = join(tempDir, 'logs');
  const certDir = join(tempDir, 'cert-dir');
  for (const dir of [pki, logs, certDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const paths: EnvtestPaths = {
    kubeconfig: join(tempDir, 'kubeconfig'),
    etcdDataDir: join(tempDir, 'etcd'),
    etcdLog: join(logs, 'etcd.log'),
    apiServerLog: join(logs, 'kube-apiserver.log'),
    caCert: join(pki, 'ca.crt'),
    ...(tokenFileContent !== undefined ? { tokenAuthFile: join(pki, 'token-auth.csv') } : {}),
  };
  const files: KubeApiServerFiles = {
    certDir,
    clientCa: paths.caCert,
    servingCert: join(pki, 'apiserver.crt'),
    servingKey: join(pki, 'apiserver.key'),
    serviceAccountKey: join(pki, 'sa.pub'),
    serviceAccountSigningKey: join(pki, 'sa.key'),
    ...(paths.tokenAuthFile ? { tokenAuthFile: paths.tokenAuthFile } : {}),
  };
  writeFileSync(files.clientCa, certificates.ca.certPem);
  writeFileSync(files.servingCert, certificates.serving.certPem);
  writePrivate(files.servingKey, certificates.serving.keyPem);
  writeFileSync(files.serviceAccountKey, certificates.serviceAccount.publicKeyPem);
  writePrivate(files.serviceAccountSigningKey, certificates.serviceAccount.privateKeyPem);
  if (files.tokenAuthFile && tokenFileContent !== undefined) writePrivate(files.tokenAuthFile, tokenFileContent);
  return { paths, files };
}

/** @internal State of an `Envtest`, built by {@link startEnvtest}. */
export interface EnvtestState {
  binaries: EnvtestBinaries;
  certificates: EnvtestCertificates;
  paths: EnvtestPaths;
  etcd: RunningEtcd;
  apiServerConfig: KubeApiServerConfig;
  stopTimeoutMs: number;
  removeTempDir: boolean;
}

/**
 * A running envtest: etcd plus kube-apiserver on loopback, with an admin identity. Credentials
 * are exposed through getters only, so logging or `JSON.stringify`-ing the object does not leak
 * the client key.
 */
export class Envtest {
  /** The temporary directory holding data, certificates, kubeconfig and logs. */
  readonly tempDir: string;
  /** API server base URL, e.g. `https://127.0.0.1:41234`. */
  readonly server: string;
  /** etcd client URL, e.g. `http://127.0.0.1:41235`. */
  readonly etcdUrl: string;
  /** Path of the admin kubeconfig (removed by `stop()` unless `keepTempDir`). */
  readonly kubeconfigPath: string;
  /** The binaries in use. */
  readonly binaries: EnvtestBinaries;
  /** Start timings. */
  readonly timings: EnvtestTimings;
  /** Paths of envtest's files. */
  readonly paths: EnvtestPaths;
  readonly #state: EnvtestState;
  #apiServer: ManagedProcess | undefined;
  readonly #secondaries = new Set<SecondaryApiServer>();
  #secondaryCount = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;

  /** @internal Use {@link startEnvtest}. */
  constructor(tempDir: string, state: EnvtestState, apiServer: ManagedProcess, timings: EnvtestTimings) {
    this.tempDir = tempDir;
    this.#state = state;
    this.#apiServer = apiServer;
    this.server = kubeApiServerUrl(state.apiServerConfig);
    this.etcdUrl = state.etcd.url;
    this.kubeconfigPath = state.paths.kubeconfig;
    this.binaries = state.binaries;
    this.paths = state.paths;
    this.timings = timings;
  }

  /** The CA certificate (PEM) the serving and client certificates chain to. */
  get caPem(): string {
    return this.#state.certificates.ca.certPem;
  }

  /** The admin client certificate (PEM): user `envtest-admin`, group `system:masters`. */
  get clientCertPem(): string {
    return this.#state.certificates.admin.certPem;
  }

  /** The admin client key (PKCS#8 PEM). A credential: keep it out of logs. */
  get clientKeyPem(): string {
    return this.#state.certificates.admin.keyPem;
  }

  /** A fresh `RestConfig` for the admin user (client certificate authentication). */
  get restConfig(): RestConfig {
    return redactOnInspect({
      server: this.server,
      tls: { ca: this.caPem, cert: this.clientCertPem, key: this.clientKeyPem },
      auth: {},
      contextName: 'envtest',
      namespace: 'default',
    });
  }

  /** The envtest CA, which can issue client certificates for further users (e.g. for RBAC tests). */
  get certificateAuthority(): EnvtestCertificates['ca'] {
    return this.#state.certificates.ca;
  }

  /** PID of the running etcd, or undefined once it has exited. */
  get etcdPid(): number | undefined {
    const p = this.#state.etcd.process;
    return p.running ? p.pid : undefined;
  }

  /** PID of the running kube-apiserver, or undefined while it is stopped. */
  get apiServerPid(): number | undefined {
    const p = this.#apiServer;
    return p?.running ? p.pid : undefined;
  }

  /** Whether `stop()` has been called. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** The last lines kube-apiserver printed (for diagnosis). */
  apiServerOutput(): string[] {
    return this.#apiServer?.outputTail() ?? [];
  }

  /** The last lines etcd printed (for diagnosis). */
  etcdOutput(): string[] {
    return this.#state.etcd.process.outputTail();
  }

  #serialize<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op, op);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #assertNotStopped(what: string): void {
    if (this.#stopped) throw new EnvtestError('envtest', `cannot ${what}: this envtest has been stopped`);
  }

  /**
   * Stops kube-apiserver (SIGTERM, SIGKILL after the grace period; or SIGKILL at once with
   * `kill`); etcd, its data and any secondary API server stay. Does nothing when it is not running.
   */
  stopApiServer(options: StopApiServerOptions = {}): Promise<void> {
    return this.#serialize(async () => {
      const proc = this.#apiServer;
      this.#apiServer = undefined;
      if (proc) await (options.kill ? proc.kill() : proc.stop(this.#state.stopTimeoutMs));
    });
  }

  /**
   * Starts kube-apiserver again on the same port, certificates and etcd, and waits for
   * `/readyz`. Does nothing when it is already running. Throws {@link EnvtestError} when it
   * does not become ready.
   */
  startApiServer(): Promise<void> {
    return this.#serialize(async () => {
      this.#assertNotStopped('start the API server');
      if (this.#apiServer?.running) return;
      this.#apiServer = undefined;
      const running = await startKubeApiServer(this.#state.apiServerConfig);
      this.#apiServer = running.process;
    });
  }

  /**
   * Starts another kube-apiserver on the same etcd, with the same certificates, CA, service
   * account keys and flags (plus `options.apiServerFlags`), on a free port of its own, writes an
   * admin kubeconfig for it, and resolves once its `/readyz` answers `ok`. It is independent of
   * the primary: {@link Envtest.stopApiServer} leaves it running, which makes it the route to
   * change objects while the primary is down. `stop()` on it, or {@link Envtest.stop}, stops it.
   * Throws {@link EnvtestError} when it does not become ready or this envtest has been stopped.
   *
   * Both servers run on one host, so they share kube-apiserver's identity lease (its name is
   * derived from the hostname); nothing envtest enables depends on telling them apart.
   */
  startSecondaryApiServer(options: SecondaryApiServerOptions = {}): Promise<SecondaryApiServer> {
    return this.#serialize(async () => {
      this.#assertNotStopped('start a secondary API server');
      let extraFlags;
      try {
        extraFlags = mergeFlags(options.apiServerFlags);
      } catch (err) {
        throw new EnvtestError('options', (err as Error).message, { cause: err });
      }
      const index = ++this.#secondaryCount;
      const name = `kube-apiserver-secondary-${index}`;
      const logFile = join(this.tempDir, 'logs', `${name}.log`);
      let config!: KubeApiServerConfig;
      const running = await withPortRetry(async () => {
        config = secondaryApiServerConfig(this.#state.apiServerConfig, await freePort(), logFile, extraFlags);
        return startKubeApiServer(config);
      });
      const { certificates } = this.#state;
      const kubeconfigPath = join(this.tempDir, `kubeconfig-secondary-${index}`);
      const server = kubeApiServerUrl(config);
      try {
        writePrivate(
          kubeconfigPath,
          renderKubeconfig({ server, caPem: certificates.ca.certPem, clientCertPem: certificates.admin.certPem, clientKeyPem: certificates.admin.keyPem }),
        );
      } catch (err) {
        await running.process.stop(this.#state.stopTimeoutMs);
        throw new EnvtestError('envtest', `cannot write the secondary kubeconfig: ${(err as Error).message}`, { cause: err });
      }
      const secondary = new SecondaryApiServer({
        index,
        config,
        process: running.process,
        server,
        kubeconfigPath,
        tls: { ca: certificates.ca.certPem, cert: certificates.admin.certPem, key: certificates.admin.keyPem },
        stopTimeoutMs: this.#state.stopTimeoutMs,
        onStopped: (s) => this.#secondaries.delete(s),
      });
      this.#secondaries.add(secondary);
      return secondary;
    });
  }

  /** The secondary API servers started by {@link Envtest.startSecondaryApiServer} and not stopped yet. */
  get secondaryApiServers(): readonly SecondaryApiServer[] {
    return [...this.#secondaries];
  }

  /** Stops (see {@link Envtest.stopApiServer}) and starts kube-apiserver (objects persist in etcd). */
  async restartApiServer(options: StopApiServerOptions = {}): Promise<void> {
    this.#assertNotStopped('restart the API server');
    await this.stopApiServer(options);
    await this.startApiServer();
  }

  /**
   * Stops the secondary API servers and kube-apiserver, then etcd (each SIGTERM, then SIGKILL
   * after the grace period), and removes the temporary directory unless `keepTempDir` was set.
   * Safe to call twice.
   */
  stop(): Promise<void> {
    return this.#serialize(async () => {
      if (this.#stopped) return;
      this.#stopped = true;
      const api = this.#apiServer;
      this.#apiServer = undefined;
      await Promise.all([...[...this.#secondaries].map((s) => s.stop()), api?.stop(this.#state.stopTimeoutMs)]);
      await this.#state.etcd.process.stop(this.#state.stopTimeoutMs);
      if (this.#state.removeTempDir) {
        await rm(this.tempDir, { recursive: true, force: true, maxRetries: 3 });
        unregisterTempDirectory(this.tempDir);
      }
    });
  }

  /** A summary without credentials. */
  toJSON(): Record<string, unknown> {
    return {
      server: this.server,
      etcdUrl: this.etcdUrl,
      kubeconfigPath: this.kubeconfigPath,
      tempDir: this.tempDir,
      apiServerPid: this.apiServerPid,
      secondaryApiServers: [...this.#secondaries].map((s) => s.server),
      etcdPid: this.etcdPid,
      stopped: this.#stopped,
    };
  }

  /** Shows the same credential-free summary as {@link Envtest.toJSON} in `console.log`. */
  [inspect.custom](): string {
    return `Envtest ${inspect(this.toJSON())}`;
  }
}

/**
 * Starts etcd and kube-apiserver on free loopback ports with fresh certificates, writes an admin
 * kubeconfig, and resolves once `/readyz` answers `ok`. On any failure everything started so far
 * is stopped and an {@link EnvtestError} (with the failing server's last output lines) is thrown.
 * The processes are also killed if this Node process exits without calling `stop()`.
 */
export async function startEnvtest(options: EnvtestOptions = {}): Promise<Envtest> {
  const started = performance.now();
  const binaries = resolveBinaries(options.binaryAssetsDir, options.env ?? process.env);
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const tailLines = options.outputTailLines ?? 50;
  const tokenUsers = options.tokenUsers ?? [];
  let apiServerFlags;
  let etcdFlags;
  try {
    apiServerFlags = mergeFlags(options.apiServerFlags);
    etcdFlags = mergeFlags(options.etcdFlags);
  } catch (err) {
    throw new EnvtestError('options', (err as Error).message, { cause: err });
  }
  if (tokenUsers.length && 'token-auth-file' in apiServerFlags) {
    throw new EnvtestError('options', 'give either tokenUsers or a token-auth-file apiServerFlag, not both');
  }
  let tokenFileContent: string | undefined;
  if (tokenUsers.length) {
    try {
      tokenFileContent = renderTokenAuthFile(tokenUsers);
    } catch (err) {
      throw new EnvtestError('options', (err as Error).message);
    }
  }

  let tempDir: string;
  try {
    const parent = options.tempDirParent ?? tmpdir();
    mkdirSync(parent, { recursive: true });
    tempDir = mkdtempSync(join(parent, 'koord-envtest-'));
  } catch (err) {
    throw new EnvtestError('envtest', `cannot create a temporary directory: ${(err as Error).message}`, { cause: err });
  }
  const removeTempDir = !options.keepTempDir;
  if (removeTempDir) registerTempDirectory(tempDir);
  let etcd: RunningEtcd | undefined;
  try {
    const t0 = performance.now();
    const certificates = generateEnvtestCertificates();
    const certificatesMs = performance.now() - t0;
    const { paths, files } = writeServerFiles(tempDir, certificates, tokenFileContent);

    const startedEtcd = await withPortRetry(async () => {
      rmSync(paths.etcdDataDir, { recursive: true, force: true });
      return startEtcd({
        binary: binaries.etcd,
        dataDir: paths.etcdDataDir,
        clientPort: await freePort(),
        peerPort: await freePort(),
        flags: etcdFlags,
        logFile: paths.etcdLog,
        tailLines,
        startTimeoutMs,
      });
    });
    etcd = startedEtcd;

    let apiServerConfig!: KubeApiServerConfig;
    const apiServer = await withPortRetry(async () => {
      apiServerConfig = {
        binary: binaries.kubeApiServer,
        etcdUrl: startedEtcd.url,
        securePort: await freePort(),
        files,
        flags: apiServerFlags,
        logFile: paths.apiServerLog,
        tailLines,
        startTimeoutMs,
        probeTls: { ca: certificates.ca.certPem, cert: certificates.admin.certPem, key: certificates.admin.keyPem },
      };
      return startKubeApiServer(apiServerConfig);
    });

    writePrivate(
      paths.kubeconfig,
      renderKubeconfig({
        server: kubeApiServerUrl(apiServerConfig),
        caPem: certificates.ca.certPem,
        clientCertPem: certificates.admin.certPem,
        clientKeyPem: certificates.admin.keyPem,
      }),
    );
    const timings: EnvtestTimings = {
      certificatesMs,
      etcdReadyMs: startedEtcd.readyMs,
      apiServerReadyMs: apiServer.readyMs,
      totalMs: performance.now() - started,
    };
    return new Envtest(tempDir, { binaries, certificates, paths, etcd: startedEtcd, apiServerConfig, stopTimeoutMs, removeTempDir }, apiServer.process, timings);
  } catch (err) {
    if (etcd) await etcd.process.stop(stopTimeoutMs);
    if (removeTempDir) {
      await removeAfterFailedStart(tempDir, err instanceof EnvtestError && err.logFile !== undefined);
      unregisterTempDirectory(tempDir);
    }
    if (err instanceof EnvtestError) throw err;
    throw new EnvtestError('envtest', `could not start: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
}
