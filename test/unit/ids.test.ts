import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { keyFrom, keyOrNull } from '../../src/schema/ids.js';

describe('ids: readable keys and Relay global ids', () => {
  const global = encodeGlobalID('Technique', 'technique:rlhf');

  it('keyFrom accepts a readable key or a global id of the type', () => {
    expect(keyFrom('technique:rlhf', 'Technique')).toBe('technique:rlhf');
    expect(keyFrom(global, 'Technique')).toBe('technique:rlhf');
    expect(keyFrom(encodeGlobalID('Paper', 'arxiv:2303.08774'), 'Paper')).toBe('arxiv:2303.08774');
  });

  it('keyFrom refuses anything else with a coded error', () => {
    expect(() => keyFrom('RLHF', 'Technique')).toThrow(/"RLHF" is neither a readable id .* nor a global id/);
    expect(() => keyFrom(encodeGlobalID('Paper', 'arxiv:1'), 'Technique')).toThrow(
      /is the global id of a Paper, not of a Technique/,
    );
    for (const text of ['', '!!', encodeGlobalID('Technique', ''), Buffer.from('1abc:x').toString('base64')]) {
      try {
        keyFrom(text, 'Technique');
        expect.unreachable(text);
      } catch (error) {
        expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
      }
    }
  });

  it('keyOrNull answers the same key, or null for names and other types', () => {
    expect(keyOrNull('technique:rlhf', 'Technique')).toBe('technique:rlhf');
    expect(keyOrNull(global, 'Technique')).toBe('technique:rlhf');
    for (const text of ['RLHF', 'PPO', 'chain-of-thought', 'GPT-4', encodeGlobalID('Paper', 'arxiv:1')]) {
      expect(keyOrNull(text, 'Technique'), text).toBeNull();
    }
  });
});
