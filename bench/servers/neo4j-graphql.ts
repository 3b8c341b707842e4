import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import type { Driver } from 'neo4j-driver';
import { typeDefs } from '../neo4j-graphql/typedefs.js';

/** @neo4j/graphql (v7) on graphql-yoga, with the equivalent type definitions; defaults otherwise. */
export async function listenNeo4jGraphql(
  driver: Driver,
  database: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
  const yoga = createYoga({
    schema,
    logging: false,
    landingPage: false,
    graphiql: false,
    context: () => ({ sessionConfig: { database } }),
  });
  const server = createServer(yoga);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
