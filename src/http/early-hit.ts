import type { PersistedOperationsConfig } from '../config.js';
import type { Manifest } from '../persisted/manifest.js';
import { persistedOperationId } from './use-persisted-operations.js';

/**
 * Which requests the response cache may answer in yoga's onRequest, before yoga reads the params
 * (src/http/use-response-cache.ts). On a hit this skips yoga's request parsing, every plugin's
 * onParams and the result processing — most of a hit's time (README "Hits before parsing").
 *
 * Only the plain shape a dashboard sends: `POST /graphql`, `Content-Type: application/json`, a
 * declared length (larger bodies were already refused by useBodyLimit), `Accept` absent, `*∕*` or
 * `application/json` (answered as `application/json; charset=utf-8`, as yoga answers them), no
 * query string and no explain header, and a body that is one operation: a document, or (unless
 * PERSISTED_OPERATIONS=off) a `documentId` or APQ hash found in the manifest, without a document —
 * no batch, no registration (a hash with its document), no id only the APQ registry knows (those are
 * onParams hooks' work). With PERSISTED_OPERATIONS=only a document sent as text is left to yoga, which
 * refuses it. Anything else, and every miss, goes through yoga as before; the checks that a hit skips
 * (parsing, validation, limits) were passed when the answer was stored under this very key — the
 * key of the document an id names is that document's — as for a hit found in onParams.
 */

/** The persisted-operation settings the early lookup honours. */
export interface EarlyPersisted {
  mode: PersistedOperationsConfig['mode'];
  manifest: Manifest;
}

export interface EarlyParams {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

const JSON_TYPE = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;
const PLAIN_ACCEPT = /^(?:\*\/\*|application\/json)$/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** True when the request has the shape above (headers and URL only; nothing read yet). */
export function earlyCandidate(request: Request, pathname: string, search: string): boolean {
  if (request.method !== 'POST' || pathname !== '/graphql' || search !== '') return false;
  const headers = request.headers;
  if (!JSON_TYPE.test(headers.get('content-type') ?? '') || !headers.has('content-length')) return false;
  const accept = headers.get('accept');
  if (accept !== null && !PLAIN_ACCEPT.test(accept.trim())) return false;
  return !headers.has('x-papergraph-explain'); // CSV and BibTeX were excluded with the Accept header
}

/**
 * The operation a candidate's body names, or undefined (yoga handles it). The body is read with
 * `request.json()`: yoga's Request (@whatwg-node/node-fetch) keeps what was read, so yoga's own
 * parser gets the same value again when the request goes on (the integration tests cover every
 * miss going that way). A body that is not JSON is left for yoga to reject with its own error.
 */
export async function earlyParams(request: Request, persisted: EarlyPersisted): Promise<EarlyParams | undefined> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const query = documentOf(body, request, persisted);
  if (query === undefined) return undefined;
  const { operationName = null, variables = null } = body;
  if (operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== null && !isRecord(variables)) return undefined;
  return { query, operationName, variables };
}

/** The document a body sends or names by a manifest id, as the persisted-operations plugins would resolve it. */
function documentOf(body: Record<string, unknown>, request: Request, persisted: EarlyPersisted): string | undefined {
  const named = body.extensions != null || body.documentId != null;
  if (!named) return persisted.mode !== 'only' && typeof body.query === 'string' ? body.query : undefined;
  if (persisted.mode === 'off' || body.query != null) return undefined;
  // Only a request naming nothing but a persisted operation (APQ clients send `extensions` for that alone).
  const extensions = body.extensions;
  if (extensions != null && (!isRecord(extensions) || Object.keys(extensions).some((k) => k !== 'persistedQuery'))) {
    return undefined;
  }
  const id = persistedOperationId(body, request);
  return id ? persisted.manifest[id] : undefined;
}
