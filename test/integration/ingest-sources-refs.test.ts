import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSource } from '../../src/ingest/source/import.js';
import { fixture } from '../fixtures/ingest-db.js';
import { useSourcesDb } from '../fixtures/sources-db.js';
import { useTestApp } from '../helpers/app.js';

const db = useSourcesDb();
const { gql } = useTestApp();
const src = (name: string) => fixture(`sources/${name}`);

/** Synthetic records in the sources' documented layouts, written for this test. */
async function jsonl(name: string, records: Record<string, unknown>[]): Promise<string> {
  const file = path.join(db.dir(), name);
  await writeFile(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

/** Papers as the lists and the stats see them. */
const visible = async () => {
  const res = await gql('{ papers(first: 1) { totalCount } stats { papersPerYear { count } } }');
  const data = res.body.data as { papers: { totalCount: number }; stats: { papersPerYear: { count: number }[] } };
  return { papers: data.papers.totalCount, perYear: data.stats.papersPerYear.reduce((n, y) => n + y.count, 0) };
};
const externalOf = async (key: string) => {
  const res = await gql(
    `query($k: ID!) { paper(id: $k) { externalReferences { key title openalexId s2Id corpusId source citationCount } } }`,
    { k: key },
  );
  return (res.body.data?.paper as { externalReferences: unknown[] } | undefined)?.externalReferences;
};

describe('--keep-external-references', () => {
  it('keeps cited works outside the graph as hidden stubs, and a later import of the work fills the stub', async () => {
    const before = await visible();
    const papersBefore = (await db.counts()).nodes.Paper;

    // W1234567890 (cited by W9000000001) is in neither the graph nor the import.
    const first = await importSource(db.executor, [src('openalex-edge-cases.jsonl')], {
      format: 'openalex',
      keepExternalReferences: true,
    });
    expect(first).toMatchObject({
      works: 3,
      papersCreated: 3,
      citations: 1,
      referencesSkipped: 0,
      referenceStubs: 1,
      citationsToReferences: 1,
    });
    expect(await externalOf('arxiv:9901.00001')).toEqual([
      {
        key: 'openalex:W1234567890',
        title: null,
        openalexId: 'W1234567890',
        s2Id: null,
        corpusId: null,
        source: 'openalex',
        citationCount: 1,
      },
    ]);
    // Hidden: no paper list, lookup or stat counts it (the three works only).
    expect(await visible()).toEqual({ papers: before.papers + 3, perYear: before.perYear + 3 });
    expect((await db.counts()).nodes.Paper).toBe(papersBefore + 3);
    const lookup = await gql('{ paper(openalexId: "W1234567890") { key } }');
    expect(lookup.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const cites = await gql('{ paper(id: "arxiv:9901.00001") { cites { totalCount } } }');
    expect(cites.body.data?.paper).toEqual({ cites: { totalCount: 1 } });
    // Nor the graph: the citing paper's neighbourhood by CITES is the one paper in the graph (its
    // edge to the stub counts as a hidden neighbour: degrees come from the degree store).
    const graph = await gql(
      '{ graph(seeds: ["arxiv:9901.00001"], relations: [CITES], depth: 1) { nodes { id hiddenNeighbors } } }',
    );
    expect(graph.body.data?.graph).toEqual({
      nodes: [
        { id: 'arxiv:9901.00001', hiddenNeighbors: 1 },
        { id: 'arxiv:9902.00002', hiddenNeighbors: 0 },
      ],
    });

    // Again: the stub and its edge are found, not made twice.
    const again = await importSource(db.executor, [src('openalex-edge-cases.jsonl')], {
      format: 'openalex',
      keepExternalReferences: true,
    });
    expect(again).toMatchObject({ papersCreated: 0, referenceStubs: 0, citationsToReferences: 1 });
    expect(await db.read('MATCH (r:Reference) RETURN count(r) AS n')).toEqual([{ n: 1 }]);

    // S2 names the cited work: the stub keeps its title and ids (canonical id by the paper rule).
    const s2 = await jsonl('s2-refs.jsonl', [
      {
        paperId: '00000000000000000000000000000000000000a1',
        externalIds: { CorpusId: 900000101 },
        title: 'Synthetic S2 paper citing outside the graph',
        year: 2022,
        authors: [{ authorId: '900101', name: 'Test Author Eta' }],
        references: [
          {
            contexts: ['following [7]'],
            isInfluential: false,
            citedPaper: {
              paperId: '00000000000000000000000000000000000000b2',
              externalIds: { CorpusId: 900000102 },
              title: 'A synthetic cited work outside the graph',
            },
          },
        ],
      },
    ]);
    const fromS2 = await importSource(db.executor, [s2], { format: 's2', keepExternalReferences: true });
    expect(fromS2).toMatchObject({ referenceStubs: 1, citationsToReferences: 1, referencesSkipped: 0 });
    expect(await externalOf('s2:00000000000000000000000000000000000000a1')).toEqual([
      {
        key: 's2:00000000000000000000000000000000000000b2',
        title: 'A synthetic cited work outside the graph',
        openalexId: null,
        s2Id: '00000000000000000000000000000000000000b2',
        corpusId: 900000102,
        source: 's2',
        citationCount: 1,
      },
    ]);

    // The real work arrives (from another source, its arXiv id in its DOI): it merges into the
    // stub, which keeps its key and becomes a paper of the work's kind, cited as before.
    const real = await jsonl('openalex-real.jsonl', [
      {
        id: 'https://openalex.org/W1234567890',
        doi: 'https://doi.org/10.48550/arXiv.9909.00009',
        title: 'The synthetic work cited from outside',
        publication_date: '2015-07-08',
        type: 'report',
        authorships: [{ author_position: 'first', author: { display_name: 'Test Author Theta' } }],
        abstract_inverted_index: null,
        referenced_works: [],
      },
    ]);
    const filled = await importSource(db.executor, [real], { format: 'openalex', keepExternalReferences: true });
    expect(filled).toMatchObject({ works: 1, papersCreated: 1, referencesPromoted: 1, referenceStubs: 0 });
    const promoted = await gql(
      '{ paper(openalexId: "W1234567890") { key title kind year arxivId citationCount authors { name } citedBy { totalCount } } }',
    );
    expect(promoted.body.data?.paper).toEqual({
      key: 'openalex:W1234567890',
      title: 'The synthetic work cited from outside',
      kind: 'TECHNICAL_REPORT',
      year: 2015,
      arxivId: '9909.00009',
      citationCount: 1,
      authors: [{ name: 'Test Author Theta' }],
      citedBy: { totalCount: 1 },
    });
    expect(await externalOf('arxiv:9901.00001')).toEqual([]);
    expect(await db.read('MATCH (r:Reference) RETURN r.id AS id')).toEqual([
      { id: 's2:00000000000000000000000000000000000000b2' },
    ]);
    await db.cleanup();
    expect(await db.read('MATCH (r:Reference) RETURN count(r) AS n')).toEqual([{ n: 0 }]);
  }, 300_000);
});

describe('OpenAlex merged ids', () => {
  const work = (id: string, title: string, refs: string[] = []) => ({
    id: `https://openalex.org/${id}`,
    doi: null,
    title,
    publication_year: 2020,
    type: 'article',
    authorships: [{ author_position: 'first', author: { display_name: 'Test Author Iota' } }],
    abstract_inverted_index: null,
    referenced_works: refs.map((w) => `https://openalex.org/${w}`),
  });

  it('a merged-away id finds the paper, and a record under it merges into that paper', async () => {
    await db.cleanup();
    const current = await jsonl('merged-current.jsonl', [
      work('W9100000001', 'The synthetic current work'),
      work('W9100000002', 'A synthetic citing work'),
    ]);
    const csv = path.join(db.dir(), 'merged.csv');
    await writeFile(csv, 'merge_date,id,merge_into_id\n2024-03-04,W9100000009,W9100000001\n');
    const first = await importSource(db.executor, [current, csv], { format: 'openalex' });
    expect(first).toMatchObject({ works: 2, papersCreated: 2, mergedIds: 1, mergedIdsLinked: 1 });
    const byOld = await gql('{ paper(openalexId: "W9100000009") { key openalexId } }');
    expect(byOld.body.data?.paper).toEqual({ key: 'openalex:W9100000001', openalexId: 'W9100000001' });
    const before = await db.counts();

    // An older snapshot's record under the merged-away id, cited by another work under that id too.
    const old = await jsonl('merged-old.jsonl', [
      { ...work('W9100000009', 'The synthetic current work'), cited_by_count: 4 },
      work('W9100000003', 'A synthetic work citing the old id', ['W9100000009']),
    ]);
    const second = await importSource(db.executor, [old], { format: 'openalex' });
    expect(second).toMatchObject({ works: 2, papersCreated: 1, citations: 1, referencesSkipped: 0 });
    const after = await db.counts();
    expect(after.nodes.Paper).toBe(before.nodes.Paper + 1);
    const [paper] = await db.read(
      `MATCH (p:Paper {id: 'openalex:W9100000001'}) RETURN p.openalexId AS oa, p.citedByCount AS n,
              [(p)<-[:CITES]-(c) | c.id] AS citedBy`,
    );
    expect(paper).toEqual({ oa: 'W9100000001', n: 4, citedBy: ['openalex:W9100000003'] });

    // Both records in one import, with the merge: the current one is written, the old one left out.
    await db.cleanup();
    const both = await importSource(db.executor, [old, current, csv], { format: 'openalex' });
    expect(both).toMatchObject({ works: 4, papersCreated: 3, mergedRecordsSkipped: 1, mergedIdsLinked: 1 });
    const cites = await db.read(
      `MATCH (c:Paper {id: 'openalex:W9100000003'})-[:CITES]->(p:Paper) RETURN p.id AS id, p.title AS title`,
    );
    expect(cites).toEqual([{ id: 'openalex:W9100000001', title: 'The synthetic current work' }]);
    await db.cleanup();
  }, 300_000);
});
