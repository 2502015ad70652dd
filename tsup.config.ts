import { defineConfig } from 'tsup';
import { buildEntries } from './scripts/package-entries.js';

// Every public entry point (the root, envtest, one per generated group/version so that
// `koordinator-client/groups/<group>/<version>` loads only that group) comes from
// scripts/package-entries.ts, which also writes package.json#exports; plus the generator's CLI.
export default defineConfig([
  {
    entry: buildEntries(),
    format: ['esm', 'cjs'],
    dts: true,
    splitting: true,
    sourcemap: false,
    clean: true,
    target: 'node22',
    platform: 'node',
    outDir: 'dist',
    // Loaded lazily by koordinator-client/controller when metrics are enabled: an optional peer.
    external: ['prom-client'],
  },
  {
    entry: { 'codegen/cli': 'codegen/cli.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    target: 'node22',
    platform: 'node',
    outDir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
