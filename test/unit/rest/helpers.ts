/**
 * Shared helpers of the rest unit tests: temporary directories and a check that a secret never
 * leaks into an error.
 * @packageDocumentation
 */
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { expect } from 'vitest';

/** A temporary directory, removed by `cleanup()`. */
export interface TempDir {
  path: string;
  /** Writes a file (relative to the directory) and returns its absolute path. */
  write(name: string, content: string, mode?: number): Promise<string>;
  cleanup(): Promise<void>;
}

/** Creates a temporary directory. */
export async function tempDir(prefix = 'koord-rest-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    async write(name, content, mode) {
      const p = join(path, name);
      await writeFile(p, content);
      if (mode !== undefined) await chmod(p, mode);
      return p;
    },
    cleanup: () => rm(path, { recursive: true, force: true }),
  };
}

/** Asserts that `secret` appears nowhere in the error: message, string form, JSON, inspection (with causes). */
export function expectNoSecret(err: unknown, secret: string): void {
  expect(err).toBeInstanceOf(Error);
  const e = err as Error;
  expect(e.message).not.toContain(secret);
  expect(String(e)).not.toContain(secret);
  expect(JSON.stringify(e)).not.toContain(secret);
  expect(inspect(e, { depth: 10 })).not.toContain(secret);
  expect(e.stack ?? '').not.toContain(secret);
}

/** Runs `fn` and returns what it threw (fails when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}
