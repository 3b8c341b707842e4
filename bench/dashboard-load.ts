import http from 'node:http';

/**
 * The dashboard scenario's load generator: `connections` keep-alive connections,
 * each sending the requests in rotation (each connection starting at another
 * one), one at a time, for `durationS` seconds. Records every latency, the
 * x-papergraph-cache header and, for the probe request, when it was sent and
 * the answer. `GET` sends each body's fields as query parameters (variables as
 * JSON) with the CSRF header a GET carrying a document needs.
 */
export interface LoadStats {
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** The first failed answer (status and the start of its body), for the report. */
  firstError?: string;
  /** hit / (hit + miss + bypass), over responses that carried the header. */
  hitRate: number | null;
  probes: { sentAt: number; body: string }[];
}

export async function load(
  url: string,
  bodies: string[],
  connections: number,
  durationS: number,
  probeIndex = -1,
  method: 'POST' | 'GET' = 'POST',
): Promise<LoadStats> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const targets = bodies.map((body) => (method === 'GET' ? getUrl(url, body) : new URL('/graphql', url)));
  const latencies: number[] = [];
  const probes: LoadStats['probes'] = [];
  const cache = { hit: 0, other: 0 };
  let errors = 0;
  let firstError: string | undefined;
  const until = Date.now() + durationS * 1000;
  const send = (index: number) =>
    new Promise<{ status: number; header?: string; text: string }>((resolve, reject) => {
      const body = bodies[index] as string;
      const req = http.request(
        targets[index] as URL,
        {
          method,
          agent,
          headers:
            method === 'GET'
              ? { 'x-papergraph-csrf': '1' }
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, header: res.headers['x-papergraph-cache'] as string, text }),
          );
        },
      );
      req.on('error', reject);
      req.end(method === 'GET' ? undefined : body);
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = c; Date.now() < until; i++) {
        const index = i % bodies.length;
        const sentAt = Date.now();
        const t0 = performance.now();
        try {
          const res = await send(index);
          latencies.push(performance.now() - t0);
          if (res.status !== 200 || res.text.includes('"errors":[')) {
            errors += 1;
            firstError ??= `${res.status} ${res.text.slice(0, 300)}`;
          }
          if (res.header) res.header === 'hit' ? cache.hit++ : cache.other++;
          if (index === probeIndex) probes.push({ sentAt, body: res.text });
        } catch (error) {
          errors += 1;
          firstError ??= String(error);
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  const seen = cache.hit + cache.other;
  return {
    requests: latencies.length,
    reqPerSec: Math.round((latencies.length / seconds) * 10) / 10,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    errors,
    firstError,
    hitRate: seen ? Math.round((cache.hit / seen) * 1000) / 1000 : null,
    probes,
  };
}

/** A POST body's operation as a GET URL: `query`, `operationName` and `variables` (JSON) as query parameters. */
function getUrl(base: string, body: string): URL {
  const url = new URL('/graphql', base);
  const { query, operationName, variables } = JSON.parse(body) as Record<string, unknown>;
  if (typeof query === 'string') url.searchParams.set('query', query);
  if (typeof operationName === 'string') url.searchParams.set('operationName', operationName);
  if (variables != null) url.searchParams.set('variables', JSON.stringify(variables));
  return url;
}
