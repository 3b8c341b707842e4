import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { freePort, startLocalNeo4j } from '../../src/neo4j-local/server.js';

/** PIDs of JVMs running CommunityEntryPoint on `dataDir`'s home. */
function jvmsFor(marker: string): number[] {
  const out = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .filter((l) => /^\s*\d+ \S*java /.test(l) && l.includes('CommunityEntryPoint') && l.includes(marker))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

const neo4j = inject('neo4j');

describe('provisioning prerequisites', () => {
  it('names the missing Java and the alternatives', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-nojava-'));
    scratch.push(dir);
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/neo4j.ts'], {
      cwd: repoRoot,
      env: { PATH: path.join(dir, 'empty-bin'), PAPERGRAPH_HOME: dir, HOME: dir },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Java 17 or newer is needed');
    expect(result.stderr).toContain('NEO4J_URI=bolt://');
    expect(result.stderr).toContain('docker compose up');
  });
});

describe.runIf(neo4j.kind === 'local')('local Neo4j lifecycle', () => {
  it('refuses a second start on the same data directory and leaves the running one intact', async () => {
    const dataDir = neo4j.dataDir as string;
    const config = loadConfig({ NEO4J_PASSWORD: neo4j.password });
    await expect(
      startLocalNeo4j({
        ...config.local,
        cacheDir: path.join(repoRoot, '.papergraph'),
        dataDir,
        boltPort: await freePort(),
        homeDir: await mkdtemp(path.join(os.tmpdir(), 'pg-home-')),
      }),
    ).rejects.toThrow(/already running on data directory/);
  });

  it('refuses a port that is in use', async () => {
    const port = Number(new URL(neo4j.uri.replace('bolt://', 'http://')).port);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-port-'));
    scratch.push(dir);
    const config = loadConfig({ NEO4J_PASSWORD: neo4j.password });
    await expect(
      startLocalNeo4j({
        ...config.local,
        cacheDir: path.join(repoRoot, '.papergraph'),
        dataDir: path.join(dir, 'data'),
        homeDir: path.join(dir, 'home'),
        boltPort: port,
      }),
    ).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`leaves no JVM behind when \`npm run neo4j\` gets ${signal}`, async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-life-'));
      scratch.push(dir);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/neo4j.ts'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          NEO4J_URI: '',
          PAPERGRAPH_HOME: path.join(repoRoot, '.papergraph'),
          NEO4J_DATA_DIR: path.join(dir, 'data'),
          NEO4J_HOME_DIR: path.join(dir, 'home'),
          NEO4J_BOLT_PORT: String(await freePort()),
          NEO4J_HEAP: '512m',
          NEO4J_PAGECACHE: '64m',
          NEO4J_PASSWORD: 'lifecycle-test',
          SEED_ON_START: 'false',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const exited = new Promise((r) => child.once('exit', r));
      try {
        expect(await waitFor(() => output.includes('Ctrl-C stops it'), 120_000), output).toBe(true);
        const home = path.join(dir, 'home');
        expect(jvmsFor(home)).toHaveLength(1);
        child.kill(signal);
        await exited;
        expect(await waitFor(() => jvmsFor(home).length === 0, 60_000)).toBe(true);
      } finally {
        // Whatever failed above, leave nothing running: SIGKILL the CLI; its watchdog stops the JVM.
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }, 180_000);
  }
});
