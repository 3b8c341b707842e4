import { Command } from 'commander';
import { seedDir } from '../bootstrap.js';
import { positiveInt, runImportCommand } from '../ingest/command.js';
import { loadSeed } from '../ingest/seed.js';

// npm run seed [-- --no-link]: apply constraints and (re)load the curated seed/ files, then run the
// linker. Idempotent: a second run creates nothing and changes no counts.
const program = new Command('npm run seed --')
  .description(
    `Load the curated seed (${seedDir}) into the graph; uses NEO4J_URI when set, else starts the local Neo4j.`,
  )
  .option('-b, --batch-size <n>', 'records per transaction', positiveInt, 1_000)
  .option('--no-link', 'do not run the linker over the graph after loading')
  .action(async (options: { batchSize: number; link: boolean }) => {
    await runImportCommand('Seed', { applySchema: true, link: options.link }, (executor, onProgress) =>
      loadSeed(executor, seedDir, { batchSize: options.batchSize, onProgress }),
    );
  });

await program.parseAsync();
