import { Command } from 'commander';
import { withMaintenanceExecutor } from '../bootstrap.js';
import { LineageIndexAdmin } from '../db/stores/lineage-index-admin.js';
import { positiveInt } from '../ingest/command.js';
import { createLinkProgress } from '../link/progress.js';
import { runCli } from './run.js';

// npm run lineage-index -- build [--batch N] | drop | status
// The maintained lineage index (README "Lineage index"): papersBuildingOn and techniqueAdoption
// read it once it is ready; every write keeps it exact from the moment `build` starts.

const program = new Command('npm run lineage-index --')
  .description(
    'Build, drop or inspect the maintained lineage index that serves papersBuildingOn and ' +
      'stats.techniqueAdoption on large graphs. Uses NEO4J_URI when set, else starts the local Neo4j.',
  )
  .argument('<action>', 'build | drop | status')
  .option('--batch <n>', 'with build: papers per write transaction', positiveInt, 2_000)
  .showHelpAfterError('(npm run lineage-index -- --help shows the usage)')
  .action(async (action: string, options: { batch: number }) => {
    if (!['build', 'drop', 'status'].includes(action)) {
      program.error(`error: unknown action ${JSON.stringify(action)} (build, drop or status)`);
    }
    await runCli(async (config, logger) => {
      await withMaintenanceExecutor(config, logger, async (executor) => {
        const admin = new LineageIndexAdmin(executor);
        const started = performance.now();
        if (action === 'build') {
          const progress = createLinkProgress(process.stderr, 2_000, 'lineage-index');
          const done = await admin.build(options.batch, (p) => progress.update({ done: p.papers, total: p.total }));
          progress.stop();
          const s = ((performance.now() - started) / 1000).toFixed(1);
          console.log(`lineage index ready: ${done.papers} papers in ${s} s (${done.written} relationships written)`);
        } else if (action === 'drop') {
          await admin.drop();
          console.log(`lineage index dropped in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        }
        const size = await admin.size();
        console.log(
          `state: ${(await admin.state()) ?? 'none'}; ${size.relationships} IN_LINEAGE relationships, ` +
            `${size.counts} count nodes, ${size.papers} papers`,
        );
      });
    });
  });

await program.parseAsync();
