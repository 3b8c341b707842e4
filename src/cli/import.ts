import { Command } from 'commander';
import { runBulkCommand } from '../ingest/bulk/command.js';
import { countArg, positiveInt, runImportCommand } from '../ingest/command.js';
import { formatRecordError, ImportValidationError } from '../ingest/errors.js';
import { importFiles } from '../ingest/load.js';
import { totalBytes } from '../ingest/read.js';
import type { AuthorMerge } from '../ingest/source/authors.js';
import { bulkSourceInputs, runSourceCommand } from '../ingest/source/command.js';

// npm run import -- [--batch-size N] [--dry-run] [--no-link] <files…>
// npm run import -- --bulk [--overwrite] [--import-heap 4g] [--format openalex|s2|arxiv|bibtex|auto] <files…>
// npm run import -- --format openalex|s2|arxiv|bibtex|auto [--author-merge M] [--skip-invalid F]
//   [--keep-external-references] <files…>
// Loads people's own NDJSON files (the seed's format) into the graph: validate everything
// first (an invalid import writes nothing), then MERGE in batches, one transaction each —
// or, with --bulk, an initial load into a new local database with Neo4j's offline importer
// (source formats: together with the curated seed).
const program = new Command('npm run import --')
  .description(
    'Validate and load NDJSON files of author, topic, technique, paper and edge records into the graph, ' +
      'or (--format) OpenAlex, Semantic Scholar, arXiv snapshot or BibTeX files. ' +
      'Uses NEO4J_URI when set, else starts the local Neo4j.',
  )
  .argument('<files...>', 'NDJSON files, one record per line (or files of the --format given; gzip accepted there)')
  .option('-b, --batch-size <n>', 'records per transaction', positiveInt, 1_000)
  .option('-n, --dry-run', 'validate only (references are checked against the graph); write nothing', false)
  .option(
    '--bulk',
    'initial load into a NEW local database with neo4j-admin import (local Neo4j only, stopped); ' +
      'source formats are loaded together with the curated seed',
    false,
  )
  .option('--overwrite', 'with --bulk: replace the existing local database (everything in it is lost)', false)
  .option('--import-heap <size>', 'with --bulk: Java heap of the admin import', '4g')
  .option(
    '-f, --format <name>',
    'papergraph | openalex | s2 | arxiv | bibtex | auto (detect from content)',
    'papergraph',
  )
  .option(
    '--author-merge <mode>',
    'source formats: match id-less authors by name: strict | corroborated | name',
    'corroborated',
  )
  .option(
    '--skip-invalid <rejects-file>',
    'source formats: import the valid records, write rejected ones with reasons here',
  )
  .option(
    '--keep-external-references',
    'source formats: keep cited works outside the graph and the import as reference stubs (else skipped, counted)',
    false,
  )
  .option(
    '--read-threads <n>',
    'source formats: worker threads parsing and converting records before anything is written ' +
      '(default: none for inputs under 8 MB or on one core, else one per core, at most 4; 0 = none)',
    countArg,
  )
  .option('--no-link', 'do not run the linker over the graph after loading')
  .showHelpAfterError('(npm run import -- --help shows the usage)')
  .action(
    async (
      files: string[],
      options: {
        batchSize: number;
        dryRun: boolean;
        bulk: boolean;
        overwrite: boolean;
        importHeap: string;
        format: string;
        authorMerge: string;
        skipInvalid?: string;
        keepExternalReferences: boolean;
        readThreads?: number;
        link: boolean;
      },
    ) => {
      // Missing files fail here, before a database is started.
      try {
        await totalBytes(files);
      } catch (error) {
        if (!(error instanceof ImportValidationError)) throw error;
        program.error(error.errors.map((e) => `error: ${formatRecordError(e)}`).join('\n'));
      }
      const fail = (message: string) => program.error(message);
      if (options.keepExternalReferences && options.format === 'papergraph')
        fail(
          'error: --keep-external-references applies to source formats (papergraph files: every reference must resolve)',
        );
      if (options.keepExternalReferences && options.bulk)
        fail(
          'error: --keep-external-references does not apply to --bulk (reference stubs are written by the plain ' +
            'import only: run it after the bulk load)',
        );
      if (options.readThreads !== undefined && (options.format === 'papergraph' || options.bulk))
        fail(
          'error: --read-threads applies to the plain import of source formats (--format openalex, s2, arxiv, bibtex, auto)',
        );
      if (options.overwrite && !options.bulk) program.error('error: --overwrite only applies to --bulk');
      if (options.bulk) {
        if (options.dryRun)
          program.error('error: --bulk and --dry-run do not mix (a dry run is the plain import with -n)');
        if (!/^\d+[kmg]$/i.test(options.importHeap)) program.error('error: --import-heap takes a size such as 4g');
        // Source formats: the curated seed is one of the inputs (bulk loads create a new database).
        const sources = options.format === 'papergraph' ? undefined : await bulkSourceInputs(files, options, fail);
        await runBulkCommand(files, {
          overwrite: options.overwrite,
          importHeap: options.importHeap,
          link: options.link,
          sources,
          authorMerge: options.authorMerge as AuthorMerge,
          batchSize: options.batchSize,
          rejectsFile: options.skipInvalid,
        });
        return;
      }
      if (options.format !== 'papergraph') {
        const done = await runSourceCommand(files, options, fail);
        if (done) return;
      }
      await runImportCommand('Import', { applySchema: !options.dryRun, link: options.link }, (executor, onProgress) =>
        importFiles(executor, files, { batchSize: options.batchSize, dryRun: options.dryRun, onProgress }),
      );
    },
  );

await program.parseAsync();
