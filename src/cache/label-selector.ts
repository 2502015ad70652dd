/**
 * Label selectors: the string syntax of `kubectl -l` / `?labelSelector=` (apimachinery
 * `labels.Parse`) and the structured `metav1.LabelSelector` of specs, both compiled to a
 * {@link Selector} that matches label sets in memory (listers, controllers).
 * @packageDocumentation
 */
import { ValidationError } from '../rest/errors.js';

/** How a requirement compares a label to its values. */
export type SelectorOperator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** One clause of a selector, e.g. `tier in (web,db)`. */
export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  /** One value for `=`/`!=`, one integer for `gt`/`lt`, a set for `in`/`notin`, none otherwise. */
  readonly values: readonly string[];
}

/** One `matchExpressions` entry of a `metav1.LabelSelector`. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** The structured selector of specs (`metav1.LabelSelector`); the clauses are ANDed. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Labels of an object (`metadata.labels`); absent labels are treated as an empty set. */
export type Labels = Readonly<Record<string, string>> | undefined;

const nameRe = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const dnsSubdomainRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const integerRe = /^-?[0-9]+$/;

function invalid(message: string, path = 'labelSelector'): ValidationError {
  return new ValidationError('invalid label selector', [{ path, message }]);
}

/** Checks a label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
function validateKey(key: string): void {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !dnsSubdomainRe.test(prefix))) {
    throw invalid(`label key ${JSON.stringify(key)}: prefix must be a DNS subdomain`);
  }
  if (name.length === 0 || name.length > 63 || !nameRe.test(name)) {
    throw invalid(`label key ${JSON.stringify(key)}: name must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending alphanumeric`);
  }
}

/** Checks a label value: empty, or at most 63 alphanumeric/`-_.` characters starting and ending alphanumeric. */
function validateValue(key: string, value: string): void {
  if (value !== '' && (value.length > 63 || !nameRe.test(value))) {
    throw invalid(`label ${JSON.stringify(key)}: invalid value ${JSON.stringify(value)}`);
  }
}

function validateRequirement(r: Requirement): Requirement {
  validateKey(r.key);
  switch (r.operator) {
    case '=':
    case '!=':
      if (r.values.length !== 1) throw invalid(`${r.key}: ${r.operator} takes exactly one value`);
      break;
    case 'in':
    case 'notin':
      if (r.values.length === 0) throw invalid(`${r.key}: ${r.operator} needs at least one value`);
      break;
    case 'exists':
    case '!':
      if (r.values.length !== 0) throw invalid(`${r.key}: ${r.operator === '!' ? 'does-not-exist' : 'exists'} takes no values`);
      break;
    case 'gt':
    case 'lt':
      if (r.values.length !== 1 || !integerRe.test(r.values[0] ?? '')) throw invalid(`${r.key}: ${r.operator === 'gt' ? '>' : '<'} takes one integer value`);
      return r;
  }
  for (const v of r.values) validateValue(r.key, v);
  return r;
}

function matchesRequirement(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case '=':
    case 'in':
      return value !== undefined && r.values.includes(value);
    case '!=':
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (value === undefined || !integerRe.test(value)) return false;
      const actual = Number(value);
      const bound = Number(r.values[0]);
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

function formatRequirement(r: Requirement): string {
  switch (r.operator) {
    case '=':
    case '!=':
      return `${r.key}${r.operator}${r.values[0] ?? ''}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'gt':
      return `${r.key}>${r.values[0] ?? ''}`;
    case 'lt':
      return `${r.key}<${r.values[0] ?? ''}`;
  }
}

/** A compiled label selector: every requirement must hold (an empty selector matches everything). */
export class Selector {
  /** The requirements, all of which must match. */
  readonly requirements: readonly Requirement[];

  /** @param requirements - validated requirements (use the parse functions to build one) */
  constructor(requirements: readonly Requirement[]) {
    this.requirements = requirements.map(validateRequirement);
  }

  /** True when the labels satisfy every requirement. */
  matches(labels: Labels): boolean {
    const l = labels ?? {};
    for (const r of this.requirements) if (!matchesRequirement(r, l)) return false;
    return true;
  }

  /** True when the selector has no requirement and so matches everything. */
  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  /** The selector in the string syntax the API server accepts as `labelSelector`. */
  toString(): string {
    return this.requirements.map(formatRequirement).join(',');
  }
}

/** A selector that matches every object. */
export const everything: Selector = new Selector([]);

// --- string syntax -------------------------------------------------------------------------

type Token = { kind: 'id'; text: string } | { kind: 'op'; text: '=' | '==' | '!=' | '!' | '(' | ')' | ',' | '>' | '<' } | { kind: 'end' };

const specialChars = new Set(['!', '=', ',', '(', ')', '<', '>']);

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (specialChars.has(c)) {
      const two = input.slice(i, i + 2);
      if (two === '!=' || two === '==') {
        out.push({ kind: 'op', text: two });
        i += 2;
      } else {
        out.push({ kind: 'op', text: c as '=' | '!' | '(' | ')' | ',' | '>' | '<' });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < input.length && !specialChars.has(input[j]!) && !/\s/.test(input[j]!)) j++;
    out.push({ kind: 'id', text: input.slice(i, j) });
    i = j;
  }
  out.push({ kind: 'end' });
  return out;
}

function describeToken(t: Token): string {
  return t.kind === 'end' ? 'end of selector' : `'${t.text}'`;
}

class SelectorParser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private fail(expected: string, got: Token): never {
    throw invalid(`${JSON.stringify(this.source)}: expected ${expected}, found ${describeToken(got)}`);
  }

  parse(): Requirement[] {
    const out: Requirement[] = [];
    if (this.peek().kind === 'end') return out;
    for (;;) {
      out.push(this.requirement());
      const t = this.next();
      if (t.kind === 'end') return out;
      if (t.kind !== 'op' || t.text !== ',') this.fail("',' or end of selector", t);
    }
  }

  private key(): string {
    const t = this.next();
    if (t.kind !== 'id') this.fail('a label key', t);
    return t.text;
  }

  private requirement(): Requirement {
    const first = this.peek();
    if (first.kind === 'op' && first.text === '!') {
      this.next();
      return { key: this.key(), operator: '!', values: [] };
    }
    const key = this.key();
    const op = this.peek();
    if (op.kind === 'end' || (op.kind === 'op' && op.text === ',')) return { key, operator: 'exists', values: [] };
    this.next();
    if (op.kind === 'id') {
      if (op.text === 'in' || op.text === 'notin') return { key, operator: op.text, values: this.valueSet() };
      this.fail("an operator ('=', '==', '!=', 'in', 'notin', '>', '<')", op);
    }
    switch (op.text) {
      case '=':
      case '==':
        return { key, operator: '=', values: [this.exactValue()] };
      case '!=':
        return { key, operator: '!=', values: [this.exactValue()] };
      case '>':
        return { key, operator: 'gt', values: [this.exactValue()] };
      case '<':
        return { key, operator: 'lt', values: [this.exactValue()] };
      default:
        return this.fail("an operator ('=', '==', '!=', 'in', 'notin', '>', '<')", op);
    }
  }

  /** The value after `=`, `!=`, `>` or `<`; empty when the clause ends right after the operator. */
  private exactValue(): string {
    const t = this.peek();
    if (t.kind === 'end' || (t.kind === 'op' && t.text === ',')) return '';
    if (t.kind !== 'id') this.fail('a label value', t);
    this.next();
    return t.text;
  }

  /** `( v1, v2, ... )`, where a missing value between commas is the empty string. */
  private valueSet(): string[] {
    const open = this.next();
    if (open.kind !== 'op' || open.text !== '(') this.fail("'('", open);
    const values: string[] = [];
    let current = '';
    for (;;) {
      const t = this.next();
      if (t.kind === 'id') {
        if (current !== '') this.fail("',' or ')'", t);
        current = t.text;
      } else if (t.kind === 'op' && t.text === ',') {
        values.push(current);
        current = '';
      } else if (t.kind === 'op' && t.text === ')') {
        values.push(current);
        return [...new Set(values)];
      } else {
        this.fail("a value, ',' or ')'", t);
      }
    }
  }
}

/**
 * Parses the string syntax of label selectors: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x,y)`, `a` (exists), `!a` (does not exist), `a>1`, `a<1`, joined by commas (AND).
 * Throws a `ValidationError` on a syntax error or an invalid key or value.
 */
export function parseLabelSelector(selector: string): Selector {
  return new Selector(new SelectorParser(tokenize(selector), selector).parse());
}

/**
 * Compiles a structured `metav1.LabelSelector` (client-go's `LabelSelectorAsSelector`):
 * `matchLabels` become equalities, `matchExpressions` In / NotIn / Exists / DoesNotExist.
 * An empty (or absent) selector matches everything.
 */
export function labelSelectorAsSelector(selector: LabelSelector | undefined): Selector {
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) reqs.push({ key, operator: '=', values: [value] });
  for (const e of selector?.matchExpressions ?? []) {
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, operator: 'in', values });
        break;
      case 'NotIn':
        reqs.push({ key: e.key, operator: 'notin', values });
        break;
      case 'Exists':
        reqs.push({ key: e.key, operator: 'exists', values });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, operator: '!', values });
        break;
      default:
        throw invalid(`${e.key}: unknown operator ${JSON.stringify(e.operator)}`, 'matchExpressions');
    }
  }
  return new Selector(reqs);
}

/** Anything a lister accepts as a selector: a compiled selector, the string syntax, or a `metav1.LabelSelector`. */
export type SelectorInput = Selector | string | LabelSelector;

/** Compiles any {@link SelectorInput}; `undefined` selects everything. */
export function toSelector(input: SelectorInput | undefined): Selector {
  if (input === undefined) return everything;
  if (input instanceof Selector) return input;
  if (typeof input === 'string') return parseLabelSelector(input);
  return labelSelectorAsSelector(input);
}
