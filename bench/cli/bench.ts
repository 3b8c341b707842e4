import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { repoRoot } from '../../src/bootstrap.js';
import { runCli } from '../../src/cli/run.js';
import { positiveInt } from '../../src/ingest/command.js';
import type { ServerName } from '../operations.js';
import { type BenchReport, compareReports, markdown } from '../report.js';
import { type BenchOptions, runBench, serverNames } from '../runner.js';

// npm run bench -- [--quick] [--papers N] [--duration S] [--connections 1,32] [--repetitions R]
// npm run bench -- --compare old.json [new.json]   (new defaults to .papergraph/bench/latest.json)
// One local Neo4j, one dataset, papergraph vs @neo4j/graphql vs the raw driver, interleaved.
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const program = new Command('npm run bench --')
  .description('Benchmark papergraph against @neo4j/graphql and a raw-driver floor on a synthetic dataset.')
  .option('--quick', 'small dataset (5,000 papers), short runs: under 5 minutes', false)
  .option('-p, --papers <n>', 'papers in the dataset (default 100,000; --quick 5,000)', positiveInt)
  .option('-s, --seed <n>', 'dataset seed', positiveInt, 1)
  .option('-d, --duration <s>', 'seconds per measured run (default 10; --quick 2)', positiveInt)
  .option('-w, --warmup <s>', 'seconds of warm-up before each run, not measured (default 3; --quick 1)', positiveInt)
  .option('-c, --connections <list>', 'concurrent connections, comma-separated', '1,32')
  .option('-r, --repetitions <n>', 'runs per cell, servers interleaved (default 3; --quick 1)', positiveInt)
  .option('--compare <old.json>', 'print the ratio table between two result files, run nothing')
  .option('-o, --only <ops>', 'only these operations, comma-separated')
  .option('--servers <list>', `servers to measure (${serverNames.join(',')})`, serverNames.join(','))
  .option('-b, --batch-size <n>', 'import batch size', positiveInt, 1_000)
  .option('--heap <size>', 'Neo4j heap (default by dataset size)')
  .option('--pagecache <size>', 'Neo4j page cache (default by dataset size)')
  .option(
    '--cpu-prof <dir>',
    "write a V8 CPU profile of papergraph's server into <dir> (summarise: npx tsx bench/cli/profile-summary.ts <file>)",
  )
  .argument('[new.json]', 'with --compare: the newer result file (default .papergraph/bench/latest.json)')
  .action(async (newer: string | undefined, o) => {
    if (o.compare) {
      const read = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as BenchReport;
      const now = newer ?? path.join(repoRoot, '.papergraph', 'bench', 'latest.json');
      console.log(compareReports(await read(o.compare), await read(now)));
      return;
    }
    const papers: number = o.papers ?? (o.quick ? 5_000 : 100_000);
    const large = papers > 200_000;
    const options: BenchOptions = {
      papers,
      seed: o.seed,
      durationS: o.duration ?? (o.quick ? 2 : 10),
      warmupS: o.warmup ?? (o.quick ? 1 : 3),
      connections: list(o.connections).map(Number),
      repetitions: o.repetitions ?? (o.quick ? 1 : 3),
      batchSize: o.batchSize,
      only: o.only ? list(o.only) : undefined,
      servers: list(o.servers) as ServerName[],
      heap: o.heap ?? (large ? '4g' : papers > 20_000 ? '2g' : '1g'),
      pageCache: o.pagecache ?? (large ? '6g' : papers > 20_000 ? '2g' : '512m'),
      cpuProf: o.cpuProf,
    };
    await runCli(async (config) => {
      const report = await runBench(config, options);
      console.log(markdown(report));
    });
  });

await program.parseAsync();
