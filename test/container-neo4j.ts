import { GenericContainer, Wait } from 'testcontainers';
import { freePort } from '../src/neo4j-local/server.js';

/**
 * A Neo4j in a container (testcontainers), on the host network so all traffic
 * stays on 127.0.0.1. The image is the locally built one (npm run image:neo4j)
 * unless PAPERGRAPH_NEO4J_IMAGE names another.
 */
export async function startContainerNeo4j(options: {
  password: string;
  image?: string;
}): Promise<{ uri: string; stop: () => Promise<void> }> {
  const image = options.image ?? process.env.PAPERGRAPH_NEO4J_IMAGE ?? 'papergraph/neo4j:5.26-local';
  const port = await freePort();
  const container = await new GenericContainer(image)
    .withNetworkMode('host')
    .withEnvironment({ NEO4J_AUTH: `neo4j/${options.password}`, NEO4J_BOLT_PORT: String(port) })
    .withWaitStrategy(Wait.forLogMessage('Started.'))
    .withStartupTimeout(180_000)
    .start();
  return {
    uri: `bolt://127.0.0.1:${port}`,
    stop: async () => {
      await container.stop();
    },
  };
}
