import { describe, expect, inject, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

// Run by the `routing` project too (vitest.config.ts): there the URI is neo4j://, so the driver
// routes through the server's routing table; a read and a write must both land.
const t = useTestApp();
const neo4j = inject('neo4j');

describe('driver routing', () => {
  it('answers reads and writes over the URI the run was given', async () => {
    expect(neo4j.uri).toMatch(/^(bolt|neo4j)(\+s|\+ssc)?:\/\//);
    const info = await t.driver.getServerInfo({ database: neo4j.database });
    expect(info.address).toMatch(/:\d+$/);
    const session = t.driver.session({ database: neo4j.database });
    try {
      const id = `routing-test-${Date.now()}`;
      await session.executeWrite((tx) => tx.run('CREATE (:RoutingProbe {id: $id})', { id }));
      const read = await session.executeRead((tx) =>
        tx.run('MATCH (n:RoutingProbe {id: $id}) RETURN count(n) AS n', { id }),
      );
      expect(Number(read.records[0]?.get('n'))).toBe(1);
      await session.executeWrite((tx) => tx.run('MATCH (n:RoutingProbe {id: $id}) DELETE n', { id }));
    } finally {
      await session.close();
    }
    const res = await t.gql('{ search(query: "attention", first: 1) { score } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });
});
