import { int, type Query } from '../executor.js';

/**
 * Row shapes the stores return and the Cypher map projections that produce
 * them. Every row carries `__type` so unions (search hits, lineage steps) can
 * resolve their GraphQL type without another query.
 */

export type PaperKindValue = 'paper' | 'technical_report' | 'system_card';

export interface PaperRow {
  __type: 'Paper';
  id: string;
  title: string;
  abstract: string | null;
  published: string;
  year: number;
  arxivId: string | null;
  url: string | null;
  kind: PaperKindValue;
  citationCount: number;
  /** Present when the query fetched the paper's links with it (see `PaperLinks`). */
  authors?: AuthorRow[];
  topics?: TopicRow[];
  techniques?: TechniqueUse[];
}

export type TechniqueRole = 'INTRODUCES' | 'USES';

/** A technique a paper introduces or uses, with the evidence on that edge. */
export interface TechniqueUse extends TechniqueRow {
  role: TechniqueRole;
  evidence: string | null;
  confidence: number | null;
}

/**
 * Links fetched in the same Cypher as the papers they hang off, when the
 * GraphQL selection asks for them: one round trip instead of one per level.
 */
export interface PaperLinks {
  /** The paper properties to project besides `id` (all when absent): only what the selection reads. */
  fields?: readonly PaperField[];
  authors?: boolean;
  /** Properties of the linked authors (all when absent). */
  authorFields?: readonly AuthorField[];
  topics?: boolean;
  /** Techniques of both roles. */
  techniques?: boolean;
  /** Properties of the linked techniques (all when absent); role, evidence and confidence always. */
  techniqueFields?: readonly TechniqueField[];
  /** With `authors`: one page of each author's papers (newest first), with these links of theirs. */
  authorPapers?: { window: Window; links: Omit<PaperLinks, 'authors' | 'authorPapers'> };
}

export interface AuthorRow {
  __type: 'Author';
  id: string;
  name: string;
  kind: 'person' | 'organization';
  aliases: string[];
  /** Present when fetched with the paper above it (`PaperLinks.authorPapers`). */
  papersPage?: Page<PaperRow> & Window;
}

export interface TopicRow {
  __type: 'Topic';
  id: string;
  name: string;
  description: string | null;
  parentId: string | null;
}

export interface TechniqueRow {
  __type: 'Technique';
  id: string;
  name: string;
  aliases: string[];
  description: string | null;
}

export type NodeRow = PaperRow | AuthorRow | TopicRow | TechniqueRow;

/** One page of a list plus the size of the whole list. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** Pagination window, already validated (limit ≤ 100). */
export interface Window {
  skip: number;
  limit: number;
}

/**
 * The properties a projection may leave out, each with its Cypher (`v` the node variable).
 * `id` and `__type` are always projected; resolvers fall back to loading the node by id if a
 * property they need was left out, so a narrower projection can cost a query, never an answer.
 */
const paperFieldCypher = {
  title: () => '.title',
  abstract: () => '.abstract',
  published: (v: string) => `published: toString(${v}.published)`,
  year: () => '.year',
  arxivId: () => '.arxivId',
  url: () => '.url',
  kind: () => '.kind',
  citationCount: (v: string) => `citationCount: coalesce(${v}.citationCount, 0)`,
};
const authorFieldCypher = {
  name: () => '.name',
  kind: () => '.kind',
  aliases: (v: string) => `aliases: coalesce(${v}.aliases, [])`,
};
const techniqueFieldCypher = {
  name: () => '.name',
  description: () => '.description',
  aliases: (v: string) => `aliases: coalesce(${v}.aliases, [])`,
};
export type PaperField = keyof typeof paperFieldCypher;
export type AuthorField = keyof typeof authorFieldCypher;
export type TechniqueField = keyof typeof techniqueFieldCypher;
export const PAPER_FIELDS = Object.keys(paperFieldCypher) as PaperField[];
export const AUTHOR_FIELDS = Object.keys(authorFieldCypher) as AuthorField[];
export const TECHNIQUE_FIELDS = Object.keys(techniqueFieldCypher) as TechniqueField[];

/** `.id` plus the chosen properties (all when `fields` is absent), in a fixed order. */
function project<F extends string>(
  v: string,
  cypher: Record<F, (v: string) => string>,
  all: readonly F[],
  fields?: readonly F[],
): string {
  return ['.id', ...all.filter((f) => !fields || fields.includes(f)).map((f) => cypher[f](v))].join(', ');
}

/** Paper projection, with the requested links as COLLECT subqueries (their variables are prefixed to avoid clashes). */
export const paperMap = (v: string, links: PaperLinks = {}): string =>
  `${v} { __type: 'Paper', ${project(v, paperFieldCypher, PAPER_FIELDS, links.fields)}${
    links.authors ? `,\n  authors: ${authorsOfPaper(v, links.authorPapers, links.authorFields)}` : ''
  }${links.topics ? `,\n  topics: ${topicsOfPaper(v)}` : ''}${
    links.techniques ? `,\n  techniques: ${techniquesOfPaper(v, 'INTRODUCES|USES', links.techniqueFields)}` : ''
  } }`;

/** Parameters the links' Cypher needs (the window of `authorPapers`). */
export const linkParams = (links: PaperLinks = {}) =>
  links.authorPapers
    ? { authorPapersSkip: int(links.authorPapers.window.skip), authorPapersLimit: int(links.authorPapers.window.limit) }
    : {};

/** A stable suffix naming which links a query fetches (for query names). */
export const linksKey = (links: PaperLinks = {}): string =>
  `${links.authors ? '+authors' : ''}${links.topics ? '+topics' : ''}${links.techniques ? '+techniques' : ''}${
    links.authorPapers ? `+papers(${linksKey(links.authorPapers.links)})` : ''
  }`;

/** linksKey plus the projected properties: what tells two query variants apart (for caches). */
export const variantKey = (links: PaperLinks = {}): string =>
  JSON.stringify([
    linksKey(links),
    ...[
      links.fields,
      links.authorFields,
      links.techniqueFields,
      links.authorPapers?.links.fields,
      links.authorPapers?.links.techniqueFields,
    ].map((fields) => fields && [...fields].sort()),
  ]);

/**
 * A bounded cache of query variants: selections choose links and properties, so the number
 * of variants is finite but large; past `max` entries a variant is built per use, not kept.
 */
export function variantCache(max = 500) {
  const cache = new Map<string, Query>();
  return (key: string, build: () => Query): Query => {
    const hit = cache.get(key);
    if (hit) return hit;
    const query = build();
    if (cache.size < max) cache.set(key, query);
    return query;
  };
}

/** The authors of paper `v` in byline order; with `papers`, each with a page of their papers. */
export const authorsOfPaper = (
  v: string,
  papers?: PaperLinks['authorPapers'],
  fields?: readonly AuthorField[],
): string =>
  `COLLECT { MATCH (${v})<-[linkW:AUTHORED]-(linkA:Author) WITH linkA, linkW ORDER BY linkW.position RETURN ${authorMap(
    'linkA',
    papers
      ? `papersPage: {skip: $authorPapersSkip, limit: $authorPapersLimit,
           total: COUNT { (linkA)-[:AUTHORED]->() }, items: COLLECT {
           MATCH (linkA)-[:AUTHORED]->(linkP:Paper) WITH linkP ORDER BY linkP.published DESC, linkP.id
           SKIP $authorPapersSkip LIMIT $authorPapersLimit RETURN ${paperMap('linkP', papers.links)} }}`
      : '',
    fields,
  )} }`;

/** The topics of paper `v` by name. */
export const topicsOfPaper = (v: string) =>
  `COLLECT { MATCH (${v})-[:ABOUT]->(linkT:Topic) WITH linkT ORDER BY linkT.name RETURN ${topicMap('linkT')} }`;

/** The techniques paper `v` introduces or uses (`types`: a whitelisted relationship pattern), with evidence. */
export const techniquesOfPaper = (v: string, types: string, fields?: readonly TechniqueField[]) =>
  `COLLECT { MATCH (${v})-[linkR:${types}]->(linkX:Technique) WITH linkX, linkR ORDER BY type(linkR), linkX.name
   RETURN ${techniqueMap('linkX', 'role: type(linkR), evidence: linkR.evidence, confidence: linkR.confidence', fields)} }`;

/** Author projection; `extra` adds more `key: expression` entries to the same map. */
export const authorMap = (v: string, extra = '', fields?: readonly AuthorField[]) =>
  `${v} { __type: 'Author', ${project(v, authorFieldCypher, AUTHOR_FIELDS, fields)}${extra ? `, ${extra}` : ''} }`;

export const topicMap = (v: string) =>
  `${v} { __type: 'Topic', .id, .name, .description, parentId: COLLECT { MATCH (${v})-[:SUBTOPIC_OF]->(pt:Topic) RETURN pt.id }[0] }`;

/** Technique projection; `extra` adds more `key: expression` entries to the same map. */
export const techniqueMap = (v: string, extra = '', fields?: readonly TechniqueField[]) =>
  `${v} { __type: 'Technique', ${project(v, techniqueFieldCypher, TECHNIQUE_FIELDS, fields)}${extra ? `, ${extra}` : ''} }`;

/**
 * One page of papers per owner id, newest first, projected with the links the selection asks
 * for: `owner` matches the owner node `o` from `id`, `pattern` reaches the papers `p` from it.
 * One query per combination of links, built on first use (rows `{key, value: {total, items}}`).
 */
export function paperPages(name: string, owner: string, pattern: string): (links: PaperLinks) => Query {
  const built = variantCache();
  return (links) =>
    built(variantKey(links), () => ({
      name: `${name}${linksKey(links)}`,
      cypher: `
          UNWIND $ids AS id
          MATCH ${owner}
          CALL (o) {
            MATCH ${pattern}
            WITH DISTINCT p ORDER BY p.published DESC, p.id
            WITH collect(p) AS rows
            RETURN size(rows) AS total, rows[$skip..$skip + $limit] AS page
          }
          RETURN id AS key, {total: total, items: [p IN page | ${paperMap('p', links)}]} AS value`,
    }));
}

/** Align batched rows with the requested ids (dataloaders need one entry per key, in order). */
export function alignById<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const found = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => found.get(id) ?? null);
}

/** Group batched `{ key, value }` rows by key, one (possibly empty) list per requested key. */
export function groupByKey<T>(ids: readonly string[], rows: { key: string; value: T }[]): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(row.key)?.push(row.value);
  return ids.map((id) => groups.get(id) ?? []);
}

/** Align batched `{ key, value }` rows with the requested ids (`empty()` where a key has none). */
export function alignValues<T>(ids: readonly string[], rows: Record<string, unknown>[], empty: () => T): T[] {
  const byKey = new Map(rows.map((r) => [r.key as string, r.value as T]));
  return ids.map((id) => byKey.get(id) ?? empty());
}

/** Cypher that pages the collected list `all` (already sorted): total plus the window, projected with `project`. */
export const pageOf = (variable: string, project: string) =>
  `WITH collect(${variable}) AS rows
   RETURN size(rows) AS total, [${variable} IN rows[$skip..$skip + $limit] | ${project}] AS items`;

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
