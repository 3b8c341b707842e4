import { type Executor, int, type Query } from '../executor.js';
import {
  calls,
  FULL,
  type Link,
  linkQuery,
  type Plan,
  planKey,
  planned,
  planParams,
  variantCache,
} from '../prefetch.js';
import type { AuthorRow } from './author-rows.js';
import { authorTable } from './author-rows.js';
import type { Page, Window } from './page.js';
import { filterParams, filterShape, type PaperFilter, paperSource } from './paper-filter.js';
import { type PaperRow, paperMap, paperPageLink, paperPages, paperTable } from './paper-rows.js';
import { DEFAULT_FILTER, type EdgeFilter, filterParams as edgeFilterParams, passes } from './provenance.js';
import { Reader } from './reader.js';
import type { TechniqueRole, TechniqueUse } from './technique-rows.js';
import { techniqueTable } from './technique-rows.js';
import { type TopicRow, topicTable } from './topic-rows.js';

export type PaperOrderField = 'YEAR' | 'TITLE' | 'CITATIONS';
export type Direction = 'ASC' | 'DESC';

// Whitelists: sort keys and relationship types are chosen from these maps, never taken from input.
const orderKeys: Record<PaperOrderField, string> = {
  YEAR: 'p.published',
  TITLE: 'p.titleLower',
  CITATIONS: 'p.citationCount',
};
const roleTypes: Record<TechniqueRole | 'ANY', string> = {
  INTRODUCES: 'INTRODUCES',
  USES: 'USES',
  ANY: 'INTRODUCES|USES',
};

const q = (name: string, cypher: string): Query => ({ name, cypher });

/** The authors of paper `v` in byline order. */
export const authorsOfPaper: Link = {
  target: authorTable,
  cypher: (v, n) => {
    const [a, w] = [n.v('a'), n.v('w')];
    return `COLLECT { MATCH (${v})<-[${w}:AUTHORED]-(${a}:Author) WITH ${a}, ${w} ORDER BY ${w}.position RETURN ${n.project(a)} }`;
  },
};

/** The topics of paper `v` by name. */
export const topicsOfPaper: Link = {
  target: topicTable,
  cypher: (v, n) => {
    const t = n.v('t');
    return `COLLECT { MATCH (${v})-[:ABOUT]->(${t}:Topic) WITH ${t} ORDER BY ${t}.name, ${t}.id RETURN ${n.project(t)} }`;
  },
};

/**
 * The edge properties a technique link carries, each read only when the selection asks for it
 * (a flag of the link: src/schema/paper.ts); `mentionKind` needs `source` to be read too.
 */
export const TECHNIQUE_EDGE_PROPERTIES = ['evidence', 'confidence', 'source', 'mentionKind'] as const;

/**
 * The techniques paper `v` introduces or uses (`role` picks whitelisted relationship types), with
 * evidence and provenance, through edges passing the filter (its input; src/db/stores/provenance.ts).
 */
export const techniquesOfPaper = (role: TechniqueRole | 'ANY'): Link<EdgeFilter> => ({
  target: techniqueTable,
  cypher: (v, n) => {
    const [r, x] = [n.v('r'), n.v('x')];
    const edge = TECHNIQUE_EDGE_PROPERTIES.filter((p) => n.reads(p) || (p === 'source' && n.reads('mentionKind'))).map(
      (p) => `, ${p}: ${r}.${p}`,
    );
    return `COLLECT { MATCH (${v})-[${r}:${roleTypes[role]}]->(${x}:Technique)
   WHERE ${passes(r, n.param('sources'), n.param('includeContrast'))}
   WITH ${x}, ${r} ORDER BY type(${r}), ${x}.name, ${x}.id
   RETURN ${n.project(x, `role: type(${r})${edge.join('')}`)} }`;
  },
  params: (filter = DEFAULT_FILTER) => edgeFilterParams(filter),
});

/** Papers paper `v` cites, and papers citing it: one page each, newest first (link and fallback share the pattern). */
const cites = (v: string, p: string) => `(${v})-[:CITES]->(${p}:Paper)`;
const citedBy = (v: string, p: string) => `(${v})<-[:CITES]-(${p}:Paper)`;
export const citesOfPaper = paperPageLink(cites);
export const citedByOfPaper = paperPageLink(citedBy);

/**
 * Papers related to paper `v`, ranked by shared techniques (3 each), authors (2), topics (1) and
 * citations either way (4), the first `first` of them with every reason. It aggregates, so it is a
 * CALL link (see `Link.call`): fetched with a query's own rows, else batched by its fallback.
 */
export const relatedOfPaper: Link<{ first: number }> = {
  call: true,
  target: paperTable,
  cypher: (v, n) => {
    const [o, x, a, t] = [n.v('o'), n.v('x'), n.v('a'), n.v('t')];
    const [reason, reasons, score] = [n.v('reason'), n.v('reasons'), n.v('score')];
    return `
     CALL (${v}) {
       MATCH (${v})-[:USES|INTRODUCES]->(${x}:Technique)<-[:USES|INTRODUCES]-(${o}:Paper)
       RETURN ${o}, {kind: 'TECHNIQUE', key: ${x}.id, name: ${x}.name, weight: 3.0} AS ${reason}
       UNION
       MATCH (${v})<-[:AUTHORED]-(${a}:Author)-[:AUTHORED]->(${o}:Paper) WHERE ${a}.kind = 'person'
       RETURN ${o}, {kind: 'AUTHOR', key: ${a}.id, name: ${a}.name, weight: 2.0} AS ${reason}
       UNION
       MATCH (${v})-[:ABOUT]->(${t}:Topic)<-[:ABOUT]-(${o}:Paper)
       RETURN ${o}, {kind: 'TOPIC', key: ${t}.id, name: ${t}.name, weight: 1.0} AS ${reason}
       UNION
       MATCH (${v})-[:CITES]->(${o}:Paper)
       RETURN ${o}, {kind: 'CITES', key: ${o}.id, name: ${o}.title, weight: 4.0} AS ${reason}
       UNION
       MATCH (${v})<-[:CITES]-(${o}:Paper)
       RETURN ${o}, {kind: 'CITED_BY', key: ${o}.id, name: ${o}.title, weight: 4.0} AS ${reason}
     }
     WITH ${o}, ${reason} WHERE ${o} <> ${v}
     WITH ${o}, collect(${reason}) AS ${reasons}, sum(${reason}.weight) AS ${score}
     ORDER BY ${score} DESC, ${o}.published DESC, ${o}.id
     LIMIT ${n.param('first')}
     RETURN collect({paper: ${n.project(o)}, score: ${score}, reasons: ${reasons}}) AS ${n.v('value')}`;
  },
  params: (input) => ({ first: int(input.first) }),
};

/** One query per plan (links and projected properties), built on first use. */
const byIds = planned(
  'papers-by-ids',
  (plan) => `UNWIND $ids AS id MATCH (p:Paper {id: id}) ${calls('p', plan)} RETURN ${paperMap('p', plan)} AS row`,
);
const byArxiv = planned(
  'paper-by-arxiv-id',
  (plan) => `MATCH (p:Paper {arxivId: $arxivId}) ${calls('p', plan)} RETURN ${paperMap('p', plan)} AS row`,
);
/** Papers by an external id: the property is one of a fixed list (never from input), the value a parameter. */
export const externalIdProperties = ['arxivId', 'doi', 'openalexId', 's2Id'] as const;
export type ExternalIdProperty = (typeof externalIdProperties)[number];
const byExternal = Object.fromEntries(
  externalIdProperties.map((property) => [
    property,
    planned(
      `paper-by-${property.toLowerCase()}`,
      (plan) =>
        // OpenAlex ids also resolve through ids merged away into a work (merged-id-store.ts).
        `${
          property === 'openalexId'
            ? 'CALL () { MATCH (x:Paper {openalexId: $value}) RETURN x UNION MATCH (:MergedWorkId {id: $value})-[:MERGED_INTO]->(x:Paper) RETURN x } WITH x AS p LIMIT 1'
            : `MATCH (p:Paper {${property}: $value}) WITH p LIMIT 1`
        } ${calls('p', plan)} RETURN ${paperMap('p', plan)} AS row`,
    ),
  ]),
) as Record<ExternalIdProperty, ReturnType<typeof planned>>;
/** List queries by filter shape and plan. */
const listQueryCache = variantCache();

/** The links of a paper alone, for many papers: the batched fallback when the query above did not prefetch them. */
const paperLink = (name: string, link: Link) => linkQuery(name, '(p:Paper {id: id})', 'p', link);
const authorsOf = paperLink('paper-authors', authorsOfPaper);
const topicsOf = paperLink('paper-topics', topicsOfPaper);
const techniquesOf = Object.fromEntries(
  Object.keys(roleTypes).map((role) => [
    role,
    paperLink(`paper-techniques-${role.toLowerCase()}`, techniquesOfPaper(role as TechniqueRole | 'ANY')),
  ]),
) as Record<TechniqueRole | 'ANY', ReturnType<typeof paperLink>>;

const citesOf = paperPages('paper-cites', '(o:Paper {id: id})', cites('o', 'p'));
const citedByOf = paperPages('paper-cited-by', '(o:Paper {id: id})', citedBy('o', 'p'));

const relatedOf = paperLink('paper-related', relatedOfPaper);

/**
 * Full records of papers for a bibliography, in the order asked (absent ids left out). `doi` is
 * read when a record has one (the seed has none today).
 */
const bibliography = q(
  'papers-bibliography',
  `UNWIND range(0, size($ids) - 1) AS i
   MATCH (p:Paper {id: $ids[i]})
   RETURN p.id AS id, p.title AS title, p.year AS year, toString(p.published) AS published, p.arxivId AS arxivId,
          p.url AS url, p.doi AS doi, p.kind AS kind,
          COLLECT { MATCH (p)<-[w:AUTHORED]-(a:Author) WITH a, w ORDER BY w.position
                    RETURN {name: a.name, kind: a.kind} } AS authors
   ORDER BY i`,
);

/** Papers: lookups, filtered lists, and everything hanging off one paper (batched for dataloaders). */
export class PaperStore {
  private readonly reader: Reader;

  constructor(private readonly executor: Executor) {
    this.reader = new Reader(executor);
  }

  /** Papers by id, projected per the plan (its links fetched in the same query). */
  byIds(ids: readonly string[], plan?: Plan): Promise<(PaperRow | null)[]> {
    return this.reader.byIds(byIds(plan), ids, planParams(plan));
  }

  byArxivId(arxivId: string, plan?: Plan): Promise<PaperRow | null> {
    return this.reader.one(byArxiv(plan), { arxivId, ...planParams(plan) });
  }

  /** A paper by an external id (DOI lower-cased, as imports store it). */
  byExternalId(property: ExternalIdProperty, value: string, plan?: Plan): Promise<PaperRow | null> {
    const v =
      property === 'doi'
        ? value
            .trim()
            .toLowerCase()
            .replace(/^https?:\/\/(dx\.)?doi\.org\//, '')
        : value;
    return this.reader.one(byExternal[property](plan), { value: v, ...planParams(plan) });
  }

  authorsOf(ids: readonly string[], plan?: Plan): Promise<AuthorRow[][]> {
    return this.reader.linkLists(authorsOf, ids, plan);
  }

  topicsOf(ids: readonly string[], plan?: Plan): Promise<TopicRow[][]> {
    return this.reader.linkLists(topicsOf, ids, plan);
  }

  techniquesOf(
    ids: readonly string[],
    role: TechniqueRole | 'ANY',
    plan?: Plan,
    filter: EdgeFilter = DEFAULT_FILTER,
  ): Promise<TechniqueUse[][]> {
    return this.reader.linkLists(techniquesOf[role], ids, plan, filter);
  }

  citesOf(ids: readonly string[], window: Window, plan?: Plan): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(citesOf, ids, window, plan);
  }

  citedByOf(ids: readonly string[], window: Window, plan?: Plan): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(citedByOf, ids, window, plan);
  }

  /** Related papers of many papers (the batched fallback of `relatedOfPaper`), per the plan of their `paper`. */
  related(ids: readonly string[], first: number, plan?: Plan): Promise<RelatedRow[][]> {
    return this.reader.linkLists(relatedOf, ids, plan, { first });
  }

  /** Full records for BibTeX, one query for all the ids, in their order. */
  async bibliography(ids: readonly string[]): Promise<BibRecord[]> {
    return (await this.executor.read(bibliography, { ids })) as unknown as BibRecord[];
  }

  /** One page of papers matching `filter`, sorted inside Cypher, with the total count. */
  list(
    filter: PaperFilter,
    order: { field: PaperOrderField; direction: Direction },
    window: Window,
    plan: Plan = FULL,
  ): Promise<Page<PaperRow>> {
    // Built once per shape (present conditions, order, plan) from fixed fragments.
    const key = `${filterShape(filter).key}|${order.field}|${order.direction}|${planKey(plan)}`;
    const query = listQueryCache(key, () =>
      q(
        'papers-list',
        `${paperSource(filter)}
      WITH p ORDER BY ${orderKeys[order.field]} ${order.direction}, p.id ASC
      WITH collect(p) AS rows
      RETURN size(rows) AS total, [p IN rows[$skip..$skip + $limit] | ${paperMap('p', plan)}] AS items`,
      ),
    );
    return this.reader.page(query, window, { ...filterParams(filter), ...planParams(plan) });
  }
}

export interface RelatedRow {
  paper: PaperRow;
  score: number;
  reasons: { kind: string; key: string; name: string; weight: number }[];
}

export interface BibRecord {
  id: string;
  title: string;
  year: number;
  /** `YYYY-MM-DD`, or null for a paper known only by its year. */
  published: string | null;
  arxivId: string | null;
  url: string | null;
  doi: string | null;
  kind: string;
  /** In byline order. */
  authors: { name: string; kind: string }[];
}
