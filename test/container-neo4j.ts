import { LOCAL_NEO4J_IMAGE, startNeo4jContainer } from '../src/testkit/index.js';

/**
 * A Neo4j in a container for the integration tier (global-setup.ts, when
 * PAPERGRAPH_TEST_CONTAINERS=1), started by the test kit: host network, Bolt
 * on a free port of 127.0.0.1. The image is the locally built one
 * (npm run image:neo4j) unless PAPERGRAPH_NEO4J_IMAGE names another.
 */
export async function startContainerNeo4j(options: {
  password: string;
  image?: string;
}): Promise<{ uri: string; stop: () => Promise<void> }> {
  const started = performance.now();
  const container = await startNeo4jContainer({
    image: options.image ?? (process.env.PAPERGRAPH_NEO4J_IMAGE || LOCAL_NEO4J_IMAGE),
    password: options.password,
    heap: '768m',
    pageCache: '256m',
  });
  console.log(
    `[neo4j] container ${container.containerId.slice(0, 12)} (${container.image}) ready at ${container.uri} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { uri: container.uri, stop: container.stop };
}
