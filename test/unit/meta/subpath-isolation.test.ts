import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `koordinator-client/quantity` and `koordinator-client/koordinator` are separate entries: a user
// of the other entries must not load them. Walk the static imports of each entry and check.
const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'(\.[^']+)'/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+'(\.[^']+)'/gm)) out.push(m[1]!);
  return out.map((p) => join(dirname(file), p.replace(/\.js$/, '.ts')));
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...staticImports(f));
  }
  return seen;
}

describe('subpath isolation', () => {
  for (const entry of ['index.ts', 'kubernetes.ts', 'generic.ts']) {
    it(`the ${entry} entry does not load quantity or koordinator modules`, () => {
      const files = [...reachable(join(src, entry))].map((f) => f.slice(src.length + 1));
      expect(files.length).toBeGreaterThan(20);
      expect(files.filter((f) => f.startsWith('meta/quantity/') || f.startsWith('koordinator'))).toEqual([]);
    });
  }

  it('the quantity entry loads only quantity modules', () => {
    const files = [...reachable(join(src, 'quantity.ts'))].map((f) => f.slice(src.length + 1));
    expect(files.filter((f) => f !== 'quantity.ts' && !f.startsWith('meta/quantity/'))).toEqual([]);
  });

  it('the koordinator entry loads only koordinator and quantity modules', () => {
    const files = [...reachable(join(src, 'koordinator.ts'))].map((f) => f.slice(src.length + 1));
    expect(files.filter((f) => f !== 'koordinator.ts' && !f.startsWith('koordinator/') && !f.startsWith('meta/quantity/'))).toEqual([]);
  });
});
