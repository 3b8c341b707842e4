import { PothosValidationError } from '@pothos/core';
import { type YogaMaskedErrorOpts, maskError as yogaMaskError } from 'graphql-yoga';
import { badInput, toClientError } from '../errors.js';
import { GraphQLError } from '../graphql.js';
import type { Logger } from '../logger.js';

const isGraphQLError = (e: unknown): e is GraphQLError => e instanceof Error && e.name === 'GraphQLError';

/**
 * yoga's error masking through the error table: an error that already has a code keeps it (at
 * the path where it surfaced), a Pothos validation error is BAD_USER_INPUT, a typed database
 * error gets its code (`toClientError`), anything else is logged and masked as INTERNAL_SERVER_ERROR.
 */
export function maskErrors(logger: Logger): YogaMaskedErrorOpts['maskError'] {
  return (error, message) => {
    // Duck-typed: graphql may be loaded twice (ESM and CJS), so instanceof is not reliable.
    let original: unknown = error;
    while (isGraphQLError(original) && !original.extensions?.code && original.originalError) {
      original = original.originalError;
    }
    if (isGraphQLError(original) && original.extensions?.code) {
      return isGraphQLError(error) && error !== original
        ? new GraphQLError(original.message, { nodes: error.nodes, path: error.path, extensions: original.extensions })
        : original;
    }
    if (original instanceof PothosValidationError) return badInput(original.message);
    const known = toClientError(original);
    if (known) return known;
    logger.error({ err: original }, 'unexpected error');
    return yogaMaskError(error, message, false);
  };
}
