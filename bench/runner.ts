import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { migrationsDir, repoRoot } from '../src/bootstrap.js';
import { type Config, environmentWith } from '../src/config.js';
import { createDriver } from '../src/db/driver.js';
import { Executor } from '../src/db/executor.js';
import { applySchema, graphCounts } from '../src/db/schema-store.js';
import { freePort, startLocalNeo4j } from '../src/neo4j-local/server.js';
import { ensureDataset } from './dataset.js';
import { pickInputs } from './inputs.js';
import { fetchOnce, measure } from './load.js';
import { type Operation, operations, type ServerName } from './operations.js';
import {
  type BenchReport,
  type Check,
  loadAverages,
  machineInfo,
  markdown,
  type OperationReport,
  serverNames,
} from './report.js';

export interface BenchOptions {
  papers: number;
  seed: number;
  durationS: number;
  warmupS: number;
  connections: number[];
  batchSize: number;
  /** Only these operations (default all). */
  only?: string[];
  servers: ServerName[];
  heap: string;
  pageCache: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const benchDir = path.join(repoRoot, '.papergraph', 'bench');

/** Start one benchmark server as a child process; resolves with its URL. */
async function startServer(
  kind: ServerName,
  uri: string,
  config: Config,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'bench/servers/serve.ts'),
      kind,
      uri,
      config.neo4j.user,
      config.neo4j.password,
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
      // Servers read their configuration from the environment, as in production (request log at info).
      env: environmentWith({ NODE_ENV: 'production', LOG_LEVEL: config.logLevel }),
    },
  );
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start in 60 s:\n${stderr}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = stderr.match(/\{"url":"([^"]+)"\}/)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once('exit', (code) => reject(new Error(`${kind} exited (${code}) before listening:\n${stderr}`)));
  });
  return { url, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await once(child, 'exit');
  clearTimeout(timer);
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

/** Send each operation once; `ok` when 2xx without GraphQL errors, then compare its ids with the floor's. */
async function check(
  url: string,
  server: ServerName,
  op: Operation,
  floorKey: unknown,
): Promise<Check & { key?: unknown }> {
  try {
    const { status, body, ms } = await fetchOnce(url, op.request[server]);
    if (status !== 200 || typeof body !== 'object' || body.errors) {
      return { ok: false, matchesFloor: null, ms, problem: `${status} ${JSON.stringify(body).slice(0, 400)}` };
    }
    const key = op.key[server](body);
    return { ok: true, matchesFloor: server === 'floor' ? true : isDeepStrictEqual(key, floorKey), ms, key };
  } catch (error) {
    return { ok: false, matchesFloor: null, ms: 0, problem: String(error) };
  }
}

/** The whole benchmark: one Neo4j, one dataset, each server in turn on every operation. */
export async function runBench(config: Config, options: BenchOptions): Promise<BenchReport> {
  const started = new Date();
  const machine = machineInfo();
  const root = path.join(benchDir, `neo4j-${options.papers}-seed-${options.seed}`);
  const local = {
    ...config.local,
    boltPort: await freePort(),
    heap: options.heap,
    pageCache: options.pageCache,
    dataDir: path.join(root, 'data'),
    homeDir: path.join(root, 'home'),
  };
  // Before Neo4j starts: a fresh dataset is bulk-loaded offline (neo4j-admin import).
  const dataset = await ensureDataset({ papers: options.papers, seed: options.seed, benchDir, local });
  const neo = await startLocalNeo4j(local, log);
  const driver = createDriver({
    uri: neo.uri,
    user: config.neo4j.user,
    password: config.neo4j.password,
    maxPoolSize: 10,
  });
  const children: ChildProcess[] = [];
  try {
    const executor = new Executor(driver, { database: 'neo4j', txTimeoutMs: 600_000 });
    await applySchema(executor, migrationsDir);
    const counts = await datasetCounts(executor);
    const inputs = await pickInputs(executor);
    log(`inputs: ${JSON.stringify(inputs)}`);
    const ops = operations(inputs).filter((op) => !options.only || options.only.includes(op.name));
    const measured = ops.map((op) => {
      const opReport: OperationReport = { operation: op.name, checks: {}, runs: {} };
      return { op, opReport };
    });

    // All servers up at once, measured in turn per operation and connection count, so drifting
    // background load on the machine hits the three alike. The floor goes first: its answers are
    // the reference for the correctness gate.
    const order = ['floor', ...options.servers.filter((s) => s !== 'floor')] as ServerName[];
    const urls = new Map<ServerName, string>();
    for (const server of order) {
      const { url, child } = await startServer(server, neo.uri, config);
      children.push(child);
      urls.set(server, url);
    }
    for (const { op, opReport } of measured) {
      let floorKey: unknown;
      for (const server of order) {
        const { key, ...result } = await check(urls.get(server) as string, server, op, floorKey);
        if (server === 'floor') floorKey = key;
        opReport.checks[server] = result;
        if (!result.ok) log(`  ${op.name} ${server}: ERROR ${result.problem}`);
        else if (result.matchesFloor === false) {
          log(
            `  ${op.name} ${server}: answer differs from the floor: ${JSON.stringify(key).slice(0, 300)} vs ${JSON.stringify(floorKey).slice(0, 300)}`,
          );
        }
      }
      for (const connections of options.connections) {
        for (const server of order) {
          if (!opReport.checks[server]?.ok) continue;
          const url = urls.get(server) as string;
          const run = await measure(url, op.request[server], connections, options.durationS, options.warmupS);
          // Let requests still running in the server and Neo4j finish before the next run starts.
          await fetchOnce(url, op.request[server]);
          opReport.runs[server] = [...(opReport.runs[server] ?? []), run];
          const bad = run.non2xx + run.graphqlErrors + run.errors + run.timeouts;
          log(
            `  ${op.name} c=${connections} ${server}: ${run.requests ? `p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.reqPerSec.toFixed(1)} req/s` : `no response within ${run.durationS} s`}${bad ? `, ${bad} bad` : ''}`,
          );
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
      },
      settings: { durationS: options.durationS, warmupS: options.warmupS, connections: options.connections },
      inputs,
      operations: measured.map((m) => m.opReport),
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
