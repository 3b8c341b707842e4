import { runImportCommand } from '../command.js';
import { type AnyFormat, detectFormat } from '../formats/input.js';
import { type SourceFormat, sourceFormats } from '../formats/work.js';
import { type AuthorMerge, authorMergeModes } from './authors.js';
import { importSource } from './import.js';
import { formatSourceSummary } from './summary.js';

/**
 * `npm run import -- --format <openalex|s2|arxiv|bibtex|auto> files…`: the
 * source-format import. Returns false when `auto` found papergraph files (the
 * caller then runs the papergraph import).
 */
export async function runSourceCommand(
  files: string[],
  options: {
    format: string;
    authorMerge: string;
    skipInvalid?: string;
    batchSize: number;
    dryRun: boolean;
    keepExternalReferences?: boolean;
  },
  fail: (message: string) => never,
): Promise<boolean> {
  if (!authorMergeModes.includes(options.authorMerge as AuthorMerge))
    fail(`error: --author-merge takes ${authorMergeModes.join(', ')}`);
  let format: AnyFormat;
  if (options.format === 'auto') {
    const found = new Set<AnyFormat | undefined>();
    for (const file of files) found.add(await detectFormat(file));
    const [only] = found;
    if (found.size !== 1 || !only)
      fail(`error: --format auto found ${[...found].map((f) => f ?? 'unknown').join(', ')}; give --format`);
    format = only as AnyFormat;
    console.error(`format: auto chose ${format}`);
    if (format === 'papergraph') return false;
  } else if (sourceFormats.includes(options.format as SourceFormat)) format = options.format as SourceFormat;
  else fail(`error: --format takes papergraph, ${sourceFormats.join(', ')} or auto`);
  await runImportCommand(
    `Import (${format})`,
    { applySchema: !options.dryRun },
    (executor, _progress, config) =>
      importSource(executor, files, {
        format: format as SourceFormat,
        batchSize: options.batchSize,
        authorMerge: options.authorMerge as AuthorMerge,
        rejectsFile: options.skipInvalid,
        dryRun: options.dryRun,
        keepExternalReferences: options.keepExternalReferences ?? false,
        killAfterBatch: config.importKillAfterBatch,
      }),
    formatSourceSummary,
  );
  return true;
}
