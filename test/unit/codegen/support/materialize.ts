/**
 * Writes generated files to a throwaway directory under `<repo>/.tmp/` laid out like `src/` (the
 * generated code next to symlinks to the real `src/meta` and `src/client`), so tests can import
 * or type-check the generated modules exactly as emitted.
 * @packageDocumentation
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from './paths.js';

/** A generated tree on disk. */
export interface Materialized {
  /** The directory holding `generated/`, `meta` and `client`. */
  readonly root: string;
  /** Absolute path of a generated file. */
  path(relative: string): string;
  /** Deletes the directory. */
  remove(): Promise<void>;
}

/**
 * Writes `files` to `<tmp>/generated/` and links `<tmp>/meta` and `<tmp>/client` (and any
 * further `src/` directories given, e.g. `cache` and `rest` for clients and informers) to `src/`.
 */
export async function materialize(files: ReadonlyMap<string, string>, linked: readonly string[] = []): Promise<Materialized> {
  const base = resolve(repoRoot, '.tmp');
  await mkdir(base, { recursive: true });
  const root = await mkdtemp(join(base, 'codegen-'));
  for (const dir of ['meta', 'client', ...linked]) await symlink(resolve(repoRoot, 'src', dir), join(root, dir), 'dir');
  for (const [rel, content] of files) {
    const target = join(root, 'generated', rel);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return {
    root,
    path: (relative) => join(root, 'generated', relative),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
