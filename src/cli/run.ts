import { type Config, ConfigError, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { ProvisionError } from '../neo4j-local/prerequisites.js';

/**
 * Run a command-line entry point: load config (printing every problem on
 * failure), give it a logger, and turn known failures into a clear message and
 * exit code 1 instead of a stack trace.
 */
export async function runCli(main: (config: Config, logger: Logger) => Promise<void>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, { format: config.logFormat });
  try {
    await main(config, logger);
  } catch (error) {
    if (error instanceof ProvisionError || (error as Error).name === 'ImportValidationError') {
      console.error(`\n${(error as Error).message}`);
    } else {
      logger.fatal({ err: error }, 'failed');
    }
    process.exit(1);
  }
}

/** Run `stop` once on SIGINT/SIGTERM, then exit. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
