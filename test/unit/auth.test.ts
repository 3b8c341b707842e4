import { describe, expect, it } from 'vitest';
import { bearerToken, isWriteToken } from '../../src/auth.js';

describe('bearer tokens', () => {
  it('reads the token of an Authorization header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });

  it('matches only configured tokens', () => {
    const allowed = ['first-token-0000000', 'second-token-000000'];
    expect(isWriteToken('second-token-000000', allowed)).toBe(true);
    expect(isWriteToken('second-token-00000', allowed)).toBe(false);
    expect(isWriteToken(undefined, allowed)).toBe(false);
    expect(isWriteToken('anything', [])).toBe(false);
  });
});
