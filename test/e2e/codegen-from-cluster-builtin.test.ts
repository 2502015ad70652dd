// koord-gen --from-cluster --builtin against the real server: the built-in kinds read from the
// server's /openapi/v3 generate the same descriptors and clients as the published OpenAPI spec of
// the same Kubernetes version (the one `npm run gen` uses).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../codegen/main.js';
import { envtestInfo } from './env.js';
import { useCluster } from './support/cluster.js';

useCluster();

const root = resolve(import.meta.dirname, '../..');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('koord-gen --from-cluster --builtin', () => {
  it('reads the served group versions and generates the same descriptors and clients as the published spec', async () => {
    const spec = execFileSync(join(root, 'scripts/openapi-spec-dir.sh'), { encoding: 'utf8' }).trim();
    const dir = await mkdtemp(join(tmpdir(), 'koord-gen-builtin-e2e-'));
    try {
      const fromCluster = await run(['--from-cluster', '--builtin', '--kubeconfig', envtestInfo().kubeconfigPath, '--out', join(dir, 'cluster')]);
      expect(fromCluster.code, fromCluster.err).toBe(0);
      expect(fromCluster.out).toMatch(/and \d+ OpenAPI documents/);
      const fromSpec = await run(['--openapi', spec, '--out', join(dir, 'spec')]);
      expect(fromSpec.code, fromSpec.err).toBe(0);
      // The custom resource groups installed in the server come from their CRDs, never from OpenAPI.
      await expect(readFile(join(dir, 'cluster', 'scheduling.koordinator.sh/v1alpha1/resources.ts'), 'utf8')).resolves.toContain('crd: () =>');
      for (const gv of ['core/v1', 'apps/v1', 'coordination.k8s.io/v1', 'events.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'policy/v1', 'authentication.k8s.io/v1']) {
        for (const file of ['resources.ts', 'client.ts', 'informers.ts']) {
          const path = `${gv}/${file}`;
          expect(await readFile(join(dir, 'cluster', path), 'utf8'), path).toBe(await readFile(join(dir, 'spec', path), 'utf8'));
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
