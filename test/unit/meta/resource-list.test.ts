import { describe, expect, it } from 'vitest';
import {
  addResourceLists, formatResourceList, isZeroResourceList, maskResourceList, maxResourceLists, minResourceLists, negativeResources,
  parseResourceList, Quantity, QuantityParseError, removeZeroResources, resourceListLessThanOrEqual, resourceListsEqual,
  subtractResourceLists, subtractResourceListsNonNegative, sumResourceLists,
} from '../../../src/quantity.js';
import type { NodeMetric } from '../../../src/generated/slo.koordinator.sh/v1alpha1/types.js';

const s = (l: Record<string, Quantity>) => formatResourceList(l);

describe('ResourceList helpers (quota semantics)', () => {
  it('reads the quantities of generated objects without casts', () => {
    const nm: NodeMetric = { status: { nodeMetric: { nodeUsage: { resources: { cpu: '3500m', memory: 12884901888 } } } } };
    const usage = parseResourceList(nm.status?.nodeMetric?.nodeUsage?.resources);
    expect(usage.cpu?.milliValue()).toBe(3500n);
    expect(usage.memory?.toString()).toBe('12884901888');
    expect(parseResourceList(undefined)).toEqual({});
  });

  it('adds and subtracts per resource, keeping resources in one list', () => {
    expect(s(addResourceLists({ cpu: '1', memory: '1Gi' }, { cpu: '500m', pods: 3 }))).toEqual({ cpu: '1500m', memory: '1Gi', pods: '3' });
    expect(s(subtractResourceLists({ cpu: '1', memory: '1Gi' }, { cpu: '1500m', pods: 3 }))).toEqual({ cpu: '-500m', memory: '1Gi', pods: '-3' });
    expect(s(subtractResourceListsNonNegative({ cpu: '1', memory: '1Gi' }, { cpu: '1500m', memory: '512Mi', pods: 3 }))).toEqual({ cpu: '0', memory: '512Mi', pods: '0' });
    expect(s(sumResourceLists([{ cpu: '1' }, { cpu: '250m' }, undefined, { memory: '1Mi' }]))).toEqual({ cpu: '1250m', memory: '1Mi' });
  });

  it('takes max and min per resource', () => {
    expect(s(maxResourceLists({ cpu: '1', memory: '2Gi' }, { cpu: '1500m', pods: 1 }))).toEqual({ cpu: '1500m', memory: '2Gi', pods: '1' });
    expect(s(minResourceLists({ cpu: '1', memory: '2Gi' }, { cpu: '1500m', pods: 1 }))).toEqual({ cpu: '1', memory: '2Gi', pods: '1' });
  });

  it('compares per resource that both name', () => {
    expect(resourceListLessThanOrEqual({ cpu: '1', memory: '3Gi' }, { cpu: '2', memory: '2Gi', pods: 0 })).toEqual({ ok: false, exceeded: ['memory'] });
    expect(resourceListLessThanOrEqual({ cpu: '1', gpu: 8 }, { cpu: '1000m' })).toEqual({ ok: true, exceeded: [] });
    expect(resourceListsEqual({ memory: '1Ki' }, { memory: 1024 })).toBe(true);
    expect(resourceListsEqual({ memory: '1Ki' }, { memory: 1024, cpu: 0 })).toBe(false);
  });

  it('finds zeros and negatives, masks', () => {
    expect(isZeroResourceList({ cpu: '0', memory: '0Gi' })).toBe(true);
    expect(isZeroResourceList({ cpu: '1m' })).toBe(false);
    expect(isZeroResourceList({})).toBe(true);
    expect(negativeResources({ memory: '-1', cpu: '-1m', pods: 0 })).toEqual(['cpu', 'memory']);
    expect(Object.keys(removeZeroResources({ cpu: 0, memory: '1' }))).toEqual(['memory']);
    expect(Object.keys(maskResourceList({ cpu: 1, memory: 2, pods: 3 }, ['cpu', 'pods', 'gpu']))).toEqual(['cpu', 'pods']);
  });

  it('rejects a bad quantity with a typed error', () => {
    expect(() => addResourceLists({ cpu: '1 core' }, {})).toThrow(QuantityParseError);
  });
});
