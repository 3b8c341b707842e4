import { GraphQLError } from 'graphql';
import { DbAuthError, DbConstraintError, DbTimeoutError, DbUnavailableError } from './db/errors.js';

/** The error codes clients can rely on (in `errors[].extensions.code`). */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'DB_UNAVAILABLE'
  | 'DB_TIMEOUT'
  | 'INTERNAL_SERVER_ERROR';

export const coded = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extra } });

export const notFound = (message: string) => coded('NOT_FOUND', message);
export const badInput = (message: string, extra?: Record<string, unknown>) => coded('BAD_USER_INPUT', message, extra);
export const unauthenticated = (message: string) => coded('UNAUTHENTICATED', message);
export const forbidden = (message: string) => coded('FORBIDDEN', message);

/**
 * Turns typed errors into coded GraphQLErrors; anything unexpected becomes
 * INTERNAL_SERVER_ERROR with a generic message (logged server-side, never shown).
 */
export function toClientError(error: unknown): GraphQLError | undefined {
  if (error instanceof DbUnavailableError || error instanceof DbAuthError) {
    return coded('DB_UNAVAILABLE', 'The graph database is unavailable right now; try again shortly.');
  }
  if (error instanceof DbTimeoutError) {
    return coded('DB_TIMEOUT', 'The query ran past its time limit; narrow it (smaller maxDepth or first) and retry.');
  }
  if (error instanceof DbConstraintError) {
    return badInput('The write conflicts with existing data (an id is already taken); check the ids and retry.');
  }
  return undefined;
}

/** Why a caller may not write: writes disabled, no token, or a wrong one. */
export function writeDenied(ctx: { writesEnabled: boolean; presentedToken: boolean }): GraphQLError {
  if (!ctx.writesEnabled)
    return forbidden('Writes are disabled: no write token is configured on this server (PAPERGRAPH_WRITE_TOKENS).');
  if (!ctx.presentedToken)
    return unauthenticated('This mutation needs a write token: send `Authorization: Bearer <token>`.');
  return forbidden('The bearer token is not a valid write token.');
}
