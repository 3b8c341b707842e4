import { CSRF_HEADERS } from './use-csrf.js';
import { type PersistedSources, persistedDocument, persistedOperationId } from './use-persisted-operations.js';

/**
 * Which requests the response cache may answer in yoga's onRequest, before yoga reads the params
 * (src/http/use-response-cache.ts). On a hit this skips yoga's request parsing, every plugin's
 * onParams and the result processing — most of a hit's time (README "Hits before parsing").
 *
 * Only the plain shapes a dashboard sends, to `/graphql`, with `Accept` absent, `*∕*` or
 * `application/json` (answered as `application/json; charset=utf-8`, as yoga answers them) and no
 * explain header:
 * - `POST` with `Content-Type: application/json`, a declared length (larger bodies were already
 *   refused by useBodyLimit) and no query string;
 * - `GET` with no `Content-Type` and no query parameter but `query`, `operationName`, `variables`,
 *   `extensions` and `documentId` (so no `explain`, no `format`); a document sent as text must come
 *   with a CSRF header (`x-papergraph-csrf` or `x-graphql-yoga-csrf`), as useCsrf demands of it.
 * Either names one operation: a document, or (unless PERSISTED_OPERATIONS=off) a `documentId` or APQ
 * hash found in the manifest or, with PERSISTED_OPERATIONS=allow, among the APQ registrations, without
 * a document — no batch, no registration (a hash with its document: the onParams hooks' work). With
 * PERSISTED_OPERATIONS=only a document sent as text is left to yoga, which refuses it. Anything
 * else, and every miss, goes through yoga as before; the checks that a hit skips (parsing,
 * validation, limits, CSRF) were passed when the answer was stored under this very key — the key of
 * the document an id names is that document's (a registration was checked against its hash) — as
 * for a hit found in onParams. (A mutation sent by GET never matches a key: only query answers are
 * stored.)
 */

/** The persisted-operation settings the early lookup honours (ids resolve as the persisted-operation plugins resolve them). */
export type EarlyPersisted = PersistedSources;

export interface EarlyParams {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

const JSON_TYPE = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;
const PLAIN_ACCEPT = /^(?:\*\/\*|application\/json)$/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The query parameters a GET may carry and still be answered early. */
const GET_PARAMS = new Set(['query', 'operationName', 'variables', 'extensions', 'documentId']);

/** True when the request has one of the shapes above (headers and URL only; nothing read yet). */
export function earlyCandidate(request: Request, url: URL): boolean {
  if (url.pathname !== '/graphql') return false;
  const headers = request.headers;
  const accept = headers.get('accept');
  if (accept !== null && !PLAIN_ACCEPT.test(accept.trim())) return false; // CSV and BibTeX are excluded here
  if (headers.has('x-papergraph-explain')) return false;
  if (request.method === 'POST') {
    return url.search === '' && JSON_TYPE.test(headers.get('content-type') ?? '') && headers.has('content-length');
  }
  if (request.method !== 'GET' || headers.has('content-type')) return false;
  for (const name of url.searchParams.keys()) if (!GET_PARAMS.has(name)) return false;
  return true;
}

/** A GET's parameters as yoga reads them (empty = absent; variables and extensions are JSON), or undefined if not JSON. */
function getParams(request: Request, url: URL): Record<string, unknown> | undefined {
  const get = (name: string) => url.searchParams.get(name) || undefined;
  try {
    const [variables, extensions] = [get('variables'), get('extensions')].map((v) => (v ? JSON.parse(v) : undefined));
    const params = { query: get('query'), operationName: get('operationName'), variables, extensions };
    // A document as text needs the CSRF header useCsrf asks for; without it yoga answers 403.
    if (params.query !== undefined && !CSRF_HEADERS.some((name) => request.headers.has(name))) return undefined;
    return { ...params, documentId: get('documentId') };
  } catch {
    return undefined;
  }
}

/**
 * The operation a candidate's body (a GET: its query parameters) names, or undefined (yoga handles
 * it). A POST body is read with `request.json()`: yoga's Request (@whatwg-node/node-fetch) keeps
 * what was read, so yoga's own parser gets the same value again when the request goes on (the
 * integration tests cover every miss going that way). A body that is not JSON is left for yoga to
 * reject with its own error.
 */
export async function earlyParams(
  request: Request,
  url: URL,
  persisted: EarlyPersisted,
): Promise<EarlyParams | undefined> {
  let body: unknown;
  try {
    body = request.method === 'GET' ? getParams(request, url) : await request.json();
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const query = await documentOf(body, request, persisted);
  if (query === undefined) return undefined;
  const { operationName = null, variables = null } = body;
  if (operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== null && !isRecord(variables)) return undefined;
  return { query, operationName, variables };
}

/** The document a body sends or names by id, as the persisted-operations plugins would resolve it. */
async function documentOf(
  body: Record<string, unknown>,
  request: Request,
  persisted: EarlyPersisted,
): Promise<string | undefined> {
  const named = body.extensions != null || body.documentId != null;
  if (!named) return persisted.mode !== 'only' && typeof body.query === 'string' ? body.query : undefined;
  if (persisted.mode === 'off' || body.query != null) return undefined;
  // Only a request naming nothing but a persisted operation (APQ clients send `extensions` for that alone).
  const extensions = body.extensions;
  if (extensions != null && (!isRecord(extensions) || Object.keys(extensions).some((k) => k !== 'persistedQuery'))) {
    return undefined;
  }
  const id = persistedOperationId(body, request);
  if (!id) return undefined;
  // An id the registry does not know goes on to yoga, which asks again and answers PERSISTED_QUERY_NOT_FOUND.
  return persistedDocument(persisted, id);
}
