import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/rest/errors.js';
import { assertValidTarget, buildRequest, deleteBody, listParams, nameProblems, namespaceProblems, objectNameProblems, resourcePath, watchParams, withQuery, writeParams } from '../../../src/rest/wire/request-builder.js';

const reservation = { group: 'scheduling.koordinator.sh', version: 'v1alpha1', plural: 'reservations', namespaced: false };
const recommendation = { group: 'analysis.koordinator.sh', version: 'v1alpha1', plural: 'recommendations', namespaced: true };
const pods = { group: '', version: 'v1', plural: 'pods', namespaced: true };

describe('resourcePath', () => {
  it('builds cluster-scoped collection, object and subresource paths', () => {
    expect(resourcePath({ descriptor: reservation })).toBe('/apis/scheduling.koordinator.sh/v1alpha1/reservations');
    expect(resourcePath({ descriptor: reservation, name: 'r1' })).toBe('/apis/scheduling.koordinator.sh/v1alpha1/reservations/r1');
    expect(resourcePath({ descriptor: reservation, name: 'r1', subresource: 'status' })).toBe('/apis/scheduling.koordinator.sh/v1alpha1/reservations/r1/status');
  });
  it('puts the namespace in namespaced paths and leaves it out across all namespaces', () => {
    expect(resourcePath({ descriptor: recommendation, namespace: 'team-a', name: 'x' })).toBe('/apis/analysis.koordinator.sh/v1alpha1/namespaces/team-a/recommendations/x');
    expect(resourcePath({ descriptor: recommendation })).toBe('/apis/analysis.koordinator.sh/v1alpha1/recommendations');
  });
  it('uses /api for the core group', () => {
    expect(resourcePath({ descriptor: pods, namespace: 'default' })).toBe('/api/v1/namespaces/default/pods');
  });
  it('escapes names so that they cannot change the path', () => {
    expect(resourcePath({ descriptor: reservation, name: 'a/b' })).toBe('/apis/scheduling.koordinator.sh/v1alpha1/reservations/a%2Fb');
  });
});

describe('query parameters', () => {
  it('encodes list options and drops undefined ones', () => {
    const path = withQuery('/x', listParams({ labelSelector: 'app=a,tier in (x,y)', limit: 50, continue: 'tok', resourceVersion: '12', resourceVersionMatch: 'NotOlderThan', timeoutSeconds: 5 }));
    const q = new URL(`http://h${path}`).searchParams;
    expect(q.get('labelSelector')).toBe('app=a,tier in (x,y)');
    expect(q.get('limit')).toBe('50');
    expect(q.get('continue')).toBe('tok');
    expect(q.get('resourceVersion')).toBe('12');
    expect(q.get('resourceVersionMatch')).toBe('NotOlderThan');
    expect(q.get('timeoutSeconds')).toBe('5');
    expect(q.has('fieldSelector')).toBe(false);
    expect(withQuery('/x', listParams())).toBe('/x');
  });
  it('marks watches and passes bookmark and initial-events flags', () => {
    const q = new URL(`http://h${withQuery('/x', watchParams({ resourceVersion: '7', allowWatchBookmarks: true, sendInitialEvents: false }))}`).searchParams;
    expect(q.get('watch')).toBe('true');
    expect(q.get('allowWatchBookmarks')).toBe('true');
    expect(q.get('sendInitialEvents')).toBe('false');
    expect(q.get('resourceVersion')).toBe('7');
  });
  it('encodes write options: dryRun=All, fieldManager, fieldValidation, force', () => {
    const q = new URL(`http://h${withQuery('/x', writeParams({ dryRun: true, fieldManager: 'me', fieldValidation: 'Strict', force: true }))}`).searchParams;
    expect(q.get('dryRun')).toBe('All');
    expect(q.get('fieldManager')).toBe('me');
    expect(q.get('fieldValidation')).toBe('Strict');
    expect(q.get('force')).toBe('true');
    expect(withQuery('/x', writeParams({ dryRun: false }))).toBe('/x');
  });
});

describe('deleteBody', () => {
  it('serializes DeleteOptions with preconditions, propagation and dry run', () => {
    expect(JSON.parse(deleteBody({ gracePeriodSeconds: 0, propagationPolicy: 'Foreground', preconditions: { uid: 'u', resourceVersion: '3' }, dryRun: true }))).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
      preconditions: { uid: 'u', resourceVersion: '3' },
      dryRun: ['All'],
    });
  });
});

describe('name and namespace validation', () => {
  it('accepts DNS-1123 names and rejects others with a reason', () => {
    expect(nameProblems('node-1.zone-a')).toEqual([]);
    expect(nameProblems('Bad_Name')).toHaveLength(1);
    expect(nameProblems('')).toEqual(['must not be empty']);
    expect(nameProblems('a'.repeat(254))[0]).toContain('253');
    // Built-in kinds (strategic merge patch) have rules of their own: only URL-breaking names are refused.
    expect(objectNameProblems({ strategicMergePatch: true }, 'system:aggregate-to-view')).toEqual([]);
    expect(objectNameProblems({}, 'system:aggregate-to-view')).toHaveLength(1);
    expect(objectNameProblems({ strategicMergePatch: true }, 'a/b')).toHaveLength(1);
    expect(objectNameProblems({ strategicMergePatch: true }, '..')).toHaveLength(1);
    expect(objectNameProblems({ strategicMergePatch: true }, '100%')).toHaveLength(1);
    expect(namespaceProblems('team-a')).toEqual([]);
    expect(namespaceProblems('team.a')).toHaveLength(1);
    expect(namespaceProblems('a'.repeat(64))[0]).toContain('63');
  });
  it('throws a ValidationError naming the field before any request', () => {
    const ctx = { verb: 'get', resource: 'r' };
    expect(() => assertValidTarget({ descriptor: recommendation, namespace: 'Bad NS', name: 'ok' }, ctx)).toThrowError(ValidationError);
    try {
      assertValidTarget({ descriptor: reservation, name: '../x' }, ctx);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues[0]!.path).toBe('metadata.name');
    }
  });
});

describe('buildRequest', () => {
  it('assembles method, path with query, body and content type', () => {
    const req = buildRequest('PATCH', { descriptor: reservation, name: 'r' }, writeParams({ fieldManager: 'm' }), { verb: 'patch' }, { contentType: 'application/merge-patch+json', data: '{}' });
    expect(req).toEqual({ method: 'PATCH', path: '/apis/scheduling.koordinator.sh/v1alpha1/reservations/r?fieldManager=m', context: { verb: 'patch' }, headers: { 'content-type': 'application/merge-patch+json' }, body: '{}' });
  });
});
