import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

// One entry per generated group/version, so that `koordinator-client/groups/<group>/<version>`
// loads only that group; plus the package entry, envtest and the generator's CLI.
function groupEntries(): Record<string, string> {
  const root = 'src/generated';
  const entries: Record<string, string> = {};
  for (const group of readdirSync(root, { withFileTypes: true })) {
    if (!group.isDirectory() || group.name === 'crds') continue;
    for (const version of readdirSync(join(root, group.name), { withFileTypes: true })) {
      const index = join(root, group.name, version.name, 'index.ts');
      if (version.isDirectory() && existsSync(index)) entries[`generated/${group.name}/${version.name}/index`] = index;
    }
  }
  return entries;
}

export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'envtest/index': 'src/envtest/index.ts', 'testing/index': 'src/testing/index.ts', kubernetes: 'src/kubernetes.ts', generic: 'src/generic.ts', ...groupEntries() },
    format: ['esm', 'cjs'],
    dts: true,
    splitting: true,
    sourcemap: true,
    clean: true,
    target: 'node22',
    platform: 'node',
    outDir: 'dist',
  },
  {
    entry: { 'codegen/cli': 'codegen/cli.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node22',
    platform: 'node',
    outDir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
