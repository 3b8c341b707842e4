import type { Executor } from './executor.js';
import { graphCounts } from './schema-store.js';
import { AuthorStore } from './stores/author-store.js';
import { GraphStore } from './stores/graph-store.js';
import { LineageStore } from './stores/lineage-store.js';
import { LinkStore } from './stores/link-store.js';
import { PaperStore } from './stores/paper-store.js';
import { ReferenceStore } from './stores/reference-store.js';
import { SearchStore } from './stores/search-store.js';
import { SeriesStore } from './stores/series-store.js';
import { StatsStore } from './stores/stats-store.js';
import { TechniqueStore } from './stores/technique-store.js';
import { TopicStore } from './stores/topic-store.js';
import { WriteStore } from './stores/write-store.js';

/** The stores of one request, all sharing that request's executor (and its query log). */
export function createStores(executor: Executor) {
  return {
    papers: new PaperStore(executor),
    references: new ReferenceStore(executor, 'mutation'),
    authors: new AuthorStore(executor),
    topics: new TopicStore(executor),
    techniques: new TechniqueStore(executor),
    lineage: new LineageStore(executor),
    graph: new GraphStore(executor),
    search: new SearchStore(executor),
    stats: new StatsStore(executor),
    series: new SeriesStore(executor),
    writes: new WriteStore(executor),
    links: new LinkStore(executor),
    counts: () => graphCounts(executor),
  };
}

export type Stores = ReturnType<typeof createStores>;
