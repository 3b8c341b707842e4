import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { type DocumentNode, GraphQLError } from 'graphql';
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
    useNestingLimit(MAX_NESTING),
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
    useErrorCodes(limits.bodyBytes),
  ] as Plugin[];
}

/**
 * Deepest bracket nesting a document may have. The parser, validation and the
 * armor plugins all recurse per level: `[[[…]]]` a thousand deep (within the
 * token limit) overflows the stack, which is a masked 500. Depth ≤ 12 selections
 * and the schema's own lists need far less.
 */
export const MAX_NESTING = 64;

/** Deepest nesting of (), [] and {} in a GraphQL document outside strings and comments; stops counting past `stopAt`. */
export function nestingDepth(source: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length && max <= stopAt; i++) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (source.startsWith('"""', i)) {
      i += 3;
      while (i < source.length && !source.startsWith('"""', i)) i += source.startsWith('\\"""', i) ? 4 : 1;
      i += 2;
    } else if (c === '"') {
      for (i++; i < source.length && source[i] !== '"' && source[i] !== '\n'; i++) if (source[i] === '\\') i++;
    } else if (c === '{' || c === '[' || c === '(') {
      max = Math.max(max, ++depth);
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
    }
  }
  return max;
}

/** QUERY_TOO_COMPLEX before parsing when the document nests deeper than `max`. */
function useNestingLimit(max: number): Plugin {
  return {
    onParams({ params, setResult }) {
      if (typeof params?.query !== 'string' || nestingDepth(params.query, max) <= max) return;
      setResult({
        errors: [
          new GraphQLError(`Brackets nest deeper than the limit of ${max}.`, {
            extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'nesting', max },
          }),
        ],
      });
    },
  };
}

/**
 * yoga's parse caches (documents and parse errors, by source text) with a budget
 * in characters instead of yoga's 1,024 entries: a parsed document costs up to
 * ~250 bytes per character (a token every two), so 1,024 documents of 2,000
 * tokens pinned ~1 GB. Documents over `maxChars` are not cached; the least
 * recently used go first. Worst case ≈ `budgetChars` × 250 bytes (64 MB).
 */
export function documentCaches(budgetChars = 262_144, maxChars = 8_192) {
  const lru = <T>() => {
    const entries = new Map<string, T>();
    let chars = 0;
    return {
      get(key: string): T | undefined {
        const value = entries.get(key);
        if (value !== undefined) {
          entries.delete(key);
          entries.set(key, value);
        }
        return value;
      },
      set(key: string, value: T) {
        if (key.length > maxChars || entries.has(key)) return;
        entries.set(key, value);
        chars += key.length;
        for (const oldest of entries.keys()) {
          if (chars <= budgetChars) break;
          entries.delete(oldest);
          chars -= oldest.length;
        }
      },
    };
  };
  return { documentCache: lru<DocumentNode>(), errorCache: lru<unknown>() };
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

/** A coded HTTP-level error (yoga answers with `extensions.http.status` and strips `http` from the body). */
const httpError = (status: number, message: string, code = 'BAD_REQUEST') =>
  new GraphQLError(message, { extensions: { code, http: { status } } });

/** Codes for the bodiless 4xx responses yoga itself sends (no route, media type, Accept). */
const bodilessStatus: Record<number, [string, string]> = {
  404: ['NOT_FOUND', 'Nothing here: GraphQL is served at /graphql.'],
  406: ['BAD_REQUEST', 'The Accept header allows no format this server answers with; accept application/json.'],
  415: ['BAD_REQUEST', 'Unsupported content type: POST application/json, or GET with the query in the URL.'],
};

/**
 * Give every error a code: GraphQL syntax errors GRAPHQL_PARSE_FAILED, other
 * document errors GRAPHQL_VALIDATION_FAILED, HTTP-level ones BAD_REQUEST.
 * Also: malformed JSON in GET/form `variables`/`extensions` is a 400 (not a
 * masked 500), a streamed body over the limit is PAYLOAD_TOO_LARGE like a
 * declared one, and the 4xx responses yoga sends without a body get a coded one.
 */
function useErrorCodes(maxBytes: number): Plugin {
  const withCode = (error: GraphQLError) => {
    if (error.extensions?.code === 'REQUEST_ENTITY_TOO_LARGE') {
      Object.assign(error.extensions, { code: 'PAYLOAD_TOO_LARGE', limit: 'bodyBytes', max: maxBytes });
    }
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
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      const parse = requestParser;
      setRequestParser(async (request) => {
        try {
          return await parse(request);
        } catch (error) {
          // yoga JSON.parses `variables` and `extensions` of GET and form requests unguarded.
          if (error instanceof SyntaxError) throw httpError(400, `Invalid JSON in the request: ${error.message}`);
          throw error;
        }
      });
    },
    onResultProcess({ result }) {
      for (const r of Array.isArray(result) ? result : [result]) {
        if (r && typeof r === 'object' && 'errors' in r && Array.isArray(r.errors)) r.errors.forEach(withCode);
      }
    },
    onResponse({ request, response, setResponse }) {
      const known = bodilessStatus[response.status];
      if (!known || request.method === 'HEAD' || response.headers.get('content-type')) return;
      const headers = new Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      const [code, message] = known;
      setResponse(
        new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
          status: response.status,
          headers,
        }),
      );
    },
  };
}
