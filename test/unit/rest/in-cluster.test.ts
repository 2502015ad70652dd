import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/rest/errors.js';
import { inClusterConfig, isInCluster } from '../../../src/rest/config/in-cluster.js';
import { caught, expectNoSecret, tempDir, type TempDir } from './helpers.js';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nY2x1c3RlciBjYQ==\n-----END CERTIFICATE-----\n';
const SA_TOKEN = 'eyJhbGciOi.sa-token-secret.sig';

let dir: TempDir;
let paths: { tokenFile: string; caFile: string; namespaceFile: string };
beforeEach(async () => {
  dir = await tempDir();
  paths = {
    tokenFile: await dir.write('token', SA_TOKEN),
    caFile: await dir.write('ca.crt', CA_PEM),
    namespaceFile: await dir.write('namespace', 'koordinator-system\n'),
  };
});
afterEach(async () => {
  await dir.cleanup();
});

describe('inClusterConfig', () => {
  it('builds the server from the service env, reads the CA and namespace, keeps only the token path', async () => {
    const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const cfg = await inClusterConfig(env, paths);
    expect(cfg).toEqual({
      server: 'https://10.96.0.1:443',
      tls: { ca: CA_PEM },
      auth: { tokenFile: paths.tokenFile },
      namespace: 'koordinator-system',
    });
    expect(JSON.stringify(cfg)).not.toContain(SA_TOKEN);
    expect(await isInCluster(env, paths)).toBe(true);
  });

  it('brackets IPv6 hosts', async () => {
    const cfg = await inClusterConfig({ KUBERNETES_SERVICE_HOST: 'fd00:10:96::1', KUBERNETES_SERVICE_PORT: '6443' }, paths);
    expect(cfg.server).toBe('https://[fd00:10:96::1]:6443');
    expect(new URL(cfg.server).port).toBe('6443');
  });

  it('prefers POD_NAMESPACE, and defaults to "default"; a missing CA falls back to system roots', async () => {
    const env = { KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '1', POD_NAMESPACE: 'from-env' };
    expect((await inClusterConfig(env, paths)).namespace).toBe('from-env');
    const bare = await inClusterConfig(
      { KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '1' },
      { ...paths, namespaceFile: join(dir.path, 'none'), caFile: join(dir.path, 'none') },
    );
    expect(bare.namespace).toBe('default');
    expect(bare.tls).toEqual({});
  });

  it('fails outside a cluster and without a token', async () => {
    const err = await caught(() => inClusterConfig({}, paths));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined/);
    expect(await isInCluster({}, paths)).toBe(false);

    const env = { KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '1' };
    const missing = { ...paths, tokenFile: join(dir.path, 'no-token') };
    const err2 = await caught(() => inClusterConfig(env, missing));
    expect((err2 as Error).message).toBe(`unable to load in-cluster configuration: service account token ${missing.tokenFile} cannot be read (ENOENT)`);
    expect(await isInCluster(env, missing)).toBe(false);
    expectNoSecret(err2, SA_TOKEN);
  });
});
