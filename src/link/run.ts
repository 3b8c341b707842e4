import type { Executor } from '../db/executor.js';
import { type LinkPageCounts, LinkStore, noLinkCounts } from '../db/stores/link-store.js';
import { compileLinker } from './engine.js';

/**
 * One linker run (issue #13): read the vocabulary once, compile it, then read papers in pages of
 * `pageSize` (keyset on id, one query per page), find their mentions and write each page in one
 * transaction through the write funnel (path `link`). Idempotent: a second run over the same graph
 * reports everything unchanged and writes nothing.
 */

export interface LinkOptions {
  /** Only these papers (ids); default all. */
  papers?: string[];
  /** Only papers whose `updatedAt` is at or after this ISO date/datetime; default all. */
  since?: string;
  /** Papers per read page and write transaction (default 500). */
  pageSize?: number;
  onProgress?: (p: { done: number; total: number }) => void;
}

export interface LinkSummary extends LinkPageCounts {
  papers: number;
  techniques: number;
  /** Mentions the engine found (before curated-wins and rejections). */
  mentions: number;
  rulesVersion: string;
  ms: number;
}

export async function linkGraph(executor: Executor, options: LinkOptions = {}): Promise<LinkSummary> {
  const started = performance.now();
  const store = new LinkStore(executor);
  const vocabulary = await store.vocabulary();
  const linker = compileLinker(vocabulary);
  const scope = { ids: options.papers ?? null, since: options.since ?? null };
  const pageSize = options.pageSize ?? 500;
  const total = options.onProgress ? await store.countPapers(scope) : 0;
  const sum: LinkSummary = {
    papers: 0,
    techniques: vocabulary.length,
    mentions: 0,
    ...noLinkCounts(),
    rulesVersion: linker.rulesVersion,
    ms: 0,
  };
  let after = '';
  for (;;) {
    const page = await store.papers(scope, after, pageSize);
    if (!page.length) break;
    const mentions = page.flatMap((paper) => linker.link(paper));
    const counts = await store.writePage(
      page.map((p) => p.id),
      mentions,
      linker.rulesVersion,
    );
    for (const key of Object.keys(counts) as (keyof LinkPageCounts)[]) sum[key] += counts[key];
    sum.papers += page.length;
    sum.mentions += mentions.length;
    options.onProgress?.({ done: sum.papers, total });
    after = page[page.length - 1]?.id ?? after;
    if (page.length < pageSize) break;
  }
  sum.ms = Math.round(performance.now() - started);
  return sum;
}

/** The summary as the CLI prints it. */
export function formatLinkSummary(s: LinkSummary): string {
  const rows: [string, string | number][] = [
    ['papers read', s.papers],
    ['techniques (vocabulary)', s.techniques],
    ['rules version', s.rulesVersion],
    ['mentions found', s.mentions],
    ['links added', s.added],
    ['links updated', s.updated],
    ['links unchanged', s.unchanged],
    ['links removed (stale)', s.removed],
    ['skipped: rejected', s.rejectedSkipped],
    ['skipped: curated kept', s.curatedKept],
    ['time', `${(s.ms / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    'Link',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`),
  ].join('\n');
}
