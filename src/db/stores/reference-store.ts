import type { Executor, Query, WriteCounters } from '../executor.js';
import { type WritePath, writeTx } from '../writes.js';
import { mergeCite } from './cites.js';
import { Reader } from './reader.js';

/**
 * Reference stubs (`npm run import -- --keep-external-references`): works an
 * imported paper cites that are neither in the graph nor in the import, kept as
 * (:Reference) nodes — a label of their own, so every paper list, search,
 * series, stat and graph query (all `MATCH (p:Paper)`) leaves them out. The
 * importer writes them with their CITES edge; the API reads them only through
 * Paper.externalReferences. A later import of the real work relabels the stub
 * Paper and fills it (SourceStore.writeWorks).
 */

/** A stub as the API reads it. */
export interface ReferenceRow {
  id: string;
  /** Only when the source named the cited work (S2 `citedPaper.title`); OpenAlex `referenced_works` give ids only. */
  title: string | null;
  arxivId: string | null;
  doi: string | null;
  openalexId: string | null;
  s2Id: string | null;
  corpusId: number | null;
  source: string;
  citationCount: number;
}

/** One CITES edge to a stub: the citing paper, the stub's id and ids as the source gave them. */
export interface StubCite {
  from: string;
  to: string;
  title: string | null;
  arxiv: string | null;
  doi: string | null;
  openalex: string | null;
  s2: string | null;
  corpus: number | null;
  evidence: string;
  confidence: number;
  source: string;
}

const writeStubCites: Query = {
  name: 'reference-write-cites',
  cypher: `
    UNWIND $rows AS r
    MATCH (a:Paper {id: r.from})
    MERGE (b:Reference {id: r.to})
    ON CREATE SET b.kind = 'reference', b.source = r.source, b.arxivId = r.arxiv, b.doi = r.doi,
                  b.openalexId = r.openalex, b.s2Id = r.s2, b.corpusId = r.corpus, b.citationCount = 0
    SET b.title = coalesce(b.title, r.title), b.titleLower = coalesce(b.titleLower, toLower(r.title))${mergeCite}`,
};

const recountStubs: Query = {
  name: 'reference-recount',
  cypher: `UNWIND $ids AS id MATCH (b:Reference {id: id}) SET b.citationCount = COUNT { (b)<-[:CITES]-(:Paper) }`,
};

const referenceMap = (v: string) =>
  `${v} {.id, .title, .arxivId, .doi, .openalexId, .s2Id, .corpusId, .source, citationCount: coalesce(${v}.citationCount, 0)}`;

const citedBy: Query = {
  name: 'paper-external-references',
  cypher: `
    UNWIND $ids AS id
    MATCH (:Paper {id: id})-[:CITES]->(r:Reference)
    WITH id, r ORDER BY r.id
    RETURN id AS key, ${referenceMap('r')} AS value`,
};

export class ReferenceStore {
  private readonly reader: Reader;

  constructor(
    private readonly executor: Executor,
    private readonly path: WritePath = 'import',
  ) {
    this.reader = new Reader(executor);
  }

  /** CITES edges to stubs, each stub made when absent; one transaction. Counts: nodesCreated = stubs made. */
  writeCites(rows: StubCite[]): Promise<WriteCounters> {
    return writeTx(this.executor, this.path, 'reference-cites', async (tx) => {
      const done = await tx.runCounted(writeStubCites, { rows, now: new Date().toISOString() });
      await tx.run(recountStubs, { ids: [...new Set(rows.map((r) => r.to))] });
      return done.counters;
    });
  }

  /** The stubs each paper cites, by stub id. */
  citedBy(ids: readonly string[]): Promise<ReferenceRow[][]> {
    return this.reader.groups(citedBy, ids);
  }
}
