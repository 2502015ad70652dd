/**
 * The generators koord-gen is compared with, run as their users run them:
 * `@kubernetes-models/crd-generate` and `cdk8s import`. They are not dependencies of this
 * project: they are installed on first use into a cache directory outside the repository
 * (`~/.cache/koordinator-client/bench-peers`, or `KOORD_BENCH_PEERS`) with `npm install --prefix`,
 * together with the runtime packages their output imports, so that output can be type-checked.
 * @packageDocumentation
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Where the peers are installed. */
export const PEERS_DIR = process.env['KOORD_BENCH_PEERS'] ?? join(homedir(), '.cache/koordinator-client/bench-peers');

/** The packages installed there: the two generators and what their output imports. */
export const PEER_PACKAGES = [
  '@kubernetes-models/crd-generate@5.1.0',
  'cdk8s-cli@2',
  '@kubernetes-models/base',
  '@kubernetes-models/validate',
  '@kubernetes-models/apimachinery',
  'cdk8s@2',
  'constructs@10',
];

/** Installs the peers into {@link PEERS_DIR} unless they are there already. */
export function ensurePeers(log: (line: string) => void): void {
  const bins = ['crd-generate', 'cdk8s'].map((b) => join(PEERS_DIR, 'node_modules/.bin', b));
  const runtimes = ['@kubernetes-models/base', 'cdk8s', 'constructs'].map((p) => join(PEERS_DIR, 'node_modules', p));
  if ([...bins, ...runtimes].every((p) => existsSync(p))) return;
  log(`installing ${PEER_PACKAGES.join(', ')} into ${PEERS_DIR} (not the project's lockfile)`);
  execFileSync('npm', ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', ...PEER_PACKAGES], { stdio: 'inherit' });
}

/** Installed version of a package in {@link PEERS_DIR}. */
export function peerVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(PEERS_DIR, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/**
 * Runs a command; resolves with its wall time, its CPU time (user + system, children included,
 * through GNU time when present, else NaN), exit code and the tail of its output.
 */
export async function timed(cmd: string, args: readonly string[], cwd: string): Promise<{ ms: number; cpuMs: number; code: number; tail: string }> {
  await mkdir(cwd, { recursive: true });
  const time = '/usr/bin/time';
  const [run, runArgs] = existsSync(time) ? [time, ['-f', 'CPU %U %S', cmd, ...args]] : [cmd, [...args]];
  const t0 = performance.now();
  return new Promise((resolveRun) => {
    execFile(run, runArgs, { cwd, maxBuffer: 64 << 20, env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } }, (err, stdout, stderr) => {
      const ms = performance.now() - t0;
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      const cpu = /^CPU ([0-9.]+) ([0-9.]+)$/m.exec(stderr);
      const tail = `${stdout}${stderr}`.split('\n').filter((l) => l.trim() !== '' && !/^\s+at /.test(l) && !/^CPU [0-9.]+ [0-9.]+$/.test(l) && !/^Command exited/.test(l)).slice(-3).join(' | ');
      resolveRun({ ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN, code, tail });
    });
  });
}

/** `crd-generate --input <yaml> --output <out>`. */
export function crdGenerateArgs(yamlFile: string, out: string): [string, string[]] {
  return [join(PEERS_DIR, 'node_modules/.bin/crd-generate'), ['--input', yamlFile, '--output', out]];
}

/** `cdk8s import <yaml> --language typescript --output <out>` (no upgrade check, no cdk8s.yaml). */
export function cdk8sImportArgs(yamlFile: string, out: string): [string, string[]] {
  return [join(PEERS_DIR, 'node_modules/.bin/cdk8s'), ['import', yamlFile, '--language', 'typescript', '--output', out, '--no-check-upgrade', '--no-save']];
}
