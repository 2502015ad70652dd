/**
 * The client-go side of the cross-check (test/go-roundtrip): built once with the machine's Go and
 * cached under the OS temporary directory, keyed by a hash of its sources and the Go version, so
 * that only the first run (or a change to the program) pays for the build.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** test/go-roundtrip, the Go module. */
export const goRoundtripDir = fileURLToPath(new URL('../../go-roundtrip/', import.meta.url));

/** The kinds the program reads and writes. */
export type RoundtripKind = 'Pod' | 'Node' | 'Lease' | 'Event' | 'Deployment';

/** What `read` reports per kind: the object as client-go decoded it, and what an unchanged Update returned. */
export type ReadResult = Record<RoundtripKind, { read: Record<string, unknown>; updated: Record<string, unknown> }>;

/** What `write` reports per kind: the Go struct as sent, and what the server stored (its last answer). */
export type WriteResult = Record<RoundtripKind, { sent: Record<string, unknown>; stored: Record<string, unknown> }>;

async function goVersion(): Promise<string> {
  try {
    return (await run('go', ['version'], { timeout: 30_000 })).stdout.trim();
  } catch (err) {
    throw new Error(`the client-go cross-check needs Go (>= 1.26) on PATH: ${(err as Error).message}`);
  }
}

let built: Promise<string> | undefined;

/**
 * The path of the built program: from the cache when its sources (and Go) are unchanged, else
 * built now (minutes on a cold Go build cache).
 */
export function goRoundtripBinary(): Promise<string> {
  return (built ??= (async () => {
    const hash = createHash('sha256');
    hash.update(await goVersion());
    for (const f of readdirSync(goRoundtripDir).filter((n) => /\.(go|mod|sum)$/.test(n)).sort()) {
      hash.update(f).update('\0').update(readFileSync(join(goRoundtripDir, f))).update('\0');
    }
    const dir = join(tmpdir(), 'koordinator-client-go-roundtrip');
    const binary = join(dir, `go-roundtrip-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(binary)) return binary;
    mkdirSync(dir, { recursive: true });
    // Build to a private name, then rename: a concurrent run never sees a half-written binary.
    const partial = `${binary}.${process.pid}.tmp`;
    try {
      await run('go', ['build', '-o', partial, '.'], { cwd: goRoundtripDir, timeout: 900_000, env: { ...process.env, GOFLAGS: '-mod=readonly' } });
      renameSync(partial, binary);
    } catch (err) {
      rmSync(partial, { force: true });
      const e = err as Error & { stderr?: string };
      throw new Error(`go build of test/go-roundtrip failed: ${e.stderr?.trim() || e.message}`);
    }
    return binary;
  })());
}

async function invoke<T>(args: string[]): Promise<T> {
  const binary = await goRoundtripBinary();
  try {
    const { stdout } = await run(binary, args, { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as T;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`go-roundtrip ${args.slice(1).join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** client-go reads each object (and writes it back unchanged). */
export function goRead(kubeconfig: string, namespace: string, refs: Partial<Record<RoundtripKind, string>>): Promise<ReadResult> {
  return invoke<ReadResult>([kubeconfig, 'read', namespace, ...Object.entries(refs).map(([k, n]) => `${k}=${n}`)]);
}

/** client-go writes a Pod, Node, Lease, Event and Deployment named `go-<kind>-<suffix>`. */
export function goWrite(kubeconfig: string, namespace: string, suffix: string): Promise<WriteResult> {
  return invoke<WriteResult>([kubeconfig, 'write', namespace, suffix]);
}
