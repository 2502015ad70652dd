/**
 * Paths the generator tests use.
 * @packageDocumentation
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The generator's fixture CRDs and their golden outputs. */
export const fixturesDir = resolve(repoRoot, 'test/fixtures/codegen');

/** The 13 Koordinator CRDs, outside the repository. */
export const koordinatorCrdDir = resolve(repoRoot, '../shared/crds/koordinator');
