import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { repoRoot } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { neo4jEnv, WRITE_TOKEN } from './app.js';

/**
 * Apps for the response cache's tests: each with its own driver and its own
 * env (CACHE, REDIS_URL, …), logging warnings into `logs`; and a write from
 * another process (`npm run import`'s CLI under tsx) for freshness rule (b).
 */
export interface CacheApp {
  app: App;
  logs: string[];
  /** POST a query; the body as text and the cache headers. */
  read(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; cache: string | null; text: string; headers: Headers }>;
}

export function cacheApp(env: Record<string, string>): CacheApp {
  const config = loadConfig({ NODE_ENV: 'test', ...neo4jEnv(), CACHE: 'true', ...env });
  const driver = createDriver({
    uri: config.neo4j.uri ?? '',
    user: config.neo4j.user,
    password: config.neo4j.password,
  });
  const logs: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => logs.push(line) });
  const app = createApp({ driver, config: { ...config, writeTokens: [WRITE_TOKEN] }, logger });
  afterAll(async () => {
    await app.dispose();
    await driver.close();
  });
  return {
    app,
    logs,
    async read(query, variables = {}, headers = {}) {
      const res = await app.fetch('http://papergraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: res.status,
        cache: res.headers.get('x-papergraph-cache'),
        text: await res.text(),
        headers: res.headers,
      };
    },
  };
}

/**
 * Import NDJSON records with `npm run import`'s CLI in a child process; resolves when it exited 0.
 * `--no-link`: the linker would otherwise add mined edges across the whole shared test graph,
 * which the files after this one compare with the curated seed.
 */
export async function importInAnotherProcess(records: object[], env: Record<string, string> = {}): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'papergraph-cache-import-'));
  const file = path.join(dir, 'records.ndjson');
  await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n'));
  try {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', '--no-link', file], {
        cwd: repoRoot,
        env: { ...process.env, ...neo4jEnv(), LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    if (code !== 0) throw new Error(`import exited ${code}:\n${stderr}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Delete the nodes with these ids (and their edges): a file's own records, after it. */
export async function removeNodes(ids: string[]): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', ...neo4jEnv() });
  const driver = createDriver({
    uri: config.neo4j.uri ?? '',
    user: config.neo4j.user,
    password: config.neo4j.password,
  });
  try {
    await driver.executeQuery(
      'MATCH (n) WHERE n.id IN $ids DETACH DELETE n',
      { ids },
      { database: config.neo4j.database },
    );
  } finally {
    await driver.close();
  }
}
