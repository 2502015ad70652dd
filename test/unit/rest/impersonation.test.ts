import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/rest/errors.js';
import { escapeExtraKey, impersonationHeaders } from '../../../src/rest/auth/impersonation.js';

describe('impersonationHeaders', () => {
  it('maps user, uid, groups and extra; nothing without impersonation', () => {
    expect(impersonationHeaders(undefined)).toEqual({});
    expect(impersonationHeaders({})).toEqual({});
    expect(impersonationHeaders({ user: 'system:serviceaccount:ns:sa', uid: '42', groups: ['g1', 'g2'], extra: { reason: ['debug'], empty: [] } })).toEqual({
      'impersonate-user': 'system:serviceaccount:ns:sa',
      'impersonate-uid': '42',
      'impersonate-group': ['g1', 'g2'],
      'impersonate-extra-reason': ['debug'],
    });
  });

  it('refuses uid, groups or extra without a user instead of silently dropping them', () => {
    expect(() => impersonationHeaders({ groups: ['a'] })).toThrowError(ConfigError);
    expect(() => impersonationHeaders({ uid: '1' })).toThrowError(/require a user/);
    expect(() => impersonationHeaders({ extra: { k: ['v'] } })).toThrowError(ConfigError);
  });

  it('percent-escapes extra keys that are not legal header names (client-go headerKeyEscape)', () => {
    expect(escapeExtraKey('scopes.example.com/role')).toBe('scopes.example.com%2Frole');
    expect(escapeExtraKey('100%')).toBe('100%25');
    expect(escapeExtraKey('ü')).toBe('%C3%BC');
    expect(escapeExtraKey("a-b_c.d~e!#$&'*+^`|")).toBe("a-b_c.d~e!#$&'*+^`|");
  });
});
