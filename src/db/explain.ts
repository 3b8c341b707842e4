import { toPlain } from './convert.js';

/** Query parameters as plain JSON (driver Integers become numbers) for explain output. */
export function toPlainParams(params: Record<string, unknown>): Record<string, unknown> {
  return toPlain(params) as Record<string, unknown>;
}
