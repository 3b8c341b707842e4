import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../../src/neo4j-local/server.js';
import { listen } from '../../src/server.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

describe('server skeleton', () => {
  it('answers /health with JSON', async () => {
    const res = await t.app.fetch('http://papergraph/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('answers /ready when Neo4j is reachable', async () => {
    const res = await t.app.fetch('http://papergraph/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, neo4j: 'reachable' });
  });

  it('answers /ready with 503 while Neo4j is unreachable', async () => {
    const port = await freePort();
    const driver = createDriver({
      uri: `bolt://127.0.0.1:${port}`,
      user: 'neo4j',
      password: 'whatever1',
      acquireTimeoutMs: 1_000,
    });
    try {
      const app = createApp({ driver, config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('error') });
      const res = await app.fetch('http://papergraph/ready');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ready: false, neo4j: 'unreachable' });
      const gql = await app.fetch('http://papergraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ paper(id: "arxiv:2303.08774") { title } }' }),
      });
      const body = await gql.json();
      expect(body.errors[0].extensions.code).toBe('DB_UNAVAILABLE');
    } finally {
      await driver.close();
    }
  });

  it('answers a query from Neo4j end to end over real HTTP', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const server = await listen({
      driver: t.driver,
      config: { ...config, neo4j: { ...config.neo4j } },
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename paper(arxivId: "2303.08774") { key title year kind } }' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        data: {
          __typename: 'Query',
          paper: { key: 'arxiv:2303.08774', title: 'GPT-4 Technical Report', year: 2023, kind: 'TECHNICAL_REPORT' },
        },
      });
    } finally {
      await server.close();
    }
  });

  it('serves GraphiQL at /graphql to browsers', async () => {
    const res = await t.app.fetch('http://papergraph/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('papergraph');
  });
});
