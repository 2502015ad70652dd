/**
 * Compares generated files with an output directory (`--check`) and writes them (the default).
 * The output directory belongs to the generator: writing removes stale generated files, and
 * `--check` reports any file that is not generated as extra.
 * @packageDocumentation
 */
import { mkdir, readdir, readFile, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compareStrings, GENERATED_HEADER } from './ts-syntax.js';

/** How an output directory differs from the generated files. */
export interface OutputDiff {
  /** Present with different content. */
  readonly changed: readonly string[];
  /** Generated but absent. */
  readonly missing: readonly string[];
  /** Present but not generated. */
  readonly extra: readonly string[];
}

/** What {@link writeOutput} did. */
export interface WriteSummary {
  readonly written: readonly string[];
  readonly unchanged: number;
  /** Stale generated files that were deleted. */
  readonly removed: readonly string[];
  /** Files that are not generated (no generated header), left in place. */
  readonly foreign: readonly string[];
}

/** Every file below `dir` as a `/`-separated relative path, sorted; empty when `dir` is absent. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort(compareStrings);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Compares `files` with the contents of `outDir` without changing anything. */
export async function diffOutput(files: ReadonlyMap<string, string>, outDir: string): Promise<OutputDiff> {
  const present = new Set(await listFiles(outDir));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of files) {
    if (!present.has(path)) missing.push(path);
    else if ((await readFile(join(outDir, path), 'utf8')) !== content) changed.push(path);
  }
  const extra = [...present].filter((p) => !files.has(p));
  return { changed, missing, extra };
}

/**
 * Writes `files` below `outDir`, touching only files whose content changes, and deletes files
 * that carry the generated header but are no longer generated (then their empty directories).
 */
export async function writeOutput(files: ReadonlyMap<string, string>, outDir: string): Promise<WriteSummary> {
  const written: string[] = [];
  let unchanged = 0;
  for (const [path, content] of files) {
    const target = join(outDir, path);
    if ((await readIfExists(target)) === content) {
      unchanged++;
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push(path);
  }
  const removed: string[] = [];
  const foreign: string[] = [];
  for (const path of await listFiles(outDir)) {
    if (files.has(path)) continue;
    const content = await readFile(join(outDir, path), 'utf8');
    if (content.startsWith(`${GENERATED_HEADER}\n`)) {
      await unlink(join(outDir, path));
      removed.push(path);
      await removeEmptyParents(outDir, path);
    } else {
      foreign.push(path);
    }
  }
  return { written, unchanged, removed, foreign };
}

async function removeEmptyParents(outDir: string, path: string): Promise<void> {
  let dir = dirname(path);
  while (dir !== '.' && dir !== '') {
    const full = join(outDir, dir);
    if ((await readdir(full)).length > 0) return;
    await rmdir(full);
    dir = dirname(dir);
  }
}
