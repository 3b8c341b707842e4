import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { connectDatabase, repoRoot } from '../../src/bootstrap.js';
import { runCli } from '../../src/cli/run.js';
import { Executor } from '../../src/db/executor.js';
import { LineageIndexAdmin } from '../../src/db/stores/lineage-index-admin.js';
import { positiveInt } from '../../src/ingest/command.js';
import { pickInputs } from '../inputs.js';
import { fetchOnce, type LoadResult, measure } from '../load.js';
import { operations } from '../operations.js';
import { buildServers, startServer, stopServer } from '../servers/spawn.js';
import { spread } from '../stats.js';

// npm run bench:lineage -- [--duration 10] [--repetitions 3] [--connections 1,32] [--writer]
// Hub lineage (papersBuildingOn, maxDepth 4, first 20, with totalCount and paths) and
// stats.techniqueAdoption through a compiled papergraph (response cache off) on an already loaded
// dataset (NEO4J_URI), as `npm run bench` sends them. With --writer, a writer process upserts a
// paper using the hub every second during the measurement (each write moves the hub's lineage
// and its counts), so the figures include reads right after writes. Prints whether the lineage
// index is ready: run it once with and once without (`npm run lineage-index -- build|drop`).
const WRITE_TOKEN = 'bench-lineage-writer';

const program = new Command('npm run bench:lineage --')
  .description('Hub lineage and technique adoption at 1 and 32 connections on the loaded dataset.')
  .option('--duration <s>', 'seconds per measured run', positiveInt, 10)
  .option('--warmup <s>', 'seconds of warm-up before each run', positiveInt, 3)
  .option('--repetitions <n>', 'runs per cell (median, min–max)', positiveInt, 3)
  .option('--connections <list>', 'comma-separated connection counts', '1,32')
  .option('--writer', 'write a paper using the hub every second during the runs', false)
  .action(
    async (o: { duration: number; warmup: number; repetitions: number; connections: string; writer: boolean }) => {
      await runCli(async (config, logger) => {
        const db = await connectDatabase(config, logger);
        const children: ChildProcess[] = [];
        try {
          const executor = new Executor(db.driver, { database: config.neo4j.database, txTimeoutMs: 300_000 });
          const admin = new LineageIndexAdmin(executor);
          const state = (await admin.state()) ?? 'none';
          const inputs = await pickInputs(executor);
          // Each operation as \`npm run bench\` sends it (served by the index when ready), and the same
          // question with every source named explicitly: the same answer, always from the traversal.
          const ALL = 'sources: [CURATED, LINKER, IMPORT, API]';
          const ops = operations(inputs)
            .filter((op) => ['lineage', 'techniqueAdoption'].includes(op.name))
            .flatMap((op) => {
              const body = op.request.papergraph.body
                .replace('maxDepth: 4, first: 20)', `maxDepth: 4, first: 20, ${ALL})`)
                .replace('techniqueAdoption(technique: $t)', `techniqueAdoption(technique: $t, ${ALL})`);
              if (body === op.request.papergraph.body) throw new Error(`${op.name}: could not name the sources`);
              return [
                { name: op.name, request: op.request.papergraph, traversal: false },
                { name: `${op.name} (traversal)`, request: { ...op.request.papergraph, body }, traversal: true },
              ];
            });
          buildServers((line) => logger.info(line));
          const neo4j = { uri: db.uri, user: config.neo4j.user, password: config.neo4j.password };
          const server = await startServer('papergraph', neo4j, { PAPERGRAPH_WRITE_TOKENS: WRITE_TOKEN });
          children.push(server.child);
          // The gate: both readings give the same whole answer (order, depths, explanations, total).
          const answers = new Map<string, string>();
          for (const op of ops) {
            const first = await fetchOnce(server.url, op.request);
            if (first.status !== 200 || first.body.errors) throw new Error(`${op.name}: ${JSON.stringify(first.body)}`);
            const total = first.body.data.papersBuildingOn?.totalCount;
            const base = op.name.replace(' (traversal)', '');
            const verdict = answers.get(base) === JSON.stringify(first.body) ? 'equal to' : 'DIFFERENT from';
            const same = answers.has(base) ? ` — ${verdict} the default reading` : '';
            answers.set(base, JSON.stringify(first.body));
            const count = total === undefined ? '' : `, totalCount ${total}`;
            console.log(`${op.name}: first answer in ${first.ms.toFixed(1)} ms${count}${same}`);
          }
          let writes = 0;
          if (o.writer) {
            const writer = spawn(
              process.execPath,
              [
                path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
                path.join(repoRoot, 'bench', 'lineage-writer.ts'),
                server.url,
                WRITE_TOKEN,
                inputs.hubTechniqueId,
                inputs.prolificAuthorId,
              ],
              { stdio: ['ignore', 'pipe', 'inherit'] },
            );
            writer.stdout?.on('data', (chunk: Buffer) => {
              writes += chunk.toString().split('\n').filter(Boolean).length;
            });
            children.push(writer);
          }
          const connections = o.connections.split(',').map(Number);
          console.log(
            `\nlineage index: ${state}; hub ${inputs.hubTechniqueId}; writer ${o.writer ? 'on' : 'off'}; ` +
              `${o.repetitions} × ${o.duration} s per cell; load average ${os
                .loadavg()
                .map((l) => l.toFixed(1))
                .join(' ')}`,
          );
          console.log('| operation | conns | p50 ms | p99 ms | req/s | errors |\n|---|---:|---|---|---|---:|');
          for (const op of ops) {
            // The traversal takes ~1 s per request at 1M: one connection only.
            for (const c of op.traversal ? [1] : connections) {
              const runs: LoadResult[] = [];
              for (let r = 0; r < o.repetitions; r++)
                runs.push(await measure(server.url, op.request, c, o.duration, o.warmup));
              const cell = (pick: (x: LoadResult) => number) => {
                const s = spread(runs.map(pick));
                return s ? `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})` : '–';
              };
              const errors = runs.reduce((n, x) => n + x.errors + x.non2xx + x.graphqlErrors + x.timeouts, 0);
              console.log(
                `| ${op.name} | ${c} | ${cell((x) => x.p50)} | ${cell((x) => x.p99)} | ${cell((x) => x.reqPerSec)} | ${errors} |`,
              );
            }
          }
          if (o.writer) console.log(`\nwrites during the runs: ${writes}`);
          console.log(
            `load average at end ${os
              .loadavg()
              .map((l) => l.toFixed(1))
              .join(' ')}`,
          );
        } finally {
          for (const child of children.reverse()) await stopServer(child);
          await db.close();
        }
      });
    },
  );

await program.parseAsync();
