import { afterAll, beforeAll, expect, inject } from 'vitest';
import { createDriver, type Driver } from '../../src/db/driver.js';

/**
 * Every integration file shares one database and must leave it as it found it: whole-graph
 * oracles (counts, stats, series) in later files depend on it, and vitest orders files
 * differently from run to run. This setup file counts nodes per label and edges per type
 * before and after each file and fails the file that changed them, naming what it left.
 */
const COUNTS = `
  CALL () { MATCH (n) UNWIND labels(n) AS k RETURN 'node:' + k AS k, count(*) AS c
            UNION ALL MATCH ()-[r]->() RETURN 'edge:' + type(r) AS k, count(*) AS c }
  RETURN k, c`;

let driver: Driver;
let before: Map<string, number>;

async function counts(): Promise<Map<string, number>> {
  const { database } = inject('neo4j');
  const res = await driver.executeQuery(COUNTS, {}, { database, routing: 'READ' });
  return new Map(res.records.map((r) => [r.get('k') as string, Number(r.get('c'))]));
}

beforeAll(async () => {
  const neo4j = inject('neo4j');
  driver = createDriver({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
  before = await counts();
});

afterAll(async () => {
  try {
    const after = await counts();
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
    const left = keys
      .map((k) => [k, (after.get(k) ?? 0) - (before.get(k) ?? 0)] as const)
      .filter(([k, d]) => d !== 0 && !k.startsWith('node:PapergraphMigration'));
    expect(Object.fromEntries(left), 'this file changed the shared graph; clean up what it created').toEqual({});
  } finally {
    await driver.close();
  }
});
