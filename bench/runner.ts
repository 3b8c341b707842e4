import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { migrationsDir, repoRoot } from '../src/bootstrap.js';
import type { Config } from '../src/config.js';
import { createDriver } from '../src/db/driver.js';
import { Executor } from '../src/db/executor.js';
import { applySchema, graphCounts } from '../src/db/schema-store.js';
import { startLocalNeo4j } from '../src/neo4j-local/server.js';
import { datasetLocal, ensureDataset } from './dataset.js';
import { check } from './gate.js';
import { pickInputs } from './inputs.js';
import { fetchOnce, type LoadResult, measure } from './load.js';
import { operations, type ServerName } from './operations.js';
import { type BenchReport, loadAverages, machineInfo, markdown, type OperationReport, serverNames } from './report.js';
import { buildServers, startServer, stopServer } from './servers/spawn.js';

export interface BenchOptions {
  papers: number;
  seed: number;
  durationS: number;
  warmupS: number;
  connections: number[];
  /** Repetitions per cell (servers interleaved A B C A B C …). */
  repetitions: number;
  batchSize: number;
  /** Only these operations (default all). */
  only?: string[];
  servers: ServerName[];
  heap: string;
  pageCache: string;
  /** Write a V8 CPU profile of papergraph's server (node --cpu-prof) into this directory. */
  cpuProf?: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const benchDir = path.join(repoRoot, '.papergraph', 'bench');

/** The generator's version: a short hash of its source files (bench/generate/*.ts). */
function generatorVersion(): string {
  const dir = path.join(repoRoot, 'bench', 'generate');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(`${file}\0${readFileSync(path.join(dir, file))}`);
  return `bench/generate@${hash.digest('hex').slice(0, 12)}`;
}

/** Totals from the project's own per-label counts, and the server version. */
async function datasetCounts(executor: Executor): Promise<{ nodes: number; relationships: number; version: string }> {
  const counts = await graphCounts(executor);
  const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  const [row] = await executor.read({
    name: 'bench-neo4j-version',
    cypher: 'CALL dbms.components() YIELD versions RETURN versions[0] AS version',
  });
  return { nodes: sum(counts.nodes), relationships: sum(counts.relationships), version: String(row?.version) };
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
const cpuLine = (cpu: LoadResult['cpuMsPerRequest']) =>
  cpu ? `; CPU ms/request: server ${cpu.server ?? '?'}, Neo4j ${cpu.neo4j ?? '?'}, load generator ${cpu.client}` : '';

/** The whole benchmark: one Neo4j, one dataset, the servers interleaved on every operation. */
export async function runBench(config: Config, options: BenchOptions): Promise<BenchReport> {
  const started = new Date();
  const machine = machineInfo();
  const { papers, seed, heap, pageCache } = options;
  const local = await datasetLocal(config.local, { papers, seed, benchDir, heap, pageCache });
  buildServers(log);
  // Before Neo4j starts: a fresh dataset is bulk-loaded offline (neo4j-admin import).
  const dataset = await ensureDataset({ papers, seed, benchDir, local });
  const neo = await startLocalNeo4j(local, log);
  const credentials = { uri: neo.uri, user: config.neo4j.user, password: config.neo4j.password };
  const driver = createDriver({ ...credentials, maxPoolSize: 10 });
  const children: ChildProcess[] = [];
  try {
    const executor = new Executor(driver, { database: 'neo4j', txTimeoutMs: 600_000 });
    await applySchema(executor, migrationsDir);
    const counts = await datasetCounts(executor);
    const inputs = await pickInputs(executor);
    log(`inputs: ${JSON.stringify(inputs)}`);
    const ops = operations(inputs).filter((op) => !options.only || options.only.includes(op.name));

    // All servers up at once and interleaved per repetition (A B C A B C …), so drifting
    // background load on the machine hits the three alike. The floor goes first: its answers are
    // the reference for the correctness gate.
    const order = ['floor', ...options.servers.filter((s) => s !== 'floor')] as ServerName[];
    const urls = new Map<ServerName, string>();
    const pids = new Map<ServerName, number | undefined>();
    for (const server of order) {
      const profile = server === 'papergraph' && options.cpuProf;
      const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
      const { url, child } = await startServer(server, credentials, {}, nodeArgs);
      children.push(child);
      pids.set(server, child.pid);
      urls.set(server, url);
    }
    const reports: OperationReport[] = [];
    for (const op of ops) {
      const report: OperationReport = { operation: op.name, checks: {}, runs: {} };
      reports.push(report);
      let floorAnswer: unknown;
      for (const server of order) {
        const { answer, ...result } = await check(executor, urls.get(server) as string, server, op, floorAnswer);
        if (server === 'floor') floorAnswer = answer;
        report.checks[server] = result;
        if (!result.ok) log(`  ${op.name} ${server}: ERROR ${result.problem}`);
        else if (result.matchesFloor === false) {
          log(
            `  ${op.name} ${server}: answer differs from the floor:\n    ${JSON.stringify(answer).slice(0, 1500)}\n  floor:\n    ${JSON.stringify(floorAnswer).slice(0, 1500)}`,
          );
        }
      }
      for (const connections of options.connections) {
        for (let rep = 1; rep <= options.repetitions; rep++) {
          for (const server of order) {
            if (!report.checks[server]?.ok) continue;
            const url = urls.get(server) as string;
            const run = await measure(url, op.request[server], connections, options.durationS, options.warmupS, {
              serverPid: pids.get(server),
              neo4jPid: neo.pid,
            });
            // Let requests still running in the server and Neo4j finish before the next run starts.
            await fetchOnce(url, op.request[server]);
            report.runs[server] = [...(report.runs[server] ?? []), run];
            const bad = run.non2xx + run.graphqlErrors + run.errors + run.timeouts;
            log(
              `  ${op.name} c=${connections} #${rep} ${server}: ${run.requests ? `p50 ${fmt(run.p50)} ms, p99 ${fmt(run.p99)} ms, ${run.reqPerSec.toFixed(1)} req/s${cpuLine(run.cpuMsPerRequest)}` : `no response within ${run.durationS} s`}${bad ? `, ${bad} bad` : ''}`,
            );
          }
        }
      }
    }

    const report: BenchReport = {
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      wallSeconds: Math.round((Date.now() - started.getTime()) / 1000),
      commit: machine.commit,
      dirty: machine.dirty,
      machine: {
        cpu: machine.cpu,
        cores: machine.cores,
        memGiB: machine.memGiB,
        node: machine.node,
        platform: machine.platform,
        loadAvgAtStart: machine.loadAvgAtStart,
        loadAvgAtEnd: loadAverages(),
      },
      neo4j: { version: counts.version, heap: options.heap, pageCache: options.pageCache },
      dataset: {
        papers: options.papers,
        seed: options.seed,
        nodes: counts.nodes,
        relationships: counts.relationships,
        importRecordsPerSecond: dataset.import.recordsPerSecond,
        generator: { source: generatorVersion(), options: { papers: options.papers, seed: options.seed } },
      },
      settings: {
        durationS: options.durationS,
        warmupS: options.warmupS,
        connections: options.connections,
        repetitions: options.repetitions,
        cache: 'off (CACHE=false)',
      },
      inputs,
      operations: reports,
    };
    await writeReport(report);
    return report;
  } finally {
    for (const child of children) await stopServer(child);
    await driver.close();
    await neo.stop();
  }
}

async function writeReport(report: BenchReport): Promise<void> {
  await mkdir(benchDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const base = path.join(benchDir, `bench-${report.dataset.papers}-${stamp}`);
  const md = markdown(report);
  await writeFile(`${base}.json`, JSON.stringify(report, null, 2));
  await writeFile(`${base}.md`, `${md}\n`);
  await writeFile(path.join(benchDir, 'latest.json'), JSON.stringify(report, null, 2));
  await writeFile(path.join(benchDir, 'latest.md'), `${md}\n`);
  log(`report: ${base}.md and .json (also latest.md / latest.json)`);
}

export { serverNames };
