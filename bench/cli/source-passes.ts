import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { type SourceFormat, sourceFormats, type Work } from '../../src/ingest/formats/work.js';
import { readThreads } from '../../src/ingest/source/convert-pool.js';
import { readPass } from '../../src/ingest/source/read-pass.js';
import { CiteSpill, Spill, withSpillDir } from '../../src/ingest/source/spill.js';
import { sourceFormatArg } from '../source-format-arg.js';

// npx tsx bench/cli/source-passes.ts --format openalex [--threads N] <files…>
// The source importer's reading without the graph, wall time and CPU time (user + system, all
// threads of this process): one read pass as a dry run (what the importer did three times before
// it spilled: validate, works, citations), the read pass writing its temp files, and reading
// those back (what the works and citations passes now do instead of parsing the input again).
// --threads: worker threads converting records (src/ingest/source/convert-pool.ts; 0 = none;
// default: what the importer would choose for these files).
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Wall and CPU seconds of `work`. */
async function timed(work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const [w0, c0] = [performance.now(), cpuSeconds()];
  await work();
  return { wall: (performance.now() - w0) / 1000, cpu: cpuSeconds() - c0 };
}
const show = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(1)} s wall, ${t.cpu.toFixed(1)} s CPU`;

const program = new Command('tsx bench/cli/source-passes.ts')
  .argument('<files...>')
  .requiredOption('-f, --format <name>', sourceFormats.join(' | '), sourceFormatArg)
  .option('-t, --threads <n>', 'worker threads converting records (default: as the importer chooses)')
  .action(async (files: string[], options: { format: SourceFormat; threads?: string }) => {
    const format = options.format;
    const threads = options.threads === undefined ? await readThreads(files) : Number(options.threads);
    let works = 0;
    const onePass = await timed(async () => {
      works = (await readPass(files, format, undefined, undefined, { threads })).works;
    });
    await withSpillDir(undefined, async (dir) => {
      const spills = { works: new Spill<Work>(path.join(dir, 'works')), cites: new CiteSpill(path.join(dir, 'cites')) };
      const spilling = await timed(async () => {
        await readPass(files, format, undefined, spills, { threads });
        await Promise.all([spills.works.close(), spills.cites.close()]);
      });
      let cites = 0;
      const reading = await timed(async () => {
        for await (const _ of spills.works.read());
        for await (const r of spills.cites.read()) cites += r.length;
      });
      const mb = async (f: string) => ((await stat(f)).size / 1e6).toFixed(1);
      const input = (await Promise.all(files.map((f) => stat(f)))).reduce((n, s) => n + s.size, 0) / 1e6;
      console.log(
        `${format}: ${works} works, ${cites} references; input ${input.toFixed(1)} MB; ${threads} worker thread(s)`,
      );
      console.log(`  one read pass (dry run):            ${show(onePass)}`);
      console.log(
        `  read pass writing the temp files:   ${show(spilling)}  (works ${await mb(path.join(dir, 'works'))} MB, references ${await mb(path.join(dir, 'cites'))} MB)`,
      );
      console.log(`  works + citations read back:        ${show(reading)}`);
    });
  });

await program.parseAsync();
