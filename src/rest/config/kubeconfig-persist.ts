/**
 * Writing an auth-provider's refreshed config back to the kubeconfig file that defines the user,
 * as client-go's `AuthProviderConfigPersister` does, so that the next process starts with the
 * refreshed tokens. The file is edited in place as a YAML document (comments, order and every
 * other entry kept), written to a temporary file beside it and renamed over it (readers never
 * see half a file), keeping its permissions; a symlink is followed, not replaced.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';

/**
 * Sets `users[name=user].user.auth-provider.config` keys in a kubeconfig file.
 * @param file - the kubeconfig file defining the user
 * @param user - the user entry's name
 * @param config - the keys to set (others in the map are kept)
 * @throws ConfigError when the file cannot be parsed or has no such user; fs errors as thrown
 */
export async function persistAuthProviderConfig(file: string, user: string, config: Readonly<Record<string, string>>): Promise<void> {
  const target = await realpath(file);
  const text = await readFile(target, 'utf8');
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ConfigError(`kubeconfig file ${file} cannot be parsed`);
  const users = doc.get('users', true);
  if (!isSeq(users)) throw new ConfigError(`kubeconfig file ${file} has no users`);
  const index = users.items.findIndex((item) => isMap(item) && item.get('name') === user);
  if (index < 0) throw new ConfigError(`kubeconfig file ${file} has no user "${user}"`);
  for (const [k, v] of Object.entries(config)) doc.setIn(['users', index, 'user', 'auth-provider', 'config', k], v);
  const mode = (await stat(target)).mode & 0o777;
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, doc.toString(), { mode, flag: 'wx' });
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
