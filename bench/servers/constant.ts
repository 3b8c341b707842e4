// The dashboard scenario's baseline: a bare graphql-yoga server answering a constant, in its own process.
//   tsx bench/servers/constant.ts   → prints {"url": …} on stderr when listening; stops on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { constant: Int! }', resolvers: { Query: { constant: () => 42 } } }),
  logging: false,
  landingPage: false,
  graphiql: false,
});
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => {
  console.error(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
