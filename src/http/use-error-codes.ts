import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type ErrorCode, errorResponse, httpError } from '../errors.js';

/** Codes for the bodiless 4xx responses yoga itself sends (no route, media type, Accept). */
const bodilessStatus: Record<number, [ErrorCode, string?]> = {
  404: ['NOT_FOUND'],
  406: ['BAD_REQUEST', 'The Accept header allows no format this server answers with; accept application/json.'],
  415: ['BAD_REQUEST', 'Unsupported content type: POST application/json, or GET with the query in the URL.'],
};

/** The code of an error yoga or graphql-js raised without one. */
function codeOf(error: GraphQLError): ErrorCode {
  if (error.extensions?.http) return 'BAD_REQUEST';
  return error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
}

/**
 * Give every error a code: GraphQL syntax errors GRAPHQL_PARSE_FAILED, other
 * document errors GRAPHQL_VALIDATION_FAILED, HTTP-level ones BAD_REQUEST.
 * Also: malformed JSON in GET/form `variables`/`extensions` is a 400 (not a
 * masked 500), and the 4xx responses yoga sends without a body get a coded one.
 */
export function useErrorCodes(): Plugin {
  const withCode = (error: GraphQLError) => {
    if (!error.extensions?.code) Object.assign(error.extensions ?? {}, { code: codeOf(error) });
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
          if (error instanceof SyntaxError)
            throw httpError('BAD_REQUEST', `Invalid JSON in the request: ${error.message}`);
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
      const [code, message] = known;
      setResponse(errorResponse(code, message, {}, { status: response.status, headers: response.headers }));
    },
  };
}
