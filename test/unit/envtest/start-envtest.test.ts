import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registeredChildProcesses } from '../../../src/envtest/child-registry.js';
import { EnvtestError, startEnvtest } from '../../../src/envtest/index.js';

const root = mkdtempSync(join(tmpdir(), 'envtest-start-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory of fake server binaries (shell scripts) that append their command lines to `calls`. */
function assets(name: string, etcdBody: string, apiBody = 'echo "apiserver should not run" >&2; exit 1'): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [bin, body] of [['etcd', etcdBody], ['kube-apiserver', apiBody]] as const) {
    writeFileSync(join(dir, bin), `#!/bin/sh\necho "${bin} $*" >> "${dir}/calls"\n${body}\n`);
    chmodSync(join(dir, bin), 0o755);
  }
  return dir;
}

async function startError(opts: Parameters<typeof startEnvtest>[0]): Promise<EnvtestError> {
  const err = await startEnvtest(opts).then(
    () => new Error('startEnvtest unexpectedly succeeded'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EnvtestError);
  return err as EnvtestError;
}

describe('startEnvtest failures', () => {
  it('throws a binaries EnvtestError before touching the disk when no binaries are found', async () => {
    const err = await startError({ env: {}, tempDirParent: join(root, 'never-created') });
    expect(err.component).toBe('binaries');
    expect(existsSync(join(root, 'never-created'))).toBe(false);
  });

  it('rejects tokenUsers combined with a token-auth-file flag, and bad tokens without echoing them', async () => {
    const dir = assets('opts', 'exit 1');
    const both = await startError({ binaryAssetsDir: dir, tokenUsers: [{ token: 'abc', user: 'u', uid: '1' }], apiServerFlags: { '--token-auth-file': '/x' } });
    expect(both.component).toBe('options');
    const bad = await startError({ binaryAssetsDir: dir, tokenUsers: [{ token: 'sup3r secret', user: 'u', uid: '1' }] });
    expect(bad.component).toBe('options');
    expect(bad.message).not.toContain('sup3r secret');
    const flag = await startError({ binaryAssetsDir: dir, etcdFlags: { 'bad name': 'x' } });
    expect(flag.component).toBe('options');
    expect(existsSync(join(dir, 'calls'))).toBe(false);
  });

  it('reports an etcd that exits with its last output lines, cleans up, and keeps only the logs', async () => {
    const dir = assets('etcd-dies', 'echo "starting" >&2; echo "fatal: unknown flag" >&2; exit 3');
    const parent = join(root, 'etcd-dies-tmp');
    const err = await startError({ binaryAssetsDir: dir, tempDirParent: parent, startTimeoutMs: 20_000 });
    expect(err.component).toBe('etcd');
    expect(err.message).toContain('etcd exited with code 3 before becoming ready');
    expect(err.outputTail).toEqual(['starting', 'fatal: unknown flag']);
    expect(err.logFile).toMatch(/logs\/etcd\.log$/);
    expect(readFileSync(err.logFile!, 'utf8')).toContain('fatal: unknown flag');
    const [tempDir] = readdirSync(parent);
    expect(readdirSync(join(parent, tempDir!))).toEqual(['logs']);
    expect(registeredChildProcesses()).toEqual([]);
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain('--unsafe-no-fsync=true');
    expect(calls[0]).toMatch(/--listen-client-urls=http:\/\/127\.0\.0\.1:\d+/);
  });

  it('retries with new ports when a port was taken meanwhile, up to three attempts', async () => {
    const dir = assets('port-taken', 'echo "listen tcp 127.0.0.1:1234: bind: address already in use" >&2; exit 1');
    const err = await startError({ binaryAssetsDir: dir, tempDirParent: join(root, 'port-taken-tmp') });
    expect(err.message).toContain('address already in use');
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    expect(calls).toHaveLength(3);
    const ports = calls.map((c) => /--listen-client-urls=http:\/\/127\.0\.0\.1:(\d+)/.exec(c)![1]);
    expect(new Set(ports).size).toBe(3);
  });

  it('times out an etcd that never becomes healthy, and kills it', async () => {
    const dir = assets('etcd-hangs', 'echo "waiting forever"; exec sleep 300');
    const err = await startError({ binaryAssetsDir: dir, tempDirParent: join(root, 'etcd-hangs-tmp'), startTimeoutMs: 500, stopTimeoutMs: 1_000 });
    expect(err.message).toMatch(/etcd did not become ready within/);
    expect(err.outputTail).toContain('waiting forever');
    expect(registeredChildProcesses()).toEqual([]);
  });
});
