import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Every code block of docs/quantities-and-koordinator-names.md runs (its asserts included), with the
// package's subpaths mapped to the sources.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const doc = readFileSync(join(root, 'docs/quantities-and-koordinator-names.md'), 'utf8');
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const subpaths: Record<string, string> = {
  'koordinator-client/quantity': 'src/quantity.ts',
  'koordinator-client/koordinator': 'src/koordinator.ts',
  'koordinator-client/groups/slo.koordinator.sh/v1alpha1': 'src/generated/slo.koordinator.sh/v1alpha1/index.ts',
  'koordinator-client': 'src/index.ts',
};
const dir = mkdtempSync(join(tmpdir(), 'quantities-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/quantities-and-koordinator-names.md', () => {
  it('has code blocks, each importing only the package', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const b of blocks) for (const m of b.matchAll(/from '([^']+)'/g)) expect(m[1]!.startsWith('koordinator-client') || m[1]!.startsWith('node:')).toBe(true);
  });

  blocks.forEach((block, i) => {
    it(`block ${i + 1} runs`, async () => {
      const code = block.replace(/from '(koordinator-client[^']*)'/g, (_, spec: string) => {
        const target = subpaths[spec];
        if (!target) throw new Error(`no mapping for ${spec}`);
        return `from ${JSON.stringify(pathToFileURL(join(root, target)).href)}`;
      });
      const file = join(dir, `block-${i + 1}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      await import(pathToFileURL(file).href);
    });
  });
});
