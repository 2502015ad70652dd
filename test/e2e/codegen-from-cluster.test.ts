// koord-gen --from-cluster against the real server: the CRDs installed there generate the same
// clientset as the CRD files they came from.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../codegen/main.js';
import { envtestInfo } from './env.js';
import { useCluster } from './support/cluster.js';

useCluster(); // installs the Koordinator CRDs into the server

const crdDir = resolve(import.meta.dirname, '../../../shared/crds/koordinator');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('koord-gen --from-cluster', () => {
  it('generates the same types, schemas, descriptors and clients as the CRD files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'koord-gen-e2e-'));
    try {
      const groups = ['analysis.koordinator.sh', 'config.koordinator.sh', 'quota.koordinator.sh', 'scheduling.koordinator.sh', 'scheduling.sigs.k8s.io', 'slo.koordinator.sh', 'topology.node.k8s.io'];
      const fromCluster = await run(['--from-cluster', '--kubeconfig', envtestInfo().kubeconfigPath, ...groups.flatMap((g) => ['--group', g]), '--out', join(dir, 'cluster')]);
      expect(fromCluster.code, fromCluster.err).toBe(0);
      const fromFiles = await run([crdDir, '--out', join(dir, 'files')]);
      expect(fromFiles.code, fromFiles.err).toBe(0);
      for (const file of ['scheduling.koordinator.sh/v1alpha1/types.ts', 'slo.koordinator.sh/v1alpha1/schemas.ts', 'analysis.koordinator.sh/v1alpha1/resources.ts', 'topology.node.k8s.io/v1alpha2/client.ts', 'clientset.ts', 'all-resources.ts']) {
        expect(await readFile(join(dir, 'cluster', file), 'utf8'), file).toBe(await readFile(join(dir, 'files', file), 'utf8'));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
