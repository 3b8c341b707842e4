import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listTestkitContainers,
  type RunningPapergraph,
  startPapergraph,
  withPapergraph,
} from '../../src/testkit/index.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'dashboard.ndjson');

async function gql(papergraph: RunningPapergraph, query: string) {
  const response = await fetch(papergraph.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

describe('a team fixture instead of the seed', () => {
  let papergraph: RunningPapergraph;

  beforeAll(async () => {
    papergraph = await startPapergraph({ fixtures: [fixture] });
  }, 300_000);

  afterAll(() => papergraph?.stop());

  it('serves the fixture loaded through the import path', async () => {
    const { status, body } = await gql(papergraph, '{ paper(id: "fixture:sparklines") { key title year kind } }');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        paper: {
          key: 'fixture:sparklines',
          title: 'Sparklines for Knowledge-Graph Dashboards',
          year: 2025,
          kind: 'PAPER',
        },
      },
    });
  });

  it('has nothing but the fixture: the seed was not loaded', async () => {
    const { body } = await gql(papergraph, '{ paper(arxivId: "2303.08774") { title } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers /ready and hands out a Neo4j the test can use directly', async () => {
    const ready = await fetch(`${papergraph.url}/ready`);
    expect(await ready.json()).toEqual({ ready: true, neo4j: 'reachable' });
    expect(papergraph.neo4jUri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(papergraph.neo4j).toMatchObject({ uri: papergraph.neo4jUri, user: 'neo4j', database: 'neo4j' });
  });

  it('withPapergraph() on the same Neo4j: closes its server when the body throws, leaves the Neo4j alone', async () => {
    let url = '';
    await expect(
      withPapergraph({ neo4j: papergraph.neo4j, fixtures: [] }, async (second) => {
        url = second.url;
        expect(second.containerId).toBeUndefined();
        const { body } = await gql(second, '{ paper(id: "fixture:sparklines") { title } }');
        expect(body.data.paper.title).toBe('Sparklines for Knowledge-Graph Dashboards');
        throw new Error('the test failed');
      }),
    ).rejects.toThrow('the test failed');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect((await fetch(`${papergraph.url}/ready`)).status).toBe(200);
  });

  it('stop() closes the port and removes the container', async () => {
    const { containerId, url } = papergraph;
    expect(containerId).toBeTruthy();
    expect((await listTestkitContainers({ pid: process.pid })).map((c) => c.id)).toContain(containerId);
    await papergraph.stop();
    await papergraph.stop(); // idempotent
    expect((await listTestkitContainers({ pid: process.pid })).map((c) => c.id)).not.toContain(containerId);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
