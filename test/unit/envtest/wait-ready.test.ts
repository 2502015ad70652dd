import { describe, expect, it } from 'vitest';
import { EnvtestError } from '../../../src/envtest/errors.js';
import { ManagedProcess } from '../../../src/envtest/managed-process.js';
import { waitUntilReady } from '../../../src/envtest/wait-ready.js';

function node(script: string): ManagedProcess {
  return ManagedProcess.start({ name: 'node', command: process.execPath, args: ['-e', script] });
}

describe('waitUntilReady', () => {
  it('returns once the check passes', async () => {
    const p = node('setInterval(() => {}, 1000)');
    let calls = 0;
    const ms = await waitUntilReady({ component: 'etcd', process: p, timeoutMs: 5_000, intervalMs: 10, check: async () => (++calls >= 3 ? true : 'not yet') });
    expect(calls).toBe(3);
    expect(ms).toBeGreaterThanOrEqual(0);
    await p.stop();
  });

  it('fails fast with the output tail when the process exits first', async () => {
    const p = node("console.error('fatal: flag provided but not defined'); process.exit(2)");
    const t0 = performance.now();
    const err = await waitUntilReady({ component: 'kube-apiserver', process: p, timeoutMs: 60_000, intervalMs: 50, check: async () => 'HTTP 503' }).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(err).toBeInstanceOf(EnvtestError);
    const e = err as EnvtestError;
    expect(e.component).toBe('kube-apiserver');
    expect(e.message).toContain('kube-apiserver exited with code 2 before becoming ready');
    expect(e.outputTail).toContain('fatal: flag provided but not defined');
    expect(e.message).toContain('fatal: flag provided but not defined');
  });

  it('times out naming the last failed check, and tolerates checks that throw', async () => {
    const p = node('setInterval(() => {}, 1000)');
    let n = 0;
    const err = await waitUntilReady({
      component: 'etcd',
      process: p,
      timeoutMs: 300,
      intervalMs: 20,
      check: async () => {
        if (n++ % 2) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return 'HTTP 503 {"health":"false"}';
      },
    }).then(() => undefined, (e: unknown) => e as EnvtestError);
    expect(err).toBeInstanceOf(EnvtestError);
    expect(err!.message).toMatch(/etcd did not become ready within 0 s \(last health check: (ECONNREFUSED|HTTP 503)/);
    expect(n).toBeGreaterThan(2);
    await p.stop();
  });
});
