import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import neo4j, { type Driver } from 'neo4j-driver';
import * as cypher from '../cypher.js';

/**
 * The floor: node:http and the raw driver running the hand-written Cypher of
 * each operation, answering `{"result": …}`. No GraphQL, no validation beyond
 * the route: the least work any server can do for the same answer. It reads the
 * way papergraph's executor reads (an auto-commit query in a READ session), so
 * the difference the benchmark shows is papergraph's pipeline, not the transport.
 *
 * `POST /replay` runs a list of statements `{cypher, params}` in order, each as
 * its own auto-commit read, and answers
 * their rows: `npm run test:load` sends it the statements papergraph ran for
 * each GraphiQL example (its explain output), so the floor does the same
 * database work with no GraphQL at all.
 */
const routes: Record<string, { cypher: string; many: boolean; ints?: string[] }> = {
  paper: { cypher: cypher.paperById, many: false },
  papersPage: { cypher: cypher.papersPage, many: false, ints: ['year'] },
  nested: { cypher: cypher.nested, many: false },
  lineage: { cypher: cypher.lineage, many: false },
  coauthors: { cypher: cypher.coauthors, many: true },
  collaborationPath: { cypher: cypher.collaborationPath, many: false },
  techniqueAdoption: { cypher: cypher.techniqueAdoption, many: true },
  search: { cypher: cypher.search, many: true },
};

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** JSON numbers that are whole become Cypher integers (SKIP/LIMIT need them; comparisons do not care). */
const cypherParams = (value: unknown): unknown => {
  if (typeof value === 'number' && Number.isInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(cypherParams);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cypherParams(v)]));
  }
  return value;
};

/**
 * One statement the way papergraph's executor reads (src/db/executor.ts): an auto-commit query in
 * a READ-mode session, one Bolt exchange. The floor has no retries: the benchmark runs against a
 * healthy server, and a failure shows up as a bad response.
 */
async function read(driver: Driver, database: string, cypher: string, params: Record<string, unknown>) {
  const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    return (await session.run(cypher, params)).records;
  } finally {
    await session.close();
  }
}

async function replay(driver: Driver, database: string, body: string): Promise<unknown[]> {
  const statements = JSON.parse(body) as { cypher: string; params: Record<string, unknown> }[];
  const results: unknown[] = [];
  for (const { cypher: text, params } of statements) {
    const records = await read(driver, database, text, cypherParams(params) as Record<string, unknown>);
    results.push(records.map((r) => r.toObject()));
  }
  return results;
}

export function createFloorServer(driver: Driver, database: string): Server {
  return createServer(async (req, res) => {
    if (req.url === '/replay' && req.method === 'POST') {
      try {
        const body = JSON.stringify({ result: await replay(driver, database, await readBody(req)) });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
      }
      return;
    }
    const route = routes[(req.url ?? '').replace(/^\/op\//, '')];
    if (!route || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    try {
      const params = JSON.parse(await readBody(req)) as Record<string, unknown>;
      for (const k of route.ints ?? []) params[k] = neo4j.int(params[k] as number);
      const records = await read(driver, database, route.cypher, params);
      const rows = records.map((r) => r.get('result'));
      const body = JSON.stringify({ result: route.many ? rows : (rows[0] ?? null) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    }
  });
}

export async function listenFloor(driver: Driver, database: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createFloorServer(driver, database);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
