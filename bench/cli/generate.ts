import { Command } from 'commander';
import { positiveInt } from '../../src/ingest/command.js';
import { type SourceFormat, sourceFormats } from '../../src/ingest/formats/work.js';
import { shapeOf } from '../generate/generator.js';
import { writeSourceFile, writeSourceRecords } from '../generate/source-formats.js';
import { formatProgress, type GenerateSummary, writeDatasetFile, writeRecords } from '../generate/write.js';

// npm run generate -- [--papers N] [--seed S] [--out FILE]
// A deterministic synthetic graph in the import format: same N and seed, same bytes.
const program = new Command('npm run generate --')
  .description('Write a synthetic papers graph as NDJSON import records (stdout unless --out).')
  .option('-p, --papers <n>', 'number of papers', positiveInt, 100_000)
  .option('-s, --seed <n>', 'PRNG seed', (v) => Number.parseInt(v, 10) >>> 0, 1)
  .option('-o, --out <file>', 'write to this file instead of stdout')
  .option('-q, --quiet', 'no progress on stderr', false)
  .option('-f, --format <name>', 'papergraph (default) | openalex | s2 | arxiv | bibtex', 'papergraph')
  .action(async (options: { papers: number; seed: number; out?: string; quiet: boolean; format: string }) => {
    if (options.format !== 'papergraph') {
      // The same synthetic graph as source-format works (bench/generate/source-formats.ts).
      const format = options.format as SourceFormat;
      if (!sourceFormats.includes(format))
        program.error(`error: --format takes papergraph, ${sourceFormats.join(', ')}`);
      const gen = { papers: options.papers, seed: options.seed };
      const started = performance.now();
      const n =
        options.out && options.out !== '-'
          ? await writeSourceFile(options.out, format, gen)
          : await writeSourceRecords(process.stdout, format, gen);
      if (!options.quiet)
        process.stderr.write(
          `generate: ${n} ${format} works in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
        );
      return;
    }
    const shape = shapeOf(options.papers);
    const progress = options.quiet
      ? undefined
      : (p: Parameters<typeof formatProgress>[0]) => process.stderr.write(`${formatProgress(p)}\r`);
    if (!options.quiet) {
      process.stderr.write(
        `generate: ${shape.papers} papers, ${shape.authors} authors, ${shape.techniques} techniques, ${shape.topics} topics (seed ${options.seed})\n`,
      );
    }
    const gen = { papers: options.papers, seed: options.seed };
    const summary: GenerateSummary =
      options.out && options.out !== '-'
        ? await writeDatasetFile(options.out, gen, progress)
        : await writeRecords(process.stdout, gen, progress);
    if (!options.quiet) {
      const rate = Math.round(summary.records / (summary.ms / 1000));
      process.stderr.write(
        `\ngenerate: ${summary.records.toLocaleString('en')} records, ${(summary.bytes / 1e6).toFixed(1)} MB in ${(summary.ms / 1000).toFixed(1)} s (${rate.toLocaleString('en')} rec/s)\n` +
          `${Object.entries(summary.byType)
            .map(([k, v]) => `  ${k}: ${v.toLocaleString('en')}`)
            .join('\n')}\n`,
      );
    }
  });

await program.parseAsync();
