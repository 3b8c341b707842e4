import { existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../src/bootstrap.js';
import { archivePath } from '../../src/neo4j-local/class-sharing.js';
import { neo4jDir } from '../../src/neo4j-local/resolve.js';
import { type LocalNeo4j, startLocalNeo4j } from '../../src/neo4j-local/server.js';
import { scratchLocal } from '../helpers/scratch-neo4j.js';

/** The JVM under the watchdog shell `shellPid` (its only child). */
function jvmOf(shellPid: number): number {
  const children = readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8').trim().split(/\s+/);
  const java = children.map(Number).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('java'));
  if (!java) throw new Error(`no JVM under ${shellPid}`);
  return java;
}

/** True when the running JVM has `file` mapped into memory. */
function maps(neo: LocalNeo4j, file: string): boolean {
  return readFileSync(`/proc/${jvmOf(neo.pid)}/maps`, 'utf8')
    .split('\n')
    .some((line) => line.endsWith(` ${file}`));
}

const neo4j = inject('neo4j');
const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe.runIf(neo4j.kind === 'local')('class-data sharing for the local Neo4j', () => {
  it('records an archive on the first clean stop, maps it after, and replaces a broken one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-cds-'));
    scratch.push(dir);
    const local = { ...(await scratchLocal(dir)), cacheDir: path.join(dir, 'cache') };
    // A cache of its own (the shared jars linked in), so the run's own archive is not touched.
    const shared = neo4jDir(path.join(repoRoot, '.papergraph'), local.version);
    const own = neo4jDir(local.cacheDir, local.version);
    await mkdir(own, { recursive: true });
    await symlink(path.join(shared, 'lib'), path.join(own, 'lib'));
    await copyFile(path.join(shared, '.complete'), path.join(own, '.complete'));
    const archive = archivePath(own);
    const lines: string[] = [];

    // 1. No archive: the JVM records one, moved into place only after its clean stop.
    let neo = await startLocalNeo4j(local);
    expect(existsSync(archive)).toBe(false);
    await neo.stop();
    expect(existsSync(archive)).toBe(true);
    expect((await readdir(own)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // 2. The next JVM maps it.
    neo = await startLocalNeo4j(local);
    try {
      expect(maps(neo, archive)).toBe(true);
    } finally {
      await neo.stop();
    }
    expect(existsSync(archive)).toBe(true);

    // 3. A truncated archive crashes a JVM that maps it: papergraph removes it, starts without it,
    // and the clean stop records a whole one again.
    await truncate(archive, 1_000_000);
    neo = await startLocalNeo4j(local, (line) => lines.push(line));
    try {
      expect(lines.join('\n')).toContain('could not use its class archive');
      expect(maps(neo, archive)).toBe(false);
    } finally {
      await neo.stop();
    }
    expect(statSync(archive).size).toBeGreaterThan(10_000_000);
    const logs = await readdir(path.join(local.homeDir, 'logs'));
    expect(logs.some((f) => f.startsWith('hs_err_pid'))).toBe(true);
  }, 300_000);
});
