/**
 * Checks that an object is a usable `apiextensions.k8s.io/v1` CustomResourceDefinition before
 * the generator relies on its shape. Failures are {@link InputError}s naming the source and the
 * offending field.
 * @packageDocumentation
 */
import type { CustomResourceDefinition } from './crd.js';
import { InputError } from './input-error.js';

/** DNS subdomain: CRD names and API groups (also keeps them safe as file and directory names). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** DNS label (RFC 1035): versions and plurals. */
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A kind usable as a TypeScript type name. */
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates `value` as a v1 CRD and returns it typed. `source` (a file name or
 * `cluster:<name>`) prefixes every error message.
 */
export function validateCrd(value: unknown, source: string): CustomResourceDefinition {
  const fail = (what: string): never => {
    throw new InputError(`${source}: ${what}`);
  };
  if (!isObject(value)) return fail('not an object');
  if (value.apiVersion !== 'apiextensions.k8s.io/v1' || value.kind !== 'CustomResourceDefinition') {
    return fail(`not an apiextensions.k8s.io/v1 CustomResourceDefinition (apiVersion ${JSON.stringify(value.apiVersion)}, kind ${JSON.stringify(value.kind)})`);
  }
  const metadata = value.metadata;
  if (!isObject(metadata) || typeof metadata.name !== 'string' || !DNS_SUBDOMAIN.test(metadata.name)) {
    return fail('metadata.name is missing or not a DNS subdomain');
  }
  const at = `CRD ${metadata.name}`;
  const bad = (field: string, expected: string): never => fail(`${at}: ${field} ${expected}`);
  const spec = value.spec;
  if (!isObject(spec)) return bad('spec', 'is missing');
  if (typeof spec.group !== 'string' || !DNS_SUBDOMAIN.test(spec.group)) bad('spec.group', 'is missing or not a DNS subdomain');
  const names = spec.names;
  if (!isObject(names)) return bad('spec.names', 'is missing');
  if (typeof names.kind !== 'string' || !KIND.test(names.kind)) bad('spec.names.kind', 'is missing or not an alphanumeric name starting with a capital');
  if (typeof names.plural !== 'string' || !DNS_LABEL.test(names.plural)) bad('spec.names.plural', 'is missing or not a lowercase DNS label');
  if (names.singular !== undefined && (typeof names.singular !== 'string' || !DNS_LABEL.test(names.singular))) bad('spec.names.singular', 'is not a lowercase DNS label');
  if (names.listKind !== undefined && (typeof names.listKind !== 'string' || !KIND.test(names.listKind))) bad('spec.names.listKind', 'is not an alphanumeric name starting with a capital');
  for (const key of ['shortNames', 'categories'] as const) {
    const v = names[key];
    if (v !== undefined && (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))) bad(`spec.names.${key}`, 'is not a list of strings');
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') bad('spec.scope', 'must be Namespaced or Cluster');
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) return bad('spec.versions', 'is missing or empty');
  const seen = new Set<string>();
  spec.versions.forEach((v: unknown, i: number) => {
    const where = `spec.versions[${i}]`;
    if (!isObject(v)) return bad(where, 'is not an object');
    if (typeof v.name !== 'string' || !DNS_LABEL.test(v.name)) return bad(`${where}.name`, 'is missing or not a lowercase DNS label');
    if (seen.has(v.name)) bad(`${where}.name`, `repeats version ${v.name}`);
    seen.add(v.name);
    if (typeof v.served !== 'boolean') bad(`${where}.served`, 'must be a boolean');
    if (v.schema !== undefined && (!isObject(v.schema) || (v.schema.openAPIV3Schema !== undefined && !isObject(v.schema.openAPIV3Schema)))) {
      bad(`${where}.schema.openAPIV3Schema`, 'is not an object');
    }
    if (v.subresources !== undefined && !isObject(v.subresources)) bad(`${where}.subresources`, 'is not an object');
    const scale = isObject(v.subresources) ? v.subresources.scale : undefined;
    if (scale !== undefined && (!isObject(scale) || typeof scale.specReplicasPath !== 'string' || typeof scale.statusReplicasPath !== 'string')) {
      bad(`${where}.subresources.scale`, 'needs specReplicasPath and statusReplicasPath');
    }
    const cols = v.additionalPrinterColumns;
    if (cols !== undefined) {
      if (!Array.isArray(cols)) return bad(`${where}.additionalPrinterColumns`, 'is not a list');
      cols.forEach((c: unknown, j: number) => {
        if (!isObject(c) || typeof c.name !== 'string' || typeof c.type !== 'string' || typeof c.jsonPath !== 'string') {
          bad(`${where}.additionalPrinterColumns[${j}]`, 'needs string name, type and jsonPath');
        }
      });
    }
    return undefined;
  });
  return value as CustomResourceDefinition;
}
