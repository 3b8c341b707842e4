import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { freePort, type LocalNeo4j, startLocalNeo4j } from '../../src/neo4j-local/server.js';

/**
 * The database goes away and comes back while papergraph runs — a real
 * `npm start` process against a real Neo4j that this file starts and stops.
 */
const PASSWORD = 'faults-test-pw';
let scratch = '';
let child: ChildProcess | undefined;
let neo4j: LocalNeo4j | undefined;

afterAll(async () => {
  child?.kill('SIGKILL');
  await neo4j?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const until = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

describe('a failing database', () => {
  it('starts without Neo4j, reports it, fails fast, and recovers without a restart — twice', async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'pg-faults-'));
    const boltPort = await freePort();
    const httpPort = await freePort();
    const base = `http://127.0.0.1:${httpPort}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NEO4J_URI: `bolt://127.0.0.1:${boltPort}`,
        NEO4J_PASSWORD: PASSWORD,
        PORT: String(httpPort),
        LOG_LEVEL: 'warn',
        NEO4J_ACQUIRE_TIMEOUT_MS: '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));

    const ready = async () => (await fetch(`${base}/ready`)).status === 200;
    const query = async () => {
      const started = Date.now();
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ paper(arxivId: "2303.08774") { title } }' }),
      });
      return { ms: Date.now() - started, status: res.status, body: await res.json() };
    };

    // 1. papergraph comes up while Neo4j is down: healthy, not ready, coded fast failures.
    expect(await until(async () => (await fetch(`${base}/health`)).ok, 60_000), output).toBe(true);
    expect((await fetch(`${base}/ready`)).status).toBe(503);
    const down = await query();
    expect(down.body.errors[0].extensions.code).toBe('DB_UNAVAILABLE');
    expect(down.ms).toBeLessThan(8_000);

    // 2. Neo4j arrives: papergraph notices, applies the schema, seeds, answers.
    const config = loadConfig({ NEO4J_PASSWORD: PASSWORD });
    const local = {
      ...config.local,
      cacheDir: path.join(repoRoot, '.papergraph'),
      homeDir: path.join(scratch, 'home'),
      dataDir: path.join(scratch, 'data'),
      boltPort,
      heap: '512m',
      pageCache: '64m',
    };
    neo4j = await startLocalNeo4j(local);
    let t0 = Date.now();
    expect(
      await until(async () => (await query()).body.data?.paper?.title === 'GPT-4 Technical Report', 60_000),
      output,
    ).toBe(true);
    const firstRecoveryMs = Date.now() - t0;
    expect(await ready()).toBe(true);

    // 3. Neo4j stops under traffic: every request answers, quickly, with DB_UNAVAILABLE.
    const traffic: { ms: number; code?: string; ok: boolean }[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const r = await query().catch(() => ({ ms: -1, status: 0, body: {} as Record<string, never> }));
        traffic.push({ ms: r.ms, code: r.body?.errors?.[0]?.extensions?.code, ok: !!r.body?.data?.paper });
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    await neo4j.stop();
    neo4j = undefined;
    expect(await until(async () => !(await ready()), 10_000)).toBe(true);
    // A request in flight when Neo4j went away may take up to the acquisition timeout to fail, so wait for
    // failures to be recorded (each must still be coded and fast) rather than for a fixed time.
    const failedAfterStop = () => traffic.filter((r) => !r.ok).length;
    expect(await until(async () => failedAfterStop() >= 3, 20_000), output.slice(-3000)).toBe(true);
    const duringOutage = traffic.filter((r) => !r.ok);
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const r of duringOutage) {
      expect(r.code, output.slice(-3000)).toBe('DB_UNAVAILABLE');
      expect(r.ms).toBeGreaterThanOrEqual(0);
      expect(r.ms).toBeLessThan(8_000);
    }

    // 4. Neo4j returns on the same store: papergraph recovers within 10 s, with no restart.
    neo4j = await startLocalNeo4j(local);
    t0 = Date.now();
    expect(await until(async () => traffic.at(-1)?.ok === true, 10_000)).toBe(true);
    const secondRecoveryMs = Date.now() - t0;
    running = false;
    await loop;
    expect(await ready()).toBe(true);
    expect(child.exitCode).toBeNull();
    console.log(
      `[faults] first recovery ${firstRecoveryMs} ms (incl. schema + seed), outage: ${duringOutage.length} requests failed fast (max ${Math.max(...duringOutage.map((r) => r.ms))} ms), second recovery ${secondRecoveryMs} ms`,
    );
  }, 240_000);
});
