import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { repoRoot, seedDir, withMaintenanceExecutor } from '../bootstrap.js';
import { LinkStore } from '../db/stores/link-store.js';
import { positiveInt } from '../ingest/command.js';
import { readCorpus, readGold, seedCorpusFiles } from '../link/corpus.js';
import { evaluate, formatEvaluation } from '../link/evaluate.js';
import { createLinkProgress } from '../link/progress.js';
import { formatLinkSummary, linkGraph } from '../link/run.js';
import { formatSuggestions, suggest } from '../link/suggest.js';
import type { PaperText } from '../link/types.js';
import { runCli } from './run.js';

// npm run link -- [--papers <ids>] [--since <date>] [--page-size N]
// npm run link -- --reject <paper> <technique> [--reason <text>] [--by <name>]
// npm run link -- --evaluate [--gold <file>]     precision/recall on the seed (no database)
// npm run link -- --suggest [--min-count N] [--limit N]   candidate techniques from the graph's abstracts
// Links papers to the techniques their title and abstract mention (USES/INTRODUCES, source `linker`),
// removes mined links no mention supports any more, and never touches a curated edge.

/** Commander parser: an ISO date or datetime (`2026-01-31`, `2026-01-31T12:00:00Z`). */
function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('expected an ISO date such as 2026-01-31 or 2026-01-31T12:00:00Z.');
  }
  return value;
}

/** Commander parser: comma-separated ids, repeatable. */
const ids = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

const program = new Command('npm run link --')
  .description(
    'Link papers to the techniques their titles and abstracts mention (mined USES/INTRODUCES edges with ' +
      "source 'linker', each with its sentence as evidence), or reject one mined link for good. " +
      'Uses NEO4J_URI when set, else starts the local Neo4j.',
  )
  .argument('[pair...]', 'with --reject: <paper id> <technique id, name or alias>')
  .option('--papers <ids>', 'only these papers (comma-separated ids; repeatable)', ids)
  .option('--since <date>', 'only papers written (updatedAt) at or after this ISO date/datetime', isoDate)
  .option('--page-size <n>', 'papers per read page and write transaction', positiveInt, 500)
  .option('--reject', 'reject the mined link between <paper> and <technique>: removed now, never made again', false)
  .option('--reason <text>', 'with --reject: why (stored on the rejection)')
  .option('--by <name>', 'with --reject: who rejects it (stored on the rejection)', 'cli')
  .option('--evaluate', 'hide the curated edges, link the seed files and print precision/recall per relation', false)
  .option(
    '--gold <file>',
    'with --evaluate: the gold file',
    path.join(repoRoot, 'test', 'fixtures', 'linker-gold.ndjson'),
  )
  .option(
    '--suggest',
    'list candidate techniques from "long form (ACRONYM)" definitions in the graph (never added)',
    false,
  )
  .option('--min-count <n>', 'with --suggest: only candidates defined at least this often', positiveInt, 1)
  .option('--limit <n>', 'with --suggest: at most this many candidates', positiveInt)
  .showHelpAfterError('(npm run link -- --help shows the usage)')
  .action(
    async (
      pair: string[],
      options: {
        papers?: string[];
        since?: string;
        pageSize: number;
        reject: boolean;
        reason?: string;
        by: string;
        evaluate: boolean;
        gold: string;
        suggest: boolean;
        minCount: number;
        limit?: number;
      },
    ) => {
      if ([options.reject, options.evaluate, options.suggest].filter(Boolean).length > 1) {
        program.error('error: --reject, --evaluate and --suggest do not mix');
      }
      if (options.evaluate) {
        // Offline: the seed files with their curated edges hidden, against the reviewed gold file.
        const corpus = await readCorpus(seedCorpusFiles(seedDir));
        process.stdout.write(formatEvaluation(evaluate(corpus, await readGold(options.gold))));
        return;
      }
      if (options.reject && pair.length !== 2) program.error('error: --reject takes <paper> <technique>');
      if (!options.reject && pair.length) program.error(`error: unexpected argument ${pair[0]}`);
      if (!options.reject && (options.reason || options.by !== 'cli')) {
        program.error('error: --reason and --by only apply to --reject');
      }
      await runCli(async (config, logger) => {
        await withMaintenanceExecutor(config, logger, async (executor) => {
          if (options.reject) {
            const [paper = '', technique = ''] = pair;
            const rejection = await new LinkStore(executor).reject(
              paper,
              technique,
              options.by,
              options.reason ?? null,
            );
            if (!rejection) {
              console.error(`error: no paper ${JSON.stringify(paper)} or no technique ${JSON.stringify(technique)}`);
              process.exitCode = 1;
              return;
            }
            console.log(
              `rejected ${rejection.paper} → ${rejection.technique} (by ${rejection.by}); ` +
                `${rejection.removed} mined link(s) removed; the linker will not make it again`,
            );
            return;
          }
          if (options.suggest) {
            const store = new LinkStore(executor);
            const scope = { ids: options.papers ?? null, since: options.since ?? null };
            const papers: PaperText[] = [];
            for (let after = ''; ; ) {
              const page = await store.papers(scope, after, options.pageSize);
              papers.push(...page);
              if (page.length < options.pageSize) break;
              after = page[page.length - 1]?.id ?? after;
            }
            const found = suggest(papers, await store.vocabulary(), {
              minCount: options.minCount,
              limit: options.limit,
            });
            process.stdout.write(formatSuggestions(found));
            return;
          }
          const progress = createLinkProgress();
          const summary = await linkGraph(executor, {
            papers: options.papers,
            since: options.since,
            pageSize: options.pageSize,
            onProgress: progress.update,
          });
          progress.stop();
          console.log(formatLinkSummary(summary));
        });
      });
    },
  );

await program.parseAsync();
