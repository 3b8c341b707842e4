import net from 'node:net';
import { Command } from 'commander';
import { createApp } from '../../src/app.js';
import { connectDatabase } from '../../src/bootstrap.js';
import { runCli } from '../../src/cli/run.js';
import { Executor } from '../../src/db/executor.js';
import { examples } from '../../src/examples.js';
import { positiveInt } from '../../src/ingest/command.js';
import { exampleRequest, operationName } from '../examples.js';
import { pickInputs } from '../inputs.js';
import { operations, type Request } from '../operations.js';

// npx tsx bench/cli/bolt-writes.ts [--runs 20]
// Socket writes to Neo4j per request, for each GraphiQL example and each benchmark operation, on the
// loaded graph (NEO4J_URI, or the local Neo4j of NEO4J_DATA_DIR); the benchmark operations take their
// inputs from the graph (bench/inputs.ts) and are left out, with the reason, when it has none. neo4j-driver's Chunker flushes its 1,400-byte buffer whenever a
// message outgrows it, so a statement longer than that costs more than one write (README Performance).
const program = new Command('npx tsx bench/cli/bolt-writes.ts')
  .description('Count Bolt socket writes and bytes per request for the GraphiQL examples and bench operations.')
  .option('-r, --runs <n>', 'requests per operation', positiveInt, 20)
  .action(async (o: { runs: number }) => {
    await runCli(async (config, logger) => {
      const db = await connectDatabase(config, logger);
      const boltPort = Number(new URL(db.uri).port || 7687);
      const counted = { writes: 0, bytes: 0 };
      const write = net.Socket.prototype.write;
      net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
        if (this.remotePort === boltPort) {
          counted.writes++;
          counted.bytes += (chunk as Uint8Array).length ?? 0;
        }
        return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      } as typeof write;
      try {
        const app = createApp({
          driver: db.driver,
          config: { ...config, cache: { ...config.cache, enabled: false } },
          logger,
        });
        const requests: [string, Request][] = examples.tabs.map((tab) => [
          `GraphiQL ${operationName(tab.query) || '(anonymous)'}`,
          exampleRequest(tab),
        ]);
        const executor = new Executor(db.driver, { database: config.neo4j.database, txTimeoutMs: 60_000 });
        try {
          const inputs = await pickInputs(executor);
          for (const op of operations(inputs)) requests.push([`bench ${op.name}`, op.request.papergraph]);
        } catch (error) {
          console.log(`(benchmark operations left out: ${(error as Error).message})`);
        }
        console.log('operation                          writes/request  bytes/request  errors');
        for (const [name, request] of requests) {
          const before = { ...counted };
          let errors = 0;
          for (let i = 0; i < o.runs; i++) {
            const response = await app.fetch(`http://bench${request.path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...request.headers },
              body: request.body,
            });
            if (((await response.json()) as { errors?: unknown[] }).errors) errors++;
          }
          const per = (n: number) => (n / o.runs).toFixed(2);
          console.log(
            `${name.padEnd(34)} ${per(counted.writes - before.writes).padStart(14)} ${per(counted.bytes - before.bytes).padStart(14)} ${String(errors).padStart(7)}`,
          );
        }
      } finally {
        net.Socket.prototype.write = write;
        await db.close();
      }
    });
  });

await program.parseAsync();
