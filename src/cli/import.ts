import { Command } from 'commander';
import { positiveInt, runImportCommand } from '../ingest/command.js';
import { formatRecordError, ImportValidationError } from '../ingest/errors.js';
import { importFiles } from '../ingest/load.js';
import { totalBytes } from '../ingest/read.js';

// npm run import -- [--batch-size N] [--dry-run] <files…>
// Loads people's own NDJSON files (the seed's format) into the graph: validate everything
// first (an invalid import writes nothing), then MERGE in batches, one transaction each.
const program = new Command('npm run import --')
  .description(
    'Validate and load NDJSON files of author, topic, technique, paper and edge records into the graph. ' +
      'Uses NEO4J_URI when set, else starts the local Neo4j.',
  )
  .argument('<files...>', 'NDJSON files, one record per line')
  .option('-b, --batch-size <n>', 'records per transaction', positiveInt, 1_000)
  .option('-n, --dry-run', 'validate only (references are checked against the graph); write nothing', false)
  .showHelpAfterError('(npm run import -- --help shows the usage)')
  .action(async (files: string[], options: { batchSize: number; dryRun: boolean }) => {
    // Missing files fail here, before a database is started.
    try {
      await totalBytes(files);
    } catch (error) {
      if (!(error instanceof ImportValidationError)) throw error;
      program.error(error.errors.map((e) => `error: ${formatRecordError(e)}`).join('\n'));
    }
    await runImportCommand('Import', { applySchema: !options.dryRun }, (executor, onProgress) =>
      importFiles(executor, files, { batchSize: options.batchSize, dryRun: options.dryRun, onProgress }),
    );
  });

await program.parseAsync();
