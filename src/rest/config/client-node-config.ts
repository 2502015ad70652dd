/**
 * Adopting a user's existing `@kubernetes/client-node` `KubeConfig` object. Only its data is read,
 * through the structural {@link KubeConfigLike} type, so neither client-node's code nor its type
 * declarations are needed by this package (it is an optional peer dependency).
 * @packageDocumentation
 */
import type { RestConfig } from './config.js';
import { ConfigError } from '../errors.js';
import { isKubeconfigMap, type KubeconfigEntry, type KubeconfigEntryKind } from './kubeconfig-file.js';
import type { MergedKubeconfig } from './kubeconfig-merge.js';
import { resolveKubeconfigContext } from './kubeconfig-resolve.js';
import { toKubeconfigValue, type KubeconfigMap } from './kubeconfig-yaml.js';

const SOURCE = 'client-node KubeConfig';

/** The cluster fields read from a client-node `KubeConfig` (its `Cluster`). */
export interface KubeConfigLikeCluster {
  readonly name: string;
  readonly server: string;
  readonly caData?: string | undefined;
  readonly caFile?: string | undefined;
  readonly skipTLSVerify?: boolean | undefined;
  readonly tlsServerName?: string | undefined;
  readonly proxyUrl?: string | undefined;
}

/** The user fields read from a client-node `KubeConfig` (its `User`). */
export interface KubeConfigLikeUser {
  readonly name: string;
  readonly token?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly certData?: string | undefined;
  readonly certFile?: string | undefined;
  readonly keyData?: string | undefined;
  readonly keyFile?: string | undefined;
  readonly impersonateUser?: string | undefined;
  /** A legacy `auth-provider` (`{ name, config }`). */
  readonly authProvider?: unknown;
  /** An exec credential plugin (`{ command, args, env, apiVersion, ... }`). */
  readonly exec?: unknown;
}

/** The context fields read from a client-node `KubeConfig` (its `Context`). */
export interface KubeConfigLikeContext {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  readonly namespace?: string | undefined;
}

/**
 * What this package reads from an `@kubernetes/client-node` `KubeConfig`: a structural type, so a
 * real `KubeConfig` fits it without this package depending on client-node's types.
 */
export interface KubeConfigLike {
  readonly clusters?: readonly KubeConfigLikeCluster[] | undefined;
  readonly users?: readonly KubeConfigLikeUser[] | undefined;
  readonly contexts?: readonly KubeConfigLikeContext[] | undefined;
  readonly currentContext?: string | undefined;
}

function body(fields: Record<string, unknown>): KubeconfigMap {
  const out = toKubeconfigValue(fields, SOURCE);
  return isKubeconfigMap(out) ? out : (Object.create(null) as KubeconfigMap);
}

function entry(kind: KubeconfigEntryKind, name: string, fields: Record<string, unknown>): KubeconfigEntry {
  return { kind, name, body: body(fields), file: SOURCE, dir: process.cwd() };
}

function clusterFields(c: KubeConfigLikeCluster): Record<string, unknown> {
  return {
    server: c.server,
    'certificate-authority': c.caFile,
    'certificate-authority-data': c.caData,
    'insecure-skip-tls-verify': c.skipTLSVerify ? 'true' : undefined,
    'tls-server-name': c.tlsServerName,
    'proxy-url': c.proxyUrl,
  };
}

function userFields(u: KubeConfigLikeUser): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    token: u.token,
    username: u.username,
    password: u.password,
    'client-certificate': u.certFile,
    'client-certificate-data': u.certData,
    'client-key': u.keyFile,
    'client-key-data': u.keyData,
    as: u.impersonateUser,
  };
  const provider = u.authProvider as { name?: string; config?: Record<string, unknown> } | null | undefined;
  if (provider && provider.name === 'tokenFile' && typeof provider.config?.['tokenFile'] === 'string') {
    // client-node's in-cluster user: a token file re-read on every request.
    fields['tokenFile'] = provider.config['tokenFile'];
  } else if (provider) {
    fields['auth-provider'] = provider;
  }
  if (u.exec && typeof u.exec === 'object') {
    const exec = { ...(u.exec as Record<string, unknown>) };
    // client-node does not require interactiveMode; default it like client-go v1beta1.
    if (exec['interactiveMode'] === undefined || exec['interactiveMode'] === null) exec['interactiveMode'] = 'IfAvailable';
    fields['exec'] = exec;
  }
  return fields;
}

function contextFields(c: KubeConfigLikeContext): Record<string, unknown> {
  return { cluster: c.cluster, user: c.user, namespace: c.namespace };
}

/**
 * Builds a RestConfig from an existing `@kubernetes/client-node` KubeConfig, using its current
 * context. CA, certificate and key files it references are read; paths in it are expected to be
 * absolute already (as `loadFromFile` / `loadFromDefault` leave them).
 * @param kc - the user's KubeConfig
 * @returns the configuration of its current context
 * @throws ConfigError when the current context, its cluster or user is missing or invalid
 */
export async function restConfigFromKubeConfig(kc: KubeConfigLike): Promise<RestConfig> {
  const merged: MergedKubeconfig = { files: [SOURCE], clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const c of kc.clusters ?? []) if (!merged.clusters.has(c.name)) merged.clusters.set(c.name, entry('cluster', c.name, clusterFields(c)));
  for (const u of kc.users ?? []) if (!merged.users.has(u.name)) merged.users.set(u.name, entry('user', u.name, userFields(u)));
  for (const c of kc.contexts ?? []) if (!merged.contexts.has(c.name)) merged.contexts.set(c.name, entry('context', c.name, contextFields(c)));
  const current = kc.currentContext;
  if (!current) throw new ConfigError(`no context selected: the ${SOURCE} has no current context`);
  merged.currentContext = current;
  merged.currentContextFile = SOURCE;
  return resolveKubeconfigContext(merged);
}
