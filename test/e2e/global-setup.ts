/**
 * Vitest global setup of the e2e project: starts one real kube-apiserver + etcd (envtest) for
 * the whole run, shares how to reach it through `provide('envtest', ...)` (read it with
 * `envtestInfo()` from `./env.ts`), and stops it in teardown.
 *
 * Binaries come from `KUBEBUILDER_ASSETS` or `KOORD_ENVTEST_ASSETS`; with neither set they are
 * built (or found in the cache) by `tools/build-servers.sh`. A server that cannot be started
 * fails the run: e2e tests never silently skip.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { resolveBinaries, startEnvtest } from '../../src/envtest/index.js';
import type { EnvtestInfo } from './env.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function assetsDir(): string {
  if (process.env.KUBEBUILDER_ASSETS || process.env.KOORD_ENVTEST_ASSETS) return resolveBinaries().assetsDir;
  console.log('[envtest] neither KUBEBUILDER_ASSETS nor KOORD_ENVTEST_ASSETS is set: running tools/build-servers.sh');
  const out = execFileSync('bash', ['tools/build-servers.sh'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const dir = out.trim().split('\n').pop()?.trim();
  if (!dir) throw new Error('tools/build-servers.sh printed no assets directory');
  return resolveBinaries(dir).assetsDir;
}

/** Starts the shared envtest; the returned function stops it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = await startEnvtest({ binaryAssetsDir: assetsDir() });
  const t = env.timings;
  console.log(
    `[envtest] ${env.server} ready in ${Math.round(t.totalMs)} ms ` +
      `(certificates ${Math.round(t.certificatesMs)} ms, etcd ${Math.round(t.etcdReadyMs)} ms, kube-apiserver ${Math.round(t.apiServerReadyMs)} ms)`,
  );
  const info: EnvtestInfo = {
    kubeconfigPath: env.kubeconfigPath,
    server: env.server,
    caPem: env.caPem,
    clientCertPem: env.clientCertPem,
    clientKeyPem: env.clientKeyPem,
    etcdUrl: env.etcdUrl,
    assetsDir: env.binaries.assetsDir,
    tempDir: env.tempDir,
    timings: { ...t },
  };
  project.provide('envtest', info);
  return async () => {
    await env.stop();
  };
}
