import { describe, expect, it } from 'vitest';
import { stripManagedFields } from '../../../src/cache/transforms.js';
import type { KubeObject } from '../../../src/meta/object.js';

function withManagedFields(): KubeObject & { spec: { x: number } } {
  return {
    apiVersion: 'v1',
    kind: 'Thing',
    metadata: {
      name: 'a',
      resourceVersion: '7',
      labels: { app: 'x' },
      managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
    },
    spec: { x: 1 },
  };
}

describe('stripManagedFields', () => {
  it('drops metadata.managedFields in place and keeps everything else', () => {
    const obj = withManagedFields();
    const out = stripManagedFields(obj);
    expect(out).toBe(obj);
    expect(out.metadata?.managedFields).toBeUndefined();
    expect(JSON.parse(JSON.stringify(out))).toEqual({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 'a', resourceVersion: '7', labels: { app: 'x' } }, spec: { x: 1 } });
  });

  it('leaves objects without managedFields or without metadata as they are', () => {
    const bare: KubeObject = { apiVersion: 'v1', kind: 'Thing' };
    expect(stripManagedFields(bare)).toEqual({ apiVersion: 'v1', kind: 'Thing' });
    const plain: KubeObject = { metadata: { name: 'b' } };
    stripManagedFields(plain);
    expect(Object.keys(plain.metadata ?? {})).toEqual(['name']);
  });
});
