import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDir } from '../../src/bootstrap.js';
import type { SourceFormat } from '../../src/ingest/formats/work.js';
import { loadSeed } from '../../src/ingest/seed.js';
import { importSource } from '../../src/ingest/source/import.js';
import { useSourcesDb } from '../fixtures/sources-db.js';
import { graphDump } from '../helpers/graph-hash.js';
import { seedAuthorName, seedCites, seedPapers, writeSeedAs } from '../helpers/source-writers.js';

/**
 * The issue's round trip: the 25 seed papers, written in each source format by a helper from
 * seed/*.ndjson, imported into an EMPTY graph. Community Neo4j has one database, shared by every
 * integration file, so this file empties it (the seed is the only thing in it between files:
 * test/helpers/leak-check.ts), imports, compares, empties it again per format, and at the end
 * loads the seed again with src/ingest/seed.ts — as test/global-setup.ts made it — and checks
 * the graph is the one it found: every node, relationship and property (timestamps aside).
 */
const db = useSourcesDb();
const EPOCH = '1970-01-01T00:00:00Z';
const empty = () =>
  db.executor.write({
    name: 'test-roundtrip-empty',
    cypher: 'MATCH (n) WHERE NOT n:PapergraphMigration AND NOT n:PapergraphVersion DETACH DELETE n',
  });
const total = async () => {
  const c = await db.counts();
  return [...Object.values(c.nodes), ...Object.values(c.relationships)].reduce((a, b) => a + b, 0);
};

let before: string[] = [];
beforeAll(async () => {
  // `since` the epoch: every updatedAt / recordedAt reads "import time" (a reload sets new ones).
  before = await graphDump(db.executor, { since: EPOCH });
  expect(before.length).toBeGreaterThan(25);
  await empty();
});

afterAll(async () => {
  await empty();
  await loadSeed(db.executor, seedDir);
  expect(await graphDump(db.executor, { since: EPOCH })).toEqual(before);
}, 240_000);

describe('round trip into an empty graph: the 25 seed papers in each format', () => {
  it.each(['openalex', 's2', 'arxiv', 'bibtex'] as SourceFormat[])(
    '%s',
    async (format) => {
      expect(await total()).toBe(0);
      const file = await writeSeedAs(format, db.dir(), { base: 9_400_000, keepArxiv: true });
      const summary = await importSource(db.executor, [file], { format, batchSize: 10 });
      expect(summary).toMatchObject({ works: 25, rejected: 0, papersCreated: 25, referencesSkipped: 0 });
      expect((await db.counts()).nodes.Paper).toBe(25);

      // Keyed by their arXiv ids, the papers are the seed's: same titles, years, bylines in order.
      const rows = await db.read(
        `MATCH (p:Paper)
       RETURN p.id AS id, p.title AS title, p.year AS year,
              [(p)<-[w:AUTHORED]-(a:Author) | [w.position, a.name]] AS byline`,
      );
      const got = Object.fromEntries(
        rows.map((r) => [
          r.id as string,
          {
            title: r.title,
            year: r.year,
            byline: (r.byline as [number, string][]).sort((a, b) => a[0] - b[0]).map(([, name]) => name),
          },
        ]),
      );
      const want = Object.fromEntries(
        seedPapers.map((p) => [
          p.id,
          { title: p.title, year: Number(p.published.slice(0, 4)), byline: p.authors.map(seedAuthorName) },
        ]),
      );
      expect(got).toEqual(want);

      // Citations: arXiv and BibTeX records carry none; OpenAlex and S2 give back the seed's.
      const edges = await db.read('MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.id + " -> " + b.id AS e ORDER BY e');
      const seedEdges = seedCites.map((e) => `${e.from} -> ${e.to}`).sort();
      expect(edges.map((r) => r.e)).toEqual(format === 'openalex' || format === 's2' ? seedEdges : []);
      if (format === 'openalex' || format === 's2') expect(seedEdges.length).toBeGreaterThan(10);

      await empty();
    },
    240_000,
  );
});
