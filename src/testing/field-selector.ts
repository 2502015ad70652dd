/**
 * Field selectors as the API server serves them for custom resources: `metadata.name` and
 * `metadata.namespace` with `=`, `==` and `!=`, joined by commas (apimachinery `fields.Parse`).
 * @packageDocumentation
 */

/** One clause of a field selector. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** A field selector the server could not use; the message is the server's. */
export class FieldSelectorError extends Error {
  override readonly name = 'FieldSelectorError';
}

/** Fields every custom resource can be selected by. */
export const defaultSelectableFields: readonly string[] = ['metadata.name', 'metadata.namespace'];

/** Extra fields the built-in kinds can be selected by (their registry strategies' field sets), by `group/Kind`. */
export const builtinSelectableFields: Readonly<Record<string, readonly string[]>> = {
  '/Pod': ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  '/Node': ['spec.unschedulable'],
  '/Namespace': ['status.phase'],
  '/Secret': ['type'],
  '/ReplicationController': ['status.replicas'],
  'apps/ReplicaSet': ['status.replicas'],
  'batch/Job': ['status.successful'],
  '/Event': ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  'certificates.k8s.io/CertificateSigningRequest': ['spec.signerName'],
};

/** The fields objects of `group/kind` can be selected by. */
export function selectableFields(group: string, kind: string): readonly string[] {
  const extra = builtinSelectableFields[`${group}/${kind}`];
  return extra ? [...defaultSelectableFields, ...extra] : defaultSelectableFields;
}

/** Parses `a=b,c!=d`; throws `FieldSelectorError` on bad syntax or an unsupported field. */
export function parseFieldSelector(selector: string, selectable: readonly string[] = defaultSelectableFields): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  if (selector.trim() === '') return out;
  for (const part of selector.split(',')) {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [, field = '', op, value = ''] = m;
    if (!selectable.includes(field)) throw new FieldSelectorError(`field label not supported: ${field}`);
    out.push({ field, operator: op === '!=' ? '!=' : '=', value });
  }
  return out;
}

/** True when `obj` satisfies every requirement. */
export function matchesFields(reqs: readonly FieldRequirement[], obj: { metadata?: { name?: string; namespace?: string } }): boolean {
  for (const r of reqs) {
    const actual = fieldValue(obj, r.field);
    if ((actual === r.value) !== (r.operator === '=')) return false;
  }
  return true;
}

function fieldValue(obj: unknown, path: string): string {
  if (path === 'source') path = 'source.component';
  let cur: unknown = obj;
  for (const seg of path.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[seg] : undefined;
  if (cur === undefined || cur === null) return path === 'spec.unschedulable' || path === 'spec.hostNetwork' ? 'false' : '';
  return String(cur);
}
