import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput } from '../errors.js';

const readable = /^[a-z][a-z0-9-]*:\S+$/;
/** What a Relay global id decodes to: `Typename:id`. */
const globalIdText = /^[A-Z_a-z]\w*:./;

/**
 * The type and key a Relay global id names, or undefined when `id` is not one. Most texts that are
 * neither are names ("RLHF"), told apart here without the exception (an error with its stack) that
 * decodeGlobalID throws for them; what passes is decoded by decodeGlobalID itself.
 */
function decodeGlobal(id: string): { typename: string; id: string } | undefined {
  if (!globalIdText.test(Buffer.from(id, 'base64').toString())) return undefined;
  try {
    return decodeGlobalID(id);
  } catch {
    return undefined;
  }
}

/**
 * Accept either a readable key (`arxiv:2303.08774`, `technique:rlhf`) or a
 * Relay global id for `typename`, and return the readable key.
 */
export function keyFrom(id: string, typename: string): string {
  if (readable.test(id)) return id;
  const decoded = decodeGlobal(id);
  if (!decoded) throw badInput(`"${id}" is neither a readable id (like "arxiv:2303.08774") nor a global id.`);
  if (decoded.typename !== typename) {
    throw badInput(`"${id}" is the global id of a ${decoded.typename || 'unknown type'}, not of a ${typename}.`);
  }
  return decoded.id;
}

/** The readable key `id` names for `typename` (as keyFrom), or null when it names none (it may be a name). */
export function keyOrNull(id: string, typename: string): string | null {
  if (readable.test(id)) return id;
  const decoded = decodeGlobal(id);
  return decoded?.typename === typename ? decoded.id : null;
}
