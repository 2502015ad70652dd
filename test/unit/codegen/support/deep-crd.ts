/**
 * A synthetic CRD whose `spec` nests objects `depth` levels deep, alternating a plain object, an
 * array of objects and a map of objects between levels (`spec.l2[*].l3.*.l4.l5[*]...`), and the
 * TypeScript expressions that reach or build its deepest level. Used to prove that the generated
 * types and schemas type-check at depths where inferred types used to give up (TS2589).
 * @packageDocumentation
 */

/** How level `i` (2 and deeper) hangs below its parent. */
function containerOf(level: number): 'object' | 'array' | 'map' {
  return (['object', 'array', 'map'] as const)[(level - 1) % 3]!;
}

function levelSchema(level: number, depth: number): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    value: { type: 'string' },
    count: { type: 'integer', format: 'int32' },
  };
  if (level < depth) {
    const child = levelSchema(level + 1, depth);
    const container = containerOf(level + 1);
    properties[`l${level + 1}`] =
      container === 'object' ? child : container === 'array' ? { type: 'array', items: child } : { type: 'object', additionalProperties: child };
  }
  return { type: 'object', properties };
}

/** A namespaced CRD `<kind>` in group `depth.example.com/v1` whose spec is `depth` objects deep. */
export function deepCrd(kind: string, depth: number): Record<string, unknown> {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.depth.example.com` },
    spec: {
      group: 'depth.example.com',
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: levelSchema(1, depth),
                status: { type: 'object', properties: { phase: { type: 'string' } } },
              },
            },
          },
        },
      ],
    },
  };
}

/** The optional-chaining path from `spec` to its deepest object (`l2?.[0]?.l3?.['k']?...`). */
export function deepReadPath(depth: number): string {
  const steps: string[] = [];
  for (let i = 2; i <= depth; i++) {
    const c = containerOf(i);
    steps.push(c === 'object' ? `l${i}` : c === 'array' ? `l${i}?.[0]` : `l${i}?.['k']`);
  }
  return steps.join('?.');
}

/** An object literal for `spec`, every level set, with `leaf` as the deepest object. */
export function deepSpecLiteral(depth: number, leaf: string): string {
  let value = leaf;
  for (let i = depth; i >= 2; i--) {
    const c = containerOf(i);
    const wrapped = c === 'object' ? value : c === 'array' ? `[${value}]` : `{ k: ${value} }`;
    value = `{ value: 'v${i - 1}', l${i}: ${wrapped} }`;
  }
  return value;
}
