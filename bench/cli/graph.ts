import os from 'node:os';
import { Command } from 'commander';
import { createApp } from '../../src/app.js';
import { connectDatabase } from '../../src/bootstrap.js';
import { runCli } from '../../src/cli/run.js';
import type { QueryLogEntry } from '../../src/db/executor.js';
import { Executor } from '../../src/db/executor.js';
import { positiveInt } from '../../src/ingest/command.js';

// npm run bench:graph -- [--runs 9] [--depth 2] [--limit 300] [--technique <id>]
// The `graph` field on the hub technique of an already loaded dataset (NEO4J_URI, or the local
// Neo4j of NEO4J_DATA_DIR, e.g. one bulk-loaded by `npm run import -- --bulk`). Not a timed test:
// it prints each run, then the median of the runs after the first (which also plans the query).
const program = new Command('npm run bench:graph --')
  .description('Time graph(seeds: [hub technique], depth) on the loaded dataset; prints the median.')
  .option('-r, --runs <n>', 'measured runs after one warm-up run', positiveInt, 9)
  .option('-d, --depth <n>', 'graph depth', positiveInt, 2)
  .option('-l, --limit <n>', 'graph limit', positiveInt, 300)
  .option('-t, --technique <id>', 'seed technique (default: the hub, most BUILDS_ON in-degree, as npm run bench)')
  .action(async (o: { runs: number; depth: number; limit: number; technique?: string }) => {
    await runCli(async (config, logger) => {
      const db = await connectDatabase(config, logger);
      try {
        const executor = new Executor(db.driver, { database: config.neo4j.database, txTimeoutMs: 300_000 });
        const [hub] = o.technique
          ? [{ id: o.technique }]
          : await executor.read({
              name: 'bench-graph-hub',
              cypher: `MATCH (t:Technique) RETURN t.id AS id ORDER BY COUNT { (t)<-[:BUILDS_ON]-() } DESC, t.id LIMIT 1`,
            });
        const [size] = await executor.read(
          {
            name: 'bench-graph-size',
            cypher: `MATCH (t:Technique {id: $id}) RETURN COUNT { (t)--() } AS degree, COUNT { (:Paper) } AS papers`,
          },
          { id: hub?.id },
        );
        const log: QueryLogEntry[] = [];
        // The response cache off: each run must compute the answer (with it on, runs 2.. are cache hits).
        const app = createApp({
          driver: db.driver,
          config: { ...config, cache: { ...config.cache, enabled: false } },
          logger,
          onQuery: (e) => log.push(e),
        });
        const query = `query ($seeds: [ID!]!, $depth: Int, $limit: Int) {
          graph(seeds: $seeds, depth: $depth, limit: $limit) {
            nodes { id type title subtitle year citationCount hiddenNeighbors }
            edges { id from to relation evidence confidence source }
            truncated
          } }`;
        const runs: { total: number; cypher: number; nodes: number; edges: number; truncated: boolean }[] = [];
        for (let i = 0; i <= o.runs; i++) {
          log.length = 0;
          const started = performance.now();
          const response = await app.fetch('http://bench/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query, variables: { seeds: [hub?.id], depth: o.depth, limit: o.limit } }),
          });
          const body = (await response.json()) as {
            data?: { graph: { nodes: unknown[]; edges: unknown[]; truncated: boolean } };
            errors?: unknown[];
          };
          const total = performance.now() - started;
          if (!body.data) throw new Error(`graph failed: ${JSON.stringify(body.errors)}`);
          const run = {
            total,
            cypher: log.reduce((s, e) => s + e.ms, 0),
            nodes: body.data.graph.nodes.length,
            edges: body.data.graph.edges.length,
            truncated: body.data.graph.truncated,
          };
          console.log(
            `${i === 0 ? 'warm-up' : `run ${i}`}: ${run.total.toFixed(1)} ms (Cypher ${run.cypher.toFixed(1)} ms), ` +
              `${run.nodes} nodes, ${run.edges} edges, truncated ${run.truncated}`,
          );
          if (i > 0) runs.push(run);
        }
        // The machine's state, for reading the figures: the round trip of a query that does nothing.
        const baseline: number[] = [];
        for (let i = 0; i < o.runs; i++) {
          const started = performance.now();
          await executor.read({ name: 'bench-graph-baseline', cypher: 'RETURN 1 AS one' });
          baseline.push(performance.now() - started);
        }
        const median = (xs: number[]) => {
          const s = [...xs].sort((a, b) => a - b);
          return s.length % 2
            ? (s[(s.length - 1) / 2] as number)
            : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
        };
        console.log(
          `\ngraph(seeds: ["${hub?.id}"], depth: ${o.depth}, limit: ${o.limit}) on ${size?.papers} papers ` +
            `(seed degree ${size?.degree}): median ${median(runs.map((r) => r.total)).toFixed(1)} ms over ${runs.length} runs ` +
            `(Cypher ${median(runs.map((r) => r.cypher)).toFixed(1)} ms); ` +
            `baseline RETURN 1: median ${median(baseline).toFixed(1)} ms; load average ${os
              .loadavg()
              .map((l) => l.toFixed(1))
              .join(' ')}`,
        );
      } finally {
        await db.close();
      }
    });
  });

await program.parseAsync();
