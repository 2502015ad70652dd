// Type-level behaviour of the generated types: the constructs fixture is generated, written to a
// throwaway directory, and a usage file type-checked against it with the TypeScript compiler.
// Every `@ts-expect-error` below must be needed (an unused one is itself an error), so the test
// proves both what the types accept and what they reject.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { typeCheck } from './support/type-check.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../codegen/generate.js';
import { loadCrdInputs } from '../../../codegen/load-crds.js';
import { materialize, type Materialized } from './support/materialize.js';
import { fixturesDir } from './support/paths.js';

const USAGE = `
import type { Widget, WidgetApply, WidgetList, WidgetSpec } from './generated/example.koordinator.sh/v1/types.js';
import type { Widget as WidgetV1beta1 } from './generated/example.koordinator.sh/v1beta1/types.js';
import { widgetResource } from './generated/example.koordinator.sh/v1/resources.js';
import { widgetSchema } from './generated/example.koordinator.sh/v1/schemas.js';
import type { ResourceDescriptor } from './meta/descriptor.js';

export const ok: Widget = {
  apiVersion: 'example.koordinator.sh/v1',
  kind: 'Widget',
  metadata: { name: 'w', labels: { a: 'b' } },
  spec: {
    size: 1,
    mode: 'Small',
    level: 2,
    port: 'http',
    quantity: 1,
    expires: null,
    extensions: { a: { b: [1, 'x'] } },
    config: { version: '1', other: 2 },
    template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} },
    resources: { cpu: 1, memory: '1Gi' },
    placement: { east: { zone: 'a' } },
    matrix: [[1, 2]],
    'kubernetes.io/arch': 'amd64',
  },
};
export const minimal: Widget = { spec: { size: 1, mode: 'Large' } };
export const older: WidgetV1beta1 = { apiVersion: 'example.koordinator.sh/v1beta1', spec: { size: 1 } };
export const list: WidgetList = { kind: 'WidgetList', metadata: {}, items: [ok] };
export const apply: WidgetApply = { apiVersion: 'example.koordinator.sh/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { owners: [{ kind: 'Pod' }] } };
export const descriptor: ResourceDescriptor = widgetResource;
export const schema = widgetSchema();

// @ts-expect-error spec is required by the schema
export const noSpec: Widget = { metadata: { name: 'w' } };
// @ts-expect-error mode is an enum
export const badMode: WidgetSpec = { size: 1, mode: 'Medium' };
// @ts-expect-error level is an enum of numbers
export const badLevel: WidgetSpec = { size: 1, mode: 'Small', level: 4 };
// @ts-expect-error apiVersion is the literal group/version
export const badApiVersion: Widget = { apiVersion: 'example.koordinator.sh/v2', spec: { size: 1, mode: 'Small' } };
// @ts-expect-error name is not nullable
export const badNull: WidgetSpec = { size: 1, mode: 'Small', name: null };
// @ts-expect-error int-or-string is a number or a string
export const badPort: WidgetSpec = { size: 1, mode: 'Small', port: true };
// @ts-expect-error an object that declares no field takes none
export const badNothing: WidgetSpec = { size: 1, mode: 'Small', nothing: { a: 1 } };
// @ts-expect-error map values are typed
export const badLabels: WidgetSpec = { size: 1, mode: 'Small', labels: { a: 1 } };
// @ts-expect-error undeclared fields of a closed object are rejected
export const badField: WidgetSpec = { size: 1, mode: 'Small', colour: 'red' };
// @ts-expect-error an apply configuration needs metadata.name
export const applyNoName: WidgetApply = { apiVersion: 'example.koordinator.sh/v1', kind: 'Widget', metadata: {} };
// @ts-expect-error preserved unknown fields are unknown, not any
export const notAny: number = ok.spec.extensions!['a'];
// @ts-expect-error the list kind is a literal
export const badList: WidgetList = { kind: 'Widget', metadata: {}, items: [] };
`;

let tree: Materialized;
beforeAll(async () => {
  const { files } = generate(await loadCrdInputs([`${fixturesDir}/constructs`]));
  // The group clients and the Clientset bind to src/client, which has its own tests.
  const typesOnly = new Map([...files].filter(([p]) => !/(^|\/)(client|clientset|index)\.ts$/.test(p)));
  tree = await materialize(typesOnly);
  await writeFile(join(tree.root, 'usage.ts'), USAGE);
});
afterAll(async () => {
  await tree?.remove();
});

describe('generated types', () => {
  it('accept valid objects and reject invalid ones at compile time', () => {
    const diagnostics = typeCheck(tree.root, join(tree.root, 'usage.ts'), { compilerOptions: { lib: ['lib.es2023.d.ts'], types: [] } });
    expect(diagnostics).toEqual([]);
  }, 60_000);
});
