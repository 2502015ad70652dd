/**
 * One kubeconfig file: its named clusters, users and contexts and its `current-context`, each
 * entry remembering the file that defined it so that relative paths resolve against that file's
 * directory and error messages can name it (client-go `clientcmdapi.Config` with
 * `LocationOfOrigin`).
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { decodeKubeconfigText, type KubeconfigMap, type KubeconfigValue } from './kubeconfig-yaml.js';

/** The kind of a named kubeconfig entry, as it is called in messages. */
export type KubeconfigEntryKind = 'cluster' | 'user' | 'context';

/** A named cluster, user or context and where it was defined. */
export interface KubeconfigEntry {
  kind: KubeconfigEntryKind;
  name: string;
  /** The entry's body (`cluster:`, `user:` or `context:` map); empty when absent. */
  body: KubeconfigMap;
  /** Absolute path of the file that defined the entry. */
  file: string;
  /** Directory relative paths in the entry resolve against. */
  dir: string;
}

/** A parsed kubeconfig file. */
export interface KubeconfigFile {
  /** Absolute path. */
  path: string;
  currentContext?: string;
  clusters: Map<string, KubeconfigEntry>;
  users: Map<string, KubeconfigEntry>;
  contexts: Map<string, KubeconfigEntry>;
}

const SECTIONS = [
  ['clusters', 'cluster'],
  ['users', 'user'],
  ['contexts', 'context'],
] as const;

/** True for a decoded mapping. */
export function isKubeconfigMap(v: KubeconfigValue | undefined): v is KubeconfigMap {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function emptyMap(): KubeconfigMap {
  return Object.create(null) as KubeconfigMap;
}

/**
 * Parses kubeconfig text into named entries.
 * @param text - the file content (YAML or JSON)
 * @param path - the file's path (made absolute); names the file in errors and anchors relative paths
 * @returns the parsed file
 * @throws ConfigError on invalid syntax, a wrong structure, nameless or duplicate entries
 */
export async function parseKubeconfigFile(text: string, path: string): Promise<KubeconfigFile> {
  const abs = resolve(path);
  const dir = dirname(abs);
  const root = await decodeKubeconfigText(text, abs);
  const file: KubeconfigFile = { path: abs, clusters: new Map(), users: new Map(), contexts: new Map() };
  if (root === null) return file;
  if (!isKubeconfigMap(root)) throw new ConfigError(`kubeconfig file ${abs} is not a mapping (expected apiVersion, clusters, users, contexts, ...)`);

  const current = root['current-context'];
  if (typeof current === 'string' && current !== '') file.currentContext = current;
  else if (current !== null && current !== undefined && typeof current !== 'string') {
    throw new ConfigError(`kubeconfig file ${abs}: current-context must be a string`);
  }

  for (const [section, kind] of SECTIONS) {
    const list = root[section];
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) throw new ConfigError(`kubeconfig file ${abs}: ${section} must be a list`);
    const target = section === 'clusters' ? file.clusters : section === 'users' ? file.users : file.contexts;
    list.forEach((item, i) => {
      if (!isKubeconfigMap(item)) throw new ConfigError(`kubeconfig file ${abs}: ${section}[${i}] must be a mapping`);
      const name = item['name'];
      if (typeof name !== 'string' || name === '') throw new ConfigError(`kubeconfig file ${abs}: ${section}[${i}] has no name`);
      const body = item[kind];
      if (body !== null && body !== undefined && !isKubeconfigMap(body)) {
        throw new ConfigError(`kubeconfig file ${abs}: ${kind} "${name}": "${kind}" must be a mapping`);
      }
      if (target.has(name)) throw new ConfigError(`kubeconfig file ${abs}: duplicate ${kind} name "${name}" in ${section}`);
      target.set(name, { kind, name, body: body ?? emptyMap(), file: abs, dir });
    });
  }
  return file;
}

/**
 * Reads and parses one kubeconfig file.
 * @param path - the file's path
 * @returns the parsed file, or `undefined` when it does not exist
 * @throws ConfigError when it exists but cannot be read or parsed
 */
export async function readKubeconfigFile(path: string): Promise<KubeconfigFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(`kubeconfig file ${resolve(path)} cannot be read (${code ?? 'unknown error'})`);
  }
  return parseKubeconfigFile(text, path);
}
