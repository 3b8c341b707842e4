import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { migrationsDir, repoRoot } from '../src/bootstrap.js';
import { type Config, environmentWith } from '../src/config.js';
import { createDriver } from '../src/db/driver.js';
import { Executor } from '../src/db/executor.js';
import { applySchema } from '../src/db/schema-store.js';
import { LineageIndexAdmin } from '../src/db/stores/lineage-index-admin.js';
import { startLocalNeo4j } from '../src/neo4j-local/server.js';
import { type LoadStats, load } from './dashboard-load.js';
import { datasetLocal, ensureDataset } from './dataset.js';
import { pickInputs } from './inputs.js';
import { operations } from './operations.js';
import { machineInfo } from './report.js';
import { announcedUrl, buildServers, stopServer } from './servers/spawn.js';
import { spread } from './stats.js';

/**
 * The dashboard scenario (issue 15, "Speed"): papergraph with its response cache on, 32 connections
 * rotating over 10 dashboard queries; the same load on a bare yoga server answering a constant;
 * then again with a writer process changing the graph through papergraph every second, counting
 * stale answers by rule (a) on a probe query.
 */
export interface DashboardOptions {
  papers: number;
  seed: number;
  durationS: number;
  connections: number;
  heap: string;
  pageCache: string;
  /** Repetitions of each load (cached and bare interleaved, then the writer runs). */
  runs: number;
  /** Build the lineage index first when it is not ready (the default: papergraph serves lineage from it). */
  lineageIndex: boolean;
  /** Write a V8 CPU profile of the papergraph server into this directory (summarise: bench/cli/profile-summary.ts). */
  cpuProf?: string;
  /** How the load sends its queries (both servers): a JSON POST, or a GET with the operation in the query string. */
  method: 'POST' | 'GET';
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const dashDir = path.join(repoRoot, '.papergraph', 'bench-dashboard');
const TOKEN = 'bench-dashboard-write-token-0123456789';
const PROBE = 'bench:dashboard-probe';

/** Start a bench server compiled to dist-bench/ (buildServers), as plain JavaScript like `npm start`, not under tsx. */
async function spawnServer(
  args: string[],
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const [script = '', ...rest] = args;
  const compiled = path.join(repoRoot, 'dist-bench', script.replace(/\.ts$/, '.js'));
  const child = spawn(process.execPath, [...nodeArgs, compiled, ...rest], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: environmentWith({ NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env }),
  });
  return { url: await announcedUrl(child, script), child };
}

/** Resident memory of a process, MB (Linux /proc). */
const rssMb = (pid: number | undefined) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : null;
};

const summary = ({ probes: _, ...stats }: LoadStats) => stats;

/** Median (min–max) of each figure over the runs. */
const medians = (runs: LoadStats[]) => ({
  reqPerSec: spread(runs.map((r) => r.reqPerSec)),
  p50: spread(runs.map((r) => r.p50)),
  p99: spread(runs.map((r) => r.p99)),
  hitRate: spread(runs.map((r) => r.hitRate ?? Number.NaN)),
  errors: runs.reduce((n, r) => n + r.errors, 0),
  firstError: runs.find((r) => r.firstError)?.firstError,
});

export async function runDashboard(config: Config, o: DashboardOptions) {
  const local = await datasetLocal(config.local, { ...o, benchDir: dashDir });
  await ensureDataset({ papers: o.papers, seed: o.seed, benchDir: dashDir, local });
  buildServers(log);
  const neo = await startLocalNeo4j(local, log);
  const driver = createDriver({ uri: neo.uri, user: config.neo4j.user, password: config.neo4j.password });
  const children: ChildProcess[] = [];
  try {
    const executor = new Executor(driver, { database: 'neo4j', txTimeoutMs: 600_000 });
    await applySchema(executor, migrationsDir);
    const admin = new LineageIndexAdmin(executor);
    let lineageBuildS: number | undefined;
    if (o.lineageIndex && (await admin.state()) !== 'ready') {
      log('building the lineage index (README "Lineage index")…');
      const t0 = performance.now();
      await admin.build();
      lineageBuildS = Math.round((performance.now() - t0) / 100) / 10;
    }
    const lineageIndex = (await admin.state()) ?? 'none';
    log(`lineage index: ${lineageIndex}`);
    const inputs = await pickInputs(executor);
    const serverArgs = ['bench/servers/serve.ts', 'papergraph', neo.uri, config.neo4j.user, config.neo4j.password];
    const profile = o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(o.cpuProf)}`] : [];
    const pg = await spawnServer(serverArgs, { CACHE: 'true', PAPERGRAPH_WRITE_TOKENS: TOKEN }, profile);
    const constant = await spawnServer(['bench/servers/constant.ts'], {});
    children.push(pg.child, constant.child);

    const probeQuery = JSON.stringify({ query: `{ paper(id: "${PROBE}") { title } }` });
    const bodies = [
      ...operations(inputs).map((op) => op.request.papergraph.body),
      JSON.stringify({ query: '{ stats { topTechniques(first: 10) { paperCount technique { name } } } }' }),
      probeQuery,
    ];
    const probeIndex = bodies.length - 1;
    log(`dashboard queries: ${bodies.length}`);
    // The probe paper exists before anything reads it (title "probe 0").
    const writer = ['bench/dashboard-writer.ts', pg.url, TOKEN, PROBE, inputs.prolificAuthorId];
    await fetch(`${pg.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: 'mutation($i: PaperInput!) { upsertPaper(input: $i) { key } }',
        variables: { i: { id: PROBE, title: 'probe 0', published: '2020-01-01', authors: [inputs.prolificAuthorId] } },
      }),
    });

    log('cold pass: each query once (fills the cache)…');
    const cold: { ms: number; cache: string | null }[] = [];
    for (const body of bodies) {
      const t0 = performance.now();
      const res = await fetch(`${pg.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.text();
      cold.push({ ms: Math.round(performance.now() - t0), cache: res.headers.get('x-papergraph-cache') });
    }
    // Cached and bare runs interleaved (A B A B…), so a slow spell of the machine hits both.
    const cachedRuns: LoadStats[] = [];
    const bareRuns: LoadStats[] = [];
    let memCached: number | null = null;
    for (let r = 1; r <= o.runs; r++) {
      log(`run ${r}/${o.runs}: cache, ${o.connections} connections, ${o.durationS} s…`);
      cachedRuns.push(await load(pg.url, bodies, o.connections, o.durationS, probeIndex, o.method));
      memCached = rssMb(pg.child.pid);
      log(`run ${r}/${o.runs}: bare yoga constant, ${o.connections} connections, ${o.durationS} s…`);
      bareRuns.push(
        await load(constant.url, [JSON.stringify({ query: '{ constant }' })], o.connections, o.durationS, -1, o.method),
      );
    }

    const writes: { n: number; at: number }[] = [];
    const w = spawn(process.execPath, ['--import', 'tsx', ...writer], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    w.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) writes.push(JSON.parse(line));
    });
    // tsx start-up: measure from the first write on (at most 60 s of waiting).
    for (let waited = 0; writes.length === 0 && waited < 60_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    const writtenRuns: (LoadStats & { writes: number })[] = [];
    for (let r = 1; r <= o.runs; r++) {
      log(`run ${r}/${o.runs}: cache with a writer every second, ${o.durationS} s…`);
      const before = writes.length;
      const run = await load(pg.url, bodies, o.connections, o.durationS, probeIndex, o.method);
      writtenRuns.push({ ...run, writes: writes.length - before });
    }
    await stopServer(w);
    const memWritten = rssMb(pg.child.pid);
    // Stale by rule (a): the probe's answer is older than a write that had returned before the request was sent.
    let stale = 0;
    let probeErrors = 0;
    const probes = writtenRuns.flatMap((run) => run.probes);
    for (const p of probes) {
      const seen = /"title":"probe (\d+)"/.exec(p.body)?.[1];
      if (seen === undefined) {
        probeErrors += 1; // no answer to judge (an error): counted apart, not as fresh
        continue;
      }
      const latest = Math.max(0, ...writes.filter((x) => x.at < p.sentAt).map((x) => x.n));
      if (Number(seen) < latest) stale += 1;
    }
    const ratios = cachedRuns.map(
      (c, i) => Math.round((c.reqPerSec / (bareRuns[i]?.reqPerSec ?? Number.NaN)) * 100) / 100,
    );
    const report = {
      startedAt: new Date().toISOString(),
      commit: machineInfo().commit,
      papers: o.papers,
      connections: o.connections,
      durationS: o.durationS,
      method: o.method,
      queries: bodies.length,
      cold,
      lineageIndex,
      lineageBuildS,
      runs: o.runs,
      cached: { ...medians(cachedRuns), rssMb: memCached, each: cachedRuns.map(summary) },
      bareYoga: { ...medians(bareRuns), each: bareRuns.map(summary) },
      throughputVsBare: { ...spread(ratios), each: ratios },
      withWriter: {
        ...medians(writtenRuns),
        rssMb: memWritten,
        writes: writes.length,
        probeAnswers: probes.length,
        probeErrors,
        stale,
        each: writtenRuns.map(({ probes: _, ...run }) => run),
      },
      loadAverage: machineInfo().loadAvgAtStart,
    };
    await mkdir(dashDir, { recursive: true });
    await writeFile(path.join(dashDir, 'latest.json'), JSON.stringify(report, null, 2));
    return report;
  } finally {
    for (const child of children) await stopServer(child);
    await driver.close();
    await neo.stop();
  }
}
