import { describe, expect, it } from 'vitest';
import { renderTokenAuthFile } from '../../../src/envtest/token-auth-file.js';

describe('renderTokenAuthFile', () => {
  it('writes token,user,uid,"groups" lines', () => {
    expect(
      renderTokenAuthFile([
        { token: 'tok-1', user: 'alice', uid: 'u1', groups: ['system:masters', 'dev'] },
        { token: 'tok-2', user: 'bob', uid: 'u2' },
        { token: 'tok-3', user: 'c,d', uid: 'u"3', groups: ['g'] },
      ]),
    ).toBe('tok-1,alice,u1,"system:masters,dev"\ntok-2,bob,u2\ntok-3,"c,d","u""3",g\n');
    expect(renderTokenAuthFile([])).toBe('');
  });

  it('rejects bad tokens without echoing them', () => {
    for (const token of ['', 'has space', 'a,b', 'q"x', 'line\nbreak']) {
      let message = '';
      try {
        renderTokenAuthFile([{ token, user: 'alice', uid: '1' }]);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toContain('alice');
      if (token) expect(message).not.toContain(token);
    }
  });

  it('rejects duplicate tokens, empty users and groups with commas', () => {
    expect(() => renderTokenAuthFile([{ token: 'secret-dup', user: 'a', uid: '1' }, { token: 'secret-dup', user: 'b', uid: '2' }])).toThrow(/more than one user/);
    expect(() => renderTokenAuthFile([{ token: 't', user: '', uid: '1' }])).toThrow(/user name/);
    expect(() => renderTokenAuthFile([{ token: 't', user: 'a', uid: '1', groups: ['x,y'] }])).toThrow(/group/);
  });
});
