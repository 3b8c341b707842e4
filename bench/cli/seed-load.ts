import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { migrationsDir, repoRoot, seedDir } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { Executor, type QueryLogEntry } from '../../src/db/executor.js';
import { applySchema } from '../../src/db/schema-store.js';
import { positiveInt } from '../../src/ingest/command.js';
import { seedIfEmpty } from '../../src/ingest/seed.js';
import { linkGraph } from '../../src/link/run.js';
import { freePort, startLocalNeo4j } from '../../src/neo4j-local/server.js';
import { graphDump, hashLines } from '../../test/helpers/graph-hash.js';
import { threadCpu, treeCpuMs } from '../proc.js';
import { spread as stats } from '../stats.js';

// npm run bench:seed -- [--runs N] [--queries] [--dump file]
// The first-time seed load (issue #16 section 4): per run, a fresh local Neo4j (the project's own
// provisioning, src/neo4j-local) on a throwaway data directory on 127.0.0.1, then what `npm start`
// does on an empty graph (src/bootstrap.ts prepareGraph): schema migrations, the seed (seedIfEmpty:
// the emptiness check and the load), the linker.
// Prints wall and CPU time per phase (CPU: this process, and the Neo4j JVM from /proc), the
// median and min–max over runs, and a hash of the resulting graph (timestamps normalised).

interface Phase {
  wallMs: number;
  nodeCpuMs: number;
  neo4jCpuMs: number;
  /** Of neo4jCpuMs: the Bolt worker threads (parsing, planning and running our statements). */
  boltCpuMs: number;
  /** Of neo4jCpuMs: the JIT compiler threads (a cold JVM compiling Neo4j's own code). */
  jitCpuMs: number;
}

const threadsCpu = (pid: number, prefix: string) =>
  threadCpu(pid)
    .filter(([name]) => name.startsWith(prefix))
    .reduce((n, [, ms]) => n + ms, 0);

async function measure<T>(pid: number, work: () => Promise<T>): Promise<[T, Phase]> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const j0 = treeCpuMs(pid);
  const b0 = threadsCpu(pid, 'neo#j.BoltWorke');
  const c0jit = threadsCpu(pid, 'C# CompilerThre');
  const out = await work();
  const c = process.cpuUsage(c0);
  return [
    out,
    {
      wallMs: performance.now() - t0,
      nodeCpuMs: (c.user + c.system) / 1000,
      neo4jCpuMs: treeCpuMs(pid) - j0,
      boltCpuMs: threadsCpu(pid, 'neo#j.BoltWorke') - b0,
      jitCpuMs: threadsCpu(pid, 'C# CompilerThre') - c0jit,
    },
  ];
}

const phaseNames = ['neo4j start', 'schema', 'seed', 'link', 'total (schema+seed+link)'] as const;
type PhaseName = (typeof phaseNames)[number];

const program = new Command('npm run bench:seed --')
  .option('-r, --runs <n>', 'fresh Neo4j servers, one load each', positiveInt, 3)
  .option('--no-link', 'leave out the linker (as `npm run seed -- --no-link`)')
  .option('-q, --queries', 'print time per statement name (summed over a run; first run and median)')
  .option('--trace', 'print every statement of the first run as it ran, with its time')
  .option('--threads', 'print the Neo4j JVM threads using most CPU (start and load together) after run 1')
  .option('--dump <file>', 'write the canonical graph dump of the last run to <file>')
  .action(
    async (options: {
      runs: number;
      link: boolean;
      queries?: boolean;
      trace?: boolean;
      threads?: boolean;
      dump?: string;
    }) => {
      const config = loadConfig();
      const results: Record<PhaseName, Phase>[] = [];
      const perQuery: Map<string, { ms: number; n: number }>[] = [];
      const hashes = new Set<string>();
      console.log(
        `seed-load: ${options.runs} run(s), load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      for (let run = 1; run <= options.runs; run++) {
        const scratch = await mkdtemp(path.join(tmpdir(), 'papergraph-seedload-'));
        const password = 'papergraph-bench';
        const t0 = performance.now();
        const local = await startLocalNeo4j({
          ...config.local,
          cacheDir: path.join(repoRoot, '.papergraph'),
          homeDir: path.join(scratch, 'home'),
          dataDir: path.join(scratch, 'data'),
          boltPort: await freePort(),
          password,
        });
        const start: Phase = {
          wallMs: performance.now() - t0,
          nodeCpuMs: 0,
          neo4jCpuMs: treeCpuMs(local.pid),
          boltCpuMs: threadsCpu(local.pid, 'neo#j.BoltWorke'),
          jitCpuMs: threadsCpu(local.pid, 'C# CompilerThre'),
        };
        const driver = createDriver({ uri: local.uri, user: 'neo4j', password });
        const queries = new Map<string, { ms: number; n: number }>();
        const onQuery = (e: QueryLogEntry) => {
          const q = queries.get(e.name) ?? { ms: 0, n: 0 };
          q.ms += e.ms;
          q.n += 1;
          queries.set(e.name, q);
          if (options.trace && run === 1) console.log(`  ${e.ms.toFixed(0).padStart(6)} ms ${e.mode} ${e.name}`);
        };
        try {
          const executor = new Executor(driver, { database: 'neo4j', txTimeoutMs: 300_000, onQuery });
          const since = new Date().toISOString();
          const [, schema] = await measure(local.pid, () => applySchema(executor, migrationsDir));
          const [, seed] = await measure(local.pid, () => seedIfEmpty(executor, seedDir, { link: false }));
          const [, link] = options.link
            ? await measure(local.pid, () => linkGraph(executor))
            : [undefined, { wallMs: 0, nodeCpuMs: 0, neo4jCpuMs: 0, boltCpuMs: 0, jitCpuMs: 0 }];
          const total: Phase = {
            wallMs: schema.wallMs + seed.wallMs + link.wallMs,
            nodeCpuMs: schema.nodeCpuMs + seed.nodeCpuMs + link.nodeCpuMs,
            neo4jCpuMs: schema.neo4jCpuMs + seed.neo4jCpuMs + link.neo4jCpuMs,
            boltCpuMs: schema.boltCpuMs + seed.boltCpuMs + link.boltCpuMs,
            jitCpuMs: schema.jitCpuMs + seed.jitCpuMs + link.jitCpuMs,
          };
          results.push({ 'neo4j start': start, schema, seed, link, 'total (schema+seed+link)': total });
          perQuery.push(queries);
          if (options.threads && run === 1)
            for (const [name, ms] of threadCpu(local.pid).slice(0, 12))
              console.log(`  ${String(ms).padStart(7)} ms cpu  ${name}`);
          const dump = await graphDump(new Executor(driver, { database: 'neo4j', txTimeoutMs: 60_000 }), { since });
          hashes.add(hashLines(dump));
          if (options.dump && run === options.runs) await writeFile(options.dump, `${dump.join('\n')}\n`);
          console.log(
            `run ${run}: start ${(start.wallMs / 1000).toFixed(1)} s; schema ${fmt(schema)}; seed ${fmt(seed)}; link ${fmt(link)}; total ${fmt(total)}; graph ${hashLines(dump).slice(0, 12)}`,
          );
        } finally {
          await driver.close();
          await local.stop();
          await rm(scratch, { recursive: true, force: true });
        }
      }

      console.log(
        `\nwall / papergraph CPU / Neo4j CPU (of it Bolt workers, JIT compiler threads) in ms — median (min–max) over ${results.length} run(s)`,
      );
      for (const name of phaseNames) {
        const col = (key: keyof Phase) => spread(results.map((r) => r[name][key]));
        console.log(
          `${name.padEnd(26)} wall ${col('wallMs')} node cpu ${col('nodeCpuMs')} neo4j cpu ${col('neo4jCpuMs')} of it bolt ${col('boltCpuMs')} jit ${col('jitCpuMs')}`,
        );
      }
      console.log(
        `graphs: ${hashes.size === 1 ? 'identical' : 'DIFFER'} across runs (${[...hashes].map((h) => h.slice(0, 12)).join(', ')})`,
      );
      if (options.queries) {
        const names = [...new Set(perQuery.flatMap((q) => [...q.keys()]))];
        const med = (name: string) => stats(perQuery.map((q) => q.get(name)?.ms ?? 0))?.median ?? 0;
        console.log('\nper statement name: calls, ms in run 1, median ms over runs');
        for (const name of names.sort((a, b) => med(b) - med(a)))
          console.log(
            `${name.padEnd(34)} ${String(perQuery[0]?.get(name)?.n ?? 0).padStart(5)} ${(perQuery[0]?.get(name)?.ms ?? 0).toFixed(0).padStart(7)} ${med(name).toFixed(0).padStart(7)}`,
          );
        console.log(`distinct statement names: ${names.length}`);
      }
      const leftovers = (await readdir(tmpdir())).filter((f) => f.startsWith('papergraph-seedload-'));
      if (leftovers.length) console.log(`note: ${leftovers.length} papergraph-seedload-* dirs left in ${tmpdir()}`);
    },
  );

const fmt = (p: Phase) =>
  `${Math.round(p.wallMs)} ms (cpu ${Math.round(p.nodeCpuMs)}+${Math.round(p.neo4jCpuMs)}, bolt ${Math.round(p.boltCpuMs)}, jit ${Math.round(p.jitCpuMs)})`;
const spread = (xs: number[]) => {
  const s = stats(xs);
  return (s ? `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})` : '-').padEnd(18);
};

await program.parseAsync();
