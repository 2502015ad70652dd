// Import cost by construction: the modules each entry loads statically (dynamic `import()` of
// schemas and CRD manifests excluded). The package root must not load any built-in group, and no
// entry loads zod schemas up front.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';

/** Source files `entry` loads at runtime: static imports and re-exports, not `import type` / `export type`. */
function closure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s)?[^;'"]*?from\s+'(\.[^']+)'/gm)) {
      if (m[2] !== undefined) continue;
      visit(resolve(dirname(file), m[3]!.replace(/\.js$/, '.ts')));
    }
  };
  visit(resolve(repoRoot, entry));
  return [...seen].map((f) => relative(resolve(repoRoot, 'src'), f)).sort();
}

const builtinModule = /^generated\/(core|meta|apps|batch|policy|autoscaling|[a-z0-9.-]+\.k8s\.io)\/|^generated\/(kube|generic)-/;

describe('entry import closures', () => {
  it('the package root loads no built-in group', () => {
    const files = closure('src/index.ts');
    expect(files).toContain('generated/clientset.ts');
    expect(files.filter((f) => builtinModule.test(f) && !f.startsWith('generated/topology.node.k8s.io/') && !f.startsWith('generated/scheduling.sigs.k8s.io/'))).toEqual([]);
  });

  it('koordinator-client/kubernetes loads the built-in clients but no schema', () => {
    const files = closure('src/kubernetes.ts');
    expect(files).toContain('generated/core/v1/client.ts');
    expect(files).toContain('generated/apps/v1/resources.ts');
    expect(files.filter((f) => f.endsWith('/schemas.ts') || f === 'meta/schema-helpers.ts')).toEqual([]);
    expect(files.filter((f) => /koordinator\.sh\//.test(f))).toEqual([]);
  });

  it('one built-in group loads only its own modules (the types it shares are type-only imports)', () => {
    const files = closure('src/generated/apps/v1/index.ts').filter((f) => f.startsWith('generated/'));
    expect(files).toEqual(['generated/apps/v1/client.ts', 'generated/apps/v1/index.ts', 'generated/apps/v1/informers.ts', 'generated/apps/v1/resources.ts']);
  });
});
