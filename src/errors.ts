import { DbAuthError, DbConstraintError, DbTimeoutError, DbUnavailableError } from './db/errors.js';
import { GraphQLError } from './graphql.js';

/**
 * Every error code a client can see (in `errors[].extensions.code`), and the one place that decides
 * it: the HTTP status a response carries when this error ends the request on its own (for a client
 * accepting `application/json`; with `application/graphql-response+json`, yoga answers document
 * errors with 400; errors raised while resolving fields arrive in a 200 answer beside the data),
 * the message when the producer has nothing more precise to say, and when the code applies.
 * The README's error table is this one.
 */
export const errorCodes = {
  BAD_REQUEST: {
    status: 400,
    message: 'The request is malformed.',
    when: 'HTTP-level problems: malformed JSON or variables that do not fit their types (400), a media type (415) or Accept (406) the server does not speak (or a result that Accept: text/csv or application/x-bibtex cannot be written as, `extensions.header` naming it), more operations in a batch than LIMIT_BATCH (413), a batch entry that is not an operation',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: 'The request body is larger than allowed.',
    when: 'a body over LIMIT_BODY_BYTES, declared (Content-Length) or streamed (`limit: "bodyBytes"`)',
  },
  NOT_FOUND: {
    status: 404,
    message: 'Nothing here: GraphQL is served at /graphql.',
    when: 'an unknown URL path (404); an unknown id in a lookup (in a 200 answer, the field null)',
  },
  GRAPHQL_PARSE_FAILED: {
    status: 200,
    message: 'The document is not valid GraphQL.',
    when: 'a syntax error in the document',
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 200,
    message: 'The document does not match the schema.',
    when: 'a document the schema rejects: an unknown field, a missing argument, a wrong type (a bad literal value names its argument in `extensions.argument`)',
  },
  OPERATION_RESOLUTION_FAILURE: {
    status: 400,
    message: 'No operation with that name in the document.',
    when: 'an `operationName` the document does not define (set by graphql-yoga)',
  },
  QUERY_TOO_COMPLEX: {
    status: 200,
    message: 'The query is over a request limit.',
    when: 'a request over one of the limits below, named in `extensions.limit` with its `max`; nothing runs',
  },
  BAD_USER_INPUT: {
    status: 200,
    message: 'An argument is invalid.',
    when: 'an argument out of range or malformed (`extensions.argument` names it), a write that conflicts with existing data',
  },
  UNAUTHENTICATED: {
    status: 200,
    message: 'This mutation needs a write token: send `Authorization: Bearer <token>`.',
    when: 'a mutation without a bearer token',
  },
  FORBIDDEN: {
    status: 200,
    message: 'The bearer token is not a valid write token.',
    when: 'a mutation with a wrong token, or on a server with writes disabled',
  },
  DB_UNAVAILABLE: {
    status: 200,
    message: 'The graph database is unavailable right now; try again shortly.',
    when: 'Neo4j cannot be reached, refuses the credentials, or stays busy after the retries (`DbUnavailableError`, `DbAuthError`)',
  },
  DB_TIMEOUT: {
    status: 200,
    message: 'The query ran past its time limit; narrow it (smaller maxDepth or first) and retry.',
    when: 'a Cypher transaction ran past NEO4J_TX_TIMEOUT_MS (`DbTimeoutError`)',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: 200,
    message:
      'No persisted operation with that id: send the document (APQ registers it) or use an id from operations.json.',
    when: 'an APQ `sha256Hash` or a `documentId` neither in the manifest nor registered (APQ clients then resend with the query)',
  },
  PERSISTED_QUERY_REQUIRED: {
    status: 400,
    message:
      'This server only runs persisted operations (PERSISTED_OPERATIONS=only): send a documentId or an APQ hash.',
    when: 'a document sent as text to a server with PERSISTED_OPERATIONS=only, or an APQ registration there',
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    message: 'Unexpected error.',
    when: 'anything else: masked, logged server-side, never shown',
  },
} as const satisfies Record<string, { status: number; message: string; when: string }>;

/** The error codes clients can rely on. */
export type ErrorCode = keyof typeof errorCodes;

/**
 * The request limits a QUERY_TOO_COMPLEX (or PAYLOAD_TOO_LARGE, for `bodyBytes`) names in
 * `extensions.limit`, with what each one counts.
 */
export const requestLimits = {
  nesting: 'brackets ((), [], {}) nested in the document, checked before parsing',
  tokens: 'tokens in the document (LIMIT_TOKENS)',
  depth: 'selection nesting, fragments flattened (LIMIT_DEPTH)',
  aliases: 'aliases in the document (LIMIT_ALIASES)',
  directives: 'directives in the document (LIMIT_DIRECTIVES)',
  cost: 'the estimated cost of the operation (LIMIT_COST): page sizes, traversal depths and list bounds multiplied down the selection',
  bodyBytes: 'bytes in the request body (LIMIT_BODY_BYTES)',
} as const;

export type RequestLimit = keyof typeof requestLimits;

/** A coded error inside a GraphQL result (answered with data, status 200). */
export const coded = (
  code: ErrorCode,
  message: string = errorCodes[code].message,
  extra: Record<string, unknown> = {},
) => new GraphQLError(message, { extensions: { code, ...extra } });

/** A coded error that ends the request with the code's HTTP status (yoga reads and strips `extensions.http`). */
export const httpError = (
  code: ErrorCode,
  message: string = errorCodes[code].message,
  extra: Record<string, unknown> = {},
) => new GraphQLError(message, { extensions: { code, ...extra, http: { status: errorCodes[code].status } } });

/** A whole JSON response for one coded error, for the few answers sent before yoga builds one. */
export function errorResponse(
  code: ErrorCode,
  message: string = errorCodes[code].message,
  extra: Record<string, unknown> = {},
  init: { status?: number; headers?: Headers } = {},
): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }), {
    status: init.status ?? errorCodes[code].status,
    headers,
  });
}

export const notFound = (message: string) => coded('NOT_FOUND', message);
export const badInput = (message: string, extra?: Record<string, unknown>) => coded('BAD_USER_INPUT', message, extra);
export const unauthenticated = (message: string) => coded('UNAUTHENTICATED', message);
export const forbidden = (message: string) => coded('FORBIDDEN', message);

/** A request over a limit: QUERY_TOO_COMPLEX naming the limit and its maximum (`extra`: e.g. the measured cost). */
export const tooComplex = (limit: RequestLimit, max: number, message: string, extra: Record<string, unknown> = {}) =>
  coded('QUERY_TOO_COMPLEX', message, { limit, max, ...extra });

/** The typed errors (from src/db/errors.ts) a client may see, and the code and message each becomes. */
const typedErrors: [abstract new (...args: never[]) => Error, ErrorCode, string?][] = [
  [DbUnavailableError, 'DB_UNAVAILABLE'],
  [DbAuthError, 'DB_UNAVAILABLE'],
  [DbTimeoutError, 'DB_TIMEOUT'],
  [
    DbConstraintError,
    'BAD_USER_INPUT',
    'The write conflicts with existing data (an id is already taken); check the ids and retry.',
  ],
];

/**
 * Turns typed errors into coded GraphQLErrors; undefined for anything unexpected (which the
 * caller masks as INTERNAL_SERVER_ERROR with a generic message, logged server-side, never shown).
 */
export function toClientError(error: unknown): GraphQLError | undefined {
  const match = typedErrors.find(([type]) => error instanceof type);
  return match && coded(match[1], match[2]);
}

/** Why a caller may not write: writes disabled, no token, or a wrong one. */
export function writeDenied(ctx: { writesEnabled: boolean; presentedToken: boolean }): GraphQLError {
  if (!ctx.writesEnabled)
    return forbidden('Writes are disabled: no write token is configured on this server (PAPERGRAPH_WRITE_TOKENS).');
  if (!ctx.presentedToken) return coded('UNAUTHENTICATED');
  return coded('FORBIDDEN');
}
