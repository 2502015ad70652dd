import { mkdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/rest/errors.js';
import { kubeconfigPaths, loadKubeconfig } from '../../../src/rest/config/kubeconfig.js';
import { caught, expectNoSecret, tempDir, type TempDir } from './helpers.js';
import { generateTlsFixtures } from './tls-fixtures.js';

// Real material: the loader checks that certificates parse and match their key, as client-go does.
const fixtures = generateTlsFixtures();
const CA_PEM = fixtures.ca;
const CERT_PEM = fixtures.alice.cert;
const KEY_PEM = fixtures.alice.key;
const TOKEN = 'tok-very-secret-4f1b2c';
const PASSWORD = 'pw-very-secret-9a8b7c';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

/** An env without KUBECONFIG nor in-cluster variables, HOME pointing into the temp dir. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HOME: join(dir.path, 'home'), ...extra };
}

const basic = (server = 'https://10.0.0.1:6443'): string => `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(CA_PEM)}
    tls-server-name: api.internal
users:
- name: dev-user
  user:
    token: ${TOKEN}
contexts:
- name: dev
  context:
    cluster: dev-cluster
    user: dev-user
    namespace: team-a
`;

describe('loadKubeconfig: one file', () => {
  it('resolves the current context into a RestConfig', async () => {
    const p = await dir.write('config', basic());
    const cfg = await loadKubeconfig({ kubeconfig: p, env: env() });
    expect(cfg.server).toBe('https://10.0.0.1:6443');
    expect(cfg.tls.ca).toBe(CA_PEM);
    expect(cfg.tls.serverName).toBe('api.internal');
    expect(cfg.tls.insecureSkipVerify).toBeUndefined();
    expect(cfg.auth).toEqual({ token: TOKEN });
    expect(cfg.namespace).toBe('team-a');
    expect(cfg.contextName).toBe('dev');
  });

  it('keeps scalars exactly as written (no YAML number or boolean coercion of strings)', async () => {
    const p = await dir.write(
      'config',
      `current-context: c
clusters: [{name: k, cluster: {server: "https://h:1", insecure-skip-tls-verify: yes}}]
users: [{name: u, user: {token: 0123, username: null}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
`,
    );
    const cfg = await loadKubeconfig({ kubeconfig: p, env: env() });
    expect(cfg.auth.token).toBe('0123');
    expect(cfg.auth.username).toBeUndefined();
    expect(cfg.tls.insecureSkipVerify).toBe(true);
    expect(cfg.namespace).toBe('default');
  });

  it('reads JSON kubeconfig files', async () => {
    const json = {
      'current-context': 'c',
      clusters: [{ name: 'k', cluster: { server: 'https://h:2', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { username: 'admin', password: PASSWORD } }],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    };
    const p = await dir.write('config.json', JSON.stringify(json));
    const cfg = await loadKubeconfig({ kubeconfig: p, env: env() });
    expect(cfg.server).toBe('https://h:2');
    expect(cfg.tls.insecureSkipVerify).toBe(true);
    expect(cfg.auth).toEqual({ username: 'admin', password: PASSWORD });
  });

  it('selects the context given in the options', async () => {
    const p = await dir.write(
      'config',
      `${basic()}- name: other
  context:
    cluster: dev-cluster
`,
    );
    const cfg = await loadKubeconfig({ kubeconfig: p, context: 'other', env: env() });
    expect(cfg.contextName).toBe('other');
    expect(cfg.auth).toEqual({});
    expect(cfg.namespace).toBe('default');
  });

  it('normalises the server URL: trailing slash, path prefix, missing scheme', async () => {
    let p = await dir.write('a', basic('https://rancher.example/k8s/clusters/c-1/'));
    expect((await loadKubeconfig({ kubeconfig: p, env: env() })).server).toBe('https://rancher.example/k8s/clusters/c-1');
    p = await dir.write('b', basic('10.1.2.3:6443'));
    // a CA is configured, so https (client-go DefaultServerURL)
    expect((await loadKubeconfig({ kubeconfig: p, env: env() })).server).toBe('https://10.1.2.3:6443');
  });

  it('keeps exec, auth-provider, impersonation and proxy settings', async () => {
    const p = await dir.write(
      'config',
      `current-context: c
clusters:
- name: k
  cluster: {server: "https://h:3", proxy-url: "socks5://proxy:1080"}
users:
- name: u
  user:
    as: jane
    as-uid: "1234"
    as-groups: [devs, ops]
    as-user-extra:
      scopes.example.com/role: [admin, viewer]
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
      args: ["--cluster", "k"]
      env: [{name: FOO, value: bar}, {name: EMPTY}]
      interactiveMode: Never
      provideClusterInfo: true
      installHint: install it
- name: oidc
  user:
    auth-provider:
      name: oidc
      config: {client-id: abc, id-token: ${TOKEN}}
contexts:
- {name: c, context: {cluster: k, user: u}}
- {name: o, context: {cluster: k, user: oidc}}
`,
    );
    const cfg = await loadKubeconfig({ kubeconfig: p, env: env() });
    expect(cfg.proxyUrl).toBe('socks5://proxy:1080');
    expect(cfg.impersonate).toEqual({ user: 'jane', uid: '1234', groups: ['devs', 'ops'], extra: { 'scopes.example.com/role': ['admin', 'viewer'] } });
    expect(cfg.auth.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      command: join(dir.path, 'bin/get-token'),
      baseDir: dir.path,
      args: ['--cluster', 'k'],
      env: [
        { name: 'FOO', value: 'bar' },
        { name: 'EMPTY', value: '' },
      ],
      interactiveMode: 'Never',
      provideClusterInfo: true,
      installHint: 'install it',
    });
    const o = await loadKubeconfig({ kubeconfig: p, context: 'o', env: env() });
    expect(o.auth.authProvider).toEqual({ name: 'oidc', config: { 'client-id': 'abc', 'id-token': TOKEN }, persistTo: { file: p, user: expect.any(String) } });
  });

  it('leaves an exec command without a slash to the PATH lookup', async () => {
    const p = await dir.write(
      'config',
      `current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
`,
    );
    const cfg = await loadKubeconfig({ kubeconfig: p, env: env() });
    expect(cfg.auth.exec?.command).toBe('aws');
    expect(cfg.auth.exec?.interactiveMode).toBe('IfAvailable'); // v1beta1 default
  });
});

describe('loadKubeconfig: relative paths', () => {
  it('resolves CA, client certificate/key and tokenFile against the defining file', async () => {
    await mkdir(join(dir.path, 'sub', 'pki'), { recursive: true });
    await dir.write('sub/pki/ca.crt', CA_PEM);
    await dir.write('sub/pki/client.crt', CERT_PEM);
    await dir.write('sub/pki/client.key', KEY_PEM);
    await dir.write('sub/token', `${TOKEN}\n`);
    const p = await dir.write(
      'sub/config',
      `current-context: c
clusters: [{name: k, cluster: {server: "https://h", certificate-authority: pki/ca.crt}}]
users:
- {name: u, user: {client-certificate: pki/client.crt, client-key: pki/client.key}}
- {name: t, user: {tokenFile: token}}
contexts:
- {name: c, context: {cluster: k, user: u}}
- {name: t, context: {cluster: k, user: t}}
`,
    );
    // loaded from another working directory's point of view: paths must not depend on cwd
    const cfg = await loadKubeconfig({ kubeconfig: p, env: env() });
    expect(cfg.tls).toEqual({ ca: CA_PEM, cert: CERT_PEM, key: KEY_PEM });
    const t = await loadKubeconfig({ kubeconfig: p, context: 't', env: env() });
    expect(t.auth).toEqual({ tokenFile: join(dir.path, 'sub', 'token') });
  });

  it('decodes client-certificate-data and client-key-data', async () => {
    const p = await dir.write(
      'config',
      `current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
users: [{name: u, user: {client-certificate-data: ${b64(CERT_PEM)}, client-key-data: ${b64(KEY_PEM)}}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
`,
    );
    const cfg = await loadKubeconfig({ kubeconfig: p, env: env() });
    expect(cfg.tls.cert).toBe(CERT_PEM);
    expect(cfg.tls.key).toBe(KEY_PEM);
  });
});

describe('loadKubeconfig: merging a path list', () => {
  it('first file wins per entry, current-context from the first file setting it, missing files skipped', async () => {
    const a = await dir.write(
      'a',
      `clusters: [{name: shared, cluster: {server: "https://from-a"}}]
contexts: [{name: ctx-a, context: {cluster: shared, user: u}}]
`,
    );
    const b = await dir.write(
      'b',
      `current-context: ctx-a
clusters:
- {name: shared, cluster: {server: "https://from-b"}}
- {name: only-b, cluster: {server: "https://only-b"}}
users: [{name: u, user: {token: from-b}}]
contexts: [{name: ctx-b, context: {cluster: only-b, user: u}}]
`,
    );
    const c = await dir.write('c', 'current-context: ctx-b\n');
    const list = [join(dir.path, 'missing'), a, b, c].join(delimiter);
    const cfg = await loadKubeconfig({ env: env({ KUBECONFIG: list }) });
    expect(cfg.contextName).toBe('ctx-a');
    expect(cfg.server).toBe('https://from-a');
    expect(cfg.auth.token).toBe('from-b');
    const other = await loadKubeconfig({ env: env({ KUBECONFIG: list }), context: 'ctx-b' });
    expect(other.server).toBe('https://only-b');
  });

  it('treats an explicit path list like KUBECONFIG', async () => {
    const a = await dir.write('a', basic('https://a'));
    const cfg = await loadKubeconfig({ kubeconfig: [join(dir.path, 'nope'), a].join(delimiter), env: env() });
    expect(cfg.server).toBe('https://a');
  });

  it('falls back to ~/.kube/config when KUBECONFIG is unset', async () => {
    await mkdir(join(dir.path, 'home', '.kube'), { recursive: true });
    await dir.write('home/.kube/config', basic('https://home'));
    expect(kubeconfigPaths({ env: env() }).paths).toEqual([join(dir.path, 'home', '.kube', 'config')]);
    const cfg = await loadKubeconfig({ env: env() });
    expect(cfg.server).toBe('https://home');
  });

  it('uses the in-cluster service account when no kubeconfig exists', async () => {
    const token = await dir.write('sa-token', 'sa-token-value');
    const ca = await dir.write('sa-ca', CA_PEM);
    const ns = await dir.write('sa-ns', 'kube-system\n');
    const cfg = await loadKubeconfig({
      env: env({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }),
      serviceAccountPaths: { tokenFile: token, caFile: ca, namespaceFile: ns },
    });
    expect(cfg.server).toBe('https://10.96.0.1:443');
    expect(cfg.auth).toEqual({ tokenFile: token });
    expect(cfg.namespace).toBe('kube-system');
  });

  it('fails clearly when there is no kubeconfig and no cluster', async () => {
    const err = await caught(() => loadKubeconfig({ env: env() }));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/no kubeconfig found \(looked for: .*home\/\.kube\/config\) and not running in a cluster/);
  });
});

describe('loadKubeconfig: errors', () => {
  it('an explicit single path must exist', async () => {
    const err = await caught(() => loadKubeconfig({ kubeconfig: join(dir.path, 'nope'), env: env() }));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`kubeconfig file ${join(dir.path, 'nope')} does not exist`);
  });

  it('a missing context names the context and the files', async () => {
    const p = await dir.write('config', basic());
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, context: 'foo', env: env() }));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`context "foo" not found in kubeconfig (files: ${p})`);
  });

  it('a missing current-context says where current-context was set', async () => {
    const p = await dir.write('config', basic().replace('current-context: dev', 'current-context: gone'));
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }));
    expect((err as Error).message).toBe(`context "gone" (current-context set in ${p}) not found in kubeconfig (files: ${p})`);
  });

  it('no current-context and no context option', async () => {
    const p = await dir.write('config', basic().replace('current-context: dev\n', ''));
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }));
    expect((err as Error).message).toMatch(/^no context selected: current-context is not set/);
  });

  it('missing cluster and user entries are named with their context', async () => {
    const p = await dir.write('config', basic().replace('cluster: dev-cluster', 'cluster: nope'));
    expect(((await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }))) as Error).message).toBe(
      `cluster "nope" (used by context "dev") not found in kubeconfig (files: ${p})`,
    );
    const q = await dir.write('config2', basic().replace('user: dev-user', 'user: ghost'));
    expect(((await caught(() => loadKubeconfig({ kubeconfig: q, env: env() }))) as Error).message).toBe(
      `user "ghost" (used by context "dev") not found in kubeconfig (files: ${q})`,
    );
  });

  it('malformed YAML names the file and the position, never the source text', async () => {
    const p = await dir.write('config', `users:\n- name: u\n  user:\n    token: ${TOKEN}\n   bad: [\n`);
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(new RegExp(`^kubeconfig file ${p} is not valid YAML: .+ at line \\d+, column \\d+$`));
    expectNoSecret(err, TOKEN);
  });

  it('an unresolvable alias does not leak the secret that looked like one', async () => {
    const p = await dir.write('config', `users:\n- name: u\n  user:\n    password: *${PASSWORD}\n`);
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }));
    expect(err).toBeInstanceOf(ConfigError);
    expectNoSecret(err, PASSWORD);
  });

  it('a missing client-certificate file names the user, the path and the kubeconfig', async () => {
    const p = await dir.write(
      'config',
      `current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
users: [{name: x, user: {client-certificate: /p/cert.pem, client-key-data: ${b64(KEY_PEM)}}}]
contexts: [{name: c, context: {cluster: k, user: x}}]
`,
    );
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }));
    expect((err as Error).message).toBe(`user "x" (in ${p}): client-certificate file /p/cert.pem does not exist`);
    expectNoSecret(err, 'c2VjcmV0LWtleS1tYXRlcmlhbA'); // the key data
  });

  it('rejects two authentication methods without echoing them', async () => {
    const p = await dir.write(
      'config',
      `current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
users: [{name: x, user: {token: ${TOKEN}, username: admin, password: ${PASSWORD}}}]
contexts: [{name: c, context: {cluster: k, user: x}}]
`,
    );
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }));
    expect((err as Error).message).toMatch(/user "x" .*more than one authentication method/);
    expectNoSecret(err, TOKEN);
    expectNoSecret(err, PASSWORD);
  });

  it('rejects invalid base64 without echoing it', async () => {
    const bad = 'not*base64*secret-key-bytes';
    const p = await dir.write(
      'config',
      `current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
users: [{name: x, user: {client-certificate-data: ${b64(CERT_PEM)}, client-key-data: "${bad}"}}]
contexts: [{name: c, context: {cluster: k, user: x}}]
`,
    );
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }));
    expect((err as Error).message).toBe(`user "x" (in ${p}): client-key-data is not valid base64`);
    expectNoSecret(err, bad);
  });

  it('rejects wrongly typed fields without echoing them', async () => {
    const p = await dir.write(
      'config',
      `current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
users: [{name: x, user: {token: [${TOKEN}]}}]
contexts: [{name: c, context: {cluster: k, user: x}}]
`,
    );
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }));
    expect((err as Error).message).toBe(`user "x" (in ${p}): token must be a string`);
    expectNoSecret(err, TOKEN);
  });

  it('rejects duplicate names within one file, nameless entries, and a bad structure', async () => {
    const dup = await dir.write('dup', 'users: [{name: a, user: {}}, {name: a, user: {}}]\n');
    expect(((await caught(() => loadKubeconfig({ kubeconfig: dup, env: env() }))) as Error).message).toBe(
      `kubeconfig file ${dup}: duplicate user name "a" in users`,
    );
    const nameless = await dir.write('nameless', 'clusters: [{cluster: {server: "https://h"}}]\n');
    expect(((await caught(() => loadKubeconfig({ kubeconfig: nameless, env: env() }))) as Error).message).toBe(
      `kubeconfig file ${nameless}: clusters[0] has no name`,
    );
    const scalar = await dir.write('scalar', 'just a string\n');
    expect(await caught(() => loadKubeconfig({ kubeconfig: scalar, env: env() }))).toBeInstanceOf(ConfigError);
  });

  it('validates exec settings as kubectl does', async () => {
    const mk = (exec: string): string => `current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
users: [{name: x, user: {exec: ${exec}}}]
contexts: [{name: c, context: {cluster: k, user: x}}]
`;
    const v1NoMode = await dir.write('a', mk('{apiVersion: client.authentication.k8s.io/v1, command: x}'));
    expect(((await caught(() => loadKubeconfig({ kubeconfig: v1NoMode, env: env() }))) as Error).message).toMatch(/interactiveMode must be specified/);
    const alpha = await dir.write('b', mk('{apiVersion: client.authentication.k8s.io/v1alpha1, command: x}'));
    expect(((await caught(() => loadKubeconfig({ kubeconfig: alpha, env: env() }))) as Error).message).toMatch(/v1alpha1" is not supported/);
    const noCmd = await dir.write('c', mk('{apiVersion: client.authentication.k8s.io/v1beta1}'));
    expect(((await caught(() => loadKubeconfig({ kubeconfig: noCmd, env: env() }))) as Error).message).toMatch(/exec.command must be specified/);
  });

  it('disable-compression: true turns off Accept-Encoding: gzip (client-go Cluster.DisableCompression); absent or false keeps it', async () => {
    for (const [line, want] of [
      ['disable-compression: true', true],
      ['disable-compression: false', undefined],
      ['', undefined],
    ] as const) {
      const p = await dir.write('config', basic().replace('tls-server-name: api.internal', `tls-server-name: api.internal${line ? `\n    ${line}` : ''}`));
      const cfg = await loadKubeconfig({ kubeconfig: p, env: env() });
      expect(cfg.disableCompression).toBe(want);
    }
    const p = await dir.write('config', basic().replace('tls-server-name: api.internal', 'tls-server-name: api.internal\n    disable-compression: maybe'));
    await expect(loadKubeconfig({ kubeconfig: p, env: env() })).rejects.toThrow(/disable-compression must be true or false/);
  });

  it('rejects a proxy-url scheme it cannot use, without echoing the URL', async () => {
    const p = await dir.write('config', basic().replace('tls-server-name: api.internal', 'proxy-url: "ftp://user:hunter2@proxy"'));
    const err = await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }));
    expect((err as Error).message).toMatch(/proxy-url must use http, https or socks5/);
    expectNoSecret(err, 'hunter2');
  });

  it('rejects impersonation groups without a user and invalid namespaces', async () => {
    const p = await dir.write('a', basic().replace(`token: ${TOKEN}`, 'as-groups: [a]'));
    expect(((await caught(() => loadKubeconfig({ kubeconfig: p, env: env() }))) as Error).message).toMatch(/without impersonating a user/);
    const q = await dir.write('b', basic().replace('namespace: team-a', 'namespace: Team_A'));
    expect(((await caught(() => loadKubeconfig({ kubeconfig: q, env: env() }))) as Error).message).toMatch(/namespace "Team_A" is not a valid namespace name/);
  });
});
