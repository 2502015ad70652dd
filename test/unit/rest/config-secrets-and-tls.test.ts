/**
 * Loading fails fast on unusable TLS material (a ConfigError naming the file, as client-go fails
 * when it builds its transport), and a loaded RestConfig prints without credentials while its
 * values stay usable (client-go `rest.Config.String()`).
 */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/rest/errors.js';
import { inClusterConfig } from '../../../src/rest/config/in-cluster.js';
import { loadKubeconfig } from '../../../src/rest/config/kubeconfig.js';
import { REDACTED, redactedRestConfig } from '../../../src/rest/config/redact-config.js';
import { caught, expectNoSecret, tempDir, type TempDir } from './helpers.js';
import { generateTlsFixtures } from './tls-fixtures.js';

const fx = generateTlsFixtures();
const TOKEN = 'sEcReT-bearer-token-0123456789';
const PASSWORD = 'pa55-w0rd-very-secret';
const PROXY_PASSWORD = 'proxy-secret-pw';

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

async function kubeconfig(user: string, cluster = 'certificate-authority: ca.crt'): Promise<string> {
  return dir.write(
    'config',
    `apiVersion: v1
kind: Config
current-context: c
clusters: [{name: k, cluster: {server: "https://10.0.0.1:6443", ${cluster}}}]
users: [{name: u, user: {${user}}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
`,
  );
}

describe('TLS material is checked when the kubeconfig is loaded', () => {
  it('a client certificate that does not match its key: ConfigError naming both files, without the key', async () => {
    await dir.write('ca.crt', fx.ca);
    const cert = await dir.write('alice.crt', fx.alice.cert);
    const key = await dir.write('bob.key', fx.bob.key);
    const path = await kubeconfig('client-certificate: alice.crt, client-key: bob.key');
    const e2 = await caught(() => loadKubeconfig({ kubeconfig: path }));
    expect(e2).toBeInstanceOf(ConfigError);
    expect((e2 as Error).message).toBe(`client-certificate file ${cert} does not match client-key file ${key}: the certificate is not for that private key`);
    expectNoSecret(e2, fx.bob.key.split('\n')[1]!);
  });

  it('a key that is not a key, a certificate that is not one, a CA file without a certificate', async () => {
    await dir.write('ca.crt', fx.ca);
    await dir.write('alice.crt', fx.alice.cert);
    const notKey = await dir.write('not.key', 'hello, I am not a key\n');
    let e = await caught(async () => loadKubeconfig({ kubeconfig: await kubeconfig('client-certificate: alice.crt, client-key: not.key') }));
    expect((e as Error).message).toBe(`client-key file ${notKey} is not a PEM private key`);

    await dir.write('alice.key', fx.alice.key);
    const notCert = await dir.write('not.crt', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    e = await caught(async () => loadKubeconfig({ kubeconfig: await kubeconfig('client-certificate: not.crt, client-key: alice.key') }));
    expect((e as Error).message).toBe(`client-certificate file ${notCert}: certificate #1 cannot be parsed`);

    const badCa = await dir.write('bad-ca.crt', 'not a certificate at all');
    e = await caught(async () => loadKubeconfig({ kubeconfig: await kubeconfig(`token: ${TOKEN}`, 'certificate-authority: bad-ca.crt') }));
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toBe(`certificate-authority file ${badCa} holds no PEM certificate`);
  });

  it('data fields are named by their entry', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const path = await kubeconfig(`client-certificate-data: ${b64(fx.alice.cert)}, client-key-data: ${b64(fx.bob.key)}`, `certificate-authority-data: ${b64(fx.ca)}`);
    const e = await caught(() => loadKubeconfig({ kubeconfig: path }));
    expect((e as Error).message).toBe(`client-certificate-data of user "u" (in ${path}) does not match client-key-data of user "u" (in ${path}): the certificate is not for that private key`);
  });

  it('matching material loads', async () => {
    await dir.write('ca.crt', fx.ca);
    await dir.write('alice.crt', fx.alice.cert);
    await dir.write('alice.key', fx.alice.key);
    const cfg = await loadKubeconfig({ kubeconfig: await kubeconfig('client-certificate: alice.crt, client-key: alice.key') });
    expect(cfg.tls).toEqual({ ca: fx.ca, cert: fx.alice.cert, key: fx.alice.key });
  });
});

describe('a RestConfig prints without credentials', () => {
  it('token, password, client key, proxy password and exec env values are redacted; the values stay usable', async () => {
    await dir.write('ca.crt', fx.ca);
    await dir.write('alice.crt', fx.alice.cert);
    await dir.write('alice.key', fx.alice.key);
    const path = await dir.write(
      'config',
      `apiVersion: v1
kind: Config
current-context: c
clusters: [{name: k, cluster: {server: "https://10.0.0.1:6443", certificate-authority: ca.crt, proxy-url: "http://user:${PROXY_PASSWORD}@proxy:3128"}}]
users:
- {name: u, user: {token: ${TOKEN}, client-certificate: alice.crt, client-key: alice.key}}
- {name: b, user: {username: admin, password: ${PASSWORD}}}
- {name: e, user: {exec: {command: get-token, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, env: [{name: SECRET, value: ${TOKEN}}]}}}
contexts: [{name: c, context: {cluster: k, user: u}}, {name: b, context: {cluster: k, user: b}}, {name: e, context: {cluster: k, user: e}}]
`,
    );
    const keyLine = fx.alice.key.split('\n')[1]!;
    for (const context of ['c', 'b', 'e']) {
      const cfg = await loadKubeconfig({ kubeconfig: path, context });
      const printed = [inspect(cfg, { depth: 10 }), inspect({ nested: { cfg } }, { depth: 10 }), inspect(cfg.auth), inspect(cfg.tls), inspect({ ...cfg }, { depth: 10 }).replace(/proxyUrl: .*/, '')];
      for (const text of printed) {
        for (const secret of [TOKEN, PASSWORD, keyLine]) expect(text).not.toContain(secret);
      }
      expect(inspect(cfg, { depth: 10 })).not.toContain(PROXY_PASSWORD);
      expect(inspect(cfg, { depth: 10 })).toContain(REDACTED);
      expect(JSON.stringify(redactedRestConfig(cfg))).not.toContain(PROXY_PASSWORD);
    }
    const cfg = await loadKubeconfig({ kubeconfig: path, context: 'c' });
    expect(cfg.auth.token).toBe(TOKEN);
    expect(cfg.tls.key).toBe(fx.alice.key);
    expect(cfg.proxyUrl).toBe(`http://user:${PROXY_PASSWORD}@proxy:3128`);
    expect((await loadKubeconfig({ kubeconfig: path, context: 'b' })).auth.password).toBe(PASSWORD);
  });

  it('the in-cluster config prints without its CA body', async () => {
    const paths = { tokenFile: await dir.write('token', TOKEN), caFile: await dir.write('ca.crt', fx.ca), namespaceFile: await dir.write('namespace', 'x') };
    const cfg = await inClusterConfig({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, paths);
    expect(inspect(cfg)).toMatch(/\[PEM, \d+ bytes\]/);
    expect(cfg.tls.ca).toBe(fx.ca);
  });
});
