import http from 'node:http';
import type { Request } from './operations.js';
import { cpuMs, treeCpuMs } from './proc.js';
import { percentile } from './stats.js';

/**
 * The load generator: `connections` closed-loop clients on keep-alive sockets
 * (node:http), each sending the next request as soon as the previous answer is
 * read. Every latency is recorded exactly (process.hrtime, sub-microsecond) and
 * the percentiles are computed from the sorted samples, so a 0.4 ms difference
 * is not rounded away (autocannon reports whole milliseconds).
 */
export interface LoadResult {
  connections: number;
  durationS: number;
  /** Requests completed within the measured window. */
  requests: number;
  /** Latency percentiles, ms (fractional). */
  p50: number;
  p90: number;
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
  /**
   * CPU ms per measured request (user + system, from /proc) of the server process, of Neo4j and
   * of the load generator, when the caller gave `cpu` to `measure`: where a request's cost lands.
   */
  cpuMsPerRequest?: { server?: number; neo4j?: number; client: number };
}

/** The processes `measure` accounts CPU for over its measured window. */
export interface CpuProbe {
  serverPid?: number;
  neo4jPid?: number;
}

interface Sent {
  status: number;
  body: string;
}

function send(agent: http.Agent, url: URL, request: Request, timeoutMs: number): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.body),
          ...request.headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(request.body);
  });
}

/** One load phase: requests started before `durationS` elapsed; latencies of those completed in the window. */
async function phase(
  url: string,
  requests: Request[],
  connections: number,
  durationS: number,
): Promise<
  { latencies: Float64Array; count: number } & Omit<
    LoadResult,
    'p50' | 'p90' | 'p99' | 'mean' | 'max' | 'reqPerSec' | 'requests' | 'connections' | 'durationS'
  >
> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const counts = { non2xx: 0, graphqlErrors: 0, errors: 0, timeouts: 0 };
  let latencies = new Float64Array(4096);
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(durationS * 1e9));
  let next = 0;
  const client = async () => {
    while (process.hrtime.bigint() < end) {
      const request = requests[next++ % requests.length] as Request;
      const t0 = process.hrtime.bigint();
      try {
        const { status, body } = await send(agent, new URL(`${url}${request.path}`), request, 30_000);
        const t1 = process.hrtime.bigint();
        if (t1 > end) break; // finished after the window: not counted (as autocannon)
        if (count === latencies.length) {
          const grown = new Float64Array(latencies.length * 2);
          grown.set(latencies);
          latencies = grown;
        }
        latencies[count++] = Number(t1 - t0) / 1e6;
        if (status < 200 || status >= 300) counts.non2xx += 1;
        else if (body.includes('"errors":[')) counts.graphqlErrors += 1;
      } catch (error) {
        if ((error as { code?: string }).code === 'TIMEOUT') counts.timeouts += 1;
        else counts.errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  agent.destroy();
  return { latencies: latencies.subarray(0, count), count, ...counts };
}

/**
 * Warm up for `warmupS` (discarded), then load `url` with `connections`
 * concurrent clients for `durationS` seconds. `requests` are sent in rotation
 * (one request: the same one every time).
 */
export async function measure(
  url: string,
  requests: Request | Request[],
  connections: number,
  durationS: number,
  warmupS: number,
  cpu?: CpuProbe,
): Promise<LoadResult> {
  const list = Array.isArray(requests) ? requests : [requests];
  if (warmupS > 0) await phase(url, list, connections, warmupS);
  const before = cpu && cpuSnapshot(cpu);
  const { latencies, count, ...counts } = await phase(url, list, connections, durationS);
  const cpuMsPerRequest = before && cpuPerRequest(before, cpuSnapshot(cpu), count);
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    connections,
    durationS,
    requests: count,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    mean: round(count ? sum / count : Number.NaN),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    reqPerSec: round(count / durationS),
    ...counts,
    ...(cpuMsPerRequest ? { cpuMsPerRequest } : {}),
  };
}

interface CpuSnapshot {
  server?: number;
  neo4j?: number;
  client: number;
}

function cpuSnapshot(probe: CpuProbe): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    server: probe.serverPid === undefined ? undefined : cpuMs(probe.serverPid),
    neo4j: probe.neo4jPid === undefined ? undefined : treeCpuMs(probe.neo4jPid),
    client: (own.user + own.system) / 1000,
  };
}

function cpuPerRequest(a: CpuSnapshot, b: CpuSnapshot, count: number): LoadResult['cpuMsPerRequest'] {
  if (count === 0) return undefined;
  const per = (x: number | undefined, y: number | undefined) =>
    x === undefined || y === undefined ? undefined : Math.round(((y - x) / count) * 1000) / 1000;
  return { server: per(a.server, b.server), neo4j: per(a.neo4j, b.neo4j), client: per(a.client, b.client) ?? 0 };
}

// biome-ignore lint/suspicious/noExplicitAny: a JSON body, reduced by the operation's answer function
type Json = any;

/** One request, parsed: for the correctness gate. */
export async function fetchOnce(url: string, request: Request): Promise<{ status: number; body: Json; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...request.headers },
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
