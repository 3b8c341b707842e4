import { Command, Option } from 'commander';
import { runCli } from '../../src/cli/run.js';
import { positiveInt } from '../../src/ingest/command.js';
import { runDashboard } from '../dashboard.js';

// npm run bench:dashboard -- [--papers N] [--duration S] [--connections N] [--runs N] [--no-lineage-index] [--method get]
// The dashboard scenario: papergraph's response cache vs a bare yoga constant, then with a writer.
const program = new Command('npm run bench:dashboard --')
  .description('Dashboard scenario: cached papergraph vs a bare yoga server, then with a write every second.')
  .option('-p, --papers <n>', 'papers in the dataset', positiveInt, 100_000)
  .option('-s, --seed <n>', 'dataset seed', positiveInt, 1)
  .option('-d, --duration <s>', 'seconds per measured run', positiveInt, 15)
  .option('-c, --connections <n>', 'concurrent connections', positiveInt, 32)
  .option('--heap <size>', 'Neo4j heap', '2g')
  .option('--pagecache <size>', 'Neo4j page cache', '1g')
  .option('-r, --runs <n>', 'repetitions of each load (cached and bare interleaved)', positiveInt, 3)
  .option('--no-lineage-index', 'do not build the lineage index when the dataset lacks it')
  .option('--cpu-prof <dir>', "write a V8 CPU profile of papergraph's server into <dir>")
  .addOption(
    new Option('--method <method>', 'how the load sends queries: a JSON POST or a GET with query parameters')
      .choices(['post', 'get'])
      .default('post'),
  )
  .action(async (o) => {
    await runCli(async (config) => {
      const report = await runDashboard(config, {
        papers: o.papers,
        seed: o.seed,
        durationS: o.duration,
        connections: o.connections,
        heap: o.heap,
        pageCache: o.pagecache,
        runs: o.runs,
        lineageIndex: o.lineageIndex,
        cpuProf: o.cpuProf,
        method: o.method === 'get' ? 'GET' : 'POST',
      });
      console.log(JSON.stringify(report, null, 2));
    });
  });

await program.parseAsync();
