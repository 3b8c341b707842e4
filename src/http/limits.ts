import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Limits } from '../config.js';
import { type RequestLimit, tooComplex } from '../errors.js';
import { useBodyLimit } from './use-body-limit.js';
import { useCostLimit } from './use-cost-limit.js';
import { useErrorCodes } from './use-error-codes.js';
import { useNestingLimit } from './use-nesting-limit.js';

/** Code an armor rejection through the error table: QUERY_TOO_COMPLEX, the limit that tripped and its max. */
const coded = (limit: RequestLimit, max: number) => ({
  exposeLimits: true,
  onReject: [
    (_ctx: unknown, error: GraphQLError) => {
      Object.assign(error.extensions, tooComplex(limit, max, error.message).extensions);
    },
  ],
});

/**
 * Every request limit, in the order they apply: body size (before reading it), bracket nesting
 * (before parsing), graphql-armor's tokens, depth, aliases and directives (while validating; field
 * suggestions blocked so the schema cannot be guessed when introspection is off), the cost of the
 * operation (before executing: it depends on the variables), and the plugin that codes whatever
 * yoga or graphql-js reject without one. Argument ranges (`first` ≤ 100, `maxDepth` ≤ 10) are
 * checked by the fields' own argument validation.
 */
export function limitPlugins(limits: Limits): Plugin[] {
  return [
    useBodyLimit(limits.bodyBytes),
    useNestingLimit(),
    maxTokensPlugin({ n: limits.tokens, ...coded('tokens', limits.tokens) }),
    maxDepthPlugin({
      n: limits.depth,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...coded('depth', limits.depth),
    }),
    maxAliasesPlugin({ n: limits.aliases, ...coded('aliases', limits.aliases) }),
    maxDirectivesPlugin({ n: limits.directives, ...coded('directives', limits.directives) }),
    blockFieldSuggestionsPlugin(),
    useCostLimit(limits.cost),
    useErrorCodes(limits.bodyBytes),
  ] as Plugin[];
}
