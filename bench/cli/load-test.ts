import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Command, InvalidArgumentError } from 'commander';
import { prepareGraph, repoRoot } from '../../src/bootstrap.js';
import { environmentWith, loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { examples } from '../../src/examples.js';
import { createLogger } from '../../src/logger.js';
import { freePort, type LocalNeo4j, startLocalNeo4j } from '../../src/neo4j-local/server.js';
import { listen } from '../../src/server.js';

/**
 * npm run test:load: a bounded load test on this machine only. Starts its own
 * papergraph (a child process on 127.0.0.1, a free port) against NEO4J_URI, or
 * else a throwaway local Neo4j with the seed; then `--connections` clients
 * (default 64) send the GraphiQL example operations in rotation for
 * `--duration` seconds (default 30). It fails (exit 1) on any socket error,
 * timeout, non-2xx response or GraphQL error in a response body, and stops
 * everything it started.
 */

const self = fileURLToPath(import.meta.url);

/** Child mode: serve papergraph and report the heap to the parent every second. */
async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const driver = createDriver({
    uri: config.neo4j.uri!,
    user: config.neo4j.user,
    password: config.neo4j.password,
    maxPoolSize: config.neo4j.maxPoolSize,
    acquireTimeoutMs: config.neo4j.acquireTimeoutMs,
  });
  const server = await listen({ driver, config, logger, host: '127.0.0.1', port: 0 });
  const report = () => process.send?.({ heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss });
  const timer = setInterval(report, 1_000);
  const stop = async () => {
    clearInterval(timer);
    report();
    await server.close(2_000);
    await driver.close();
    process.exit(0);
  };
  process.on('message', (m) => m === 'stop' && void stop());
  process.on('disconnect', () => void stop()); // the parent went away
  process.send?.({ url: server.url });
}

const int = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`an integer from ${min} to ${max}`);
  return n;
};

async function main(): Promise<number> {
  const options = new Command('test:load')
    .description('Bounded load test against a papergraph and Neo4j it starts on 127.0.0.1.')
    .option('-d, --duration <seconds>', 'how long to send requests', int(1, 600), 30)
    .option('-c, --connections <n>', 'concurrent connections', int(1, 256), 64)
    .parse()
    .opts<{ duration: number; connections: number }>();
  const config = loadConfig();
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error(`cleanup: ${e}`));
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanUp().then(() => process.exit(143)));

  try {
    // 1. Neo4j: NEO4J_URI, or a throwaway local server with the seed.
    let uri = config.neo4j.uri;
    if (!uri) {
      const scratch = await mkdtemp(path.join(os.tmpdir(), 'papergraph-load-'));
      cleanups.push(() => rm(scratch, { recursive: true, force: true }));
      console.log('Starting a throwaway local Neo4j…');
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

    // 2. papergraph in a child process, so the load generator does not share its event loop.
    const child: ChildProcess = fork(self, ['--serve'], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      // The child reads its configuration from this environment (LOG_LEVEL as set, else warn).
      env: environmentWith({ NEO4J_URI: uri, NODE_ENV: 'production' }, { LOG_LEVEL: 'warn' }),
    });
    const heap = { start: 0, max: 0, end: 0, maxRss: 0 };
    const url = await new Promise<string>((resolve, reject) => {
      child.on('message', (m: { url?: string; heap?: number; rss?: number }) => {
        if (m.url) resolve(m.url);
        if (m.heap) {
          heap.start ||= m.heap;
          heap.max = Math.max(heap.max, m.heap);
          heap.end = m.heap;
          heap.maxRss = Math.max(heap.maxRss, m.rss ?? 0);
        }
      });
      child.once('exit', (code) => reject(new Error(`papergraph exited early (code ${code})`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    cleanups.push(async () => {
      if (child.exitCode === null) child.send('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    });

    // 3. Each example once (they must answer without errors), then the load.
    const requests = examples.tabs.map((tab) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: { 'content-type': 'application/json', ...(tab.headers ? JSON.parse(tab.headers) : {}) },
      body: JSON.stringify({ query: tab.query, variables: tab.variables ? JSON.parse(tab.variables) : undefined }),
    }));
    for (const r of requests) {
      const res = await fetch(`${url}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
      const body = await res.text();
      if (res.status !== 200 || body.includes('"errors"')) throw new Error(`warm-up failed: ${res.status} ${body}`);
    }
    let graphqlErrors = 0;
    let sample = '';
    const onResponse = (status: number, body: string) => {
      if (status === 200 && !body.includes('"errors"')) return;
      graphqlErrors++;
      sample ||= `${status} ${body.slice(0, 300)}`;
    };
    console.log(
      `Load: ${options.connections} connections for ${options.duration} s, ${requests.length} operations in rotation → ${url}/graphql`,
    );
    const result = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url,
          connections: options.connections,
          duration: options.duration,
          timeout: 10,
          requests: requests.map((r) => ({ ...r, onResponse })),
        },
        (error, res) => (error ? reject(error) : resolve(res)),
      ),
    );
    await new Promise((r) => setTimeout(r, 1_100)); // one more heap report
    const mb = (n: number) => `${Math.round(n / 1e6)} MB`;
    console.log(
      [
        `requests   ${result.requests.total} in ${result.duration} s: ${Math.round(result.requests.average)} req/s`,
        `latency    p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
        `failures   ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${graphqlErrors} with GraphQL errors`,
        `server     heap ${mb(heap.start)} → max ${mb(heap.max)}, ${mb(heap.end)} at the end; max RSS ${mb(heap.maxRss)}`,
      ].join('\n'),
    );
    const failed = result.errors + result.timeouts + result.non2xx + graphqlErrors > 0 || result.requests.total === 0;
    if (sample) console.error(`first failing response: ${sample}`);
    console.log(failed ? 'FAIL' : 'PASS');
    return failed ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

if (process.argv.includes('--serve')) {
  await serve();
} else {
  const code = await main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  });
  process.exit(code);
}
