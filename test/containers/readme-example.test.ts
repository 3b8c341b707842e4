import { type RunningPapergraph, startPapergraph } from 'papergraph/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';

let papergraph: RunningPapergraph;

beforeAll(async () => {
  // Neo4j in a container, papergraph's curated seed loaded, the API on a free port.
  papergraph = await startPapergraph({ fixtures: 'seed' });
}, 300_000);

// Runs even when a test fails: stops papergraph and removes the container.
afterAll(() => papergraph?.stop());

it('answers a GraphQL query over HTTP', async () => {
  const response = await fetch(papergraph.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ paper(arxivId: "2303.08774") { title } }' }),
  });
  expect(await response.json()).toEqual({ data: { paper: { title: 'GPT-4 Technical Report' } } });
});
