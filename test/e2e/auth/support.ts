/**
 * Shared pieces of the authentication / authorization suites. Each suite starts its OWN envtest
 * (static token users, its own RBAC objects) with the binaries of the shared one, installs the
 * one CRD it needs (Reservation), and checks that no credential leaks into an error or a log.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { installCrds } from '../../../src/client/crd-installer.js';
import { ResourceClient } from '../../../src/client/resource-client.js';
import { startEnvtest, type Envtest, type EnvtestOptions } from '../../../src/envtest/index.js';
import type { Clientset } from '../../../src/generated/clientset.js';
import { reservationResource } from '../../../src/generated/scheduling.koordinator.sh/v1alpha1/resources.js';
import type { Reservation } from '../../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import type { ResourceDescriptor } from '../../../src/meta/descriptor.js';
import type { KubeObject } from '../../../src/meta/object.js';
import type { RestConfig } from '../../../src/rest/config/config.js';
import type { LogFn, Logger } from '../../../src/rest/transport/logger.js';
import type { TransportHooks } from '../../../src/rest/transport/observability.js';
import { envtestInfo } from '../env.js';

/** A random bearer token (printable, no commas or quotes): tokens are never guessable literals. */
export function newToken(prefix = 'tok'): string {
  return `${prefix}-${randomBytes(20).toString('hex')}`;
}

/** A short random suffix for unique names. */
export function suffix(): string {
  return randomBytes(4).toString('hex');
}

/** Starts a private envtest with the binaries of the shared one (caller stops it). */
export function startPrivateEnvtest(opts: Omit<EnvtestOptions, 'binaryAssetsDir'> = {}): Promise<Envtest> {
  return startEnvtest({ binaryAssetsDir: envtestInfo().assetsDir, ...opts });
}

/** Installs the Reservation CRD (the only one these suites use) and waits until it is served. */
export async function installReservationCrd(cs: Clientset): Promise<void> {
  await installCrds(cs, [reservationResource], { waitTimeoutMs: 120_000 });
}

/** A RestConfig for a bearer-token user of `env` (server CA only, no client certificate). */
export function tokenConfig(env: Envtest, token: string): RestConfig {
  return { server: env.server, tls: { ca: env.caPem }, auth: { token }, namespace: 'default' };
}

/** A minimal valid Reservation. */
export function reservation(name: string): Reservation {
  return {
    metadata: { name },
    spec: {
      owners: [{ object: { kind: 'Pod', name: 'web-0', namespace: 'default' } }],
      template: { spec: { containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu: '1' } } }] } },
      ttl: '1h',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// RBAC and identity: kinds without a generated client, through the generic ResourceClient.

function clusterScoped(group: string, version: string, kind: string, plural: string): ResourceDescriptor {
  return { group, version, kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), shortNames: [], namespaced: false, subresources: { status: false }, printerColumns: [] };
}

/** rbac.authorization.k8s.io/v1 ClusterRole. */
export const clusterRoleResource = clusterScoped('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles');
/** rbac.authorization.k8s.io/v1 ClusterRoleBinding. */
export const clusterRoleBindingResource = clusterScoped('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings');
/** authentication.k8s.io/v1 SelfSubjectReview ("who am I"; created, never stored). */
export const selfSubjectReviewResource = clusterScoped('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews');

/** A PolicyRule of a ClusterRole. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

interface ClusterRole extends KubeObject {
  rules: PolicyRule[];
}

interface ClusterRoleBinding extends KubeObject {
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: { kind: 'User' | 'Group'; apiGroup: string; name: string }[];
}

interface SelfSubjectReview extends KubeObject {
  status?: { userInfo?: { username?: string; uid?: string; groups?: string[] } };
}

/**
 * As `admin`, creates a ClusterRole with `rules` and binds it to `user`.
 * @returns the role's name
 */
export async function grantClusterRole(admin: Clientset, name: string, rules: PolicyRule[], user: string): Promise<string> {
  await new ResourceClient<ClusterRole>(admin.ctx, clusterRoleResource).create({ metadata: { name }, rules });
  await new ResourceClient<ClusterRoleBinding>(admin.ctx, clusterRoleBindingResource).create({
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
  });
  return name;
}

/** The read-only rule on Reservations the RBAC suites grant. */
export const reservationReadRule: PolicyRule = { apiGroups: ['scheduling.koordinator.sh'], resources: ['reservations'], verbs: ['get', 'list', 'watch'] };

/** Who the server thinks the client is (a SelfSubjectReview, allowed to every authenticated user). */
export async function whoAmI(cs: Clientset): Promise<{ username?: string; groups: string[] }> {
  const review = await new ResourceClient<SelfSubjectReview>(cs.ctx, selfSubjectReviewResource).create({ metadata: { name: 'whoami' } });
  const info = review.status?.userInfo ?? {};
  return { ...(info.username !== undefined ? { username: info.username } : {}), groups: info.groups ?? [] };
}

/** Retries `fn` until it resolves (RBAC objects take effect through the authorizer's informers). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Credential leak checks.

/** Every way an error is commonly turned into text (what a program might log or show). */
export function errorRenderings(err: unknown): Record<string, string> {
  const e = err as Partial<Error> | undefined;
  let json: string;
  try {
    json = JSON.stringify(err) ?? '';
  } catch (cause) {
    json = `<JSON.stringify threw: ${String(cause)}>`;
  }
  return {
    'String(err)': String(err),
    'err.message': String(e?.message ?? ''),
    'JSON.stringify(err)': json,
    'err.stack': String(e?.stack ?? ''),
    'util.inspect(err, {depth: 10})': inspect(err, { depth: 10 }),
    'util.inspect(err, {depth: 10, showHidden: true})': inspect(err, { depth: 10, showHidden: true }),
  };
}

/**
 * Asserts that none of `secrets` appears in any rendering of `err`. Failure messages name the
 * rendering and the secret's index, never the secret itself.
 */
export function expectNoSecretsInError(err: unknown, secrets: readonly string[]): void {
  expect(err).toBeInstanceOf(Error);
  for (const [how, text] of Object.entries(errorRenderings(err))) {
    secrets.forEach((secret, i) => {
      expect(secret.length, `secret #${i} is too short to be a meaningful check`).toBeGreaterThanOrEqual(8);
      expect(text.includes(secret), `${how} contains secret #${i}`).toBe(false);
    });
  }
}

/** Asserts that none of `secrets` appears in `text` (a log transcript). */
export function expectNoSecretsInText(text: string, secrets: readonly string[], what: string): void {
  secrets.forEach((secret, i) => {
    expect(text.includes(secret), `${what} contains secret #${i}`).toBe(false);
  });
}

/**
 * Records everything the transport logs (at every level) and reports to its hooks, and
 * everything written through `console`, as text, so that tests can assert no credential is in it.
 */
export class LogCapture {
  readonly lines: string[] = [];
  /** Number of hook calls seen (to show the capture was not vacuous). */
  hookCalls = 0;
  readonly #restore: (() => void)[] = [];

  #record(source: string, args: unknown[]): void {
    this.lines.push(`${source} ${args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' ')}`);
  }

  /** A logger with every level on, writing into this capture. */
  readonly logger: Logger = (() => {
    const level = (name: string): LogFn => ((...args: unknown[]) => this.#record(`logger.${name}`, args)) as LogFn;
    return { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
  })();

  /** Hooks writing every payload into this capture. */
  readonly hooks: TransportHooks = {
    onRequestStart: (i) => this.#hook('onRequestStart', i),
    onRequestEnd: (i) => this.#hook('onRequestEnd', i),
    onRetry: (i) => this.#hook('onRetry', i),
    onThrottle: (i) => this.#hook('onThrottle', i),
  };

  #hook(name: string, info: unknown): void {
    this.hookCalls++;
    this.#record(`hook.${name}`, [info]);
  }

  /** Also records (and silences) console.log/info/warn/error/debug until `restore()`. */
  captureConsole(): this {
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[m];
      console[m] = (...args: unknown[]) => this.#record(`console.${m}`, args);
      this.#restore.push(() => {
        console[m] = original;
      });
    }
    return this;
  }

  /** Puts the console methods back. */
  restore(): void {
    for (const r of this.#restore.splice(0)) r();
  }

  /** The whole transcript. */
  text(): string {
    return this.lines.join('\n');
  }
}

/** The error a promise rejects with; fails when it resolves instead. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
