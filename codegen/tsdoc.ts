/**
 * Renders TSDoc comments: CRD descriptions (escaped so they can never end the comment) plus the
 * Kubernetes semantics the type alone does not show: defaults, formats, constraints, list and
 * map types, CEL validation rules.
 * @packageDocumentation
 */
import type { SchemaNode } from './schema-node.js';

/** Escapes free text for a doc comment and splits it into trimmed lines. */
export function docTextLines(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\*\//g, '*\\/').replace(/\s+$/, '').replace(/^(\s*)@/, '$1\\@'));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Inline code span of `text` for a doc comment. */
function code(text: string): string {
  const safe = text.replace(/\*\//g, '*\\/').replace(/\r?\n/g, ' ');
  return safe.includes('`') ? `\`\` ${safe} \`\`` : `\`${safe}\``;
}

/** A comma-separated list. */
function list(items: readonly string[]): string {
  return items.join(', ');
}

/** The constraint summary of a node, e.g. `minLength 1, pattern \`^a+$\``, or undefined. */
function constraints(node: SchemaNode): string | undefined {
  const parts: string[] = [];
  const add = (label: string, v: number | undefined): void => {
    if (v !== undefined) parts.push(`${label} ${v}`);
  };
  switch (node.type) {
    case 'string':
    case 'int-or-string':
      add('minLength', node.minLength);
      add('maxLength', node.maxLength);
      if (node.pattern !== undefined) parts.push(`pattern ${code(node.pattern)}`);
      break;
    case 'array':
      add('minItems', node.minItems);
      add('maxItems', node.maxItems);
      break;
    case 'object':
    case 'map':
      add('minProperties', node.minProperties);
      add('maxProperties', node.maxProperties);
      break;
    default:
      break;
  }
  if (node.type === 'number' || node.type === 'int-or-string') {
    add(node.exclusiveMinimum ? 'exclusiveMinimum' : 'minimum', node.minimum);
    add(node.exclusiveMaximum ? 'exclusiveMaximum' : 'maximum', node.maximum);
    add('multipleOf', node.multipleOf);
  }
  return parts.length > 0 ? list(parts) : undefined;
}

/** The body lines (without comment markers) documenting a schema node. */
export function nodeDocLines(node: SchemaNode, extra: readonly string[] = []): string[] {
  const d = node.doc;
  const body: string[] = d.description !== undefined ? docTextLines(d.description) : [];
  const remarks: string[] = [...extra];
  for (const n of d.notes) remarks.push(...docTextLines(n));
  const c = constraints(node);
  if (c !== undefined) remarks.push(`Constraints: ${c}.`);
  if (node.type === 'int-or-string') remarks.push('An integer or a string (`x-kubernetes-int-or-string`).');
  if (node.type === 'quantity') remarks.push('A quantity (`resource.Quantity`): a number, or a string such as `100m` or `1Gi`.');
  if (node.type === 'string' && node.openEnum === true && node.enum !== undefined) {
    remarks.push('Known values; the client does not reject others, as a newer API server may accept more.');
  }
  if (node.type === 'object' && node.embedded) remarks.push('An embedded Kubernetes object (`x-kubernetes-embedded-resource`).');
  if (d.listType !== undefined) {
    let s = `List type \`${d.listType}\``;
    if (d.listType === 'map' && d.listMapKeys !== undefined && d.listMapKeys.length > 0) {
      s += `, keyed by ${list(d.listMapKeys.map(code))}: server-side apply merges items by key.`;
    } else if (d.listType === 'set') {
      s += ': items are unique; server-side apply merges them as a set.';
    } else if (d.listType === 'atomic') {
      s += ': server-side apply replaces the list as a whole.';
    } else {
      s += '.';
    }
    remarks.push(s);
  }
  if (d.patchStrategy !== undefined || d.patchMergeKey !== undefined) {
    let s = 'Strategic merge patch:';
    if (d.patchStrategy !== undefined) s += ` strategy ${list(d.patchStrategy.split(',').map(code))}`;
    if (d.patchMergeKey !== undefined) s += `${d.patchStrategy !== undefined ? ',' : ''} items merged by ${code(d.patchMergeKey)}`;
    remarks.push(`${s}.`);
  }
  if (d.mapType !== undefined) {
    remarks.push(d.mapType === 'atomic' ? 'Map type `atomic`: server-side apply replaces the object as a whole.' : `Map type \`${d.mapType}\`.`);
  }
  for (const v of d.validations) {
    let s = `Validation rule (checked by the API server): ${code(v.rule)}`;
    if (v.message !== undefined) s += ` — ${v.message.replace(/\*\//g, '*\\/')}`;
    remarks.push(s);
  }
  if (d.format === 'int64') {
    remarks.push('int64: values beyond `Number.MAX_SAFE_INTEGER` (2^53 - 1) lose precision as JavaScript numbers.');
  }
  const tags: string[] = [];
  if (d.format !== undefined) tags.push(`@format ${d.format.replace(/\*\//g, '*\\/')}`);
  if (d.hasDefault) tags.push(`@defaultValue ${code(JSON.stringify(d.default) ?? 'undefined')}`);

  const out = [...body];
  if (remarks.length > 0) {
    if (out.length > 0) out.push('');
    out.push(...remarks);
  }
  if (tags.length > 0) {
    if (out.length > 0) out.push('');
    out.push(...tags);
  }
  return out;
}

/** Renders body lines as a doc comment (one line when short), or `''` when there are none. */
export function docComment(lines: readonly string[]): string {
  if (lines.length === 0) return '';
  if (lines.length === 1 && lines[0]!.length <= 90) return `/** ${lines[0]} */`;
  return ['/**', ...lines.map((l) => (l === '' ? ' *' : ` * ${l}`)), ' */'].join('\n');
}

/** The first sentence of a description, whitespace collapsed, ending with a period. */
export function firstSentence(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return undefined;
  const m = /^(.*?[.!?])(\s|$)/.exec(flat);
  const sentence = m ? m[1]! : flat;
  return (/[.!?]$/.test(sentence) ? sentence : `${sentence}.`).replace(/\*\//g, '*\\/');
}
