/**
 * Turning one context of a merged kubeconfig into a `RestConfig`: selecting the context, its
 * cluster and user, validating them as kubectl does (client-go `clientcmd/validation.go`),
 * reading referenced CA / certificate / key files and decoding the `*-data` fields.
 * @packageDocumentation
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import type { AuthConfig, ExecConfig, ImpersonationConfig, RestConfig, TlsConfig } from './config.js';
import { ConfigError } from '../errors.js';
import { EntryReader } from './kubeconfig-entry-reader.js';
import { checkTlsMaterial } from './tls-material.js';
import type { KubeconfigEntry } from './kubeconfig-file.js';
import type { MergedKubeconfig } from './kubeconfig-merge.js';
import { redactOnInspect } from './redact-config.js';

/** Exec credential API versions this client speaks. */
export const SUPPORTED_EXEC_API_VERSIONS: readonly string[] = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function filesLabel(merged: MergedKubeconfig): string {
  return merged.files.length ? merged.files.join(', ') : 'none';
}

/**
 * Resolves a context of a merged kubeconfig into a RestConfig.
 * @param merged - the merged kubeconfig files
 * @param contextName - the context to use; `current-context` when absent
 * @returns the configuration of that context
 * @throws ConfigError naming the file and entry when something is missing or invalid
 */
export async function resolveKubeconfigContext(merged: MergedKubeconfig, contextName?: string): Promise<RestConfig> {
  const name = contextName ?? merged.currentContext;
  if (!name) {
    throw new ConfigError(`no context selected: current-context is not set in kubeconfig (files: ${filesLabel(merged)}) and no context was given`);
  }
  const ctxEntry = merged.contexts.get(name);
  if (!ctxEntry) {
    const how = contextName !== undefined ? '' : ` (current-context set in ${merged.currentContextFile ?? 'kubeconfig'})`;
    throw new ConfigError(`context "${name}"${how} not found in kubeconfig (files: ${filesLabel(merged)})`);
  }
  const ctx = new EntryReader(ctxEntry);
  const clusterName = ctx.str('cluster');
  if (!clusterName) throw ctx.error('no cluster specified');
  const clusterEntry = merged.clusters.get(clusterName);
  if (!clusterEntry) throw new ConfigError(`cluster "${clusterName}" (used by context "${name}") not found in kubeconfig (files: ${filesLabel(merged)})`);
  const userName = ctx.str('user');
  let userEntry: KubeconfigEntry | undefined;
  if (userName) {
    userEntry = merged.users.get(userName);
    // kubectl silently falls back to anonymous here; an explicit error is kinder than 401s.
    if (!userEntry) throw new ConfigError(`user "${userName}" (used by context "${name}") not found in kubeconfig (files: ${filesLabel(merged)})`);
  }

  const namespace = ctx.str('namespace');
  if (namespace !== undefined && (namespace.length > 63 || !DNS1123_LABEL.test(namespace))) {
    throw ctx.error(`namespace "${namespace}" is not a valid namespace name (DNS-1123 label)`);
  }

  const user = userEntry ? new EntryReader(userEntry) : undefined;
  const { auth, cert, key, impersonate } = user ? await readUser(user) : { auth: {}, cert: undefined, key: undefined, impersonate: undefined };
  const clusterReader = new EntryReader(clusterEntry);
  const cluster = await readCluster(clusterReader, cert !== undefined);
  // client-go fails when it builds the transport; here, when the configuration is loaded.
  checkTlsMaterial({
    ...(cluster.tls.ca !== undefined ? { ca: { pem: cluster.tls.ca, source: sourceOf(clusterReader, 'certificate-authority') } } : {}),
    ...(cert !== undefined && user ? { cert: { pem: cert, source: sourceOf(user, 'client-certificate') } } : {}),
    ...(key !== undefined && user ? { key: { pem: key, source: sourceOf(user, 'client-key') } } : {}),
  });

  const tls: TlsConfig = { ...cluster.tls };
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  const config: RestConfig = { server: cluster.server, tls, auth, namespace: namespace ?? 'default', contextName: name };
  if (cluster.proxyUrl) config.proxyUrl = cluster.proxyUrl;
  if (cluster.disableCompression) config.disableCompression = true;
  if (impersonate) config.impersonate = impersonate;
  return redactOnInspect(config);
}

async function readFileField(r: EntryReader, field: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw r.error(`${field} file ${path} does not exist`);
    throw r.error(`${field} file ${path} cannot be read (${code ?? 'unknown error'})`);
  }
}

function decodeData(r: EntryReader, field: string, data: string): string {
  const compact = data.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) throw r.error(`${field} is not valid base64`);
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** Where each value read by `readPair` came from, for messages about its content. */
const sources = new WeakMap<EntryReader, Map<string, string>>();

/** Reads a `<field>` (file path) / `<field>-data` (base64) pair; both set is an error as in kubectl. */
async function readPair(r: EntryReader, field: string): Promise<string | undefined> {
  const file = r.path(field);
  const data = r.str(`${field}-data`);
  if (file !== undefined && data !== undefined) throw r.error(`${field}-data and ${field} are both specified`);
  let m = sources.get(r);
  if (!m) sources.set(r, (m = new Map()));
  if (data !== undefined) {
    m.set(field, `${field}-data of ${r.label}`);
    return decodeData(r, `${field}-data`, data);
  }
  if (file !== undefined) {
    m.set(field, `${field} file ${file}`);
    return readFileField(r, field, file);
  }
  return undefined;
}

function sourceOf(r: EntryReader, field: string): string {
  return sources.get(r)?.get(field) ?? field;
}

interface ClusterParts {
  server: string;
  tls: TlsConfig;
  proxyUrl?: string;
  /** `disable-compression: true` (client-go's `Cluster.DisableCompression`): no `Accept-Encoding: gzip`. */
  disableCompression?: boolean;
}

async function readCluster(r: EntryReader, hasClientCert: boolean): Promise<ClusterParts> {
  const rawServer = r.str('server');
  if (!rawServer) throw r.error('no server specified');
  const ca = await readPair(r, 'certificate-authority');
  const insecure = r.bool('insecure-skip-tls-verify') ?? false;
  const serverName = r.str('tls-server-name');
  const proxy = r.str('proxy-url');

  // client-go rest.DefaultServerURL: a bare host:port gets https when TLS is configured.
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(rawServer);
  const withScheme = hasScheme ? rawServer : `${ca !== undefined || hasClientCert || insecure ? 'https' : 'http'}://${rawServer}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw r.error('server is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw r.error(`server must use http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw r.error('server URL must not contain credentials');
  const server = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;

  const tls: TlsConfig = {};
  if (ca !== undefined) tls.ca = ca;
  if (insecure) tls.insecureSkipVerify = true;
  if (serverName) tls.serverName = serverName;
  const parts: ClusterParts = { server, tls };
  if (r.bool('disable-compression')) parts.disableCompression = true;
  if (proxy) {
    let p: URL;
    try {
      p = new URL(proxy);
    } catch {
      throw r.error('proxy-url is not a valid URL');
    }
    if (!['http:', 'https:', 'socks5:'].includes(p.protocol)) throw r.error('proxy-url must use http, https or socks5');
    parts.proxyUrl = proxy;
  }
  return parts;
}

interface UserParts {
  auth: AuthConfig;
  cert: string | undefined;
  key: string | undefined;
  impersonate: ImpersonationConfig | undefined;
}

async function readUser(r: EntryReader): Promise<UserParts> {
  const auth: AuthConfig = {};
  const token = r.str('token');
  const tokenFile = r.path('tokenFile');
  const username = r.str('username');
  const password = r.str('password');
  if ((token !== undefined || tokenFile !== undefined) && (username !== undefined || password !== undefined)) {
    throw r.error('more than one authentication method found (token and basic auth); only one is allowed');
  }
  if (token !== undefined) auth.token = token;
  if (tokenFile !== undefined) {
    try {
      const s = await stat(tokenFile);
      if (!s.isFile()) throw r.error(`tokenFile ${tokenFile} is not a file`);
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      throw r.error(code === 'ENOENT' ? `tokenFile ${tokenFile} does not exist` : `tokenFile ${tokenFile} cannot be read (${code ?? 'unknown error'})`);
    }
    auth.tokenFile = tokenFile;
  }
  if (username !== undefined) auth.username = username;
  if (password !== undefined) auth.password = password;

  const cert = await readPair(r, 'client-certificate');
  const key = await readPair(r, 'client-key');
  if (cert !== undefined && key === undefined) throw r.error('client-key-data or client-key must be specified to use the client certificate');
  if (key !== undefined && cert === undefined) throw r.error('client-certificate-data or client-certificate must be specified to use the client key');

  const exec = r.sub('exec');
  const provider = r.sub('auth-provider');
  if (exec && provider) throw r.error('auth-provider cannot be combined with an exec plugin');
  if (exec) auth.exec = readExec(exec);
  if (provider) {
    const name = provider.str('name');
    if (!name) throw r.error('auth-provider.name must be specified');
    const config: Record<string, string> = {};
    const raw = provider.sub('config');
    if (raw) {
      for (const k of Object.keys(raw.map)) {
        const v = raw.str(k);
        if (v !== undefined) config[k] = v;
      }
    }
    auth.authProvider = { name, config, persistTo: { file: r.entry.file, user: r.entry.name } };
  }

  return { auth, cert, key, impersonate: readImpersonation(r) };
}

function readExec(r: EntryReader): ExecConfig {
  const command = r.str('command');
  if (!command) throw r.error('exec.command must be specified to use an exec plugin');
  const apiVersion = r.str('apiVersion');
  if (!apiVersion) throw r.error('exec.apiVersion must be specified to use an exec plugin');
  if (!SUPPORTED_EXEC_API_VERSIONS.includes(apiVersion)) {
    throw r.error(`exec.apiVersion "${apiVersion}" is not supported (use ${SUPPORTED_EXEC_API_VERSIONS.join(' or ')})`);
  }
  const exec: ExecConfig = { command, apiVersion, baseDir: r.entry.dir };
  // client-go ResolveLocalPaths: a command with a path separator is relative to the kubeconfig file.
  if ((command.includes('/') || command.includes(sep)) && !isAbsolute(command)) exec.command = resolve(r.entry.dir, command);
  const args = r.strList('args');
  if (args) exec.args = args;
  const envList = r.list('env');
  if (envList) {
    exec.env = envList.map((item, i) => {
      const e = r.item(item, `env[${i}]`);
      const name = e.str('name');
      if (!name) throw r.error(`exec.env[${i}].name must be specified`);
      return { name, value: e.has('value') ? (e.str('value') ?? '') : '' };
    });
  }
  const hint = r.str('installHint');
  if (hint) exec.installHint = hint;
  const pci = r.bool('provideClusterInfo');
  if (pci !== undefined) exec.provideClusterInfo = pci;
  const mode = r.str('interactiveMode');
  if (mode !== undefined) {
    if (mode !== 'Never' && mode !== 'IfAvailable' && mode !== 'Always') throw r.error('exec.interactiveMode must be Never, IfAvailable or Always');
    exec.interactiveMode = mode;
  } else if (apiVersion.endsWith('/v1')) {
    throw r.error('exec.interactiveMode must be specified to use an exec plugin with apiVersion client.authentication.k8s.io/v1');
  } else {
    exec.interactiveMode = 'IfAvailable';
  }
  return exec;
}

function readImpersonation(r: EntryReader): ImpersonationConfig | undefined {
  const user = r.str('as');
  const uid = r.str('as-uid');
  const groups = r.strList('as-groups');
  const extraMap = r.sub('as-user-extra');
  let extra: Record<string, string[]> | undefined;
  if (extraMap) {
    extra = {};
    for (const k of Object.keys(extraMap.map)) extra[k] = extraMap.strList(k) ?? [];
  }
  if (!user && (uid !== undefined || (groups && groups.length) || (extra && Object.keys(extra).length))) {
    throw r.error('requesting uid, groups or user-extra without impersonating a user (set "as")');
  }
  if (!user) return undefined;
  const imp: ImpersonationConfig = { user };
  if (uid !== undefined) imp.uid = uid;
  if (groups && groups.length) imp.groups = groups;
  if (extra && Object.keys(extra).length) imp.extra = extra;
  return imp;
}
