/**
 * Builds the Go oracle (main.go, against k8s.io/apimachinery) once per source hash into os.tmpdir,
 * runs it, and returns its JSON lines. Used by test/unit/meta/quantity-golden.test.ts and
 * bench/quantity.ts.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

/** A parse result line. */
export interface ParseLine {
  op: 'parse';
  in: string;
  ok: boolean;
  err?: 'format' | 'numeric' | 'suffix';
  str?: string;
  format?: string;
  exact?: string;
  value?: string;
  milli?: string;
  sign: number;
  neg?: string;
  json?: string;
  /** String() after RoundUp(-3). */
  roundMilli?: string;
  roundMilliExact?: boolean;
  /** Exact value after RoundUp(-3). */
  roundMilliValue?: string;
}

/** A binary operation line (add, sub, cmp of two valid inputs). */
export interface BinLine {
  op: 'bin';
  a: string;
  b: string;
  add: string;
  addExact: string;
  addValue: string;
  addMilli: string;
  sub: string;
  subExact: string;
  subMilli: string;
  cmp: number;
}

/** A multiplication line. */
export interface MulLine {
  op: 'mul';
  a: string;
  k: number;
  str: string;
  exact: string;
  fits: boolean;
  milli: string;
}

/** Any oracle line. */
export type GoldenLine = ParseLine | BinLine | MulLine;

/** Builds the oracle if needed and returns the path of the binary. */
export async function buildOracle(): Promise<string> {
  const hash = createHash('sha256');
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(here, f)));
  const dir = join(tmpdir(), 'koordinator-client-quantity-golden');
  const binary = join(dir, `quantity-golden-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  await run('go', ['build', '-o', partial, '.'], { cwd: here, env: { ...process.env, GOFLAGS: '-mod=mod' }, timeout: 600_000 });
  renameSync(partial, binary);
  return binary;
}

/** Runs the oracle (with its default seed and count unless given) and returns its lines. */
export async function goldenLines(seed?: number, count?: number): Promise<GoldenLine[]> {
  const binary = await buildOracle();
  const args = [...(seed === undefined ? [] : ['-seed', String(seed)]), ...(count === undefined ? [] : ['-n', String(count)])];
  const { stdout } = await run(binary, args, { maxBuffer: 512 * 2 ** 20, timeout: 60_000 });
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as GoldenLine);
}
