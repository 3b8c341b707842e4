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
import { exampleRequest, operationName } from '../examples.js';
import { fetchOnce, type LoadResult, measure } from '../load.js';
import type { Request } from '../operations.js';
import { buildServers, startServer, stopServer } from '../servers/spawn.js';
import { type Spread, spread } from '../stats.js';

/**
 * npm run test:load: a bounded load test on this machine only. Starts its own
 * papergraph and floor (compiled, child processes on 127.0.0.1, free ports,
 * response cache off) against NEO4J_URI, or else a throwaway local Neo4j with
 * the seed; then `--connections` clients (default 64) send the eight GraphiQL
 * example operations (or `--only` some) in rotation for `--duration` seconds
 * (default 30) to papergraph and the same mix to the floor, which replays the
 * Cypher statements papergraph ran for each operation (captured once from its
 * explain output) with the raw driver: `--warmup` seconds each first, then
 * `--runs` measured runs alternating between the two (median, min–max, and
 * CPU per request of the server, Neo4j and the load generator). It fails (exit 1) on any socket error,
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
 * Load one server and report CPU per request beside the latencies: the server's, Neo4j's (when this
 * run started it) and the load generator's own, so the machine's two cores can be accounted for.
 */
async function load(
  child: ChildProcess,
  url: string,
  requests: Request[],
  options: { connections: number; duration: number },
  neo4jPid?: number,
) {
  const result = await measure(url, requests, options.connections, options.duration, 0, {
    serverPid: child.pid,
    neo4jPid,
  });
  const cpu = result.cpuMsPerRequest;
  return { result, cpuMs: cpu?.server, neo4jMs: cpu?.neo4j, clientMs: cpu?.client ?? 0 };
}

type Loaded = Awaited<ReturnType<typeof load>>;

const median = (values: number[]) => spread(values)?.median ?? Number.NaN;
const range = (s: Spread, digits: number) =>
  s.n > 1
    ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`
    : s.median.toFixed(digits);

/** req/s, p50, p99 and CPU per request of one server's runs, as median (min–max). */
function summaryLine(runs: Loaded[]): string {
  const of = (f: (l: Loaded) => number | undefined, digits: number) => {
    const s = spread(runs.flatMap((l) => (f(l) === undefined ? [] : [f(l) as number])));
    return s ? range(s, digits) : '–';
  };
  const bad = runs.reduce((n, { result: r }) => n + r.errors + r.timeouts + r.non2xx + r.graphqlErrors, 0);
  return (
    `${of((l) => l.result.reqPerSec, 0)} req/s; p50 ${of((l) => l.result.p50, 1)} ms, p99 ${of((l) => l.result.p99, 1)} ms; ` +
    `CPU per request: server ${of((l) => l.cpuMs, 2)} ms, Neo4j ${of((l) => l.neo4jMs, 2)} ms, load generator ${of((l) => l.clientMs, 2)} ms; ${bad} bad`
  );
}

const cpu = ({ cpuMs, neo4jMs, clientMs }: { cpuMs?: number; neo4jMs?: number; clientMs: number }) =>
  (cpuMs === undefined ? '' : `; server CPU ${cpuMs.toFixed(2)} ms per request`) +
  (neo4jMs === undefined ? '' : `, Neo4j ${neo4jMs.toFixed(2)} ms`) +
  `, load generator ${clientMs.toFixed(2)} ms`;

const fmt = (r: LoadResult) =>
  `${r.requests} in ${r.durationS} s: ${Math.round(r.reqPerSec)} req/s; latency p50 ${r.p50.toFixed(1)} ms, p90 ${r.p90.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms; ` +
  `${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx, ${r.graphqlErrors} with GraphQL errors`;

/** The GraphiQL examples to send: all of them, or those `--only` names (an unknown name is an error). */
function selectTabs(only: string | undefined) {
  if (!only) return examples.tabs;
  const known = examples.tabs.map((tab) => operationName(tab.query));
  const wanted = only.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`--only: unknown operation ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return examples.tabs.filter((tab) => wanted.includes(operationName(tab.query)));
}

async function main(): Promise<number> {
  const options = new Command('test:load')
    .description('Bounded load test: papergraph beside the floor, on a Neo4j it starts on 127.0.0.1.')
    .option('-d, --duration <seconds>', 'how long to send requests, per server', int(1, 600), 30)
    .option('-c, --connections <n>', 'concurrent connections', int(1, 256), 64)
    .option(
      '-r, --runs <n>',
      'measured runs per server, servers alternating (papergraph, floor, papergraph, …)',
      int(1, 20),
      3,
    )
    .option(
      '-w, --warmup <seconds>',
      'unmeasured load per server before the first run (Neo4j JIT-compiles its hot paths)',
      int(0, 600),
      20,
    )
    .option('--no-floor', 'measure papergraph only')
    .option('--cpu-prof <dir>', "write papergraph's CPU profile (node --cpu-prof) to this directory")
    .option('-o, --only <names>', 'only these example operations (comma-separated operation names, e.g. Paper,Papers)')
    .parse()
    .opts<{
      duration: number;
      connections: number;
      runs: number;
      warmup: number;
      floor: boolean;
      cpuProf?: string;
      only?: string;
    }>();
  const tabs = selectTabs(options.only);
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
    let neo4jPid: number | undefined;
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
      neo4jPid = local.pid;
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
    const requests: Request[] = tabs.map(exampleRequest);
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

    const floor = options.floor ? await startServer('floor', credentials) : undefined;
    if (floor) {
      started.push(floor.child);
      for (const r of replays) {
        const { status, body } = await fetchOnce(floor.url, r);
        if (status !== 200) throw new Error(`floor replay failed: ${status} ${JSON.stringify(body).slice(0, 400)}`);
      }
    }
    const servers = [
      { name: 'papergraph', child: papergraph.child, url: papergraph.url, requests, runs: [] as Loaded[] },
      ...(floor
        ? [{ name: 'floor', child: floor.child, url: floor.url, requests: replays, runs: [] as Loaded[] }]
        : []),
    ];

    let maxRss = 0;
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, rssOf(papergraph.child.pid));
    }, 1_000);
    cleanups.push(async () => clearInterval(sampler));
    // Neo4j's JVM compiles its hot paths during the first minute of load: whichever server ran first
    // would pay for it. Every server gets the warm-up, then the measured runs alternate.
    log(`Warm-up: ${options.warmup} s per server, not measured`);
    for (const server of servers) await measure(server.url, server.requests, options.connections, options.warmup, 0);
    for (let run = 1; run <= options.runs; run++) {
      for (const server of servers) {
        log(
          `Run ${run}/${options.runs}: ${options.connections} connections for ${options.duration} s → ${server.name}`,
        );
        const loaded = await load(server.child, server.url, server.requests, options, neo4jPid);
        server.runs.push(loaded);
        log(`${server.name.padEnd(11)} ${fmt(loaded.result)}${cpu(loaded)}`);
      }
    }
    clearInterval(sampler);
    log(`Median (min–max) of ${options.runs} run(s):`);
    for (const server of servers) log(`${server.name.padEnd(11)} ${summaryLine(server.runs)}`);
    log(`papergraph max RSS ${Math.round(maxRss / 1e6)} MB`);
    const [pgServer, floorServer] = servers;
    const pgRuns = pgServer?.runs ?? [];
    const pgRate = median(pgRuns.map((r) => r.result.reqPerSec));
    const pgP99 = median(pgRuns.map((r) => r.result.p99));
    if (floorServer) {
      // Ratios within each round (papergraph run i against floor run i), then their median.
      const ratio = (f: (l: Loaded) => number | undefined) =>
        spread(
          pgRuns.flatMap((r, i) => {
            const a = f(r);
            const b = floorServer.runs[i] && f(floorServer.runs[i]);
            return a !== undefined && b ? [a / b] : [];
          }),
        );
      const x = (label: string, s: Spread | undefined) => (s ? `${range(s, 2)}× ${label}` : '');
      log(
        `papergraph/floor, same round: ${[
          x(
            'req/s',
            ratio((l) => l.result.reqPerSec),
          ),
          x(
            'p50',
            ratio((l) => l.result.p50),
          ),
          x(
            'p99',
            ratio((l) => l.result.p99),
          ),
          x(
            'server CPU per request',
            ratio((l) => l.cpuMs),
          ),
          x(
            'Neo4j CPU per request',
            ratio((l) => l.neo4jMs),
          ),
        ]
          .filter(Boolean)
          .join(', ')}`,
      );
    }
    const pgBad = pgRuns.reduce((n, { result: r }) => n + r.errors + r.timeouts + r.non2xx + r.graphqlErrors, 0);
    const failed = pgBad > 0 || pgRuns.some((r) => r.result.requests === 0);
    log(
      `targets (medians): ≥ 400 req/s ${pgRate >= 400 ? 'met' : 'missed'}, p99 < 500 ms ${pgP99 < 500 ? 'met' : 'missed'}`,
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
