import { describe, expect, it } from 'vitest';
import { etcdArgs, etcdDefaultFlags } from '../../../src/envtest/etcd.js';
import { mergeFlags, normalizeFlagName, renderFlags } from '../../../src/envtest/flags.js';
import { kubeApiServerArgs, kubeApiServerDefaultFlags, type KubeApiServerConfig } from '../../../src/envtest/kube-apiserver.js';

describe('mergeFlags / renderFlags', () => {
  it('lets later layers override earlier ones, keeping first-appearance order', () => {
    const merged = mergeFlags({ a: '1', b: '2' }, { '--b': '3', c: 'x' });
    expect(merged).toEqual({ a: '1', b: '3', c: 'x' });
    expect(Object.keys(merged)).toEqual(['a', 'b', 'c']);
  });

  it('removes a default with null and ignores undefined layers and values', () => {
    expect(mergeFlags({ a: '1', b: '2' }, undefined, { b: null, c: undefined as unknown as string })).toEqual({ a: '1' });
  });

  it('replaces rather than appends list values', () => {
    expect(mergeFlags({ x: ['a', 'b'] }, { x: ['c'] })).toEqual({ x: ['c'] });
  });

  it('renders scalars as --name=value and lists as a repeated flag', () => {
    expect(renderFlags({ 'max-requests-inflight': 1, 'enable-priority-and-fairness': false, 'runtime-config': ['a=true', 'b=false'], gone: null })).toEqual([
      '--max-requests-inflight=1',
      '--enable-priority-and-fairness=false',
      '--runtime-config=a=true',
      '--runtime-config=b=false',
    ]);
  });

  it('normalizes and validates flag names', () => {
    expect(normalizeFlagName('--secure-port')).toBe('secure-port');
    expect(normalizeFlagName('-v')).toBe('v');
    expect(() => normalizeFlagName('--bad name')).toThrow(RangeError);
    expect(() => normalizeFlagName('')).toThrow(RangeError);
  });
});

const files = {
  certDir: '/t/cert-dir',
  servingCert: '/t/pki/apiserver.crt',
  servingKey: '/t/pki/apiserver.key',
  clientCa: '/t/pki/ca.crt',
  serviceAccountKey: '/t/pki/sa.pub',
  serviceAccountSigningKey: '/t/pki/sa.key',
};
const apiConfig: KubeApiServerConfig = {
  binary: '/bin/kube-apiserver',
  etcdUrl: 'http://127.0.0.1:2379',
  securePort: 6443,
  files,
  startTimeoutMs: 1000,
  probeTls: { ca: '' },
};

describe('kube-apiserver flags', () => {
  it('defaults to loopback, RBAC, client certificates of the CA and service account keys', () => {
    const flags = kubeApiServerDefaultFlags(apiConfig);
    expect(flags).toMatchObject({
      'etcd-servers': 'http://127.0.0.1:2379',
      'secure-port': '6443',
      'bind-address': '127.0.0.1',
      'advertise-address': '127.0.0.1',
      'endpoint-reconciler-type': 'none',
      'authorization-mode': 'RBAC',
      'client-ca-file': '/t/pki/ca.crt',
      'tls-cert-file': '/t/pki/apiserver.crt',
      'tls-private-key-file': '/t/pki/apiserver.key',
      'service-cluster-ip-range': '10.0.0.0/24',
      'service-account-issuer': 'https://kubernetes.default.svc',
      'service-account-key-file': '/t/pki/sa.pub',
      'service-account-signing-key-file': '/t/pki/sa.key',
      'allow-privileged': 'true',
      'disable-admission-plugins': 'ServiceAccount',
    });
    expect(flags).not.toHaveProperty('token-auth-file');
    expect(kubeApiServerDefaultFlags({ ...apiConfig, files: { ...files, tokenAuthFile: '/t/pki/tokens.csv' } })['token-auth-file']).toBe('/t/pki/tokens.csv');
  });

  it('merges caller flags over the defaults', () => {
    const args = kubeApiServerArgs({
      ...apiConfig,
      flags: { 'max-requests-inflight': '1', '--enable-priority-and-fairness': 'false', 'authorization-mode': 'Node,RBAC', 'disable-admission-plugins': null },
    });
    expect(args).toContain('--max-requests-inflight=1');
    expect(args).toContain('--enable-priority-and-fairness=false');
    expect(args).toContain('--authorization-mode=Node,RBAC');
    expect(args).not.toContain('--authorization-mode=RBAC');
    expect(args.some((a) => a.startsWith('--disable-admission-plugins'))).toBe(false);
    expect(args.filter((a) => a.startsWith('--secure-port='))).toEqual(['--secure-port=6443']);
  });
});

describe('etcd flags', () => {
  it('runs a single loopback member without fsync', () => {
    const flags = etcdDefaultFlags({ dataDir: '/t/etcd', clientPort: 1111, peerPort: 2222 });
    expect(flags).toMatchObject({
      name: 'default',
      'data-dir': '/t/etcd',
      'listen-client-urls': 'http://127.0.0.1:1111',
      'advertise-client-urls': 'http://127.0.0.1:1111',
      'listen-peer-urls': 'http://127.0.0.1:2222',
      'initial-advertise-peer-urls': 'http://127.0.0.1:2222',
      'initial-cluster': 'default=http://127.0.0.1:2222',
      'unsafe-no-fsync': 'true',
    });
    expect(Number(flags['quota-backend-bytes'])).toBeGreaterThanOrEqual(2 * 1024 ** 3);
  });

  it('merges caller flags', () => {
    const args = etcdArgs({ binary: 'etcd', dataDir: '/d', clientPort: 1, peerPort: 2, startTimeoutMs: 1, flags: { 'log-level': 'warn', 'unsafe-no-fsync': null } });
    expect(args).toContain('--log-level=warn');
    expect(args.some((a) => a.startsWith('--unsafe-no-fsync'))).toBe(false);
  });
});
