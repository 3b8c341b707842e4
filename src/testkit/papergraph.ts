import { access } from 'node:fs/promises';
import path from 'node:path';
import { prepareGraph, seedDir } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createDriver } from '../db/driver.js';
import { Executor } from '../db/executor.js';
import { importFiles } from '../ingest/load.js';
import { loadSeed } from '../ingest/seed.js';
import { createLogger } from '../logger.js';
import { listen } from '../server.js';
import { type Neo4jContainerOptions, startNeo4jContainer } from './neo4j-container.js';

/** `'seed'` stands for papergraph's curated seed; any other entry is an NDJSON import file. */
export type Fixture = 'seed' | (string & {});

export interface PapergraphOptions extends Neo4jContainerOptions {
  /**
   * What to load, in order, through papergraph's import path (validated first:
   * an invalid file fails the start and writes nothing). Relative paths are
   * resolved against the working directory. Default `'seed'`; `[]` for an
   * empty graph (constraints and indexes are always applied).
   */
  fixtures?: 'seed' | readonly Fixture[];
  /** Bearer tokens that may run mutations (at least 16 characters each). Default: none. */
  writeTokens?: string[];
  /** More papergraph settings, as environment variables (e.g. `{ NEO4J_TX_TIMEOUT_MS: '5000' }`). */
  env?: Record<string, string>;
  /** papergraph's log level (pino, to stdout). Default `silent`. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Use this Neo4j instead of starting a container. */
  neo4j?: { uri: string; user?: string; password: string };
}

export interface RunningPapergraph {
  /** Base URL, e.g. `http://127.0.0.1:41234` (`/health`, `/ready`, `/livez` live here). */
  url: string;
  /** `${url}/graphql` */
  graphqlUrl: string;
  /** Bolt URI of the Neo4j behind it, e.g. `bolt://127.0.0.1:40111`. */
  neo4jUri: string;
  neo4j: { uri: string; user: string; password: string; database: string };
  /** The Neo4j container's id, when the kit started one. */
  containerId?: string;
  /**
   * Stop papergraph, close its driver and remove the Neo4j container. Every
   * step runs even when an earlier one fails; safe to call more than once.
   */
  stop(): Promise<void>;
  /** `await using pg = await startPapergraph()` calls stop() at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Run the steps last-first, each once, all of them even if some throw. */
function teardownStack() {
  const steps: (() => Promise<unknown>)[] = [];
  let done: Promise<void> | undefined;
  const run = async () => {
    const errors: unknown[] = [];
    for (const step of steps.reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'papergraph testkit: teardown failed');
  };
  return {
    push: (step: () => Promise<unknown>) => steps.push(step),
    run: () => {
      done ??= run();
      return done;
    },
  };
}

async function fixtureList(fixtures: PapergraphOptions['fixtures']): Promise<Fixture[]> {
  const list = fixtures === undefined || fixtures === 'seed' ? ['seed'] : [...fixtures];
  const resolved = list.map((f) => (f === 'seed' ? f : path.resolve(f)));
  for (const file of resolved) {
    if (file === 'seed') continue;
    await access(file).catch(() => {
      throw new Error(`papergraph testkit: fixture file not found: ${file}`);
    });
  }
  return resolved;
}

/**
 * Start Neo4j in a container, apply papergraph's constraints, load the
 * fixtures through the import path, and serve papergraph's GraphQL API on a
 * free port of 127.0.0.1. If any step fails, everything started so far is torn
 * down before the error is thrown.
 */
export async function startPapergraph(options: PapergraphOptions = {}): Promise<RunningPapergraph> {
  const fixtures = await fixtureList(options.fixtures);
  const teardown = teardownStack();
  try {
    let containerId: string | undefined;
    let neo4j = options.neo4j;
    if (!neo4j) {
      const container = await startNeo4jContainer(options);
      teardown.push(container.stop);
      containerId = container.containerId;
      neo4j = container;
    }
    const config = loadConfig({
      NODE_ENV: 'test',
      PAPERGRAPH_WRITE_TOKENS: (options.writeTokens ?? []).join(','),
      ...options.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user ?? 'neo4j',
      NEO4J_PASSWORD: neo4j.password,
      // The fixtures below are the seed, when asked for.
      SEED_ON_START: 'false',
    });
    const logger = createLogger(options.logLevel ?? 'silent');
    const driver = createDriver({
      uri: neo4j.uri,
      user: config.neo4j.user,
      password: config.neo4j.password,
      maxPoolSize: config.neo4j.maxPoolSize,
      acquireTimeoutMs: config.neo4j.acquireTimeoutMs,
    });
    teardown.push(() => driver.close());

    await prepareGraph(driver, config, logger);
    const executor = new Executor(driver, { database: config.neo4j.database, txTimeoutMs: 300_000 });
    for (const fixture of fixtures) {
      const summary = fixture === 'seed' ? await loadSeed(executor, seedDir) : await importFiles(executor, [fixture]);
      logger.info({ fixture, records: summary.records, ms: summary.ms }, 'fixture loaded');
    }

    const server = await listen({ driver, config, logger, host: '127.0.0.1', port: 0 });
    teardown.push(() => server.close(1_000));
    return {
      url: server.url,
      graphqlUrl: `${server.url}/graphql`,
      neo4jUri: neo4j.uri,
      neo4j: {
        uri: neo4j.uri,
        user: config.neo4j.user,
        password: config.neo4j.password,
        database: config.neo4j.database,
      },
      containerId,
      stop: teardown.run,
      [Symbol.asyncDispose]: teardown.run,
    };
  } catch (error) {
    await teardown.run().catch((teardownError) => {
      console.error('papergraph testkit: teardown after a failed start also failed:', teardownError);
    });
    throw error;
  }
}

/** Start papergraph, run `test` with it, and stop everything afterwards, whether `test` passes or throws. */
export async function withPapergraph<T>(
  options: PapergraphOptions,
  test: (papergraph: RunningPapergraph) => Promise<T>,
): Promise<T> {
  const papergraph = await startPapergraph(options);
  try {
    return await test(papergraph);
  } finally {
    await papergraph.stop();
  }
}
