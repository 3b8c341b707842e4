import { type Executor, int, type Query } from '../executor.js';
import { type AuthorRow, authorMap } from './author-rows.js';
import { type PaperRow, paperMap } from './paper-rows.js';
import { type TechniqueRow, techniqueMap } from './technique-rows.js';
import { type TopicRow, topicMap } from './topic-rows.js';

export type SearchType = 'PAPER' | 'AUTHOR' | 'TOPIC' | 'TECHNIQUE';
export const searchTypes: readonly SearchType[] = ['PAPER', 'AUTHOR', 'TOPIC', 'TECHNIQUE'];

/**
 * The full-text index behind each type, its indexed fields with their boosts,
 * and the row projection. Names, titles and aliases weigh three times as much
 * as abstracts and descriptions, so "RLHF" ranks the technique whose alias it
 * is above a paper whose abstract merely mentions it. A whitelist: index and
 * field names never come from input.
 */
const indexes: Record<SearchType, { index: string; fields: [string, number][]; project: (v: string) => string }> = {
  PAPER: {
    index: 'paper_text',
    fields: [
      ['title', 3],
      ['abstract', 1],
    ],
    project: paperMap,
  },
  AUTHOR: {
    index: 'author_text',
    fields: [
      ['name', 3],
      ['aliasText', 3],
    ],
    project: authorMap,
  },
  TOPIC: {
    index: 'topic_text',
    fields: [
      ['name', 3],
      ['description', 1],
    ],
    project: topicMap,
  },
  TECHNIQUE: {
    index: 'technique_text',
    fields: [
      ['name', 3],
      ['aliasText', 3],
      ['description', 1],
    ],
    project: techniqueMap,
  },
};

/** One query per non-empty set of types (15 in all), each a UNION of the chosen indexes. */
const queries = new Map<string, Query>();
for (let mask = 1; mask < 1 << searchTypes.length; mask++) {
  const types = searchTypes.filter((_, i) => mask & (1 << i));
  const branches = types.map((type) => {
    const { index, project } = indexes[type];
    return `CALL db.index.fulltext.queryNodes('${index}', $queries.${type}, {limit: $first}) YIELD node, score
      RETURN ${project('node')} AS node, score`;
  });
  queries.set(types.join(','), {
    name: `search-${types.map((t) => t.toLowerCase()).join('-')}`,
    cypher: `
      CALL () {
        ${branches.join('\n        UNION ALL\n        ')}
      }
      RETURN node, score
      ORDER BY score DESC, node.id
      LIMIT $first`,
  });
}

export type NodeRow = PaperRow | AuthorRow | TopicRow | TechniqueRow;

/** Escape Lucene query syntax so user text is searched literally (full-text indexes). */
export function luceneQuery(text: string): string {
  const terms = text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => term.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, '\\$&'))
    .filter((term) => !/^(AND|OR|NOT)$/.test(term));
  // Every term, fuzzy-tolerant on its own; the whole phrase boosted.
  return terms.length ? `${terms.join(' ')}${terms.length > 1 ? ` "${terms.join(' ')}"^2` : ''}` : '';
}

export interface SearchHitRow {
  score: number;
  node: NodeRow;
}

/** Full-text search across papers, authors, topics and techniques, best match first. */
export class SearchStore {
  constructor(private readonly executor: Executor) {}

  /**
   * Hits for `text` (searched literally: Lucene syntax is escaped) among
   * `types`; [] when the text has nothing searchable (only operators).
   */
  async search(text: string, types: readonly SearchType[], first: number): Promise<SearchHitRow[]> {
    const terms = luceneQuery(text);
    if (!terms) return [];
    const chosen = searchTypes.filter((t) => types.includes(t));
    const query = queries.get(chosen.join(','));
    if (!query) throw new RangeError('search needs at least one type');
    const perIndex = Object.fromEntries(
      chosen.map((type) => [
        type,
        indexes[type].fields.map(([field, boost]) => `${field}:(${terms})${boost > 1 ? `^${boost}` : ''}`).join(' '),
      ]),
    );
    const rows = await this.executor.read(query, { queries: perIndex, first: int(first) });
    return rows as unknown as SearchHitRow[];
  }
}
