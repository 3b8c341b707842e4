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

/** What to change when an armor limit trips, after its own "… limit of N exceeded, found M." */
const fixes: Partial<Record<RequestLimit, string>> = {
  tokens: 'Send a shorter document: fewer fields, arguments and fragments.',
  depth: 'Nest fewer selections; fetch deeper objects in a follow-up query by id.',
  aliases: 'Use fewer aliases; send several requests instead.',
  directives: 'Use fewer directives.',
};

/**
 * Code an armor rejection through the error table: QUERY_TOO_COMPLEX, the limit that tripped and
 * its max. graphql-armor words its rejections as "Syntax Error: …", which they are not: the prefix
 * goes and a fix follows.
 */
const coded = (limit: RequestLimit, max: number) => ({
  exposeLimits: true,
  onReject: [
    (_ctx: unknown, error: GraphQLError) => {
      const message = `${error.message.replace(/^Syntax Error: /, '')} ${fixes[limit] ?? ''}`.trim();
      Object.defineProperty(error, 'message', { value: message, writable: true, configurable: true });
      Object.assign(error.extensions, tooComplex(limit, max, message).extensions);
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
    useErrorCodes(),
  ] as Plugin[];
}
