// A benchmark server in its own process, so the load generator never shares its event loop:
//   tsx bench/servers/serve.ts <papergraph|neo4j-graphql|floor> <bolt-uri> <user> <password>
// Prints {"url": …} on stdout when listening; stops on SIGTERM.
import { environmentWith, loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { createLogger } from '../../src/logger.js';
import { listen } from '../../src/server.js';
import { listenFloor } from './floor.js';
import { listenNeo4jGraphql } from './neo4j-graphql.js';

const [kind, uri, user, password] = process.argv.slice(2);
if (!kind || !uri || !user || !password) {
  console.error('usage: tsx bench/servers/serve.ts <papergraph|neo4j-graphql|floor> <bolt-uri> <user> <password>');
  process.exit(2);
}
const database = 'neo4j';
const poolSize = 100;

// Every server gets the same driver settings: papergraph's production ones (createDriver).
const driver = createDriver({ uri, user, password, maxPoolSize: poolSize, acquireTimeoutMs: 30_000 });
let server: { url: string; close(): Promise<void> };
if (kind === 'papergraph') {
  // Production settings from the environment, as `npm start` would read them, pointed at the bench's Neo4j.
  const config = loadConfig(
    // The response cache is off unless the environment turns it on (the dashboard scenario does): these
    // benchmarks measure the query path.
    environmentWith(
      { NODE_ENV: 'production', NEO4J_URI: uri, NEO4J_USER: user, NEO4J_PASSWORD: password },
      { CACHE: 'false' },
    ),
  );
  const running = await listen({
    driver,
    config,
    // LOG_LEVEL as configured (default info: one JSON line per request, as in production; stdout goes to /dev/null).
    logger: createLogger(config.logLevel),
    host: '127.0.0.1',
    port: 0,
  });
  server = { url: running.url, close: () => running.close(1_000) };
} else if (kind === 'neo4j-graphql') {
  server = await listenNeo4jGraphql(driver, database);
} else if (kind === 'floor') {
  server = await listenFloor(driver, database);
} else {
  throw new Error(`unknown server kind ${kind}`);
}
process.stderr.write(`${JSON.stringify({ url: server.url })}\n`);
const stop = async () => {
  await server.close();
  await driver.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
