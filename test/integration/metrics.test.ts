import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { createMetrics } from '../../src/http/metrics.js';
import { listenMetrics } from '../../src/http/metrics-server.js';
import { createLogger } from '../../src/logger.js';
import { neo4jEnv } from '../helpers/app.js';

// GET /metrics (METRICS=true): Prometheus text on its own loopback port, fed by real requests.
const neo4j = inject('neo4j');
const config = loadConfig({
  NODE_ENV: 'test',
  ...neo4jEnv(),
  METRICS: 'true',
  METRICS_PORT: '0',
});
const driver = createDriver({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
const metrics = createMetrics({ maxPoolSize: config.neo4j.maxPoolSize });
const app = createApp({ driver, config, logger: createLogger('silent'), metrics });
const server = await listenMetrics(metrics, config.metrics.port);
afterAll(async () => {
  await server.close();
  await driver.close();
});

const gql = async (query: string, variables?: Record<string, unknown>) => {
  const res = await app.fetch('http://papergraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return res.json() as Promise<{ data?: unknown; errors?: unknown[] }>;
};

/** The value of one sample line, e.g. `papergraph_requests_total{operation="paper",outcome="ok"}`. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics', () => {
  it('is off unless METRICS=true, on port 9464 by default', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: false, port: 9464 });
    expect(loadConfig({ METRICS: 'true', METRICS_PORT: '9100' }).metrics).toEqual({ enabled: true, port: 9100 });
    expect(() => loadConfig({ METRICS: 'maybe' })).toThrow(/METRICS/);
  });

  it('serves only GET /metrics, on 127.0.0.1', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(server.url.replace('/metrics', '/graphql'))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(404);
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
  });

  it('counts requests, latency, Cypher statements and errors per bounded operation label', async () => {
    const secret = 'metricssecretvariable7f3a';
    const before = await (await fetch(server.url)).text();
    const at = (text: string, series: string) => sample(text, series) ?? 0;
    const ok = 'papergraph_requests_total{operation="search",outcome="ok"}';
    const perRequest = 'papergraph_cypher_queries_per_request_count{operation="search"}';
    const notFound = 'papergraph_errors_total{code="NOT_FOUND"}';

    const search = await gql('query MySecretName($q: String!) { search(query: $q, first: 1) { score } }', {
      q: secret,
    });
    expect(search.errors).toBeUndefined();
    // An executed operation that answers with a coded error: outcome `error`, its code counted.
    const missing = await gql('query($id: ID!) { paper(id: $id) { title } }', { id: `paper:${secret}` });
    expect(missing.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
    // Two root fields: `other`, whatever the operation is called.
    const two = await gql('{ a: search(query: "x", first: 1) { score } b: search(query: "y", first: 1) { score } }');
    expect(two.errors).toBeUndefined();
    // Rejected before execution (validation): `rejected`, and its error code counted.
    expect((await gql('{ noSuchField }')).errors).toHaveLength(1);

    const text = await (await fetch(server.url)).text();
    expect(at(text, ok)).toBe(at(before, ok) + 1);
    expect(at(text, 'papergraph_requests_total{operation="paper",outcome="error"}')).toBeGreaterThanOrEqual(1);
    expect(at(text, notFound)).toBe(at(before, notFound) + 1);
    expect(at(text, 'papergraph_requests_total{operation="other",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(at(text, 'papergraph_requests_total{operation="rejected",outcome="error"}')).toBeGreaterThanOrEqual(1);
    expect(at(text, 'papergraph_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBeGreaterThanOrEqual(1);
    expect(at(text, 'papergraph_request_duration_seconds_count{operation="search"}')).toBeGreaterThanOrEqual(1);
    // A search is one Cypher statement, timed under its store name.
    expect(at(text, perRequest)).toBe(at(before, perRequest) + 1);
    expect(at(text, 'papergraph_cypher_queries_per_request_sum{operation="search"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/papergraph_cypher_duration_seconds_count\{query="[a-z0-9-]+"\} \d+/);
    // Pool usage: every session closed again; the configured maximum.
    expect(sample(text, 'papergraph_neo4j_sessions_active')).toBe(0);
    expect(sample(text, 'papergraph_neo4j_pool_max')).toBe(config.neo4j.maxPoolSize);
    // Never query text, operation names or variables.
    expect(text).not.toContain(secret);
    expect(text).not.toContain('MySecretName');
    expect(text).not.toContain('noSuchField');
  });

  it('counts what the response cache did per operation: hit, miss, bypass', async () => {
    const counts = async () => {
      const text = await (await fetch(server.url)).text();
      const of = (result: string) => sample(text, `papergraph_cache_lookups_total{result="${result}"}`) ?? -1;
      return { hit: of('hit'), miss: of('miss'), bypass: of('bypass') };
    };
    // An alias no other test sends: the first answer cannot be in the store yet.
    const query = `{ m${Date.now()}: papers(first: 1) { totalCount } }`;
    const before = await counts();
    const first = await gql(query);
    expect(first.errors).toBeUndefined();
    expect(await counts()).toEqual({ ...before, miss: before.miss + 1 });
    expect(await gql(query)).toEqual(first);
    expect(await counts()).toEqual({ ...before, miss: before.miss + 1, hit: before.hit + 1 });
    // Rejected before execution (an unknown field): neither served nor stored.
    expect((await gql('{ noSuchField }')).errors).toHaveLength(1);
    expect(await counts()).toEqual({ bypass: before.bypass + 1, miss: before.miss + 1, hit: before.hit + 1 });
  });
});
