import { describe, expect, it } from 'vitest';
import * as k from '../../../src/koordinator.js';
import type { PodLike } from '../../../src/koordinator.js';
import type { Pod } from '../../../src/generated/core/v1/types.js';
import type { Reservation } from '../../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';

const res = (requests?: Record<string, string | number>, limits?: Record<string, string | number>) => ({ resources: { requests, limits } });
const pod = (opts: { labels?: Record<string, string>; priority?: number; containers?: PodLike['spec'] extends infer S ? S extends { containers?: infer C } ? C : never : never; qosClass?: string } = {}): PodLike => ({
  metadata: { labels: opts.labels ?? {} },
  spec: { priority: opts.priority, containers: opts.containers ?? [{}] },
  status: opts.qosClass ? { qosClass: opts.qosClass } : {},
});

describe('Pod -> QoS class (koordinator.sh/docs/architecture/qos)', () => {
  // Koordinator QoS vs Kubernetes QoS: Guaranteed is LSR by default (LSE when declared),
  // Burstable is LS, BestEffort is BE; SYSTEM is declared.
  it('derives the class from the Kubernetes QoS class when no label declares one', () => {
    expect(k.podQoSClass(pod({ containers: [res({ cpu: '2', memory: '4Gi' }, { cpu: '2000m', memory: '4096Mi' })] }))).toBe('LSR');
    expect(k.podQoSClass(pod({ containers: [res({ cpu: '1' }, { cpu: '2' })] }))).toBe('LS');
    expect(k.podQoSClass(pod({ containers: [{}] }))).toBe('BE');
    expect(k.podQoSClass(pod({ qosClass: 'Burstable', containers: [res({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })] }))).toBe('LS');
  });

  it('takes the label when it names a class, and ignores an unknown one', () => {
    for (const cls of ['LSE', 'LSR', 'LS', 'BE', 'SYSTEM'] as const) expect(k.podQoSClass(pod({ labels: { [k.labelPodQoS]: cls } }))).toBe(cls);
    expect(k.podQoSClass(pod({ labels: { [k.labelPodQoS]: 'gold' }, containers: [res({ cpu: '1' })] }))).toBe('LS');
    expect(k.podQoSClassRaw(pod({ labels: { [k.labelPodQoS]: 'gold' } }))).toBe('');
    expect(k.podQoSClass(undefined)).toBe('');
  });

  it('computes the Kubernetes QoS class as the kubelet does', () => {
    expect(k.kubeQoSClass(pod({ containers: [res({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }), res({}, {})] }))).toBe('Burstable');
    expect(k.kubeQoSClass(pod({ containers: [res({ 'nvidia.com/gpu': 1 }, { 'nvidia.com/gpu': 1 })] }))).toBe('BestEffort');
    expect(k.kubeQoSClass(pod({ containers: [res(undefined, { cpu: '1', memory: '1Gi' })] }))).toBe('Burstable');
    expect(k.kubeQoSClass({ spec: { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }, containers: [{}] } })).toBe('Guaranteed');
    expect(k.kubeQoSClass({ spec: { initContainers: [res({ cpu: '1' }, { cpu: '1' })], containers: [res({ cpu: '1', memory: '1' }, { cpu: '1', memory: '1' })] } })).toBe('Burstable');
  });
});

describe('generated objects fit without casts', () => {
  it('takes a core/v1 Pod and a Reservation template', () => {
    const p: Pod = {
      metadata: { name: 'web-0', labels: { app: 'web' } },
      spec: { priority: 5100, containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu: '1' }, limits: { cpu: '2' } } }] },
    };
    expect(k.podQoSClass(p)).toBe('LS');
    expect(k.podPriorityClass(p)).toBe('koord-batch');
    const r: Reservation = { spec: { owners: [{ labelSelector: { matchLabels: { app: 'web' } } }], template: { spec: { containers: [{ name: 'main', resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } } }] } } } };
    expect(k.podQoSClass(r.spec!.template!)).toBe('LSR');
  });
});

describe('Pod -> priority class (koordinator.sh/docs/architecture/priority)', () => {
  // koord-prod [9000, 9999], koord-mid [7000, 7999], koord-batch [5000, 5999], koord-free [3000, 3999].
  const table: Array<[number, k.PriorityClass]> = [
    [9999, 'koord-prod'], [9000, 'koord-prod'], [8999, ''], [7999, 'koord-mid'], [7000, 'koord-mid'], [6999, ''],
    [5999, 'koord-batch'], [5000, 'koord-batch'], [4999, ''], [3999, 'koord-free'], [3000, 'koord-free'], [2999, ''], [0, ''], [10000, ''],
  ];
  it('maps spec.priority ranges to classes, inclusive at both ends', () => {
    for (const [value, cls] of table) expect([value, k.priorityClassByValue(value)]).toEqual([value, cls]);
    for (const [cls, r] of Object.entries(k.priorityClassRanges)) {
      expect(k.priorityClassByValue(r.default)).toBe(cls);
    }
  });

  it('prefers the koordinator.sh/priority-class label, then spec.priority, then the QoS class', () => {
    expect(k.podPriorityClass(pod({ labels: { [k.labelPodPriorityClass]: 'koord-batch' }, priority: 9500 }))).toBe('koord-batch');
    expect(k.podPriorityClass(pod({ priority: 7500 }))).toBe('koord-mid');
    // No class declared: SYSTEM/LSE/LSR/LS are prod, BE is batch.
    expect(k.podPriorityClass(pod({ priority: 100, containers: [res({ cpu: '1' })] }))).toBe('koord-prod');
    expect(k.podPriorityClass(pod({ containers: [{}] }))).toBe('koord-batch');
    expect(k.podPriorityClass(pod({ labels: { [k.labelPodQoS]: 'SYSTEM' } }))).toBe('koord-prod');
    // An unknown label value is no class, so the QoS class decides.
    expect(k.podPriorityClassRaw(pod({ labels: { [k.labelPodPriorityClass]: 'gold' }, priority: 9500 }))).toBe('');
  });

  it('reads the sub-priority label as Go strconv.ParseInt(s, 0, 32)', () => {
    expect(k.podSubPriority(pod())).toBe(0);
    expect(k.podSubPriority(pod({ labels: { [k.labelPodPriority]: '1200' } }))).toBe(1200);
    expect(k.podSubPriority(pod({ labels: { [k.labelPodPriority]: '0x10' } }))).toBe(16);
    expect(k.podSubPriority(pod({ labels: { [k.labelPodPriority]: '010' } }))).toBe(8);
    expect(k.podSubPriority(pod({ labels: { [k.labelPodPriority]: '-7' } }))).toBe(-7);
    expect(() => k.podSubPriority(pod({ labels: { [k.labelPodPriority]: 'high' } }))).toThrow(RangeError);
    expect(() => k.podSubPriority(pod({ labels: { [k.labelPodPriority]: '2147483648' } }))).toThrow(RangeError);
  });
});
