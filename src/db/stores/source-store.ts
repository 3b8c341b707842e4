import { touch } from '../../graph/derive.js';
import type { Executor, Query, WriteCounters } from '../executor.js';
import { type WritePath, writeTx } from '../writes.js';
import { createCite, mergeCite } from './cites.js';
import { MergedIdStore } from './merged-id-store.js';
import { ReferenceStore, type StubCite } from './reference-store.js';
import { createAbout, createBylines, writeAbout, writeBylines, writeTopics } from './source-edges.js';

/**
 * The source-format importer's reads and writes (src/ingest/source/*): find
 * papers and authors by external ids, find curated topics by name, and store
 * a batch of works with the merge rules (the bulk path's in-memory twin,
 * src/ingest/bulk/memory-graph.ts, applies them the same way: change both) — a node another source made (or the
 * curated seed, which carries no `source`, or a papergraph file, whose papers
 * carry `papergraph:<file>`) only gets its missing properties filled; a node
 * of the same source is overwritten.
 */

/** The ids a work is known by, for lookups (null where absent). */
export interface IdRow {
  i: number;
  arxiv: string | null;
  doi: string | null;
  openalex: string[];
  s2: string | null;
  corpus: number | null;
}

/** Papers (or reference stubs) by external ids; the label is one of two literals, never input. */
const resolveQuery = (label: 'Paper' | 'Reference'): Query => ({
  name: label === 'Paper' ? 'source-resolve-papers' : 'source-resolve-references',
  cypher: `
    UNWIND $rows AS r
    CALL (r) {
      MATCH (p:${label} {arxivId: r.arxiv}) RETURN p.id AS id, 1 AS rank
      UNION ALL MATCH (p:${label} {doi: r.doi}) RETURN p.id AS id, 2 AS rank
      UNION ALL MATCH (p:${label}) WHERE p.openalexId IN r.openalex RETURN p.id AS id, 3 AS rank${
        label === 'Paper'
          ? `
      UNION ALL UNWIND r.openalex AS w MATCH (:MergedWorkId {id: w})-[:MERGED_INTO]->(p:Paper) RETURN p.id AS id, 3 AS rank`
          : ''
      }
      UNION ALL MATCH (p:${label} {s2Id: r.s2}) RETURN p.id AS id, 4 AS rank
      UNION ALL MATCH (p:${label} {corpusId: r.corpus}) RETURN p.id AS id, 5 AS rank
    }
    WITH r, id, rank ORDER BY rank
    RETURN r.i AS i, collect(id)[0] AS id`,
});
const resolveQueries = { Paper: resolveQuery('Paper'), Reference: resolveQuery('Reference') };

/** Reference stubs exist only after an import kept external references: without any, no row is looked up. */
const anyReferenceQuery: Query = {
  name: 'source-any-reference',
  cypher: 'MATCH (stub:Reference) RETURN stub.id AS id LIMIT 1',
};

const bylineQuery: Query = {
  name: 'source-bylines',
  cypher: `
    UNWIND $ids AS id
    MATCH (p:Paper {id: id})<-[w:AUTHORED]-(a:Author)
    RETURN id AS paper, w.position AS position, a.id AS id, a.name AS name, coalesce(a.aliases, []) AS aliases,
           a.openalexId AS openalexId, a.s2Id AS s2Id, a.orcid AS orcid`,
};

const authorIdsQuery: Query = {
  name: 'source-authors-by-ids',
  cypher: `
    CALL () {
      MATCH (a:Author) WHERE a.openalexId IN $openalex RETURN 'openalex:' + a.openalexId AS key, a
      UNION ALL MATCH (a:Author) WHERE a.s2Id IN $s2 RETURN 's2:' + a.s2Id AS key, a
      UNION ALL MATCH (a:Author) WHERE a.orcid IN $orcid RETURN 'orcid:' + a.orcid AS key, a
    }
    RETURN key, a.id AS id, a.openalexId AS openalexId, a.s2Id AS s2Id, a.orcid AS orcid`,
};

const authorNamesQuery: Query = {
  name: 'source-authors-by-name',
  cypher: `UNWIND $names AS n MATCH (a:Author {nameLower: n}) RETURN n AS name, collect(a.id) AS ids`,
};

const corroborateQuery: Query = {
  name: 'source-authors-corroborate',
  cypher: `
    UNWIND $pairs AS x
    MATCH (c:Author {id: x.id})
    WHERE EXISTS { (c)-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(o:Author) WHERE o.nameLower IN x.names AND o <> c }
    RETURN DISTINCT x.k AS k`,
};

const curatedTopicsQuery: Query = {
  name: 'source-curated-topics',
  cypher: `UNWIND $names AS n MATCH (t:Topic {nameLower: n}) WHERE t.source IS NULL RETURN n AS name, min(t.id) AS id`,
};

/** `p.f` from row `r`: the row's value for the paper's own source (or a new paper), else only when missing. */
const take = (f: string, expr = `r.${f}`) => `p.${f} = CASE WHEN own THEN ${expr} ELSE coalesce(p.${f}, ${expr}) END`;

const writePapers: Query = {
  name: 'source-write-papers',
  cypher: `
    UNWIND $rows AS r
    MERGE (p:Paper {id: r.id})
    WITH p, r, properties(p) AS before
    // A reference stub (kind 'reference', relabelled Paper by promoteQuery) counts as new: the work fills it.
    WITH p, r, before, (size(keys(before)) = 1 OR before.kind = 'reference') AS fresh
    WITH p, r, before, fresh, (fresh OR p.source = r.source) AS own
    SET ${[
      take('title'),
      take('titleLower'),
      take('abstract'),
      take('published', 'date(r.published)'),
      take('year', 'toInteger(r.year)'),
      take('datePrecision'),
      take('kind'),
      take('sourceType'),
      take('url'),
      take('citedByCount', 'toInteger(r.citedByCount)'),
      take('arxivId'),
      take('arxivVersion'),
      take('doi'),
      // An old id merged away into this paper (merged-id-store.ts) never replaces its current one.
      `p.openalexId = CASE WHEN EXISTS { (:MergedWorkId {id: r.openalexId})-[:MERGED_INTO]->(p) } THEN p.openalexId
                      WHEN own THEN r.openalexId ELSE coalesce(p.openalexId, r.openalexId) END`,
      take('s2Id'),
      take('corpusId', 'toInteger(r.corpusId)'),
    ].join(',\n        ')},
        p.source = CASE WHEN own THEN r.source ELSE p.source END,
        p.citationCount = coalesce(p.citationCount, 0)
    ${touch('Paper', 'p', 'before')}
    RETURN p.id AS id, own, fresh AS created, NOT fresh AND before <> properties(p) AS changed`,
};

const promoteQuery: Query = {
  name: 'source-promote-references',
  cypher: `UNWIND $ids AS id MATCH (x:Reference {id: id}) REMOVE x:Reference SET x:Paper`,
};

const writeAuthors: Query = {
  name: 'source-write-authors',
  cypher: `
    UNWIND $rows AS r
    MERGE (a:Author {id: r.id})
    ON CREATE SET a.name = r.name, a.nameLower = toLower(r.name), a.kind = 'person', a.aliases = [], a.aliasText = '',
                  a.source = r.source
    SET a.openalexId = coalesce(a.openalexId, r.openalexId), a.s2Id = coalesce(a.s2Id, r.s2Id),
        a.orcid = coalesce(a.orcid, r.orcid)`,
};

const writeCites: Query = {
  name: 'source-write-cites',
  cypher: `
    UNWIND $rows AS r
    MATCH (a:Paper {id: r.from})
    MATCH (b:Paper {id: r.to})${mergeCite}`,
};

/**
 * CITES from papers this import created whose citations no earlier batch wrote: no edge to merge
 * with. Rows come grouped by citing paper (one lookup of it per group).
 */
const createCites: Query = {
  name: 'source-create-cites',
  cypher: `
    WITH datetime($now) AS now
    UNWIND $groups AS g
    MATCH (a:Paper {id: g.from})
    UNWIND g.rows AS r
    MATCH (b:Paper {id: r.to})${createCite}`,
};

const recountQuery: Query = {
  name: 'source-recount-citations',
  cypher: `UNWIND $ids AS id MATCH (b:Paper {id: id}) SET b.citationCount = COUNT { (b)<-[:CITES]-(:Paper) }`,
};

/** The external ids an author node holds (null where it has none). */
export interface AuthorIds {
  openalexId: string | null;
  s2Id: string | null;
  orcid: string | null;
}

/** An author found by an external id: its id and the external ids it holds. */
export type FoundAuthor = AuthorIds & { id: string };

/** The external ids an author row or node holds (its `openalexId`, `s2Id`, `orcid`; null where absent). */
export const heldIds = (r: Record<string, unknown>): AuthorIds => ({
  openalexId: (r.openalexId as string | null | undefined) ?? null,
  s2Id: (r.s2Id as string | null | undefined) ?? null,
  orcid: (r.orcid as string | null | undefined) ?? null,
});

export interface PaperWrite {
  id: string;
  own: boolean;
  created: boolean;
  changed: boolean;
}

export interface SourceBatch {
  /** Bylines and topics are replaced only on papers of this source (not on curated or other sources' papers). */
  source: string;
  papers: Record<string, unknown>[];
  authors: Record<string, unknown>[];
  bylines: { paper: string; authors: string[] }[];
  topics: Record<string, unknown>[];
  about: { paper: string; topics: string[] }[];
  /** Reference stubs the batch's works are: relabelled Paper before the papers are written (which fill them). */
  promote: string[];
}

export type Row = Record<string, unknown>;

/**
 * What the source importer (src/ingest/source/*) reads and writes: this store over Neo4j, or the bulk
 * path's in-memory graph (src/ingest/bulk/memory-graph.ts), which applies the same rules.
 */
export type SourceGraph = Pick<
  SourceStore,
  | 'resolvePapers'
  | 'bylines'
  | 'authorsByIds'
  | 'authorsByName'
  | 'corroborated'
  | 'curatedTopics'
  | 'writeWorks'
  | 'writeCitations'
  | 'recount'
  | 'linkMerged'
  | 'writeStubCites'
>;

export class SourceStore {
  constructor(
    private readonly executor: Executor,
    private readonly path: WritePath = 'import',
  ) {}

  /**
   * Per row index, the id of the paper in the graph its external ids name (first by arXiv, DOI,
   * OpenAlex, S2, corpus id); with `Reference`, of the reference stub they name.
   */
  async resolvePapers(rows: IdRow[], label: 'Paper' | 'Reference' = 'Paper'): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    if (!rows.length) return out;
    if (label === 'Reference' && !(await this.executor.read(anyReferenceQuery)).length) return out;
    for (const r of await this.executor.read(resolveQueries[label], { rows }))
      if (r.id) out.set(r.i as number, r.id as string);
    return out;
  }

  bylines(ids: string[]): Promise<Row[]> {
    return ids.length ? this.executor.read(bylineQuery, { ids }) : Promise.resolve([]);
  }

  /** Authors (their ids and the external ids they hold) by `openalex:A…`, `s2:…`, `orcid:…` key. */
  async authorsByIds(keys: { openalex: string[]; s2: string[]; orcid: string[] }): Promise<Map<string, FoundAuthor>> {
    const out = new Map<string, FoundAuthor>();
    if (!keys.openalex.length && !keys.s2.length && !keys.orcid.length) return out;
    for (const r of await this.executor.read(authorIdsQuery, keys))
      out.set(r.key as string, { id: r.id as string, ...heldIds(r) });
    return out;
  }

  /** Author ids per lower-cased name. */
  async authorsByName(names: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!names.length) return out;
    for (const r of await this.executor.read(authorNamesQuery, { names })) out.set(r.name as string, r.ids as string[]);
    return out;
  }

  /** The keys `k` of the pairs whose author shares a paper with someone named in `names`. */
  async corroborated(pairs: { k: string; id: string; names: string[] }[]): Promise<Set<string>> {
    if (!pairs.length) return new Set();
    return new Set((await this.executor.read(corroborateQuery, { pairs })).map((r) => r.k as string));
  }

  /** Curated topic id per lower-cased name (topics without a source). */
  async curatedTopics(names: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!names.length) return out;
    for (const r of await this.executor.read(curatedTopicsQuery, { names })) out.set(r.name as string, r.id as string);
    return out;
  }

  /** One batch of works, one transaction: papers, authors, bylines, topics, ABOUT. */
  writeWorks(batch: SourceBatch): Promise<{ papers: PaperWrite[]; counters: WriteCounters; topicsCreated: number }> {
    return writeTx(this.executor, this.path, 'source-works', async (tx) => {
      const counters: WriteCounters = {
        nodesCreated: 0,
        nodesDeleted: 0,
        relationshipsCreated: 0,
        relationshipsDeleted: 0,
        propertiesSet: 0,
      };
      const add = (c: WriteCounters) => {
        for (const k of Object.keys(counters) as (keyof WriteCounters)[]) counters[k] += c[k];
      };
      if (batch.promote.length) add((await tx.runCounted(promoteQuery, { ids: batch.promote })).counters);
      const { rows, counters: c } = await tx.runCounted(writePapers, { rows: batch.papers });
      add(c);
      tx.touchPapers(rows.map((r) => r.id as string));
      // Papers this batch created and names once: their edges are created, not merged.
      const seen = new Map<string, number>();
      for (const r of rows) seen.set(r.id as string, (seen.get(r.id as string) ?? 0) + 1);
      const created = new Set(
        rows.filter((r) => r.created && seen.get(r.id as string) === 1).map((r) => r.id as string),
      );
      // (and whose list names no id twice, which CREATE would turn into two edges).
      const fresh = <T extends { paper: string }>(list: T[], key: (x: T) => string[], yes: boolean) =>
        list.filter((x) => (created.has(x.paper) && new Set(key(x)).size === key(x).length) === yes);
      const [byline, about] = [(x: { authors: string[] }) => x.authors, (x: { topics: string[] }) => x.topics];
      let topicsCreated = 0;
      const steps: [Query, Row[]][] = [
        [writeAuthors, batch.authors],
        [writeBylines, fresh(batch.bylines, byline, false)],
        [createBylines, fresh(batch.bylines, byline, true)],
        [writeTopics, batch.topics],
        [writeAbout, fresh(batch.about, about, false)],
        [createAbout, fresh(batch.about, about, true)],
      ];
      for (const [query, list] of steps) {
        if (!list.length) continue;
        const done = (await tx.runCounted(query, { rows: list, source: batch.source })).counters;
        if (query === writeTopics) topicsCreated = done.nodesCreated;
        add(done);
      }
      return { papers: rows as unknown as PaperWrite[], counters, topicsCreated };
    });
  }

  /**
   * CITES edges, one transaction: `created` rows (pairs known not to be in
   * the graph: their citing paper is new in this import and no earlier batch
   * wrote its citations; no pair twice) are CREATEd, `merged` rows MERGEd.
   */
  writeCitations(created: Row[], merged: Row[]): Promise<void> {
    return writeTx(this.executor, this.path, 'source-citations', async (tx) => {
      const now = new Date().toISOString();
      if (created.length) await tx.run(createCites, { groups: byCiting(created), now });
      if (merged.length) await tx.run(writeCites, { rows: merged, now });
    });
  }

  /** Merged-away OpenAlex ids linked to their papers (merged-id-store.ts); returns how many were linked. */
  linkMerged(rows: { from: string; into: string }[]): Promise<number> {
    return new MergedIdStore(this.executor, this.path).link(rows);
  }

  /** CITES edges to reference stubs (reference-store.ts); returns how many stubs were made. */
  async writeStubCites(rows: StubCite[]): Promise<number> {
    return (await new ReferenceStore(this.executor, this.path).writeCites(rows)).nodesCreated;
  }

  async recount(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 10_000)
      await writeTx(this.executor, this.path, 'source-recount', (tx) =>
        tx.run(recountQuery, { ids: ids.slice(i, i + 10_000) }),
      );
  }
}

/** Citation rows grouped by citing paper (`from`), in first-seen order. */
function byCiting(rows: Row[]): { from: string; rows: Row[] }[] {
  const groups = new Map<string, Row[]>();
  for (const { from, ...rest } of rows) {
    const list = groups.get(from as string);
    if (list) list.push(rest);
    else groups.set(from as string, [rest]);
  }
  return [...groups].map(([from, rows]) => ({ from, rows }));
}
