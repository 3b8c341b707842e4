import net from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDriver } from '../../src/db/driver.js';
import { DbTimeoutError, DbUnavailableError } from '../../src/db/errors.js';
import { Executor, type QueryLogEntry } from '../../src/db/executor.js';

/**
 * Reads run as auto-commit queries in READ-mode sessions (src/db/executor.ts): still read
 * transactions (Neo4j refuses a write in them), bounded by the transaction timeout, and retried
 * on transient failures, which the driver does only for managed transactions. The dropped
 * connections come from a TCP proxy in front of the real Neo4j that closes the first connections
 * it accepts. Nothing here writes to the graph.
 */
const neo4j = inject('neo4j');
const target = new URL(neo4j.uri);
const proxies: net.Server[] = [];
const drivers: ReturnType<typeof createDriver>[] = [];
afterAll(async () => {
  await Promise.all(drivers.map((d) => d.close()));
  for (const proxy of proxies) proxy.close();
});

/** A proxy to Neo4j's Bolt port that closes the first `drop` connections it accepts. */
async function flakyProxy(drop: number): Promise<number> {
  let seen = 0;
  const proxy = net.createServer((client) => {
    if (seen++ < drop) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  proxies.push(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return (proxy.address() as net.AddressInfo).port;
}

function executorAt(port: number, log: QueryLogEntry[], txTimeoutMs = 30_000): Executor {
  const driver = createDriver({ uri: `bolt://127.0.0.1:${port}`, user: neo4j.user, password: neo4j.password });
  drivers.push(driver);
  return new Executor(driver, { database: neo4j.database, txTimeoutMs, onQuery: (entry) => log.push(entry) });
}

describe('reads (auto-commit in READ sessions)', () => {
  it('refuses a write: the implicit transaction is a read transaction', async () => {
    const executor = executorAt(Number(target.port), []);
    const read = executor.read({ name: 'write-in-read', cypher: 'CREATE (n:ExecutorReadProbe) RETURN n' });
    await expect(read).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.AccessMode' });
    const [row] = await executor.read({
      name: 'probe-count',
      cypher: 'MATCH (n:ExecutorReadProbe) RETURN count(n) AS n',
    });
    expect(row?.n).toBe(0);
  });

  it('is retried after a dropped connection and answers', async () => {
    const log: QueryLogEntry[] = [];
    const executor = executorAt(await flakyProxy(2), log);
    const rows = await executor.read({ name: 'after-drops', cypher: 'RETURN $x AS x' }, { x: 'answer' });
    expect(rows).toEqual([{ x: 'answer' }]);
    expect(log.map((e) => [e.name, e.mode])).toEqual([['after-drops', 'READ']]);
    expect(log[0]?.attempt).toBeGreaterThan(1);
  });

  it('gives up within the retry time when Neo4j stays away, as an unavailable error', async () => {
    const executor = executorAt(await flakyProxy(Number.POSITIVE_INFINITY), []);
    const started = Date.now();
    const read = executor.read({ name: 'never', cypher: 'RETURN 1 AS x' });
    await expect(read).rejects.toBeInstanceOf(DbUnavailableError);
    await expect(read).rejects.toThrow(/query "never"/);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_500);
    expect(elapsed).toBeLessThan(6_000);
  });

  it('is bounded by the transaction timeout', async () => {
    const executor = executorAt(Number(target.port), [], 300);
    const slow = executor.read({
      name: 'slow-read',
      cypher: 'UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n',
    });
    await expect(slow).rejects.toBeInstanceOf(DbTimeoutError);
  });
});
