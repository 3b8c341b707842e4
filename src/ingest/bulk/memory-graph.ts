import type { WriteCounters } from '../../db/executor.js';
import type { StubCite } from '../../db/stores/reference-store.js';
import {
  type FoundAuthor,
  heldIds,
  type IdRow,
  type PaperWrite,
  type Row,
  type SourceBatch,
  type SourceGraph,
} from '../../db/stores/source-store.js';
import { edgeProperties, labelOf, listedRelations, rowOf } from '../../graph/derive.js';
import type { Label } from '../../graph/model.js';
import type { ParsedLine } from '../validate.js';
import { Index, MemoryEdges, MergedIds, type Props } from './memory-index.js';

/** Paper properties a source work writes (source-store.ts `take`), besides source. */
const paperFields = [
  'title',
  'titleLower',
  'abstract',
  'published',
  'year',
  'datePrecision',
  'kind',
  'sourceType',
  'url',
  'citedByCount',
  'arxivId',
  'arxivVersion',
  'doi',
  'openalexId',
  's2Id',
  'corpusId',
] as const;
const paperKeys = ['arxivId', 'doi', 'openalexId', 's2Id', 'corpusId'] as const;
const authorKeys = ['openalexId', 's2Id', 'orcid', 'nameLower'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const key = (from: string, to: string) => `${from}\u0000${to}`;
const noCounters: WriteCounters = {
  nodesCreated: 0,
  nodesDeleted: 0,
  relationshipsCreated: 0,
  relationshipsDeleted: 0,
  propertiesSet: 0,
};

/**
 * The graph a bulk load of source-format files builds, held in memory: the
 * curated seed's records, then the source importer (src/ingest/source/*,
 * unchanged) reading and writing it through the SourceGraph interface. Each
 * method does what its Cypher twin in src/db/stores/source-store.ts and
 * source-edges.ts does to Neo4j (same merge rules: fill-only on nodes another
 * source owns, overwrite on its own, bylines and topics only on its own), so
 * the CSV written from it (memory-csv.ts) is the graph the transactional
 * imports of the same inputs build. Properties hold stored values (dates as `YYYY-MM-DD`); citationCount and
 * updatedAt are left to the CSV writer and the post-pass. Memory grows with the graph (every node's properties).
 */
export class MemoryGraph extends MemoryEdges implements SourceGraph {
  readonly nodes: Record<Label, Map<string, Props>> = {
    Author: new Map(),
    Topic: new Map(),
    Technique: new Map(),
    Paper: new Map(),
  };
  private readonly paperIndex = Object.fromEntries(paperKeys.map((k) => [k, new Index()])) as Record<
    (typeof paperKeys)[number],
    Index
  >;
  private readonly authorIndex = Object.fromEntries(authorKeys.map((k) => [k, new Index()])) as Record<
    (typeof authorKeys)[number],
    Index
  >;
  private readonly curatedTopicIndex = new Index();
  /** OpenAlex ids merged away, linked to their papers. */
  readonly merged = new MergedIds();

  /** `now`: recordedAt of the edges written without one (the transactional path's write time). */
  constructor(private readonly now: string) {
    super();
  }

  /** One papergraph-format record (the seed), as importFiles stores it; `provenance` of its papers. */
  addRecord({ record: r }: ParsedLine, edgeSource: string, provenance: string | null): void {
    if (r.type === 'edge') {
      const props: Props = {};
      const fields = r as unknown as Props;
      for (const [name] of edgeProperties[r.relation]) props[name] = fields[name] ?? null;
      props.source = r.source ?? edgeSource;
      props.recordedAt ??= this.now;
      this.edges(r.relation).set(key(r.from, r.to), props);
      return;
    }
    const label = labelOf[r.type];
    const props: Props = {};
    for (const [name, value] of Object.entries(rowOf(label, r)))
      if (name !== 'id' && value != null) props[name] = value;
    if (label === 'Paper' && provenance) props.source = provenance;
    this.nodes[label].set(r.id, props);
    if (label === 'Paper') this.reindex(this.paperIndex, r.id, {}, props);
    if (label === 'Author') this.reindex(this.authorIndex, r.id, {}, props);
    if (label === 'Topic') this.curatedTopicIndex.add(props.nameLower, r.id);
    for (const listed of listedRelations[r.type]) {
      listed.refs(r).forEach((ref, i) => {
        if (listed.type === 'AUTHORED') this.author(ref, r.id, i + 1);
        else this.link(listed.type, r.id, ref);
      });
    }
  }

  async resolvePapers(rows: IdRow[], label: 'Paper' | 'Reference' = 'Paper'): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    if (label === 'Reference') return out;
    const ix = this.paperIndex;
    for (const r of rows) {
      const id =
        ix.arxivId.first(r.arxiv) ??
        ix.doi.first(r.doi) ??
        r.openalex.map((o) => ix.openalexId.first(o) ?? this.merged.into.get(o)).find(Boolean) ??
        ix.s2Id.first(r.s2) ??
        ix.corpusId.first(r.corpus);
      if (id) out.set(r.i, id);
    }
    return out;
  }

  async bylines(ids: string[]): Promise<Row[]> {
    return ids.flatMap((paper) =>
      [...(this.authored.get(paper) ?? [])]
        .sort((a, b) => a[1] - b[1])
        .map(([id, position]) => {
          const a = this.nodes.Author.get(id) as Props;
          return {
            paper,
            position,
            id,
            name: a.name,
            aliases: a.aliases ?? [],
            openalexId: a.openalexId ?? null,
            s2Id: a.s2Id ?? null,
            orcid: a.orcid ?? null,
          };
        }),
    );
  }

  async authorsByIds(keys: { openalex: string[]; s2: string[]; orcid: string[] }): Promise<Map<string, FoundAuthor>> {
    const out = new Map<string, FoundAuthor>();
    const ix = this.authorIndex;
    for (const [prefix, values, index] of [
      ['openalex', keys.openalex, ix.openalexId],
      ['s2', keys.s2, ix.s2Id],
      ['orcid', keys.orcid, ix.orcid],
    ] as const)
      for (const v of values)
        for (const id of index.all(v))
          out.set(`${prefix}:${v}`, { id, ...heldIds(this.nodes.Author.get(id) as Props) });
    return out;
  }

  async authorsByName(names: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const n of names) {
      const ids = this.authorIndex.nameLower.all(n);
      if (ids.length) out.set(n, ids);
    }
    return out;
  }

  async corroborated(pairs: { k: string; id: string; names: string[] }[]): Promise<Set<string>> {
    const ok = new Set<string>();
    for (const x of pairs) {
      if (!this.nodes.Author.has(x.id)) continue;
      const shares = [...(this.papersOf.get(x.id) ?? [])].some((paper) =>
        [...(this.authored.get(paper)?.keys() ?? [])].some(
          (o) => o !== x.id && x.names.includes(this.nodes.Author.get(o)?.nameLower as string),
        ),
      );
      if (shares) ok.add(x.k);
    }
    return ok;
  }

  async curatedTopics(names: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const n of names) {
      const ids = this.curatedTopicIndex.all(n).sort();
      if (ids[0]) out.set(n, ids[0]);
    }
    return out;
  }

  async writeWorks(
    batch: SourceBatch,
  ): Promise<{ papers: PaperWrite[]; counters: WriteCounters; topicsCreated: number }> {
    const papers = batch.papers.map((r) => this.writePaper(r));
    const seen = new Map<string, number>();
    for (const p of papers) seen.set(p.id, (seen.get(p.id) ?? 0) + 1);
    const created = new Set(papers.filter((p) => p.created && seen.get(p.id) === 1).map((p) => p.id));
    const fresh = (paper: string, list: string[]) => created.has(paper) && new Set(list).size === list.length;
    for (const r of batch.authors) this.writeAuthor(r);
    const owned = (paper: string) => this.nodes.Paper.get(paper)?.source === batch.source;
    for (const { paper, authors } of batch.bylines) {
      const isFresh = fresh(paper, authors);
      if (!isFresh && !owned(paper)) continue;
      if (!isFresh)
        for (const a of [...(this.authored.get(paper)?.keys() ?? [])])
          if (!authors.includes(a)) this.unauthor(a, paper);
      for (const [i, a] of authors.entries()) if (this.nodes.Author.has(a)) this.author(a, paper, i + 1);
    }
    let topicsCreated = 0;
    const written: Row[] = [];
    for (const r of batch.topics) {
      const id = r.id as string;
      let t = this.nodes.Topic.get(id);
      if (!t) {
        t = { source: r.source };
        this.nodes.Topic.set(id, t);
        topicsCreated += 1;
      }
      if (t.source !== r.source) continue;
      Object.assign(t, { name: r.name, nameLower: (r.name as string).toLowerCase(), level: r.level });
      written.push(r);
    }
    for (const r of written)
      if (r.parent != null && this.nodes.Topic.has(r.parent as string))
        this.link('SUBTOPIC_OF', r.id as string, r.parent as string);
    for (const { paper, topics } of batch.about) {
      const existing = topics.filter((t) => this.nodes.Topic.has(t));
      if (fresh(paper, topics)) for (const t of existing) this.link('ABOUT', paper, t);
      else if (owned(paper)) {
        const about = this.links.ABOUT.get(paper);
        for (const t of [...(about ?? [])]) if (!topics.includes(t)) about?.delete(t);
        for (const t of existing) this.link('ABOUT', paper, t);
      }
    }
    return { papers, counters: noCounters, topicsCreated };
  }

  /** Created and merged rows alike (the in-memory MERGE is as cheap as a CREATE). */
  async writeCitations(created: Row[], merged: Row[]): Promise<void> {
    const cites = this.edges('CITES');
    for (const r of [...created, ...merged]) {
      if (!this.nodes.Paper.has(r.from as string) || !this.nodes.Paper.has(r.to as string)) continue;
      const k = key(r.from as string, r.to as string);
      const e = cites.get(k);
      if (!e) cites.set(k, { evidence: r.evidence, confidence: r.confidence, source: r.source, recordedAt: this.now });
      else if (e.source === r.source) Object.assign(e, { evidence: r.evidence, confidence: r.confidence });
    }
  }

  async linkMerged(rows: { from: string; into: string }[]): Promise<number> {
    return this.merged.link(rows, this.paperIndex.openalexId);
  }

  /** Reference stubs are never made on the bulk path (--keep-external-references is refused; none resolve). */
  async writeStubCites(_rows: StubCite[]): Promise<number> {
    throw new Error('reference stubs are not written by a bulk load (--keep-external-references is refused there)');
  }

  /** citationCount is counted when the CSV is written. */
  async recount(): Promise<void> {}

  /** source-write-papers: MERGE by id; fill-only unless the paper is new or this source's own. */
  private writePaper(r: Row): PaperWrite {
    const id = r.id as string;
    let p = this.nodes.Paper.get(id);
    const created = !p;
    if (!p) {
      p = {};
      this.nodes.Paper.set(id, p);
    }
    const before = { ...p };
    const own = created || p.source === r.source;
    for (const f of paperFields) {
      const value = r[f] ?? null;
      // An old id merged away into this paper never replaces its current one.
      if (f === 'openalexId' && value != null && this.merged.into.get(value as string) === id) continue;
      if (own || p[f] == null) {
        if (value == null) delete p[f];
        else p[f] = value;
      }
    }
    if (own) p.source = r.source;
    this.reindex(this.paperIndex, id, before, p);
    return { id, own, created, changed: !created && !same(before, p) };
  }

  /** source-write-authors: MERGE by id (a new one a person without aliases), external ids filled. */
  private writeAuthor(r: Row): void {
    const id = r.id as string;
    let a = this.nodes.Author.get(id);
    const before = { ...a };
    if (!a) {
      const name = r.name as string;
      a = { name, nameLower: name.toLowerCase(), kind: 'person', aliases: [], aliasText: '', source: r.source };
      this.nodes.Author.set(id, a);
    }
    for (const k of ['openalexId', 's2Id', 'orcid'] as const) if (a[k] == null && r[k] != null) a[k] = r[k];
    this.reindex(this.authorIndex, id, before, a);
  }

  private reindex<K extends string>(index: Record<K, Index>, id: string, before: Props, after: Props) {
    for (const k of Object.keys(index) as K[]) {
      if (before[k] === after[k]) continue;
      index[k].remove(before[k], id);
      index[k].add(after[k], id);
    }
  }
}
