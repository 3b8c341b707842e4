import { runCli } from '../../cli/run.js';
import { formatLinkSummary } from '../../link/run.js';
import { ProvisionError } from '../../neo4j-local/prerequisites.js';
import { ImportValidationError } from '../errors.js';
import type { AuthorMerge } from '../source/authors.js';
import { formatSourceSummary } from '../source/summary.js';
import { bulkImport } from './bulk-import.js';
import { bulkImportSources, type SourceInput } from './source-bulk.js';
import { formatBulkSummary } from './summary.js';

/**
 * `npm run import -- --bulk` (papergraph files, or with `sources` source-format files plus the
 * curated seed): only for the local Neo4j papergraph provisions
 * (NEO4J_DATA_DIR), since the offline importer writes its store files. Prints
 * phases and progress on stderr, the summary on stdout; validation errors as
 * `file:line path: message` lines with exit code 1.
 */
export async function runBulkCommand(
  files: string[],
  options: {
    overwrite: boolean;
    importHeap: string;
    link: boolean;
    /** Source-format inputs (loaded with the curated seed); papergraph `files` otherwise. */
    sources?: SourceInput[];
    authorMerge?: AuthorMerge;
    batchSize?: number;
    rejectsFile?: string;
  },
) {
  await runCli(async (config) => {
    if (config.neo4j.uri) {
      throw new ProvisionError(
        `--bulk writes the store files of the local Neo4j offline, but NEO4J_URI points at ${config.neo4j.uri}. ` +
          'Unset NEO4J_URI to bulk-load the local database (NEO4J_DATA_DIR), or use the transactional import (without --bulk).',
      );
    }
    try {
      const { sources, ...rest } = options;
      if (sources) {
        const summary = await bulkImportSources(sources, { local: config.local, ...rest });
        for (const s of summary.sources) console.log(formatSourceSummary(s));
        console.log(formatBulkSummary(summary, 'works'));
        if (summary.link) console.log(formatLinkSummary(summary.link));
        return;
      }
      const summary = await bulkImport(files, { local: config.local, ...rest });
      console.log(formatBulkSummary(summary));
      if (summary.link) console.log(formatLinkSummary(summary.link));
    } catch (error) {
      if (!(error instanceof ImportValidationError)) throw error;
      console.error(`\n${error.message}`);
      process.exitCode = 1;
    }
  });
}
