// Deeply nested schemas type-check: CRDs whose spec nests objects 14, 20 and 30 levels deep
// (through arrays and maps) are generated, and user code that reads, writes, applies, patches and
// copies objects down to the deepest level is type-checked with the TypeScript compiler, together
// with the generated schemas. Inferred zod types used to stop at about 14 levels with TS2589.
// Every `@ts-expect-error` must be needed, so the types are proven to still check the deepest
// level rather than having collapsed to `any`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type ts from 'typescript';
import { typeCheck } from './support/type-check.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../codegen/generate.js';
import { deepCrd, deepReadPath, deepSpecLiteral } from './support/deep-crd.js';
import { materialize, type Materialized } from './support/materialize.js';

const DEPTHS = [14, 20, 30];

function usage(depth: number): string {
  const kind = `Deep${depth}`;
  const schema = `deep${depth}Schema`;
  const spec = deepSpecLiteral(depth, `{ value: 'leaf', count: ${depth} }`);
  const badSpec = deepSpecLiteral(depth, `{ value: 'leaf', count: 'not a number' }`);
  const path = deepReadPath(depth);
  return `
import type { ${kind}, ${kind}Apply } from './generated/depth.example.com/v1/types.js';
import { ${schema} } from './generated/depth.example.com/v1/schemas.js';

export namespace depth${depth} {
  declare const got: ${kind};
  declare const cached: DeepReadonly<${kind}>;
  // read
  export const leaf = got.spec?.${path};
  export const value: string | undefined = leaf?.value;
  export const count: number | undefined = cached.spec?.${path}?.count;
  // write
  export const obj: ${kind} = { apiVersion: 'depth.example.com/v1', kind: '${kind}', metadata: { name: 'd' }, spec: ${spec} };
  // apply (server-side apply configuration)
  export const cfg: ${kind}Apply = { apiVersion: 'depth.example.com/v1', kind: '${kind}', metadata: { name: 'd' }, spec: ${spec} };
  export const partial: DeepPartial<${kind}> = { spec: ${spec} };
  // patch
  export const merge: Patch<${kind}> = { type: 'merge', patch: { spec: ${spec} } };
  // copy a cached object and change its deepest level
  export const copy = deepCopy(cached);
  const deepest = copy.spec?.${path};
  if (deepest) deepest.value = 'changed';
  // validate
  export const parsed = ${schema}().safeParse(obj).success;

  // @ts-expect-error the deepest level is still typed when read
  export const wrongRead: number | undefined = got.spec?.${path}?.value;
  // @ts-expect-error the deepest level is still typed when written
  export const wrongWrite: ${kind} = { spec: ${badSpec} };
  // @ts-expect-error the deepest level is still typed in an apply configuration
  export const wrongApply: ${kind}Apply = { apiVersion: 'depth.example.com/v1', kind: '${kind}', metadata: { name: 'd' }, spec: ${badSpec} };
  // @ts-expect-error the deepest level is still typed in a merge patch
  export const wrongPatch: { type: 'merge'; patch: DeepPartial<${kind}> } = { type: 'merge', patch: { spec: ${badSpec} } };
  // @ts-expect-error a cached object is read-only at the deepest level
  cached.spec!.${path.replaceAll('?.', '!.').replace(/!\.\[/g, '![')}!.value = 'x';
}
`;
}

let tree: Materialized;
beforeAll(async () => {
  const { files } = generate(DEPTHS.map((d) => deepCrd(`Deep${d}`, d)));
  // Types and schemas only: the clients bind these same types to src/client, which has its own tests.
  const wanted = new Map([...files].filter(([p]) => /\/(types|schemas)\.ts$/.test(p)));
  tree = await materialize(wanted);
  const header = [
    "import type { DeepPartial, DeepReadonly } from './meta/deep-partial.js';",
    "import { deepCopy } from './meta/deep-copy.js';",
    "import type { Patch } from './meta/patch.js';",
  ].join('\n');
  await writeFile(join(tree.root, 'usage.ts'), `${header}\n${DEPTHS.map(usage).join('\n')}`);
});
afterAll(async () => {
  await tree?.remove();
});

describe('deeply nested schemas', () => {
  it('type-check at 14, 20 and 30 levels when read, written, applied, patched and copied', () => {
    // src/meta itself is checked by the project's tsc run (with the Node types this program omits).
    const ours = (d: ts.Diagnostic): boolean => d.file === undefined || !d.file.fileName.startsWith(join(tree.root, 'meta'));
    const diagnostics = typeCheck(tree.root, join(tree.root, 'usage.ts'), { compilerOptions: { lib: ['lib.es2023.d.ts'], types: [], exactOptionalPropertyTypes: true }, filter: ours, maxMessageLength: 300 });
    expect(diagnostics).toEqual([]);
  }, 120_000);
});
