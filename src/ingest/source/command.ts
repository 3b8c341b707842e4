import path from 'node:path';
import type { SourceInput } from '../bulk/source-bulk.js';
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
    readThreads?: number;
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
    (executor, onProgress, config) =>
      importSource(executor, files, {
        format: format as SourceFormat,
        batchSize: options.batchSize,
        authorMerge: options.authorMerge as AuthorMerge,
        rejectsFile: options.skipInvalid,
        dryRun: options.dryRun,
        keepExternalReferences: options.keepExternalReferences ?? false,
        readThreads: options.readThreads,
        onProgress,
        killAfterBatch: config.importKillAfterBatch,
        tmpDir: path.join(config.local.cacheDir, 'tmp'),
      }),
    formatSourceSummary,
  );
  return true;
}

/**
 * The inputs of `npm run import -- --bulk --format <source format|auto>`: the files with their format
 * (auto: each file detected, consecutive files of one format grouped, imported in that order).
 * Undefined when auto found only papergraph files (the caller runs the papergraph bulk import).
 */
export async function bulkSourceInputs(
  files: string[],
  options: { format: string; authorMerge: string },
  fail: (message: string) => never,
): Promise<SourceInput[] | undefined> {
  if (!authorMergeModes.includes(options.authorMerge as AuthorMerge))
    fail(`error: --author-merge takes ${authorMergeModes.join(', ')}`);
  if (options.format !== 'auto') {
    if (!sourceFormats.includes(options.format as SourceFormat))
      fail(`error: --format takes papergraph, ${sourceFormats.join(', ')} or auto`);
    return [{ format: options.format as SourceFormat, files }];
  }
  const found: (AnyFormat | undefined)[] = [];
  for (const file of files) found.push(await detectFormat(file));
  if (found.every((f) => f === 'papergraph')) return undefined;
  const inputs: SourceInput[] = [];
  for (const [i, format] of found.entries()) {
    if (!format || format === 'papergraph')
      fail(
        `error: --bulk --format auto: ${files[i]} holds ${format ?? 'no format papergraph reads'}; a bulk load takes ` +
          'source-format files (loaded with the curated seed) or papergraph files, not both',
      );
    const last = inputs.at(-1);
    if (last?.format === format) last.files.push(files[i] as string);
    else inputs.push({ format, files: [files[i] as string] });
  }
  console.error(`format: auto chose ${inputs.map((x) => `${x.format} (${x.files.length} file(s))`).join(', ')}`);
  return inputs;
}
