import { formatOf } from './use-result-format.js';

/**
 * Which requests the response cache may answer in yoga's onRequest, before yoga reads the params
 * (src/http/use-response-cache.ts). On a hit this skips yoga's request parsing, every plugin's
 * onParams and the result processing — about half of a hit's time in the dashboard benchmark.
 *
 * Only the plain shape a dashboard sends: `POST /graphql`, `Content-Type: application/json`, a
 * declared length (larger bodies were already refused by useBodyLimit), `Accept` absent, `*∕*` or
 * `application/json` (answered as `application/json; charset=utf-8`, as yoga answers them), no
 * query string and no explain header, and a body that is one operation with a document — no batch,
 * no persisted-operation id or APQ hash (their checks and registration are onParams hooks). Anything
 * else, and every miss, goes through yoga as before; the checks that a hit skips (parsing, validation,
 * limits, persisted-only mode) were passed when the answer was stored under this very key, as for a
 * hit found in onParams.
 */

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
  return !headers.has('x-papergraph-explain') && !formatOf(request);
}

/**
 * The operation a candidate's body names, or undefined (yoga handles it). The body is read with
 * `request.json()`: yoga's Request (@whatwg-node/node-fetch) keeps what was read, so yoga's own
 * parser gets the same value again when the request goes on (the integration tests cover every
 * miss going that way). A body that is not JSON is left for yoga to reject with its own error.
 */
export async function earlyParams(request: Request): Promise<EarlyParams | undefined> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return undefined;
  }
  if (!isRecord(body) || typeof body.query !== 'string') return undefined;
  if (body.extensions != null || body.documentId != null) return undefined;
  const { operationName = null, variables = null } = body;
  if (operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== null && !isRecord(variables)) return undefined;
  return { query: body.query, operationName, variables };
}
