/**
 * envtest against the real kube-apiserver and etcd, spoken to with plain `node:https` (not the
 * library's transport): the shared server from the global setup, plus a private one for restart
 * and stop, which would disturb other files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CertificateAuthority, EnvtestError, startEnvtest, type Envtest } from '../../src/envtest/index.js';
import { isAlive } from '../unit/envtest/process-liveness.js';
import { envtestInfo } from './env.js';

interface Answer {
  status: number;
  body: string;
  json: () => any;
}

interface Identity {
  ca: string;
  cert?: string;
  key?: string;
  token?: string;
}

function call(server: string, path: string, id: Identity, init: { method?: string; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = request(new URL(path, server), {
      method: init.method ?? 'GET',
      agent: false,
      ca: id.ca,
      ...(id.cert ? { cert: id.cert, key: id.key } : {}),
      headers: {
        accept: 'application/json',
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...(id.token ? { authorization: `Bearer ${id.token}` } : {}),
      },
      timeout: 30_000,
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) }));
    });
    req.end(payload);
  });
}

describe('the shared envtest', () => {
  const info = envtestInfo();
  const admin: Identity = { ca: info.caPem, cert: info.clientCertPem, key: info.clientKeyPem };

  it('is ready for the admin client certificate', async () => {
    const res = await call(info.server, '/readyz', admin);
    expect(res.status).toBe(200);
    expect(res.body).toBe('ok');
  });

  it('runs kube-apiserver v1.37.2', async () => {
    const res = await call(info.server, '/version', admin);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ gitVersion: 'v1.37.2', major: '1', minor: '37' });
  });

  it('authenticates the admin as envtest-admin in system:masters', async () => {
    const res = await call(info.server, '/apis/authentication.k8s.io/v1/selfsubjectreviews', admin, {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(res.status).toBe(201);
    const user = res.json().status.userInfo;
    expect(user.username).toBe('envtest-admin');
    expect(user.groups).toContain('system:masters');
  });

  it('rejects an anonymous request and a certificate from another CA', async () => {
    const anonymous = await call(info.server, '/api/v1/namespaces', { ca: info.caPem });
    expect([401, 403]).toContain(anonymous.status);
    const foreign = CertificateAuthority.create().issueClientCertificate({ name: 'mallory', groups: ['system:masters'] });
    const res = await call(info.server, '/api/v1/namespaces', { ca: info.caPem, cert: foreign.certPem, key: foreign.keyPem });
    expect(res.status).toBe(401);
  });

  it('wrote a kubeconfig that points at the server with the admin identity', () => {
    const doc = parse(readFileSync(info.kubeconfigPath, 'utf8'));
    expect(doc['current-context']).toBe('envtest');
    expect(doc.clusters[0].cluster.server).toBe(info.server);
    expect(Buffer.from(doc.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(info.caPem);
    expect(Buffer.from(doc.users[0].user['client-certificate-data'], 'base64').toString()).toBe(info.clientCertPem);
  });

  it('started within the default timeout', () => {
    expect(info.timings.etcdReadyMs).toBeGreaterThan(0);
    expect(info.timings.apiServerReadyMs).toBeGreaterThan(0);
    expect(info.timings.totalMs).toBeLessThan(120_000);
  });
});

describe('a private envtest', () => {
  const info = envtestInfo();
  const token = 'e2e-token-4a7f0c2d9b';
  let env: Envtest;
  let admin: Identity;

  beforeAll(async () => {
    env = await startEnvtest({
      binaryAssetsDir: info.assetsDir,
      tokenUsers: [{ token, user: 'token-admin', uid: 'uid-1', groups: ['system:masters'] }],
      apiServerFlags: { 'max-requests-inflight': '50' },
    });
    admin = { ca: env.caPem, cert: env.clientCertPem, key: env.clientKeyPem };
    console.log(`[envtest] private envtest ready in ${Math.round(env.timings.totalMs)} ms (etcd ${Math.round(env.timings.etcdReadyMs)} ms, kube-apiserver ${Math.round(env.timings.apiServerReadyMs)} ms)`);
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
  });

  it('runs on its own ports and exposes a matching RestConfig', () => {
    expect(env.server).not.toBe(info.server);
    expect(env.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(env.restConfig).toEqual({ server: env.server, tls: { ca: env.caPem, cert: env.clientCertPem, key: env.clientKeyPem }, auth: {}, contextName: 'envtest', namespace: 'default' });
    expect(env.etcdPid).toBeTypeOf('number');
    expect(env.apiServerPid).toBeTypeOf('number');
  });

  it('does not show credentials when logged', () => {
    const shown = inspect(env, { depth: 10 }) + JSON.stringify(env);
    expect(shown).toContain(env.server);
    expect(shown).not.toContain('PRIVATE KEY');
    expect(shown).not.toContain(token);
  });

  it('authenticates static token users and rejects unknown tokens', async () => {
    const ok = await call(env.server, '/api/v1/namespaces/default', { ca: env.caPem, token });
    expect(ok.status).toBe(200);
    const bad = await call(env.server, '/api/v1/namespaces/default', { ca: env.caPem, token: 'not-a-token' });
    expect(bad.status).toBe(401);
    expect(readFileSync(env.paths.apiServerLog, 'utf8')).not.toContain(token);
  });

  it('passes extra flags to kube-apiserver', async () => {
    // The flag is visible in the command line of the process.
    const cmdline = readFileSync(`/proc/${env.apiServerPid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain('--max-requests-inflight=50');
    expect(cmdline).toContain('--authorization-mode=RBAC');
  });

  it('restarts kube-apiserver on the same port, keeping the data in etcd', async () => {
    const name = `envtest-restart-${Date.now()}`;
    const created = await call(env.server, '/api/v1/namespaces', admin, { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
    expect(created.status).toBe(201);
    const uid = created.json().metadata.uid;
    const oldPid = env.apiServerPid!;
    const etcdPid = env.etcdPid;

    const t0 = performance.now();
    await env.restartApiServer();
    console.log(`[envtest] restartApiServer took ${Math.round(performance.now() - t0)} ms`);

    expect(isAlive(oldPid)).toBe(false);
    expect(env.apiServerPid).toBeTypeOf('number');
    expect(env.apiServerPid).not.toBe(oldPid);
    expect(env.etcdPid).toBe(etcdPid);
    expect((await call(env.server, '/readyz', admin)).body).toBe('ok');
    const again = await call(env.server, `/api/v1/namespaces/${name}`, admin);
    expect(again.status).toBe(200);
    expect(again.json().metadata.uid).toBe(uid);
  }, 180_000);

  it('stops and starts kube-apiserver separately', async () => {
    await env.stopApiServer();
    expect(env.apiServerPid).toBeUndefined();
    await expect(call(env.server, '/readyz', admin)).rejects.toThrow(/ECONNREFUSED/);
    await env.stopApiServer(); // idempotent
    await env.startApiServer();
    expect((await call(env.server, '/readyz', admin)).status).toBe(200);
  }, 180_000);

  it('stop() leaves no process and no temporary directory behind', async () => {
    const pids = [env.apiServerPid!, env.etcdPid!];
    const tempDir = env.tempDir;
    await env.stop();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(env.apiServerPid).toBeUndefined();
    expect(env.etcdPid).toBeUndefined();
    expect(existsSync(tempDir)).toBe(false);
    await env.stop(); // idempotent
    await expect(env.startApiServer()).rejects.toBeInstanceOf(EnvtestError);
    await expect(env.restartApiServer()).rejects.toThrow(/has been stopped/);
  }, 60_000);
});
