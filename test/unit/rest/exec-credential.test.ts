import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecConfig } from '../../../src/rest/config/config.js';
import { ConfigError } from '../../../src/rest/errors.js';
import { ExecCredentialProvider, type ExecClusterInfo } from '../../../src/rest/auth/exec-credential.js';
import { caught, expectNoSecret, tempDir, type TempDir } from './helpers.js';

const V1 = 'client.authentication.k8s.io/v1';
const T0 = Date.parse('2030-01-01T00:00:00Z');

/** Prints an ExecCredential with token `secret-token-<n>` (n counts runs) expiring at $EXPIRY. */
const PLUGIN = `#!/bin/sh
n=$(cat "$COUNTER" 2>/dev/null || echo 0)
n=$((n+1))
echo "$n" > "$COUNTER"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$INFO_OUT"
if [ -f "$COUNTER.extra" ]; then EXTRA=$(cat "$COUNTER.extra"); fi
echo "plugin diagnostics on stderr" >&2
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"secret-token-%s"%s}}' "$API" "$n" "$EXTRA"
`;

let dir: TempDir;
let plugin: string;
let clock: number;
beforeEach(async () => {
  dir = await tempDir();
  plugin = await dir.write('plugin.sh', PLUGIN, 0o755);
  clock = T0;
});
afterEach(async () => {
  await dir.cleanup();
});

function provider(
  extraEnv: Record<string, string> = {},
  config: Partial<ExecConfig> = {},
  expiry: string | null = new Date(T0 + 60_000).toISOString(),
  cluster: ExecClusterInfo = { server: 'https://10.0.0.1:6443', tlsServerName: 'api', certificateAuthorityData: 'CA-PEM' },
): ExecCredentialProvider {
  return new ExecCredentialProvider(
    { command: plugin, apiVersion: V1, interactiveMode: 'Never', ...config },
    {
      now: () => clock,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        COUNTER: join(dir.path, 'count'),
        INFO_OUT: join(dir.path, 'info.json'),
        API: V1,
        EXTRA: expiry ? `,"expirationTimestamp":"${expiry}"` : '',
        ...extraEnv,
      },
      cluster,
    },
  );
}

async function runs(): Promise<number> {
  return Number((await readFile(join(dir.path, 'count'), 'utf8')).trim());
}

describe('ExecCredentialProvider', () => {
  it('runs the plugin once and caches the credential until shortly before expiry', async () => {
    const p = provider();
    const a = await p.get();
    expect(a.token).toBe('secret-token-1');
    expect(a.expirationTimestamp?.getTime()).toBe(T0 + 60_000);
    clock = T0 + 50_000;
    expect((await p.get()).token).toBe('secret-token-1');
    expect(await runs()).toBe(1);
    clock = T0 + 56_000; // inside the 5 s refresh margin
    expect((await p.get()).token).toBe('secret-token-2');
    expect(await runs()).toBe(2);
  });

  it('runs again immediately once expired, and after invalidate()', async () => {
    const p = provider();
    const first = await p.get();
    // later runs return credentials valid for an hour
    await dir.write('count.extra', `,"expirationTimestamp":"${new Date(T0 + 3600_000).toISOString()}"`);
    clock = T0 + 120_000;
    expect((await p.get()).token).toBe('secret-token-2');
    p.invalidate(first); // stale credential: the cache (token 2) is kept
    expect((await p.get()).token).toBe('secret-token-2');
    p.invalidate();
    expect((await p.get()).token).toBe('secret-token-3');
    expect(await runs()).toBe(3);
  });

  it('caches a credential without expiry until invalidated', async () => {
    const p = provider({}, {}, null);
    const c = await p.get();
    expect(c.expirationTimestamp).toBeUndefined();
    clock = T0 + 365 * 24 * 3600_000;
    expect((await p.get()).token).toBe('secret-token-1');
    p.invalidate(c);
    expect((await p.get()).token).toBe('secret-token-2');
  });

  it('shares one run between concurrent callers', async () => {
    const p = provider();
    const all = await Promise.all([p.get(), p.get(), p.get(), p.get(), p.get()]);
    expect(new Set(all.map((c) => c.token))).toEqual(new Set(['secret-token-1']));
    expect(await runs()).toBe(1);
  });

  it('passes KUBERNETES_EXEC_INFO (non-interactive, with cluster info when asked) and the exec env', async () => {
    const p = provider({}, { provideClusterInfo: true, env: [{ name: 'EXTRA', value: ',"clientCertificateData":"CERT","clientKeyData":"KEY"' }] });
    const c = await p.get();
    expect(c).toEqual({ token: 'secret-token-1', clientCertificateData: 'CERT', clientKeyData: 'KEY' });
    const info = JSON.parse(await readFile(join(dir.path, 'info.json'), 'utf8'));
    expect(info).toEqual({
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: { server: 'https://10.0.0.1:6443', 'tls-server-name': 'api', 'certificate-authority-data': Buffer.from('CA-PEM').toString('base64') },
      },
    });
    const q = provider();
    await q.get();
    expect(JSON.parse(await readFile(join(dir.path, 'info.json'), 'utf8'))).toEqual({ apiVersion: V1, kind: 'ExecCredential', spec: { interactive: false } });
  });

  it('cluster info carries proxy-url and disable-compression as kubeconfig spells them', async () => {
    const p = provider({}, { provideClusterInfo: true }, undefined, { server: 'https://h:6443', proxyUrl: 'socks5://proxy:1080', disableCompression: true });
    await p.get();
    const info = JSON.parse(await readFile(join(dir.path, 'info.json'), 'utf8'));
    expect(info.spec.cluster).toEqual({ server: 'https://h:6443', 'proxy-url': 'socks5://proxy:1080', 'disable-compression': true });
  });

  it('a failing plugin: command and stderr in the error, never stdout', async () => {
    const failing = await dir.write(
      'fail.sh',
      `#!/bin/sh
echo '{"status":{"token":"stdout-secret-token"}}'
echo "error: you must be logged in to the server" >&2
exit 3
`,
      0o755,
    );
    const p = new ExecCredentialProvider({ command: failing, apiVersion: V1 });
    const err = await caught(() => p.get());
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`exec plugin "${failing}" failed with exit code 3; stderr: error: you must be logged in to the server`);
    expectNoSecret(err, 'stdout-secret-token');
  });

  it('output that is not an ExecCredential: no stdout in the error', async () => {
    const garbage = await dir.write('garbage.sh', '#!/bin/sh\necho "token=stdout-secret-token not json"\n', 0o755);
    const err = await caught(() => new ExecCredentialProvider({ command: garbage, apiVersion: V1 }).get());
    expect((err as Error).message).toMatch(/did not write a valid ExecCredential \(stdout is not JSON\)/);
    expectNoSecret(err, 'stdout-secret-token');

    const wrongVersion = provider({ API: 'client.authentication.k8s.io/v1beta1' });
    const err2 = await caught(() => wrongVersion.get());
    expect((err2 as Error).message).toBe(
      `exec plugin "${plugin}" is configured to use API version ${V1}, but it returned version "client.authentication.k8s.io/v1beta1"`,
    );

    const tokenAsVersion = provider({ API: 'stdout-secret-token' });
    const err3 = await caught(() => tokenAsVersion.get());
    expectNoSecret(err3, 'stdout-secret-token');

    const certOnly = provider({ EXTRA: ',"clientCertificateData":"CERT"' });
    expect(((await caught(() => certOnly.get())) as Error).message).toMatch(/clientCertificateData without clientKeyData/);
  });

  it('a missing command shows the install hint', async () => {
    const p = new ExecCredentialProvider({ command: 'koord-no-such-plugin', apiVersion: V1, installHint: 'Install it with: brew install koord-plugin' });
    const err = await caught(() => p.get());
    expect((err as Error).message).toBe('exec plugin "koord-no-such-plugin": executable not found\n\nInstall it with: brew install koord-plugin');
  });

  it('resolves a relative command with a slash against baseDir', async () => {
    const p = new ExecCredentialProvider(
      { command: './plugin.sh', apiVersion: V1, baseDir: dir.path },
      { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', COUNTER: join(dir.path, 'count'), INFO_OUT: join(dir.path, 'info.json'), API: V1, EXTRA: '' } },
    );
    expect((await p.get()).token).toBe('secret-token-1');
  });

  it('refuses interactiveMode Always, and kills a plugin that hangs', async () => {
    const always = provider({}, { interactiveMode: 'Always' });
    expect(((await caught(() => always.get())) as Error).message).toMatch(/requires interactive mode/);
    const hang = await dir.write('hang.sh', '#!/bin/sh\nexec sleep 30\n', 0o755);
    const slow = new ExecCredentialProvider({ command: hang, apiVersion: V1 }, { timeoutMs: 200 });
    expect(((await caught(() => slow.get())) as Error).message).toBe(`exec plugin "${hang}" did not finish within 200 ms`);
  });

  it('keeps the cached credential when an early refresh fails but it has not expired yet', async () => {
    const p = provider();
    await p.get();
    await dir.write('plugin.sh', '#!/bin/sh\necho broken >&2\nexit 1\n', 0o755);
    clock = T0 + 57_000; // refresh due, credential still valid
    expect((await p.get()).token).toBe('secret-token-1');
    clock = T0 + 61_000; // expired: the failure surfaces
    expect(((await caught(() => p.get())) as Error).message).toMatch(/failed with exit code 1; stderr: broken/);
  });
});
