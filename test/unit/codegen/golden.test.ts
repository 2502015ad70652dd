// Golden tests: the fixture CRDs in test/fixtures/codegen/<name>/ generate exactly the files
// committed under test/fixtures/codegen/<name>/expected/ (as `<path>.golden`), plus the list of
// files and the warnings. Update them with `npx vitest run test/unit/codegen -u` and review the diff.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../../codegen/generate.js';
import { loadCrds } from '../../../codegen/load-crds.js';
import { formatWarning, WarningSink } from '../../../codegen/warnings.js';
import { fixturesDir } from './support/paths.js';

async function run(name: string) {
  const sink = new WarningSink();
  const loaded = await loadCrds([join(fixturesDir, name)], sink);
  const result = generate(loaded.map((l) => l.crd));
  // Warnings name files relative to the fixture directory so the golden does not depend on where the repository is.
  const warnings = [...sink.warnings, ...result.warnings].map((w) => formatWarning(w).replace(`${fixturesDir}/`, ''));
  return { files: result.files, warnings };
}

describe.each(['constructs', 'unsupported'])('fixture %s', (name) => {
  const expected = (file: string): string => `../../fixtures/codegen/${name}/expected/${file}.golden`;

  it('generates the expected files', async () => {
    const { files } = await run(name);
    await expect(`${[...files.keys()].join('\n')}\n`).toMatchFileSnapshot(expected('files.txt'));
    for (const [path, content] of files) {
      await expect(content).toMatchFileSnapshot(expected(path));
    }
  });

  it('reports the expected warnings', async () => {
    const { warnings } = await run(name);
    await expect(`${warnings.join('\n')}\n`).toMatchFileSnapshot(expected('warnings.txt'));
  });
});

describe('the unsupported fixture', () => {
  it('warns about every unsupported construct with the CRD name, version and JSON path', async () => {
    const { warnings, files } = await run('unsupported');
    const at = (path: string): string | undefined => warnings.find((w) => w.startsWith(`oddities.example.koordinator.sh v1 ${path}:`));
    for (const path of ['.spec.choice', '.spec.either', '.spec.both', '.spec.negated', '.spec.linked', '.spec.weird', '.spec.untyped', '.spec.list[*].deep']) {
      expect(at(path), path).toBeDefined();
    }
    const types = files.get('example.koordinator.sh/v1/types.ts')!;
    expect(types).toContain('choice?: unknown;');
    expect(types).toContain('linked?: unknown;');
    expect(types).toContain('weird?: unknown;');
    expect(types).toContain('either?: string;');
    // Never `any`, in any position.
    expect(types).not.toMatch(/[:<|(,]\s*any\b|\bany\s*[[>|),;]/);
  });
});
