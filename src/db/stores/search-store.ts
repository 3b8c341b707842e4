import { type Executor, int } from '../executor.js';
import { type Plan, planKey, planName, planParams, project, type Table, variantCache } from '../prefetch.js';
import { type AuthorRow, authorTable } from './author-rows.js';
import { type PaperRow, paperTable } from './paper-rows.js';
import { type TechniqueRow, techniqueTable } from './technique-rows.js';
import { type TopicRow, topicTable } from './topic-rows.js';

export type SearchType = 'PAPER' | 'AUTHOR' | 'TOPIC' | 'TECHNIQUE';
export const searchTypes: readonly SearchType[] = ['PAPER', 'AUTHOR', 'TOPIC', 'TECHNIQUE'];

/**
 * The full-text index behind each type, its indexed fields with their boosts,
 * and the table its rows are projected by. Names, titles and aliases weigh three times as much
 * as abstracts and descriptions, so "RLHF" ranks the technique whose alias it
 * is above a paper whose abstract merely mentions it. A whitelist: index and
 * field names never come from input.
 */
const indexes: Record<SearchType, { index: string; fields: [string, number][]; table: Table }> = {
  PAPER: {
    index: 'paper_text',
    fields: [
      ['title', 3],
      ['abstract', 1],
    ],
    table: paperTable,
  },
  AUTHOR: {
    index: 'author_text',
    fields: [
      ['name', 3],
      ['aliasText', 3],
    ],
    table: authorTable,
  },
  TOPIC: {
    index: 'topic_text',
    fields: [
      ['name', 3],
      ['description', 1],
    ],
    table: topicTable,
  },
  TECHNIQUE: {
    index: 'technique_text',
    fields: [
      ['name', 3],
      ['aliasText', 3],
      ['description', 1],
    ],
    table: techniqueTable,
  },
};

/** What a search reads of each type's rows (lookahead.ts plans it from the selection); everything when absent. */
export type SearchPlans = Partial<Record<SearchType, Plan>>;

/** The scope of a type's links in the statement, so their variables and parameters never clash across types. */
const scopeOf = (type: SearchType) => type.toLowerCase();

/**
 * One query per set of types (15 in all) and per plan of each: a UNION of the chosen indexes,
 * ranked, cut to `$first`, and only then projected, each row by its label per its type's plan.
 */
const built = variantCache();
function searchQuery(types: readonly SearchType[], plans: SearchPlans) {
  const key = JSON.stringify(types.map((type) => [type, planKey(plans[type])]));
  return built(key, () => {
    const branches = types.map(
      (type) => `CALL db.index.fulltext.queryNodes('${indexes[type].index}', $queries.${type}, {limit: $first})
        YIELD node, score RETURN node, score`,
    );
    const rows = types.map(
      (type) =>
        `WHEN node:${indexes[type].table.type} THEN ${project(indexes[type].table, 'node', plans[type], '', scopeOf(type))}`,
    );
    return {
      name: `search-${types.map((type) => `${type.toLowerCase()}${planName(plans[type])}`).join('-')}`,
      cypher: `
      CALL () {
        ${branches.join('\n        UNION ALL\n        ')}
      }
      WITH node, score ORDER BY score DESC, node.id LIMIT $first
      RETURN CASE ${rows.join(' ')} END AS node, score`,
    };
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
  async search(
    text: string,
    types: readonly SearchType[],
    first: number,
    plans: SearchPlans = {},
  ): Promise<SearchHitRow[]> {
    const terms = luceneQuery(text);
    if (!terms) return [];
    const chosen = searchTypes.filter((t) => types.includes(t));
    if (chosen.length === 0) throw new RangeError('search needs at least one type');
    const query = searchQuery(chosen, plans);
    const perIndex = Object.fromEntries(
      chosen.map((type) => [
        type,
        indexes[type].fields.map(([field, boost]) => `${field}:(${terms})${boost > 1 ? `^${boost}` : ''}`).join(' '),
      ]),
    );
    const links = chosen.map((type) => planParams(plans[type], scopeOf(type)));
    const rows = await this.executor.read(query, {
      queries: perIndex,
      first: int(first),
      ...Object.assign({}, ...links),
    });
    return rows as unknown as SearchHitRow[];
  }
}
