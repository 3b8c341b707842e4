import autocannon from 'autocannon';
import type { Request } from './operations.js';

export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  /** Latency percentiles, ms. */
  p50: number;
  p99: number;
  mean: number;
  max: number;
  reqPerSec: number;
  non2xx: number;
  /** Responses whose body carried GraphQL `errors`. */
  graphqlErrors: number;
  /** Socket errors and timeouts. */
  errors: number;
  timeouts: number;
}

function run(
  url: string,
  request: Request,
  connections: number,
  duration: number,
  onBody?: (body: string) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}${request.path}`,
        connections,
        pipelining: 1,
        duration,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: request.path,
            headers: { 'content-type': 'application/json' },
            body: request.body,
            ...(onBody ? { onResponse: (_status: number, body: string) => onBody(body) } : {}),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/**
 * Warm up for `warmupS` (discarded), then load `url` with `connections`
 * concurrent connections for `durationS` seconds; every response body is
 * checked for GraphQL errors.
 */
export async function measure(
  url: string,
  request: Request,
  connections: number,
  durationS: number,
  warmupS: number,
): Promise<LoadResult> {
  if (warmupS > 0) {
    await run(url, request, connections, warmupS);
    // Requests the warm-up left running finish before this one does (roughly): start measuring clean.
    await fetchOnce(url, request);
  }
  let graphqlErrors = 0;
  const result = await run(url, request, connections, durationS, (body) => {
    if (body.includes('"errors":[')) graphqlErrors += 1;
  });
  return {
    connections,
    durationS,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    max: result.latency.max,
    reqPerSec: result.requests.average,
    non2xx: result.non2xx,
    graphqlErrors,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a JSON body, reduced by the operation's key function
type Json = any;

/** One request, parsed: for the correctness gate. */
export async function fetchOnce(url: string, request: Request): Promise<{ status: number; body: Json; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: request.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body, ms: performance.now() - started };
}
