import { runCli } from '../../cli/run.js';
import { formatLinkSummary } from '../../link/run.js';
import { ProvisionError } from '../../neo4j-local/prerequisites.js';
import { ImportValidationError } from '../errors.js';
import { bulkImport } from './bulk-import.js';
import { formatBulkSummary } from './summary.js';

/**
 * `npm run import -- --bulk`: only for the local Neo4j papergraph provisions
 * (NEO4J_DATA_DIR), since the offline importer writes its store files. Prints
 * phases and progress on stderr, the summary on stdout; validation errors as
 * `file:line path: message` lines with exit code 1.
 */
export async function runBulkCommand(
  files: string[],
  options: { overwrite: boolean; importHeap: string; link: boolean },
) {
  await runCli(async (config) => {
    if (config.neo4j.uri) {
      throw new ProvisionError(
        `--bulk writes the store files of the local Neo4j offline, but NEO4J_URI points at ${config.neo4j.uri}. ` +
          'Unset NEO4J_URI to bulk-load the local database (NEO4J_DATA_DIR), or use the transactional import (without --bulk).',
      );
    }
    try {
      const summary = await bulkImport(files, { local: config.local, ...options });
      console.log(formatBulkSummary(summary));
      if (summary.link) console.log(formatLinkSummary(summary.link));
    } catch (error) {
      if (!(error instanceof ImportValidationError)) throw error;
      console.error(`\n${error.message}`);
      process.exitCode = 1;
    }
  });
}
