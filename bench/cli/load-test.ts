import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { prepareGraph, repoRoot } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { examples } from '../../src/examples.js';
import { createLogger } from '../../src/logger.js';
import { freePort, type LocalNeo4j, startLocalNeo4j } from '../../src/neo4j-local/server.js';
import { fetchOnce, type LoadResult, measure } from '../load.js';
import type { Request } from '../operations.js';
import { buildServers, startServer, stopServer } from '../servers/spawn.js';

/**
 * npm run test:load: a bounded load test on this machine only. Starts its own
 * papergraph and floor (compiled, child processes on 127.0.0.1, free ports,
 * response cache off) against NEO4J_URI, or else a throwaway local Neo4j with
 * the seed; then `--connections` clients (default 64) send the eight GraphiQL
 * example operations in rotation for `--duration` seconds (default 30) to
 * papergraph, then the same mix to the floor, which replays the Cypher
 * statements papergraph ran for each operation (captured once from its
 * explain output) with the raw driver. It fails (exit 1) on any socket error,
 * timeout, non-2xx response or GraphQL error from papergraph, and stops
 * everything it started.
 */

const int = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`an integer from ${min} to ${max}`);
  return n;
};

/** Resident memory of a child process, from /proc (Linux); 0 elsewhere. */
const rssOf = (pid: number | undefined) => {
  try {
    const kb = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
};

/**
 * CPU time (user + system, ms) a child process has used, from /proc (Linux; undefined elsewhere).
 * Per request it is the server's own work, far steadier than latency on a shared machine.
 */
const cpuMsOf = (pid: number | undefined) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return undefined;
  }
};

/** Load one server and report its CPU per request beside the latencies. */
async function load(
  child: ChildProcess,
  url: string,
  requests: Request[],
  options: { connections: number; duration: number },
) {
  await measure(url, requests, options.connections, 2, 0); // warm-up, not measured
  const before = cpuMsOf(child.pid);
  const result = await measure(url, requests, options.connections, options.duration, 0);
  const after = cpuMsOf(child.pid);
  const cpuMs = before === undefined || after === undefined ? undefined : (after - before) / result.requests;
  return { result, cpuMs };
}

const cpu = (ms: number | undefined) => (ms === undefined ? '' : `; server CPU ${ms.toFixed(2)} ms per request`);

const fmt = (r: LoadResult) =>
  `${r.requests} in ${r.durationS} s: ${Math.round(r.reqPerSec)} req/s; latency p50 ${r.p50.toFixed(1)} ms, p90 ${r.p90.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms; ` +
  `${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx, ${r.graphqlErrors} with GraphQL errors`;

async function main(): Promise<number> {
  const options = new Command('test:load')
    .description('Bounded load test: papergraph beside the floor, on a Neo4j it starts on 127.0.0.1.')
    .option('-d, --duration <seconds>', 'how long to send requests, per server', int(1, 600), 30)
    .option('-c, --connections <n>', 'concurrent connections', int(1, 256), 64)
    .option('--no-floor', 'measure papergraph only')
    .option('--cpu-prof <dir>', "write papergraph's CPU profile (node --cpu-prof) to this directory")
    .parse()
    .opts<{ duration: number; connections: number; floor: boolean; cpuProf?: string }>();
  const config = loadConfig();
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error(`cleanup: ${e}`));
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanUp().then(() => process.exit(143)));
  const log = (line: string) => console.log(line);

  try {
    buildServers(log);
    // 1. Neo4j: NEO4J_URI, or a throwaway local server with the seed.
    let uri = config.neo4j.uri;
    if (!uri) {
      const scratch = await mkdtemp(path.join(os.tmpdir(), 'papergraph-load-'));
      cleanups.push(() => rm(scratch, { recursive: true, force: true }));
      log('Starting a throwaway local Neo4j…');
      const local: LocalNeo4j = await startLocalNeo4j({
        ...config.local,
        cacheDir: path.join(repoRoot, '.papergraph'),
        homeDir: path.join(scratch, 'home'),
        dataDir: path.join(scratch, 'data'),
        boltPort: await freePort(),
      });
      cleanups.push(() => local.stop());
      uri = local.uri;
    }
    const driver = createDriver({ uri, user: config.neo4j.user, password: config.neo4j.password });
    try {
      await prepareGraph(driver, { ...config, neo4j: { ...config.neo4j, uri } }, createLogger('warn'));
    } finally {
      await driver.close();
    }

    // 2. The servers, compiled, in child processes (the load generator never shares their event loop).
    const credentials = { uri, user: config.neo4j.user, password: config.neo4j.password };
    const started: ChildProcess[] = [];
    cleanups.push(async () => {
      for (const child of started) await stopServer(child);
    });
    const nodeArgs = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProf)}`] : [];
    // Response cache off (issue #16): the load measures the pipeline and Neo4j, never a stored answer.
    // benchServerEnv sets it too; here it is explicit, and checked below.
    const papergraph = await startServer('papergraph', credentials, { CACHE: 'false' }, nodeArgs);
    started.push(papergraph.child);

    // 3. Each example once (it must answer without errors), once more with explain for the floor.
    const requests: Request[] = examples.tabs.map((tab) => ({
      path: '/graphql',
      headers: tab.headers ? JSON.parse(tab.headers) : {},
      body: JSON.stringify({ query: tab.query, variables: tab.variables ? JSON.parse(tab.variables) : undefined }),
    }));
    const replays: Request[] = [];
    for (const r of requests) {
      const { status, body } = await fetchOnce(papergraph.url, r);
      if (status !== 200 || body.errors) throw new Error(`warm-up failed: ${status} ${JSON.stringify(body)}`);
      const explained = await fetchOnce(papergraph.url, {
        ...r,
        headers: { ...r.headers, 'x-papergraph-explain': '1' },
      });
      const queries = explained.body.extensions.explain.queries as { cypher: string; params: unknown }[];
      replays.push({
        path: '/replay',
        body: JSON.stringify(queries.map((q) => ({ cypher: q.cypher, params: q.params }))),
      });
    }
    // Every example has run once already: with the cache on, this repeat would be a hit.
    const repeat = requests[0];
    if (repeat) {
      const res = await fetch(`${papergraph.url}${repeat.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...repeat.headers },
        body: repeat.body,
      });
      await res.arrayBuffer();
      const cache = res.headers.get('x-papergraph-cache');
      if (cache !== 'bypass')
        throw new Error(`papergraph must run with the response cache off (x-papergraph-cache: ${cache})`);
    }
    const statements = replays.map((r) => JSON.parse(r.body).length);
    log(`Mix: ${requests.length} operations, ${statements.join('+')} Cypher statements each (papergraph's explain)`);

    let maxRss = 0;
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, rssOf(papergraph.child.pid));
    }, 1_000);
    cleanups.push(async () => clearInterval(sampler));
    log(`Load: ${options.connections} connections for ${options.duration} s → papergraph ${papergraph.url}/graphql`);
    const { result: pg, cpuMs: pgCpu } = await load(papergraph.child, papergraph.url, requests, options);
    clearInterval(sampler);
    log(`papergraph  ${fmt(pg)}; max RSS ${Math.round(maxRss / 1e6)} MB${cpu(pgCpu)}`);

    if (options.floor) {
      const floor = await startServer('floor', credentials);
      started.push(floor.child);
      for (const r of replays) {
        const { status, body } = await fetchOnce(floor.url, r);
        if (status !== 200) throw new Error(`floor replay failed: ${status} ${JSON.stringify(body).slice(0, 400)}`);
      }
      log(`Load: ${options.connections} connections for ${options.duration} s → floor ${floor.url}/replay`);
      const { result: fl, cpuMs: flCpu } = await load(floor.child, floor.url, replays, options);
      log(`floor       ${fmt(fl)}${cpu(flCpu)}`);
      log(
        `papergraph/floor: ${(pg.reqPerSec / fl.reqPerSec).toFixed(2)}× req/s, ${(pg.p50 / fl.p50).toFixed(2)}× p50, ${(pg.p99 / fl.p99).toFixed(2)}× p99` +
          (pgCpu && flCpu ? `, ${(pgCpu / flCpu).toFixed(2)}× server CPU per request` : ''),
      );
    }
    const failed = pg.errors + pg.timeouts + pg.non2xx + pg.graphqlErrors > 0 || pg.requests === 0;
    log(
      `targets: ≥ 400 req/s ${pg.reqPerSec >= 400 ? 'met' : 'missed'}, p99 < 500 ms ${pg.p99 < 500 ? 'met' : 'missed'}`,
    );
    log(failed ? 'FAIL' : 'PASS');
    return failed ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

const code = await main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  return 1;
});
process.exit(code);
