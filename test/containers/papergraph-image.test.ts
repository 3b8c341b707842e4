import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/neo4j-local/server.js';
import { type Neo4jContainer, ownerLabels, startNeo4jContainer } from '../../src/testkit/index.js';

// The image built from ./Dockerfile (npm run image:papergraph), run against a Neo4j container.
// npm run test:containers sets PAPERGRAPH_APP_IMAGE; without it there is no image to test and the
// file is skipped. Set but empty is a broken run (e.g. `PAPERGRAPH_APP_IMAGE= npm run test:containers`
// or a build that exported nothing): it fails, it never passes by skipping.
const image = process.env.PAPERGRAPH_APP_IMAGE;

describe.runIf(image !== undefined)(`papergraph image ${JSON.stringify(image)}`, () => {
  let neo4j: Neo4jContainer;
  let app: StartedTestContainer;
  let url: string;

  it('is named', () => {
    expect(image?.trim(), 'PAPERGRAPH_APP_IMAGE is set but empty: name the image, or unset it to skip').toBeTruthy();
  });

  beforeAll(async () => {
    if (!image?.trim()) return; // the test above fails; there is nothing to start
    neo4j = await startNeo4jContainer();
    const port = await freePort();
    // Host network (this machine has no bridge), so listen on loopback instead of the image's 0.0.0.0.
    app = await new GenericContainer(image as string)
      .withNetworkMode('host')
      .withEnvironment({
        HOST: '127.0.0.1',
        PORT: String(port),
        NEO4J_URI: neo4j.uri,
        NEO4J_PASSWORD: neo4j.password,
      })
      .withLabels(ownerLabels('papergraph'))
      .withWaitStrategy(Wait.forLogMessage('papergraph ready'))
      .withStartupTimeout(180_000)
      .start();
    url = `http://127.0.0.1:${port}`;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await neo4j?.stop();
  });

  it('is ready once it has applied the constraints and loaded the seed', async () => {
    const response = await fetch(`${url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, neo4j: 'reachable' });
  });

  it('answers a query from the seed', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ paper(arxivId: "2303.08774") { title } }' }),
    });
    expect(await response.json()).toEqual({ data: { paper: { title: 'GPT-4 Technical Report' } } });
  });

  it('runs as the unprivileged node user, in production mode', async () => {
    const { output, exitCode } = await app.exec(['sh', '-c', 'id -un; echo "$NODE_ENV"']);
    expect(exitCode).toBe(0);
    expect(output.trim().split('\n')).toEqual(['node', 'production']);
  });
});
