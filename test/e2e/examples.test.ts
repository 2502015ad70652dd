// Every program in examples/ runs against the shared test server (KUBECONFIG pointing at it, the
// Koordinator CRDs installed) and exits 0; they import `koordinator-client` by name and check
// their own results with node:assert. The project's typecheck covers their types.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envtestInfo } from './env.js';
import { useCluster } from './support/cluster.js';
import { describeRun, repoRoot, runTypeScript } from './support/typescript-runner.js';

// Programs only: `*.test.ts` files here are example unit tests, run by the unit project.
const examples = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();

useCluster(); // the CRDs are installed before any example runs

describe('examples', () => {
  it('there are examples, each importing the package by name', () => {
    expect(examples).toEqual(expect.arrayContaining(['reservations-crud.ts', 'node-metrics-crud.ts', 'watch.ts', 'informer-lister.ts', 'server-side-apply.ts']));
    for (const file of examples) {
      const text = readFileSync(join(repoRoot, 'examples', file), 'utf8');
      expect(text, file).toMatch(/from 'koordinator-client(\/[^']+)?'/);
      expect(text, file).not.toMatch(/from '\.\.?\/(\.\.\/)*src\//);
    }
  });

  for (const file of examples) {
    it(`examples/${file} runs`, async () => {
      const res = await runTypeScript(join(repoRoot, 'examples', file), { env: { KUBECONFIG: envtestInfo().kubeconfigPath }, timeoutMs: 90_000 });
      expect(res.code, describeRun(res)).toBe(0);
    });
  }
});
