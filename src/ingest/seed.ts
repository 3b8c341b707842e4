import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Executor } from '../db/executor.js';
import { nodeCounts, paperCount } from '../db/schema-store.js';
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
 * over it; returns undefined when it skipped. `papers`: the graph's paper count when the caller
 * already asked for it (prepareGraph does, while the schema is checked).
 */
export async function seedIfEmpty(
  executor: Executor,
  dir: string,
  options: { link?: boolean; papers?: Promise<number> } = {},
): Promise<{ seed: ImportSummary; link?: LinkSummary } | undefined> {
  if ((await (options.papers ?? paperCount(executor))) > 0) return undefined;
  const counts = await nodeCounts(executor);
  if (counts.Paper > 0) return undefined; // another process seeded meanwhile
  // With no node of the model at all, validation need not look anything up in the graph.
  const seed = await loadSeed(executor, dir, { emptyGraph: Object.values(counts).every((n) => n === 0) });
  return { seed, link: options.link === false ? undefined : await linkGraph(executor) };
}
