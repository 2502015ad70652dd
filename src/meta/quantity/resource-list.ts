/**
 * `ResourceList` arithmetic as Kubernetes' quota helpers do it (`k8s.io/apiserver/pkg/quota/v1`):
 * per resource name, exact, on lists read straight from generated objects (`{ [name]: number | string }`).
 * @packageDocumentation
 */
import { Quantity, type QuantityLike } from './quantity.js';

/** Parsed resource quantities by resource name (`cpu`, `memory`, `kubernetes.io/batch-cpu`, ...). */
export type ResourceList = { [resourceName: string]: Quantity };

/** A resource list as objects hold it (`{ cpu: '2', memory: 4294967296 }`) or parsed; absent is empty. */
export type ResourceListLike = { readonly [resourceName: string]: QuantityLike } | null | undefined;

function entries(list: ResourceListLike): Array<[string, Quantity]> {
  if (list == null) return [];
  return Object.entries(list).map(([name, q]) => [name, Quantity.from(q)]);
}

/**
 * Parses every quantity of a list.
 * @throws {QuantityParseError} naming the first value the server would reject.
 */
export function parseResourceList(list: ResourceListLike): ResourceList {
  const out: ResourceList = {};
  for (const [name, q] of entries(list)) out[name] = q;
  return out;
}

/** The list as strings, the form an object field takes (`{ cpu: '4500m' }`). */
export function formatResourceList(list: ResourceListLike): { [resourceName: string]: string } {
  const out: { [resourceName: string]: string } = {};
  for (const [name, q] of entries(list)) out[name] = q.toString();
  return out;
}

/** `a + b` per resource; a resource in one list only is kept as is (quota `Add`). */
export function addResourceLists(a: ResourceListLike, b: ResourceListLike): ResourceList {
  const out = parseResourceList(a);
  for (const [name, q] of entries(b)) out[name] = out[name] ? out[name].add(q) : q;
  return out;
}

/** `a - b` per resource; a resource only in `b` becomes negative (quota `Subtract`). */
export function subtractResourceLists(a: ResourceListLike, b: ResourceListLike): ResourceList {
  const out = parseResourceList(a);
  for (const [name, q] of entries(b)) out[name] = out[name] ? out[name].sub(q) : q.neg();
  return out;
}

/** `a - b` per resource, floored at zero; a resource only in `b` is zero (quota `SubtractWithNonNegativeResult`). */
export function subtractResourceListsNonNegative(a: ResourceListLike, b: ResourceListLike): ResourceList {
  const out = subtractResourceLists(a, b);
  for (const name of Object.keys(out)) if (out[name]!.sign() <= 0) out[name] = Quantity.zero;
  return out;
}

/** The larger quantity per resource; a resource in one list only is kept (quota `Max`). */
export function maxResourceLists(a: ResourceListLike, b: ResourceListLike): ResourceList {
  const out = parseResourceList(a);
  for (const [name, q] of entries(b)) out[name] = out[name] && out[name].cmp(q) > 0 ? out[name] : q;
  return out;
}

/**
 * The smaller quantity per resource; a resource in one list only is kept (a missing resource is
 * unbounded, as a limit that does not name it).
 */
export function minResourceLists(a: ResourceListLike, b: ResourceListLike): ResourceList {
  const out = parseResourceList(a);
  for (const [name, q] of entries(b)) out[name] = out[name] && out[name].cmp(q) <= 0 ? out[name] : q;
  return out;
}

/**
 * Whether `a <= b` for every resource both lists name (quota `LessThanOrEqual`), with the
 * resources where `a` exceeds `b`, sorted.
 */
export function resourceListLessThanOrEqual(a: ResourceListLike, b: ResourceListLike): { ok: boolean; exceeded: string[] } {
  const left = parseResourceList(a);
  const exceeded: string[] = [];
  for (const [name, q] of entries(b)) if (left[name] && left[name].cmp(q) > 0) exceeded.push(name);
  exceeded.sort();
  return { ok: exceeded.length === 0, exceeded };
}

/** Same resource names with equal quantities (quota `Equals`; `1Ki` equals `1024`). */
export function resourceListsEqual(a: ResourceListLike, b: ResourceListLike): boolean {
  const left = entries(a);
  const right = parseResourceList(b);
  if (left.length !== Object.keys(right).length) return false;
  return left.every(([name, q]) => right[name] !== undefined && q.cmp(right[name]) === 0);
}

/** True when every quantity is zero (an empty list is zero; quota `IsZero`). */
export function isZeroResourceList(list: ResourceListLike): boolean {
  return entries(list).every(([, q]) => q.isZero());
}

/** The resources with a negative quantity, sorted (quota `IsNegative`). */
export function negativeResources(list: ResourceListLike): string[] {
  return entries(list).filter(([, q]) => q.sign() < 0).map(([name]) => name).sort();
}

/** The list without its zero quantities (quota `RemoveZeros`). */
export function removeZeroResources(list: ResourceListLike): ResourceList {
  return Object.fromEntries(entries(list).filter(([, q]) => !q.isZero()));
}

/** Only the named resources (quota `Mask`). */
export function maskResourceList(list: ResourceListLike, names: Iterable<string>): ResourceList {
  const keep = new Set(names);
  return Object.fromEntries(entries(list).filter(([name]) => keep.has(name)));
}

/** The sum of many lists (for example the requests of every container of a pod). */
export function sumResourceLists(lists: Iterable<ResourceListLike>): ResourceList {
  let out: ResourceList = {};
  for (const l of lists) out = addResourceLists(out, l);
  return out;
}
