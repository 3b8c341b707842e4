import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { createDriver, type Driver } from './db/driver.js';
import { DbAuthError, DbUnavailableError } from './db/errors.js';
import { Executor } from './db/executor.js';
import { applySchema, paperCount } from './db/schema-store.js';
import { seedIfEmpty } from './ingest/seed.js';
import type { Logger } from './logger.js';
import { type LocalNeo4j, startLocalNeo4j } from './neo4j-local/server.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The numbered schema migrations applied at start (src/db/schema-store.ts applySchema). */
export const migrationsDir = path.join(repoRoot, 'schema', 'migrations');
export const seedDir = path.join(repoRoot, 'seed');

export interface Database {
  driver: Driver;
  uri: string;
  /** The local server papergraph started, when NEO4J_URI was not set. */
  local?: LocalNeo4j;
  close(): Promise<void>;
}

/**
 * Connect to NEO4J_URI, or provision and start the local Neo4j when it is not
 * set. Returns the driver plus a close() that closes the driver and stops a
 * local server.
 */
export async function connectDatabase(config: Config, logger: Logger): Promise<Database> {
  let local: LocalNeo4j | undefined;
  let uri = config.neo4j.uri;
  if (!uri) {
    local = await startLocalNeo4j(config.local, (line) => logger.info(line));
    uri = local.uri;
  } else {
    logger.info({ uri }, 'using the Neo4j at NEO4J_URI; provisioning nothing');
  }
  const driver = createDriver({
    uri,
    user: config.neo4j.user,
    password: config.neo4j.password,
    maxPoolSize: config.neo4j.maxPoolSize,
    acquireTimeoutMs: config.neo4j.acquireTimeoutMs,
  });
  return {
    driver,
    uri,
    local,
    close: async () => {
      await driver.close();
      await local?.stop();
    },
  };
}

/**
 * For maintenance commands (link, lineage-index): connect as `connectDatabase` does, open an executor whose
 * transactions may run for minutes, bring the schema up to date, run `work`, then close the driver (and a
 * local server this started), whatever `work` did.
 */
export async function withMaintenanceExecutor<T>(
  config: Config,
  logger: Logger,
  work: (executor: Executor) => Promise<T>,
): Promise<T> {
  const db = await connectDatabase(config, logger);
  try {
    const executor = new Executor(db.driver, {
      database: config.neo4j.database,
      txTimeoutMs: Math.max(config.neo4j.txTimeoutMs, 300_000),
    });
    await applySchema(executor, migrationsDir, { log: (line) => logger.info(line) });
    return await work(executor);
  } finally {
    await db.close();
  }
}

/**
 * Apply the pending schema migrations, then load the seed when the graph has no papers and run the
 * linker over it (unless `config.linkOnLoad` is false or `options.link` is false: `--no-link`).
 */
export async function prepareGraph(
  driver: Driver,
  config: Config,
  logger: Logger,
  options: { link?: boolean } = {},
): Promise<void> {
  const executor = new Executor(driver, { database: config.neo4j.database, txTimeoutMs: 300_000 });
  const started = Date.now();
  // Whether to seed is known from the paper count, which migrations do not change: ask while the schema
  // is checked (on a warm start each statement is one of the first a new JVM plans: ~0.15–1 s apiece).
  const papers = config.seedOnStart ? paperCount(executor) : undefined;
  papers?.catch(() => undefined); // awaited below; applySchema's error, if any, is the one to report
  const { applied } = await applySchema(executor, migrationsDir, { log: (line) => logger.info(line) });
  logger.info({ applied, ms: Date.now() - started }, 'schema up to date');
  if (config.seedOnStart) {
    const summary = await seedIfEmpty(executor, seedDir, {
      link: config.linkOnLoad && options.link !== false,
      papers,
    });
    logger.info(summary?.seed ?? { skipped: 'graph already has papers' }, 'seed');
    if (summary?.link) logger.info(summary.link, 'link');
  }
}

/**
 * Prepare the graph now if Neo4j answers; if it is unavailable, keep serving
 * (/ready reports it) and retry in the background until it comes. Resolves
 * once the first attempt has finished either way; `stop()` ends the retries.
 */
export async function prepareGraphWhenAvailable(
  driver: Driver,
  config: Config,
  logger: Logger,
  retryMs = 2_000,
  options: { link?: boolean } = {},
): Promise<{ prepared: Promise<void>; stop(): void }> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let resolvePrepared: () => void = () => {};
  const prepared = new Promise<void>((resolve) => {
    resolvePrepared = resolve;
  });
  const attempt = async (first: boolean): Promise<void> => {
    try {
      await prepareGraph(driver, config, logger, options);
      resolvePrepared();
    } catch (error) {
      // Unavailable, or up but not yet accepting our credentials (e.g. still being set up): retry.
      if (!(error instanceof DbUnavailableError || error instanceof DbAuthError)) throw error;
      if (first)
        logger.warn(
          'Neo4j is unavailable: serving anyway (/ready is false); retrying the schema and seed in the background',
        );
      if (!stopped)
        timer = setTimeout(
          () => attempt(false).catch((e) => logger.error({ err: e }, 'preparing the graph failed')),
          retryMs,
        );
    }
  };
  await attempt(true);
  return {
    prepared,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
