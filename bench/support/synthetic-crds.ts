/**
 * A deterministic corpus of synthetic CRDs of varied shapes for the generator benches: scalars
 * with formats and bounds, enums, int-or-string, quantities, nullable fields, arrays and maps of
 * objects, nested objects up to 10 levels, preserved unknown fields, embedded resources, several
 * versions per CRD, namespaced and cluster-scoped kinds, over a handful of API groups. Written
 * for this project (no other project's CRD is copied); the same seed always gives the same CRDs.
 * @packageDocumentation
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { prng } from './node-metric-fixture.js';

type Schema = Record<string, unknown>;

const WORDS = ['replicas', 'template', 'selector', 'policy', 'targets', 'owners', 'limits', 'window', 'threshold', 'strategy', 'endpoints', 'rules', 'weight', 'priority', 'labels', 'conditions', 'backoff', 'schedule', 'reservations', 'quota', 'devices', 'topology', 'zones', 'metrics', 'sources', 'sinks', 'filters', 'retries', 'timeouts', 'hooks'];
const KINDS = ['Widget', 'Gadget', 'Pipeline', 'Shard', 'Fleet', 'Bucket', 'Route', 'Probe', 'Ledger', 'Beacon', 'Relay', 'Vault', 'Cohort', 'Lattice', 'Harbor', 'Canary', 'Quorum', 'Spindle', 'Tether', 'Mosaic'];
const GROUPS = ['apps.bench.example.com', 'net.bench.example.com', 'data.bench.example.com', 'ops.bench.example.com', 'edge.bench.example.com'];

/** Generates the schema of one level of a CRD's spec. */
class ShapeMaker {
  constructor(private readonly rnd: () => number) {}

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)]!;
  }

  scalar(): Schema {
    switch (Math.floor(this.rnd() * 9)) {
      case 0:
        return { type: 'string', description: 'A free-form string.' };
      case 1:
        return { type: 'string', enum: ['Always', 'Never', 'IfNotPresent'] };
      case 2:
        return { type: 'integer', format: 'int32', minimum: 0, maximum: 65535 };
      case 3:
        return { type: 'integer', format: 'int64' };
      case 4:
        return { type: 'number' };
      case 5:
        return { type: 'boolean' };
      case 6:
        return { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
      case 7:
        return { type: 'string', format: 'date-time', nullable: true };
      default:
        return { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
    }
  }

  /** An object whose subtree is at most `depth` objects deep. */
  object(depth: number, width: number): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    const n = 2 + Math.floor(this.rnd() * width);
    for (let i = 0; i < n; i++) {
      const name = `${this.pick(WORDS)}${i === 0 ? '' : String.fromCharCode(65 + i)}`;
      const r = this.rnd();
      if (depth > 1 && r < 0.25) properties[name] = this.object(depth - 1, Math.max(2, width - 1));
      else if (depth > 1 && r < 0.38) properties[name] = { type: 'array', items: this.object(depth - 1, Math.max(2, width - 1)) };
      else if (depth > 1 && r < 0.46) properties[name] = { type: 'object', additionalProperties: this.object(depth - 1, Math.max(2, width - 1)) };
      else if (r < 0.5) properties[name] = { type: 'object', additionalProperties: { type: 'string' } };
      else if (r < 0.53) properties[name] = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      else if (r < 0.55) properties[name] = { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true };
      else if (r < 0.58) properties[name] = { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^[0-9]+(m|Mi|Gi)?$' } };
      else if (r < 0.62) properties[name] = { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' };
      else properties[name] = this.scalar();
      if (this.rnd() < 0.2) required.push(name);
    }
    return { type: 'object', description: `Level ${depth} of the spec.`, properties, ...(required.length > 0 ? { required: [...new Set(required)].sort() } : {}) };
  }

  status(): Schema {
    return {
      type: 'object',
      properties: {
        phase: { type: 'string' },
        observedGeneration: { type: 'integer', format: 'int64' },
        conditions: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['type'],
          items: {
            type: 'object',
            required: ['type', 'status'],
            properties: { type: { type: 'string' }, status: { type: 'string', enum: ['True', 'False', 'Unknown'] }, reason: { type: 'string' }, message: { type: 'string' }, lastTransitionTime: { type: 'string', format: 'date-time' } },
          },
        },
      },
    };
  }
}

/** The `i`-th CRD of the corpus. */
export function syntheticCrd(i: number): Schema {
  const rnd = prng(1000 + i);
  const make = new ShapeMaker(rnd);
  const kind = `${KINDS[i % KINDS.length]}${i >= KINDS.length ? Math.floor(i / KINDS.length) + 1 : ''}`;
  const group = GROUPS[i % GROUPS.length]!;
  const plural = `${kind.toLowerCase()}s`;
  // Depth 2 to 10, width 2 to 7: mostly shallow and wide, a few deep ones.
  const depth = i % 10 === 9 ? 10 : 2 + Math.floor(rnd() * 5);
  const width = 2 + Math.floor(rnd() * 6);
  const versions = i % 4 === 0 ? ['v1alpha1', 'v1'] : ['v1'];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope: i % 3 === 0 ? 'Cluster' : 'Namespaced',
      versions: versions.map((name, v) => ({
        name,
        served: true,
        storage: v === versions.length - 1,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: `${kind} is a synthetic kind of the generator bench.`,
            properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: make.object(depth, width), status: make.status() },
          },
        },
      })),
    },
  };
}

/** Writes `count` synthetic CRDs to `dir`, one YAML file each; returns the file paths. */
export async function writeSyntheticCrds(dir: string, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const crd = syntheticCrd(i);
    const file = join(dir, `${(crd['metadata'] as { name: string }).name}.yaml`);
    await writeFile(file, stringify(crd));
    files.push(file);
  }
  return files;
}
