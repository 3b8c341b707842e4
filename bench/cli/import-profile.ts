import { Command } from 'commander';
import { connectDatabase } from '../../src/bootstrap.js';
import { runCli } from '../../src/cli/run.js';
import { Executor, type QueryLogEntry } from '../../src/db/executor.js';
import { positiveInt } from '../../src/ingest/command.js';
import type { SourceFormat } from '../../src/ingest/formats/work.js';
import { importFiles } from '../../src/ingest/load.js';
import { importSource } from '../../src/ingest/source/import.js';

// NEO4J_URI=bolt://… npx tsx bench/cli/import-profile.ts --format openalex [--batch-size N] <files…>
// One transactional import with every statement timed (the executor's query log): per statement name,
// calls, rows and total ms, and the share of the import's wall time the statements took (the rest
// is reading, converting and the importer's own JavaScript).
const program = new Command('tsx bench/cli/import-profile.ts')
  .argument('<files...>')
  .option('-f, --format <name>', 'papergraph | openalex | s2 | arxiv | bibtex', 'papergraph')
  .option('-b, --batch-size <n>', 'works (records) per transaction', positiveInt)
  .action(async (files: string[], options: { format: string; batchSize?: number }) => {
    await runCli(async (config, logger) => {
      const db = await connectDatabase(config, logger);
      const totals = new Map<string, { calls: number; rows: number; ms: number }>();
      const executor = new Executor(db.driver, {
        database: config.neo4j.database,
        txTimeoutMs: 300_000,
        onQuery: (e: QueryLogEntry) => {
          const t = totals.get(e.name) ?? { calls: 0, rows: 0, ms: 0 };
          t.calls += 1;
          t.rows += e.rows;
          t.ms += e.ms;
          totals.set(e.name, t);
        },
      });
      const started = performance.now();
      try {
        const summary =
          options.format === 'papergraph'
            ? await importFiles(executor, files, { batchSize: options.batchSize })
            : await importSource(executor, files, {
                format: options.format as SourceFormat,
                batchSize: options.batchSize,
              });
        const wall = performance.now() - started;
        const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
        const inQueries = rows.reduce((n, [, t]) => n + t.ms, 0);
        console.log(JSON.stringify({ ...summary, files: undefined }));
        console.log(`wall ${(wall / 1000).toFixed(1)} s, in statements ${(inQueries / 1000).toFixed(1)} s`);
        for (const [name, t] of rows)
          console.log(
            `${name.padEnd(32)} ${String(t.calls).padStart(6)} calls ${(t.ms / 1000).toFixed(2).padStart(8)} s  ${String(t.rows).padStart(8)} rows`,
          );
      } finally {
        await db.close();
      }
    });
  });

await program.parseAsync();
