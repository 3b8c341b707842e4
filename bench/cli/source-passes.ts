import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { type SourceFormat, sourceFormats, type Work } from '../../src/ingest/formats/work.js';
import { readPass } from '../../src/ingest/source/read-pass.js';
import { CiteSpill, Spill, withSpillDir } from '../../src/ingest/source/spill.js';
import { sourceFormatArg } from '../source-format-arg.js';

// npx tsx bench/cli/source-passes.ts --format openalex <files…>
// The CPU time (user + system, this process) of the source importer's reading without the graph:
// one read pass as a dry run (what the importer did three times before it spilled: validate, works,
// citations), the read pass writing its temp files, and reading those back (what the works and
// citations passes now do instead of parsing the input again).
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const program = new Command('tsx bench/cli/source-passes.ts')
  .argument('<files...>')
  .requiredOption('-f, --format <name>', sourceFormats.join(' | '), sourceFormatArg)
  .action(async (files: string[], options: { format: SourceFormat }) => {
    const format = options.format;
    const t0 = cpuSeconds();
    const { works } = await readPass(files, format, undefined, undefined);
    const onePass = cpuSeconds() - t0;
    await withSpillDir(undefined, async (dir) => {
      const spills = { works: new Spill<Work>(path.join(dir, 'works')), cites: new CiteSpill(path.join(dir, 'cites')) };
      const t1 = cpuSeconds();
      await readPass(files, format, undefined, spills);
      await Promise.all([spills.works.close(), spills.cites.close()]);
      const spilling = cpuSeconds() - t1;
      const t2 = cpuSeconds();
      for await (const _ of spills.works.read());
      let cites = 0;
      for await (const r of spills.cites.read()) cites += r.length;
      const reading = cpuSeconds() - t2;
      const mb = async (f: string) => ((await stat(f)).size / 1e6).toFixed(1);
      const input = (await Promise.all(files.map((f) => stat(f)))).reduce((n, s) => n + s.size, 0) / 1e6;
      console.log(`${format}: ${works} works, ${cites} references; input ${input.toFixed(1)} MB`);
      console.log(
        `  one read pass (dry run):            ${onePass.toFixed(1)} s CPU  (three of them before: ${(3 * onePass).toFixed(1)} s)`,
      );
      console.log(
        `  read pass writing the temp files:   ${spilling.toFixed(1)} s CPU  (works ${await mb(path.join(dir, 'works'))} MB, references ${await mb(path.join(dir, 'cites'))} MB)`,
      );
      console.log(
        `  works + citations read back:        ${reading.toFixed(1)} s CPU  (now: ${(spilling + reading).toFixed(1)} s in all)`,
      );
    });
  });

await program.parseAsync();
