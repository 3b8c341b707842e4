import { connectDatabase, prepareGraph } from '../bootstrap.js';
import { onShutdown, runCli } from './run.js';

// npm run neo4j: only the database (provisioned locally), with constraints and seed, until Ctrl-C.
await runCli(async (config, logger) => {
  if (config.neo4j.uri) throw new Error('NEO4J_URI is set: there is nothing to start locally.');
  const db = await connectDatabase(config, logger);
  onShutdown(logger, db.close);
  await prepareGraph(db.driver, config, logger);
  logger.info(
    { uri: db.uri, user: config.neo4j.user, database: config.neo4j.database },
    `Neo4j is running at ${db.uri} (user ${config.neo4j.user}); Ctrl-C stops it.`,
  );
  await db.local?.exited;
});
