import { InvalidArgumentError } from 'commander';
import { connectDatabase, migrationsDir } from '../bootstrap.js';
import { publishBumps } from '../cache/publish.js';
import { runCli } from '../cli/run.js';
import type { Config } from '../config.js';
import { Executor } from '../db/executor.js';
import { applySchema } from '../db/schema-store.js';
import { createLinkProgress } from '../link/progress.js';
import { formatLinkSummary, linkGraph } from '../link/run.js';
import { ImportBatchError, ImportValidationError } from './errors.js';
import type { ImportOptions, ImportSummary } from './load.js';
import { createProgressReporter, formatSummary } from './report.js';

/** Imports run long transactions; never give them less than this. */
const IMPORT_TX_TIMEOUT_MS = 300_000;

/**
 * The shared body of `npm run seed` and `npm run import`: connect (NEO4J_URI,
 * or start the local Neo4j), apply the schema unless only validating, run
 * `work` with a progress reporter on stderr, print the summary table on
 * stdout, close. Validation and batch errors print as `file:line path:
 * message` lines on stderr and set exit code 1. With `link`, the linker then runs over the whole
 * graph (the load may have added papers or techniques' aliases) and its summary is printed too.
 */
export async function runImportCommand<S = ImportSummary>(
  title: string,
  options: { applySchema: boolean; link?: boolean },
  work: (executor: Executor, onProgress: NonNullable<ImportOptions['onProgress']>, config: Config) => Promise<S>,
  print: (summary: S) => string = (s) => formatSummary(s as ImportSummary, title),
): Promise<void> {
  await runCli(async (config, logger) => {
    const db = await connectDatabase(config, logger);
    const reporter = createProgressReporter();
    // Servers sharing this Redis see each committed batch at once (README "Dashboards": freshness).
    const stopPublishing = config.cache.redisUrl ? await publishBumps(config.cache.redisUrl, logger) : undefined;
    try {
      const executor = new Executor(db.driver, {
        database: config.neo4j.database,
        txTimeoutMs: Math.max(config.neo4j.txTimeoutMs, IMPORT_TX_TIMEOUT_MS),
      });
      if (options.applySchema) await applySchema(executor, migrationsDir, { log: (line) => logger.info(line) });
      const summary = await work(executor, (p) => reporter.onProgress(p), config);
      reporter.stop();
      console.log(print(summary));
      if (options.link && !(summary as { dryRun?: boolean }).dryRun) {
        const progress = createLinkProgress();
        const linked = await linkGraph(executor, { onProgress: progress.update });
        progress.stop();
        console.log(formatLinkSummary(linked));
      }
    } catch (error) {
      reporter.stop(false);
      if (!(error instanceof ImportValidationError || error instanceof ImportBatchError)) throw error;
      console.error(`\n${error.message}`);
      process.exitCode = 1;
    } finally {
      await stopPublishing?.();
      await db.close();
    }
  });
}

/** Commander argument parser for a positive integer option. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

/** Commander parser for a count that may be 0. */
export function countArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected 0 or a positive integer.');
  return n;
}
