import { Command } from 'commander';
import { MemoryGraph } from '../../src/ingest/bulk/memory-graph.js';
import { type SourceFormat, sourceFormats } from '../../src/ingest/formats/work.js';
import { importSourceInto } from '../../src/ingest/source/import.js';
import { sourceFormatArg } from '../source-format-arg.js';

// npx tsx bench/cli/source-memory.ts --format openalex <files…>
// The source importer into the bulk path's in-memory graph (no database, no seed): the JavaScript
// half of `import --bulk --format …` before its CSV. Prints wall time, this process's CPU time
// (user + system) and works/s.
const program = new Command('tsx bench/cli/source-memory.ts')
  .argument('<files...>')
  .requiredOption('-f, --format <name>', sourceFormats.join(' | '), sourceFormatArg)
  .action(async (files: string[], options: { format: SourceFormat }) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const s = await importSourceInto(new MemoryGraph(new Date().toISOString()), files, {
      format: options.format,
    });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `${s.format}: ${s.works} works, ${s.citations} citations; wall ${wall.toFixed(1)} s, ` +
        `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ${Math.round(s.works / wall)} works/s`,
    );
  });

await program.parseAsync();
