/**
 * RFC 6902 JSON patch and RFC 7386 JSON merge patch, applied to plain JSON the way the API
 * server applies them to a custom resource.
 * @packageDocumentation
 */
import { jsonEqual } from '../meta/json-equal.js';

/** A patch the document cannot take (a missing path, a failed `test`, a malformed operation). */
export class PatchApplyError extends Error {
  override readonly name = 'PatchApplyError';
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchApplyError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

function arrayIndex(arr: unknown[], token: string, forAdd: boolean): number {
  if (forAdd && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchApplyError(`invalid array index ${JSON.stringify(token)}`);
  const i = Number(token);
  if (i > arr.length || (!forAdd && i === arr.length)) throw new PatchApplyError(`array index ${i} out of bounds`);
  return i;
}

function parentOf(doc: unknown, tokens: string[], op: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isContainer(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = (cur as Record<string, unknown>)[t];
    else throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "/${tokens.join('/')}": missing value`);
  }
  if (!isContainer(cur)) throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "/${tokens.join('/')}": missing value`);
  return { parent: cur, key: tokens[tokens.length - 1] ?? '' };
}

function getAt(doc: unknown, tokens: string[], op: string): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isContainer(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = (cur as Record<string, unknown>)[t];
    else throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "/${tokens.join('/')}": missing value`);
  }
  return cur;
}

function add(doc: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, 'add');
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, tokens: string[], op = 'remove'): unknown {
  if (tokens.length === 0) throw new PatchApplyError('cannot remove the whole document');
  const { parent, key } = parentOf(doc, tokens, op);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else if (Object.prototype.hasOwnProperty.call(parent, key)) delete parent[key];
  else throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "/${tokens.join('/')}": missing value`);
  return doc;
}

/** Applies RFC 6902 operations to a copy of `doc`; throws `PatchApplyError` when one does not apply. */
export function applyJsonPatch(doc: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new PatchApplyError('a JSON patch must be an array of operations');
  let out = structuredClone(doc);
  for (const raw of operations) {
    if (!isContainer(raw) || Array.isArray(raw)) throw new PatchApplyError('a JSON patch operation must be an object');
    const op = raw as { op?: unknown; path?: unknown; from?: unknown; value?: unknown };
    if (typeof op.path !== 'string') throw new PatchApplyError(`operation ${JSON.stringify(op.op)} needs a path`);
    const tokens = decodePointer(op.path);
    switch (op.op) {
      case 'add':
        out = add(out, tokens, structuredClone(op.value));
        break;
      case 'remove':
        out = remove(out, tokens);
        break;
      case 'replace':
        out = remove(out, tokens, 'replace');
        out = add(out, tokens, structuredClone(op.value));
        break;
      case 'move': {
        if (typeof op.from !== 'string') throw new PatchApplyError('move needs a from');
        const from = decodePointer(op.from);
        const v = getAt(out, from, 'move');
        out = remove(out, from, 'move');
        out = add(out, tokens, v);
        break;
      }
      case 'copy': {
        if (typeof op.from !== 'string') throw new PatchApplyError('copy needs a from');
        out = add(out, tokens, structuredClone(getAt(out, decodePointer(op.from), 'copy')));
        break;
      }
      case 'test': {
        const actual = getAt(out, tokens, 'test');
        if (!jsonEqual(actual, op.value)) throw new PatchApplyError(`testing value /${tokens.join('/')} failed: test failed`);
        break;
      }
      default:
        throw new PatchApplyError(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return out;
}

/** Applies an RFC 7386 merge patch: objects merge, `null` deletes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isContainer(patch) || Array.isArray(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isContainer(target) && !Array.isArray(target) ? structuredClone(target as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}
