/**
 * Exec credential plugins, loaded from a kubeconfig through `Clientset.create({ kubeconfig })`.
 *
 * The plugin is a small shell script: its Nth run prints line N of a `tokens` file as an
 * `ExecCredential` whose `expirationTimestamp` is `TOKEN_TTL_SECONDS` ahead, and counts its runs
 * in a `count` file. Every registered token belongs to a different static-token user (all in
 * `system:masters`), so a SelfSubjectReview tells which token a request carried.
 *
 * Shown: the first request runs the plugin once (concurrent first requests share that run);
 * requests before expiry reuse the credential; after expiry the plugin runs again and requests
 * keep succeeding; a credential the server rejects (401) makes the client re-run the plugin
 * once and retry, and a plugin that keeps returning rejected tokens is run exactly twice per
 * call, never in a loop. No token shows up in errors or on the console.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envtest } from '../../../src/envtest/index.js';
import { Clientset } from '../../../src/generated/clientset.js';
import { isUnauthorized } from '../../../src/rest/errors.js';
import { expectNoSecretsInError, expectNoSecretsInText, installReservationCrd, LogCapture, newToken, reservation, startPrivateEnvtest, suffix, whoAmI } from './support.js';

const PLUGIN = `#!/bin/sh
# Test exec credential plugin: run N prints line N of $PLUGIN_DIR/tokens, valid for
# $TOKEN_TTL_SECONDS, and records N in $PLUGIN_DIR/count and the expiry in $PLUGIN_DIR/expires-N.
set -eu
d="$PLUGIN_DIR"
n=$(( $(cat "$d/count" 2>/dev/null || echo 0) + 1 ))
printf '%s\\n' "$n" > "$d/count"
token=$(sed -n "\${n}p" "$d/tokens")
if [ -z "$token" ]; then echo "no token planned for run $n" >&2; exit 1; fi
t=$(( $(date +%s) + TOKEN_TTL_SECONDS ))
fmt='+%Y-%m-%dT%H:%M:%SZ'
exp=$(date -u -d "@$t" "$fmt" 2>/dev/null || date -u -r "$t" "$fmt")
printf '%s\\n' "$t" > "$d/expires-$n"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\\n' "$token" "$exp"
`;

/** One plugin setup: its own directory, token plan, counter and kubeconfig. */
interface PluginSetup {
  dir: string;
  kubeconfig: string;
  /** How many times the plugin ran. */
  runs(): Promise<number>;
  /** When the credential of run `n` expires (ms since the epoch). */
  expiresAt(n: number): Promise<number>;
}

describe('exec credential plugin (kubeconfig users[].user.exec)', () => {
  let env: Envtest;
  let root: string;
  // Tokens the server knows, each for its own user: the user name tells which token was sent.
  const known = Array.from({ length: 6 }, (_, i) => ({ token: newToken(`exec${i + 1}`), user: `exec-user-${i + 1}` }));
  const tokenOf = (i: number): string => known[i - 1]!.token;
  const allSecrets = (): string[] => known.map((k) => k.token);

  beforeAll(async () => {
    env = await startPrivateEnvtest({ tokenUsers: known.map((k) => ({ token: k.token, user: k.user, uid: `${k.user}-uid`, groups: ['system:masters'] })) });
    const admin = await Clientset.create({ config: env.restConfig });
    try {
      await installReservationCrd(admin);
    } finally {
      await admin.close();
    }
    root = await mkdtemp(join(tmpdir(), 'koord-exec-plugin-'));
  });

  afterAll(async () => {
    await env?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Writes the plugin, its token plan and a kubeconfig whose exec command is `./credential-plugin.sh` (relative to the kubeconfig). */
  async function setup(tokens: string[], ttlSeconds: number): Promise<PluginSetup> {
    const dir = join(root, `plugin-${suffix()}`);
    await mkdir(dir, { mode: 0o700 });
    const script = join(dir, 'credential-plugin.sh');
    await writeFile(script, PLUGIN);
    await chmod(script, 0o700);
    await writeFile(join(dir, 'tokens'), `${tokens.join('\n')}\n`, { mode: 0o600 });
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'envtest', cluster: { server: env.server, 'certificate-authority-data': Buffer.from(env.caPem).toString('base64') } }],
        users: [
          {
            name: 'exec-user',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: './credential-plugin.sh',
                env: [
                  { name: 'PLUGIN_DIR', value: dir },
                  { name: 'TOKEN_TTL_SECONDS', value: String(ttlSeconds) },
                ],
                interactiveMode: 'Never',
              },
            },
          },
        ],
        contexts: [{ name: 'envtest', context: { cluster: 'envtest', user: 'exec-user', namespace: 'default' } }],
        'current-context': 'envtest',
      }),
      { mode: 0o600 },
    );
    return {
      dir,
      kubeconfig,
      runs: async () => Number((await readFile(join(dir, 'count'), 'utf8').catch(() => '0')).trim()),
      expiresAt: async (n) => Number((await readFile(join(dir, `expires-${n}`), 'utf8')).trim()) * 1000,
    };
  }

  it('runs once for the first requests, reuses the credential until it expires, then runs again', async () => {
    const plugin = await setup([tokenOf(1), tokenOf(2), tokenOf(3)], 6);
    const log = new LogCapture().captureConsole();
    try {
      const cs = await Clientset.create({ kubeconfig: plugin.kubeconfig });
      try {
        expect(await plugin.runs()).toBe(0); // nothing runs before the first request

        // Concurrent first requests share one plugin run.
        const who = await Promise.all(Array.from({ length: 8 }, () => whoAmI(cs)));
        expect(who.map((w) => w.username)).toEqual(Array(8).fill('exec-user-1'));
        expect(await plugin.runs()).toBe(1);
        const firstExpiry = await plugin.expiresAt(1);

        // Before expiry: the cached credential is reused, for reads and writes.
        const reservations = cs.schedulingV1alpha1.reservations();
        const created = await reservations.create(reservation(`exec-${suffix()}`));
        await reservations.get(created.metadata!.name!);
        await reservations.list();
        expect(Date.now()).toBeLessThan(firstExpiry);
        expect(await plugin.runs()).toBe(1);

        // After expiry: the next request runs the plugin again and succeeds with the new token.
        await new Promise((r) => setTimeout(r, Math.max(0, firstExpiry - Date.now()) + 250));
        expect(await whoAmI(cs)).toMatchObject({ username: 'exec-user-2' });
        expect(await plugin.runs()).toBe(2);
        const list = await reservations.list();
        expect(list.items.map((r) => r.metadata?.name)).toContain(created.metadata!.name);
        expect(await plugin.runs()).toBe(2);
      } finally {
        await cs.close();
      }
    } finally {
      log.restore();
    }
    expectNoSecretsInText(log.text(), allSecrets(), 'the console');
  });

  it('a credential the server rejects (401) makes the client re-run the plugin once and retry (once for concurrent 401s)', async () => {
    const rejected = newToken('rejected');
    const plugin = await setup([rejected, tokenOf(4)], 3600);
    const log = new LogCapture().captureConsole();
    try {
      const cs = await Clientset.create({ kubeconfig: plugin.kubeconfig });
      try {
        // The caller never sees the 401: run 1 gave a rejected token, run 2 a good one. Eight
        // concurrent first requests all get the 401, and still cause a single refresh.
        const lists = await Promise.all(Array.from({ length: 8 }, () => cs.schedulingV1alpha1.reservations().list()));
        expect(lists.every((l) => Array.isArray(l.items))).toBe(true);
        expect(await plugin.runs()).toBe(2);
        expect(await whoAmI(cs)).toMatchObject({ username: 'exec-user-4' });
        expect(await plugin.runs()).toBe(2);
      } finally {
        await cs.close();
      }
    } finally {
      log.restore();
    }
    expectNoSecretsInText(log.text(), [rejected, ...allSecrets()], 'the console');
  });

  it('a plugin that keeps returning rejected tokens runs exactly twice, then the call fails Unauthorized', async () => {
    const rejected = [newToken('rejected-a'), newToken('rejected-b')];
    const plugin = await setup([...rejected, tokenOf(5)], 3600);
    const log = new LogCapture().captureConsole();
    let err: unknown;
    try {
      const cs = await Clientset.create({ kubeconfig: plugin.kubeconfig });
      try {
        err = await cs.schedulingV1alpha1.reservations().list().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(await plugin.runs()).toBe(2);
        // The next call starts over from a 401 on the cached credential: one more run, which
        // yields a good token.
        expect(await whoAmI(cs)).toMatchObject({ username: 'exec-user-5' });
        expect(await plugin.runs()).toBe(3);
      } finally {
        await cs.close();
      }
    } finally {
      log.restore();
    }
    expect(isUnauthorized(err)).toBe(true);
    expectNoSecretsInError(err, [...rejected, ...allSecrets()]);
    expectNoSecretsInText(log.text(), [...rejected, ...allSecrets()], 'the console');
  });
});
