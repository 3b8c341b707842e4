/**
 * papergraph's test kit for integration tests against a real papergraph:
 *
 *   import { startPapergraph } from 'papergraph/testkit';
 *   const papergraph = await startPapergraph({ fixtures: ['seed', 'test/fixtures/mine.ndjson'] });
 *   await fetch(papergraph.graphqlUrl, …);
 *   await papergraph.stop();
 *
 * Neo4j runs in a container started with testcontainers (image: the `image`
 * option, else PAPERGRAPH_NEO4J_IMAGE, else `neo4j:5.26-community`);
 * papergraph itself runs in the test process on a free port of 127.0.0.1.
 * Unless already set, TESTCONTAINERS_RYUK_DISABLED=true and
 * TESTCONTAINERS_HOST_OVERRIDE=localhost are set on first use.
 */
export { applyTestcontainersDefaults } from '../config.js';
export {
  defaultNeo4jImage,
  LOCAL_NEO4J_IMAGE,
  listTestkitContainers,
  type Neo4jContainer,
  type Neo4jContainerOptions,
  type NetworkMode,
  OFFICIAL_NEO4J_IMAGE,
  ownerLabels,
  removeOrphanedContainers,
  startNeo4jContainer,
  TESTKIT_LABEL,
  type TestkitContainerInfo,
} from './neo4j-container.js';
export {
  type Fixture,
  type PapergraphOptions,
  type RunningPapergraph,
  startPapergraph,
  withPapergraph,
} from './papergraph.js';
