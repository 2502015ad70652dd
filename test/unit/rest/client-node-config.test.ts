import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/rest/errors.js';
import { restConfigFromKubeConfig } from '../../../src/rest/config/kubeconfig.js';
import { caught, tempDir, type TempDir } from './helpers.js';
import { generateTlsFixtures } from './tls-fixtures.js';

// A real certificate: the loader checks that it parses, as client-go does.
const CA_PEM = generateTlsFixtures().ca;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

describe('restConfigFromKubeConfig', () => {
  it('reads the current context of a loaded client-node KubeConfig, relative files included', async () => {
    await dir.write('ca.crt', CA_PEM);
    const p = await dir.write(
      'config',
      `apiVersion: v1
current-context: c
clusters:
- name: k
  cluster: {server: "https://10.0.0.9:6443/", certificate-authority: ca.crt, tls-server-name: api}
users:
- name: u
  user: {token: abc, as: jane}
contexts:
- name: c
  context: {cluster: k, user: u, namespace: ns1}
`,
    );
    const kc = new KubeConfig();
    kc.loadFromFile(p);
    const cfg = await restConfigFromKubeConfig(kc);
    expect(cfg).toEqual({
      server: 'https://10.0.0.9:6443',
      tls: { ca: CA_PEM, serverName: 'api' },
      auth: { token: 'abc' },
      impersonate: { user: 'jane' },
      namespace: 'ns1',
      contextName: 'c',
    });
  });

  it('maps exec users (defaulting interactiveMode), data fields, insecure, and the in-cluster token file user', async () => {
    const tokenFile = await dir.write('sa-token', 'x');
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'k', server: 'https://h', skipTLSVerify: true, caData: b64(CA_PEM) }],
      users: [
        { name: 'e', exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'] } },
        { name: 'sa', authProvider: { name: 'tokenFile', config: { tokenFile } } },
      ],
      contexts: [
        { name: 'e', cluster: 'k', user: 'e' },
        { name: 'sa', cluster: 'k', user: 'sa' },
      ],
      currentContext: 'e',
    });
    const e = await restConfigFromKubeConfig(kc);
    expect(e.tls).toEqual({ ca: CA_PEM, insecureSkipVerify: true });
    expect(e.auth.exec).toMatchObject({ command: 'aws', args: ['eks', 'get-token'], interactiveMode: 'IfAvailable' });
    kc.setCurrentContext('sa');
    expect((await restConfigFromKubeConfig(kc)).auth).toEqual({ tokenFile });
  });

  it('fails without a current context', async () => {
    const err = await caught(() => restConfigFromKubeConfig(new KubeConfig()));
    expect(err).toBeInstanceOf(ConfigError);
  });
});
