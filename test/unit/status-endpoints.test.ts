import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useStatusEndpoints } from '../../src/http/use-status-endpoints.js';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } }),
  logging: false,
  landingPage: false,
  // As in app.ts: yoga's own liveness answer stays off these paths.
  healthCheckEndpoint: '/livez',
  plugins: [
    useStatusEndpoints({
      '/health': () => Response.json({ status: 'ok' }),
      '/ready': async () => {
        throw new Error('Neo4j is down');
      },
    }),
  ],
});
const get = (path: string) => yoga.fetch(`http://papergraph${path}`);

describe('status endpoints', () => {
  it('answers on the exact path, with or without a query string', async () => {
    for (const path of ['/health', '/health?verbose=1']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    }
  });

  it('leaves every other path to the rest of the server', async () => {
    for (const path of ['/health/', '/healthz', '/x/health', '/constructor']) {
      expect((await get(path)).status, path).toBe(404);
    }
    const graphql = await yoga.fetch('http://papergraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ok }' }),
    });
    expect(await graphql.json()).toEqual({ data: { ok: true } });
  });

  it('answers 503 with the reason when a check fails', async () => {
    const res = await get('/ready');
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('Neo4j is down');
  });
});
