/**
 * Adopting a user's existing `@kubernetes/client-node` `KubeConfig` object. Only its data is read,
 * so `@kubernetes/client-node` is never loaded by this module (a type-only import).
 * @packageDocumentation
 */
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
import type { RestConfig } from './config.js';
import { ConfigError } from './errors.js';
import { isKubeconfigMap, type KubeconfigEntry, type KubeconfigEntryKind } from './kubeconfig-file.js';
import type { MergedKubeconfig } from './kubeconfig-merge.js';
import { resolveKubeconfigContext } from './kubeconfig-resolve.js';
import { toKubeconfigValue, type KubeconfigMap } from './kubeconfig-yaml.js';

const SOURCE = 'client-node KubeConfig';

function body(fields: Record<string, unknown>): KubeconfigMap {
  const out = toKubeconfigValue(fields, SOURCE);
  return isKubeconfigMap(out) ? out : (Object.create(null) as KubeconfigMap);
}

function entry(kind: KubeconfigEntryKind, name: string, fields: Record<string, unknown>): KubeconfigEntry {
  return { kind, name, body: body(fields), file: SOURCE, dir: process.cwd() };
}

function clusterFields(c: Cluster): Record<string, unknown> {
  return {
    server: c.server,
    'certificate-authority': c.caFile,
    'certificate-authority-data': c.caData,
    'insecure-skip-tls-verify': c.skipTLSVerify ? 'true' : undefined,
    'tls-server-name': c.tlsServerName,
    'proxy-url': c.proxyUrl,
  };
}

function userFields(u: User): Record<string, unknown> {
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
  if (u.exec) {
    const exec = { ...(u.exec as Record<string, unknown>) };
    // client-node does not require interactiveMode; default it like client-go v1beta1.
    if (exec['interactiveMode'] === undefined || exec['interactiveMode'] === null) exec['interactiveMode'] = 'IfAvailable';
    fields['exec'] = exec;
  }
  return fields;
}

function contextFields(c: Context): Record<string, unknown> {
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
export async function restConfigFromKubeConfig(kc: KubeConfig): Promise<RestConfig> {
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
