import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { registeredChildProcesses } from '../../../src/envtest/child-registry.js';
import { startEnvtest } from '../../../src/envtest/index.js';
import { kubeApiServerDefaultFlags } from '../../../src/envtest/kube-apiserver.js';
import { ManagedProcess } from '../../../src/envtest/managed-process.js';
import { fakeServerAssets } from './fake-servers.js';
import { waitGone } from './process-liveness.js';

const root = mkdtempSync(join(tmpdir(), 'envtest-stop-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = { certDir: '/c', servingCert: '/s.crt', servingKey: '/s.key', clientCa: '/ca.crt', serviceAccountKey: '/sa.pub', serviceAccountSigningKey: '/sa.key' };

describe('stopping kube-apiserver', () => {
  it('asks kube-apiserver to end open watches on SIGTERM instead of waiting for them', () => {
    expect(kubeApiServerDefaultFlags({ etcdUrl: 'http://127.0.0.1:1', securePort: 1, files })['shutdown-watch-termination-grace-period']).toBe('2s');
  });

  it('ManagedProcess.kill sends SIGKILL at once, also to a process that ignores SIGTERM', async () => {
    const p = ManagedProcess.start({ name: 'node', command: process.execPath, args: ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready')"] });
    for (let i = 0; i < 200 && !p.outputTail().includes('ready'); i++) await sleep(25);
    const exit = await p.kill();
    expect(exit.signal).toBe('SIGKILL');
    expect(await p.kill()).toBe(exit);
    expect(registeredChildProcesses()).not.toContain(p.pid);
  }, 30_000);

  it('stopApiServer({ kill: true }) does not wait for the grace period; the default stop does', async () => {
    const env = await startEnvtest({ binaryAssetsDir: fakeServerAssets(root, { apiServerIgnoresSigterm: true }), tempDirParent: join(root, 'tmp'), stopTimeoutMs: 1_500 });
    try {
      const secondary = await env.startSecondaryApiServer();

      let pid = env.apiServerPid!;
      let t0 = performance.now();
      await env.stopApiServer();
      expect(performance.now() - t0).toBeGreaterThanOrEqual(1_400); // SIGTERM ignored: SIGKILL after the grace period
      expect(await waitGone(pid)).toBe(true);

      await env.startApiServer();
      pid = env.apiServerPid!;
      t0 = performance.now();
      await env.stopApiServer({ kill: true });
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(await waitGone(pid)).toBe(true);
      expect(env.apiServerPid).toBeUndefined();

      await env.restartApiServer({ kill: true });
      expect(env.apiServerPid).toBeTypeOf('number');

      // A kill overtakes a graceful stop of a secondary that is under way.
      const secondaryPid = secondary.pid!;
      t0 = performance.now();
      const graceful = secondary.stop();
      await sleep(100);
      await secondary.stop({ kill: true });
      await graceful;
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(await waitGone(secondaryPid)).toBe(true);
      expect(env.secondaryApiServers).toEqual([]);
    } finally {
      await env.stop();
    }
    expect(registeredChildProcesses()).toEqual([]);
  }, 30_000);
});
