import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Limits } from './config.js';

/** Tag an armor rejection so clients get a code and know which limit tripped. */
const tag = (limit: string, max: number) => ({
  exposeLimits: true,
  onReject: [
    (_ctx: unknown, error: GraphQLError) => {
      Object.assign(error.extensions, { code: 'QUERY_TOO_COMPLEX', limit, max });
    },
  ],
});

/**
 * Request limits from graphql-armor (depth, cost, aliases, tokens, directives;
 * field suggestions blocked so the schema cannot be guessed when introspection
 * is off) plus a body-size check. Page size (`first` ≤ 100) and traversal depth
 * (`maxDepth` ≤ 10) are checked by the fields themselves.
 */
export function limitPlugins(limits: Limits): Plugin[] {
  return [
    useBodyLimit(limits.bodyBytes),
    maxTokensPlugin({ n: limits.tokens, ...tag('tokens', limits.tokens) }),
    maxDepthPlugin({
      n: limits.depth,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...tag('depth', limits.depth),
    }),
    maxAliasesPlugin({ n: limits.aliases, ...tag('aliases', limits.aliases) }),
    maxDirectivesPlugin({ n: limits.directives, ...tag('directives', limits.directives) }),
    costLimitPlugin({ maxCost: limits.cost, ignoreIntrospection: true, ...tag('cost', limits.cost) }),
    blockFieldSuggestionsPlugin(),
    useErrorCodes(),
  ] as Plugin[];
}

/** 413 with a coded JSON body when the declared body is larger than allowed. */
function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > maxBytes) {
        endResponse(
          new Response(
            JSON.stringify({
              errors: [
                {
                  message: `Request body of ${length} bytes is larger than the limit of ${maxBytes} bytes.`,
                  extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'bodyBytes', max: maxBytes },
                },
              ],
            }),
            { status: 413, headers: { 'content-type': 'application/json' } },
          ),
        );
      }
    },
  };
}

/**
 * Give every error a code: GraphQL syntax errors GRAPHQL_PARSE_FAILED, other
 * document errors GRAPHQL_VALIDATION_FAILED, HTTP-level ones BAD_REQUEST.
 */
function useErrorCodes(): Plugin {
  const withCode = (error: GraphQLError) => {
    if (error.extensions?.code) return error;
    const code = error.extensions?.http
      ? 'BAD_REQUEST'
      : error.message.startsWith('Syntax Error')
        ? 'GRAPHQL_PARSE_FAILED'
        : 'GRAPHQL_VALIDATION_FAILED';
    Object.assign(error.extensions ?? {}, { code });
    return error;
  };
  return {
    onResultProcess({ result }) {
      for (const r of Array.isArray(result) ? result : [result]) {
        if (r && typeof r === 'object' && 'errors' in r && Array.isArray(r.errors)) r.errors.forEach(withCode);
      }
    },
  };
}
