import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput } from '../errors.js';

const readable = /^[a-z][a-z0-9-]*:\S+$/;

/**
 * Accept either a readable key (`arxiv:2303.08774`, `technique:rlhf`) or a
 * Relay global id for `typename`, and return the readable key.
 */
export function keyFrom(id: string, typename: string): string {
  if (readable.test(id)) return id;
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(id);
  } catch {
    throw badInput(`"${id}" is neither a readable id (like "arxiv:2303.08774") nor a global id.`);
  }
  if (decoded.typename !== typename) {
    throw badInput(`"${id}" is the global id of a ${decoded.typename || 'unknown type'}, not of a ${typename}.`);
  }
  return decoded.id;
}
