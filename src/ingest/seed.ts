import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Executor } from '../db/executor.js';
import { type GraphCounts, nodeCounts } from '../db/schema-store.js';
import { type LinkSummary, linkGraph } from '../link/run.js';
import { type ImportOptions, type ImportSummary, importFiles } from './load.js';

/** The seed's files in load order (all *.ndjson under `dir`, sorted by name). */
export async function seedFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.ndjson')).sort();
  return names.map((f) => path.join(dir, f));
}

/** Load the curated seed (edges `source: curated`; papers without `source`, read as `curated`). Idempotent. */
export async function loadSeed(executor: Executor, dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return importFiles(executor, await seedFiles(dir), {
    source: () => 'curated',
    provenance: () => null,
    path: 'seed',
    ...options,
  });
}

/**
 * Load the seed only when the graph has no papers yet, then (unless `link: false`) run the linker
 * over it; returns undefined when it skipped. `counts`: the graph's node counts when the caller
 * already asked for them (prepareGraph does, while the schema is checked).
 */
export async function seedIfEmpty(
  executor: Executor,
  dir: string,
  options: { link?: boolean; counts?: Promise<GraphCounts['nodes']> } = {},
): Promise<{ seed: ImportSummary; link?: LinkSummary } | undefined> {
  const counts = await (options.counts ?? nodeCounts(executor));
  if (counts.Paper > 0) return undefined;
  // With no node of the model at all, validation need not look anything up in the graph.
  const seed = await loadSeed(executor, dir, { emptyGraph: Object.values(counts).every((n) => n === 0) });
  return { seed, link: options.link === false ? undefined : await linkGraph(executor) };
}
