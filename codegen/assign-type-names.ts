/**
 * Assigns the TypeScript names of the object types of one group version. A name is the schema
 * path in PascalCase (`Reservation` → `ReservationSpec` → `ReservationSpecOwner`, array items
 * named with the singular of their field, map values with `Value`).
 *
 * Two objects can share that name (a field `owner` next to an array `owners`; `foo.bar` next to
 * `fooBar`; a nested object named like another kind). Such a collision is resolved within the
 * objects that share the name, never by the order in which the whole file is walked, so adding
 * an unrelated field or kind never renames an existing type:
 * - the shallowest object keeps the name (then the one of the kind with the longest name, the
 *   natural owner of a `<Kind>Spec`; then by JSON path); names the file reserves (kinds, their
 *   lists and apply types, imports) are never given to a nested object;
 * - every other object takes its explicit path name when that is free: items as `<Field>Item`
 *   instead of the singular (`ReservationSpecOwnersItem`), and the objects below it follow
 *   (`ReservationSpecOwnersItemRef`);
 * - only when the path gives no distinct name either does a numeric suffix follow, numbered in
 *   JSON path order within the colliding objects (`WSpecFooBar2` for `.spec.foo.bar`).
 * @packageDocumentation
 */
import { pascalCase } from './naming.js';
import type { ObjectNode, SchemaNode } from './schema-node.js';
import { objectWriteFormDiffers } from './write-form.js';
import { compareStrings } from './ts-syntax.js';

/** Names used by the generated types file besides the object types. */
export const RESERVED_TYPE_NAMES: readonly string[] = ['ObjectMeta', 'ObjectMetaInput', 'KubeList', 'DeepPartial'];

/** The names every kind claims for itself before nested objects are named. */
export function kindTypeNames(kind: string): { kind: string; list: string; apply: string } {
  return { kind, list: `${kind}List`, apply: `${kind}Apply` };
}

/** An object node below a root, with what names it. */
interface Placed {
  readonly node: ObjectNode;
  readonly parent: ObjectNode;
  readonly root: ObjectNode;
  /** Objects between the root and the node, the root excluded. */
  readonly depth: number;
  /** The words the path step from the parent adds to the name (`Owner` for `owners[*]`). */
  readonly step: string;
  /** The same step with every word spelled out (`OwnersItem`). */
  readonly explicitStep: string;
}

/** The object nodes directly below `node`, through arrays and maps, with the spelled-out words of each step. */
function childObjects(node: ObjectNode): { child: ObjectNode; words: string }[] {
  const out: { child: ObjectNode; words: string }[] = [];
  const collect = (n: SchemaNode, words: string): void => {
    if (n.type === 'object') out.push({ child: n, words });
    else if (n.type === 'array') collect(n.items, `${words}Item`);
    else if (n.type === 'map') collect(n.values, `${words}Value`);
  };
  for (const p of node.properties) collect(p.node, pascalCase(p.name) || 'Field');
  if (typeof node.rest === 'object') collect(node.rest, 'Value');
  return out;
}

/** Orders the objects that want one name: the first keeps it. */
function precedence(a: Placed, b: Placed): number {
  return a.depth - b.depth || b.root.name.length - a.root.name.length || compareStrings(a.root.name, b.root.name) || compareStrings(a.node.path, b.node.path);
}

/** True when the write form of `node` differs from its read form (codegen/write-form.ts), memoized. */
function hasInputForm(node: ObjectNode, memo: Map<ObjectNode, boolean>): boolean {
  const known = memo.get(node);
  if (known !== undefined) return known;
  memo.set(node, false); // guards against cycles; schemas are trees
  const result = objectWriteFormDiffers(node, 'crd', (o) => hasInputForm(o, memo));
  memo.set(node, result);
  return result;
}

/**
 * Names every object node below the given roots (the roots keep their kind names) and returns
 * all object nodes per root in breadth-first order, roots first. Objects are named one depth at a
 * time, so an object's name always extends its parent's final name. Objects whose write form
 * differs from their read form then get an input name (`<Name>Input`), after every read name is
 * taken.
 */
export function assignTypeNames(roots: readonly ObjectNode[]): Map<ObjectNode, ObjectNode[]> {
  const taken = new Set<string>(RESERVED_TYPE_NAMES);
  for (const root of roots) {
    const names = kindTypeNames(root.name);
    taken.add(names.kind).add(names.list).add(names.apply);
  }
  const reserved = new Set(taken);
  const result = new Map<ObjectNode, ObjectNode[]>();
  const byDepth: Placed[][] = [];
  for (const root of roots) {
    const order: ObjectNode[] = [root];
    const depth = new Map<ObjectNode, number>([[root, 0]]);
    for (let i = 0; i < order.length; i++) {
      const parent = order[i]!;
      const parentHint = parent.nameHint.join('');
      for (const { child, words } of childObjects(parent)) {
        const d = depth.get(parent)! + 1;
        depth.set(child, d);
        const hint = child.nameHint.join('');
        const step = hint.startsWith(parentHint) ? hint.slice(parentHint.length) : words;
        (byDepth[d] ??= []).push({ node: child, parent, root, depth: d, step, explicitStep: words });
        order.push(child);
      }
    }
    result.set(root, order);
  }

  for (const level of byDepth) {
    if (level === undefined) continue;
    const wanted = new Map<string, Placed[]>();
    for (const p of level) {
      const name = p.parent.name + p.step;
      wanted.set(name, [...(wanted.get(name) ?? []), p]);
    }
    // Every name an object of this depth wants for itself is off limits to the others' second choices.
    for (const name of wanted.keys()) if (!reserved.has(name) && taken.has(name)) reserved.add(name);
    for (const name of wanted.keys()) taken.add(name);
    const losers: { p: Placed; name: string }[] = [];
    for (const [name, group] of wanted) {
      group.sort(precedence);
      const keeps = reserved.has(name) ? 0 : 1;
      if (keeps === 1) group[0]!.node.name = name;
      for (const p of group.slice(keeps)) losers.push({ p, name });
    }
    // Second choice: the explicit path name, when no one else wants it.
    const explicitName = (p: Placed): string => p.parent.name + p.explicitStep;
    const explicitWanted = new Map<string, number>();
    for (const { p } of losers) explicitWanted.set(explicitName(p), (explicitWanted.get(explicitName(p)) ?? 0) + 1);
    const numbered: { p: Placed; name: string }[] = [];
    for (const l of losers) {
      const explicit = explicitName(l.p);
      if (!taken.has(explicit) && explicitWanted.get(explicit) === 1) {
        l.p.node.name = explicit;
        taken.add(explicit);
      } else {
        numbered.push(l);
      }
    }
    // Last resort: the smallest free numeric suffix, in precedence order within each name.
    numbered.sort((a, b) => compareStrings(a.name, b.name) || precedence(a.p, b.p));
    for (const { p, name } of numbered) {
      let n = 2;
      while (taken.has(`${name}${n}`)) n++;
      p.node.name = `${name}${n}`;
      taken.add(p.node.name);
    }
  }
  const claim = (base: string): string => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    return name;
  };
  const memo = new Map<ObjectNode, boolean>();
  for (const order of result.values()) {
    for (const node of order) if (hasInputForm(node, memo)) node.inputName = claim(`${node.name}Input`);
  }
  return result;
}
