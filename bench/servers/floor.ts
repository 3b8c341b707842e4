import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import neo4j, { type Driver } from 'neo4j-driver';
import * as cypher from '../cypher.js';

/**
 * The floor: node:http and the raw driver running the hand-written Cypher of
 * each operation, answering `{"result": …}`. No GraphQL, no validation beyond
 * the route: the least work any server can do for the same answer.
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

export function createFloorServer(driver: Driver, database: string): Server {
  return createServer(async (req, res) => {
    const route = routes[(req.url ?? '').replace(/^\/op\//, '')];
    if (!route || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    try {
      const params = JSON.parse(await readBody(req)) as Record<string, unknown>;
      for (const k of route.ints ?? []) params[k] = neo4j.int(params[k] as number);
      const { records } = await driver.executeQuery(route.cypher, params, {
        database,
        routing: neo4j.routing.READ,
      });
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
