/**
 * Typed, validated access to the fields of one kubeconfig entry. Every error names the entry and
 * the file that defined it, and never the value of the field (it may be a secret).
 * @packageDocumentation
 */
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { isKubeconfigMap, type KubeconfigEntry } from './kubeconfig-file.js';
import type { KubeconfigMap, KubeconfigValue } from './kubeconfig-yaml.js';

const TRUE = new Set(['true', 'yes', 'on', 'y']);
const FALSE = new Set(['false', 'no', 'off', 'n']);

/** Reads fields of a kubeconfig entry (or of a mapping nested in it, such as `exec`). */
export class EntryReader {
  /**
   * @param entry - the entry the fields belong to
   * @param map - the mapping to read; the entry's body by default
   * @param prefix - field path prefix for messages, e.g. `exec.`
   */
  constructor(
    readonly entry: KubeconfigEntry,
    readonly map: KubeconfigMap = entry.body,
    readonly prefix = '',
  ) {}

  /** `user "x" (in /path/config)`: how messages name the entry. */
  get label(): string {
    return `${this.entry.kind} "${this.entry.name}" (in ${this.entry.file})`;
  }

  /**
   * A ConfigError about this entry.
   * @param message - what is wrong; must not contain a field value
   */
  error(message: string): ConfigError {
    return new ConfigError(`${this.label}: ${message}`);
  }

  private raw(key: string): KubeconfigValue | undefined {
    return Object.prototype.hasOwnProperty.call(this.map, key) ? this.map[key] : undefined;
  }

  /** True when the field is present and not null. */
  has(key: string): boolean {
    const v = this.raw(key);
    return v !== undefined && v !== null;
  }

  /** A string field; `undefined` when absent, null or empty. */
  str(key: string): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.error(`${this.prefix}${key} must be a string`);
    return v === '' ? undefined : v;
  }

  /** A boolean field (`true`/`false`, also YAML 1.1 `yes`/`no`/`on`/`off`); `undefined` when absent. */
  bool(key: string): boolean | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') {
      const s = v.toLowerCase();
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
    }
    throw this.error(`${this.prefix}${key} must be true or false`);
  }

  /** A list of strings; `undefined` when absent. */
  strList(key: string): string[] | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && x !== null)) throw this.error(`${this.prefix}${key} must be a list of strings`);
    return v.map((x) => (x === null ? '' : (x as string)));
  }

  /** A list of anything; `undefined` when absent. */
  list(key: string): KubeconfigValue[] | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw this.error(`${this.prefix}${key} must be a list`);
    return v;
  }

  /** A nested mapping as a reader; `undefined` when absent. */
  sub(key: string): EntryReader | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (!isKubeconfigMap(v)) throw this.error(`${this.prefix}${key} must be a mapping`);
    return new EntryReader(this.entry, v, `${this.prefix}${key}.`);
  }

  /** A reader over an arbitrary mapping nested in this entry (a list item). */
  item(value: KubeconfigValue, path: string): EntryReader {
    if (!isKubeconfigMap(value)) throw this.error(`${this.prefix}${path} must be a mapping`);
    return new EntryReader(this.entry, value, `${this.prefix}${path}.`);
  }

  /** A file path field, resolved against the directory of the file that defined the entry. */
  path(key: string): string | undefined {
    const p = this.str(key);
    if (p === undefined) return undefined;
    return isAbsolute(p) ? p : resolve(this.entry.dir, p);
  }
}
