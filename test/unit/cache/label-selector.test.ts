import { describe, expect, it } from 'vitest';
import { everything, labelSelectorAsSelector, parseLabelSelector, Selector, toSelector } from '../../../src/cache/label-selector.js';
import { ValidationError } from '../../../src/rest/errors.js';

const web = { app: 'web', tier: 'frontend', 'koordinator.sh/qos': 'LS', replicas: '3' };
const db = { app: 'db', tier: 'backend' };
const bare = {};

function matches(selector: string, labels: Record<string, string> | undefined): boolean {
  return parseLabelSelector(selector).matches(labels);
}

describe('parseLabelSelector', () => {
  it('parses every operator into requirements', () => {
    expect(parseLabelSelector('a=1, b==2,c!=3, d in (x, y), e notin (z), f, !g, h>4, i<5').requirements).toEqual([
      { key: 'a', operator: '=', values: ['1'] },
      { key: 'b', operator: '=', values: ['2'] },
      { key: 'c', operator: '!=', values: ['3'] },
      { key: 'd', operator: 'in', values: ['x', 'y'] },
      { key: 'e', operator: 'notin', values: ['z'] },
      { key: 'f', operator: 'exists', values: [] },
      { key: 'g', operator: '!', values: [] },
      { key: 'h', operator: 'gt', values: ['4'] },
      { key: 'i', operator: 'lt', values: ['5'] },
    ]);
  });

  it('an empty selector matches everything', () => {
    expect(parseLabelSelector('').isEmpty()).toBe(true);
    expect(parseLabelSelector('  ').matches(undefined)).toBe(true);
    expect(everything.matches(web)).toBe(true);
  });

  it('equality and inequality', () => {
    expect(matches('app=web', web)).toBe(true);
    expect(matches('app==web', db)).toBe(false);
    expect(matches('app!=web', db)).toBe(true);
    expect(matches('app!=web', bare)).toBe(true); // absent label: != holds
    expect(matches('app=web,tier=frontend', web)).toBe(true);
    expect(matches('app=web,tier=backend', web)).toBe(false);
    expect(matches('koordinator.sh/qos=LS', web)).toBe(true);
  });

  it('set membership', () => {
    expect(matches('app in (web,db)', db)).toBe(true);
    expect(matches('app in (api)', db)).toBe(false);
    expect(matches('app in (web)', bare)).toBe(false);
    expect(matches('app notin (web)', db)).toBe(true);
    expect(matches('app notin (web)', web)).toBe(false);
    expect(matches('app notin (web)', bare)).toBe(true); // absent label: notin holds
  });

  it('existence', () => {
    expect(matches('tier', db)).toBe(true);
    expect(matches('tier', bare)).toBe(false);
    expect(matches('!tier', bare)).toBe(true);
    expect(matches('!tier', db)).toBe(false);
    expect(matches('!missing,app', web)).toBe(true);
  });

  it('numeric comparison', () => {
    expect(matches('replicas>2', web)).toBe(true);
    expect(matches('replicas<3', web)).toBe(false);
    expect(matches('replicas>2', { replicas: 'many' })).toBe(false);
    expect(matches('replicas>2', bare)).toBe(false);
  });

  it('empty values', () => {
    expect(matches('app=', { app: '' })).toBe(true);
    expect(matches('app=', web)).toBe(false);
    expect(matches('app in (,web)', { app: '' })).toBe(true);
  });

  it('rejects bad syntax and invalid keys or values with a ValidationError', () => {
    for (const bad of ['app in web', 'app in (a b)', 'app=web=', '=web', 'app in (a', '!', 'a,', 'a b', 'app>x', 'bad key!=1', '-a=b', 'a=-b-', `a=${'x'.repeat(64)}`, 'Example.com/a=b', 'a/b/c=d']) {
      expect(() => parseLabelSelector(bad), bad).toThrowError(ValidationError);
    }
  });

  it('prints the API server syntax', () => {
    const s = 'a=1,c!=3,d in (x,y),e notin (z),f,!g,h>4,i<5';
    expect(parseLabelSelector(s).toString()).toBe(s);
    expect(parseLabelSelector(' a == 1 ').toString()).toBe('a=1');
  });
});

describe('labelSelectorAsSelector', () => {
  it('compiles matchLabels and matchExpressions', () => {
    const sel = labelSelectorAsSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['frontend', 'edge'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'koordinator.sh/qos', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['z1'] },
      ],
    });
    expect(sel.toString()).toBe('app=web,tier in (frontend,edge),!legacy,koordinator.sh/qos,zone notin (z1)');
    expect(sel.matches(web)).toBe(true);
    expect(sel.matches({ ...web, legacy: 'true' })).toBe(false);
    expect(sel.matches(db)).toBe(false);
  });

  it('an empty or absent LabelSelector matches everything; invalid ones throw', () => {
    expect(labelSelectorAsSelector({}).matches(db)).toBe(true);
    expect(labelSelectorAsSelector(undefined).isEmpty()).toBe(true);
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toThrowError(ValidationError);
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toThrowError(ValidationError);
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Like' as 'In', values: ['x'] }] })).toThrowError(ValidationError);
  });
});

describe('toSelector', () => {
  it('accepts a Selector, a string, a LabelSelector or nothing', () => {
    const s = parseLabelSelector('app=web');
    expect(toSelector(s)).toBe(s);
    expect(toSelector('app=db').matches(db)).toBe(true);
    expect(toSelector({ matchLabels: { app: 'db' } }).matches(db)).toBe(true);
    expect(toSelector(undefined)).toBe(everything);
    expect(new Selector([]).isEmpty()).toBe(true);
  });
});
