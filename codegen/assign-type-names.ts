/**
 * Assigns the TypeScript names of the object types of one group version. Names come from the
 * schema path (`Reservation` → `ReservationSpec` → `ReservationSpecOwner`); a name already taken
 * in the file gets the smallest free numeric suffix (`ReservationSpecOwner2`). Kinds are visited
 * in the given order and each kind's objects breadth-first, so shallower objects win the plain
 * name and the result does not depend on anything but the schemas.
 * @packageDocumentation
 */
import type { ObjectNode, SchemaNode } from './schema-node.js';

/** Names used by the generated types file besides the object types. */
export const RESERVED_TYPE_NAMES: readonly string[] = ['ObjectMeta', 'KubeList', 'DeepPartial'];

/** The names every kind claims for itself before nested objects are named. */
export function kindTypeNames(kind: string): { kind: string; list: string; apply: string } {
  return { kind, list: `${kind}List`, apply: `${kind}Apply` };
}

/** The object nodes directly below `node`, through arrays and maps, in property order. */
function childObjects(node: ObjectNode): ObjectNode[] {
  const out: ObjectNode[] = [];
  const collect = (n: SchemaNode): void => {
    if (n.type === 'object') out.push(n);
    else if (n.type === 'array') collect(n.items);
    else if (n.type === 'map') collect(n.values);
  };
  for (const p of node.properties) collect(p.node);
  if (typeof node.rest === 'object') collect(node.rest);
  return out;
}

/**
 * True when the write form of `node` differs from its read form: a required field has a default
 * (the server fills it in, so writes may omit it), in the object or in an object below it.
 */
function hasInputForm(node: ObjectNode, memo: Map<ObjectNode, boolean>): boolean {
  const known = memo.get(node);
  if (known !== undefined) return known;
  memo.set(node, false); // guards against cycles; schemas are trees
  const below = (n: SchemaNode): boolean => {
    if (n.type === 'object') return hasInputForm(n, memo);
    if (n.type === 'array') return below(n.items);
    if (n.type === 'map') return below(n.values);
    return false;
  };
  const result =
    node.properties.some((p) => (p.required && p.node.doc.hasDefault) || below(p.node)) || (typeof node.rest === 'object' && below(node.rest));
  memo.set(node, result);
  return result;
}

/**
 * Names every object node below the given roots (the roots keep their kind names) and returns
 * all object nodes per root in breadth-first order, roots first. Objects whose write form differs
 * from their read form then get an input name (`<Name>Input`), after every read name is taken.
 */
export function assignTypeNames(roots: readonly ObjectNode[]): Map<ObjectNode, ObjectNode[]> {
  const taken = new Set<string>(RESERVED_TYPE_NAMES);
  for (const root of roots) {
    const names = kindTypeNames(root.name);
    taken.add(names.kind).add(names.list).add(names.apply);
  }
  const claim = (base: string): string => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    return name;
  };
  const result = new Map<ObjectNode, ObjectNode[]>();
  for (const root of roots) {
    const order: ObjectNode[] = [root];
    for (let i = 0; i < order.length; i++) {
      for (const child of childObjects(order[i]!)) {
        child.name = claim(child.nameHint.join(''));
        order.push(child);
      }
    }
    result.set(root, order);
  }
  const memo = new Map<ObjectNode, boolean>();
  for (const order of result.values()) {
    for (const node of order) if (hasInputForm(node, memo)) node.inputName = claim(`${node.name}Input`);
  }
  return result;
}
