import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registeredChildProcesses } from '../../../src/envtest/child-registry.js';
import { EnvtestError, SecondaryApiServer, startEnvtest } from '../../../src/envtest/index.js';
import { kubeApiServerArgs, type KubeApiServerConfig } from '../../../src/envtest/kube-apiserver.js';
import { probe } from '../../../src/envtest/health-probe.js';
import { secondaryApiServerConfig } from '../../../src/envtest/secondary-api-server.js';
import { fakeServerAssets } from './fake-servers.js';
import { isAlive, waitGone } from './process-liveness.js';

const files = {
  certDir: '/t/cert-dir',
  servingCert: '/t/pki/apiserver.crt',
  servingKey: '/t/pki/apiserver.key',
  clientCa: '/t/pki/ca.crt',
  serviceAccountKey: '/t/pki/sa.pub',
  serviceAccountSigningKey: '/t/pki/sa.key',
};
const primary: KubeApiServerConfig = {
  binary: '/bin/kube-apiserver',
  etcdUrl: 'http://127.0.0.1:2379',
  securePort: 6443,
  files,
  flags: { 'etcd-compaction-interval': '1s', v: '2' },
  logFile: '/t/logs/kube-apiserver.log',
  startTimeoutMs: 1000,
  probeTls: { ca: 'CA', cert: 'CERT', key: 'KEY' },
};

/** `--name=value` arguments as a map (a repeated flag keeps its last value). */
function argMap(args: readonly string[]): Map<string, string> {
  return new Map(args.map((a) => /^--([^=]+)=(.*)$/s.exec(a)!.slice(1, 3) as [string, string]));
}

describe('secondaryApiServerConfig', () => {
  it('keeps the etcd, certificates, CA, service account keys and flags of the primary, on its own port and log file', () => {
    const config = secondaryApiServerConfig(primary, 7443, '/t/logs/kube-apiserver-secondary-1.log');
    expect(config).toMatchObject({ binary: primary.binary, etcdUrl: primary.etcdUrl, files, probeTls: primary.probeTls, securePort: 7443, logFile: '/t/logs/kube-apiserver-secondary-1.log' });
    const a = argMap(kubeApiServerArgs(primary));
    const b = argMap(kubeApiServerArgs(config));
    expect(b.get('secure-port')).toBe('7443');
    expect(a.get('secure-port')).toBe('6443');
    // Everything but the port is the same command line.
    a.delete('secure-port');
    b.delete('secure-port');
    expect(b).toEqual(a);
    expect(b.get('etcd-servers')).toBe('http://127.0.0.1:2379');
    expect(b.get('etcd-compaction-interval')).toBe('1s');
    expect(b.get('service-account-signing-key-file')).toBe('/t/pki/sa.key');
    expect(primary.securePort).toBe(6443); // the primary's config is not modified
    expect(primary.logFile).toBe('/t/logs/kube-apiserver.log');
  });

  it('merges the caller flags over the primary flags and can drop one', () => {
    const config = secondaryApiServerConfig(primary, 7443, undefined, { v: '4', '--etcd-compaction-interval': null, 'watch-cache': 'false' });
    expect(config.logFile).toBeUndefined();
    const args = kubeApiServerArgs(config);
    expect(args).toContain('--v=4');
    expect(args).toContain('--watch-cache=false');
    expect(args.some((a) => a.startsWith('--etcd-compaction-interval'))).toBe(false);
    expect(args.filter((a) => a.startsWith('--v='))).toEqual(['--v=4']);
  });
});

const root = mkdtempSync(join(tmpdir(), 'envtest-secondary-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Envtest.startSecondaryApiServer (fake servers)', () => {
  it('starts a second API server on its own port with the same etcd and certificates, tracked and stopped with the envtest', async () => {
    const assets = fakeServerAssets(root);
    const env = await startEnvtest({ binaryAssetsDir: assets, tempDirParent: join(root, 'tmp'), stopTimeoutMs: 2_000, apiServerFlags: { v: '3' } });
    try {
      const s1 = await env.startSecondaryApiServer();
      const s2 = await env.startSecondaryApiServer({ apiServerFlags: { v: '5' } });
      expect(s1).toBeInstanceOf(SecondaryApiServer);
      expect(new Set([env.server, s1.server, s2.server]).size).toBe(3);
      expect(env.secondaryApiServers).toEqual([s1, s2]);
      expect(registeredChildProcesses()).toEqual(expect.arrayContaining([env.etcdPid, env.apiServerPid, s1.pid, s2.pid]));

      // Same etcd, same identity: the admin certificate of the envtest is accepted.
      const answer = await probe(`${s1.server}/info`, { tls: s1.restConfig.tls as { ca: string; cert: string; key: string } });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ port: new URL(s1.server).port, etcd: env.etcdUrl });
      expect(s1.restConfig).toMatchObject({ server: s1.server, tls: { ca: env.caPem, cert: env.clientCertPem, key: env.clientKeyPem } });

      const calls = readFileSync(join(assets, 'calls'), 'utf8').trim().split('\n').filter((l) => l.startsWith('kube-apiserver'));
      expect(calls).toHaveLength(3);
      expect(calls[1]).toContain('--v=3');
      expect(calls[2]).toContain('--v=5');
      expect(calls[2]).not.toContain('--v=3');
      for (const c of calls) expect(c).toContain(`--etcd-servers=${env.etcdUrl}`);

      // Its own kubeconfig and log file inside the envtest's directory.
      const kubeconfig = parse(readFileSync(s1.kubeconfigPath, 'utf8'));
      expect(kubeconfig.clusters[0].cluster.server).toBe(s1.server);
      expect(s1.kubeconfigPath.startsWith(env.tempDir)).toBe(true);
      expect(readFileSync(s1.logFile!, 'utf8')).toContain(`listening on ${new URL(s1.server).port}`);
      expect(s1.output()).toEqual([`fake kube-apiserver listening on ${new URL(s1.server).port}`]);

      // No credentials when shown.
      const shown = inspect(s1, { depth: 5 }) + JSON.stringify(s1) + JSON.stringify(env);
      expect(shown).not.toContain('PRIVATE KEY');
      expect(JSON.stringify(env)).toContain(s2.server);

      // Independent of the primary.
      await env.stopApiServer();
      expect(s1.running).toBe(true);
      expect((await probe(`${s2.server}/readyz`, { tls: s2.restConfig.tls as { ca: string } })).body).toBe('ok');

      // Stopped on its own: forgotten by the envtest and the child registry.
      const pid1 = s1.pid!;
      await s1.stop();
      await s1.stop();
      expect(await waitGone(pid1)).toBe(true);
      expect(s1.pid).toBeUndefined();
      expect(env.secondaryApiServers).toEqual([s2]);
      expect(registeredChildProcesses()).not.toContain(pid1);

      // Stopped with the envtest.
      const pid2 = s2.pid!;
      await env.stop();
      expect(await waitGone(pid2)).toBe(true);
      expect(env.secondaryApiServers).toEqual([]);
      expect(registeredChildProcesses()).toEqual([]);
      expect(existsSync(env.tempDir)).toBe(false);
      await expect(env.startSecondaryApiServer()).rejects.toBeInstanceOf(EnvtestError);
    } finally {
      await env.stop();
    }
  }, 30_000);

  it('rejects bad secondary flags as an options error without starting anything', async () => {
    const env = await startEnvtest({ binaryAssetsDir: fakeServerAssets(root), tempDirParent: join(root, 'tmp'), stopTimeoutMs: 2_000 });
    try {
      const err = await env.startSecondaryApiServer({ apiServerFlags: { 'bad name': 'x' } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnvtestError);
      expect((err as EnvtestError).component).toBe('options');
      expect(env.secondaryApiServers).toEqual([]);
    } finally {
      const pid = env.apiServerPid!;
      await env.stop();
      expect(isAlive(pid)).toBe(false);
    }
  }, 30_000);
});
