import { describe, expect, it } from 'vitest';
import type { SourceFormat } from '../../src/ingest/formats/work.js';
import { importSource } from '../../src/ingest/source/import.js';
import { useSourcesDb } from '../fixtures/sources-db.js';
import { seedAuthorName, seedCites, seedPapers, writeSeedAs } from '../helpers/source-writers.js';

const db = useSourcesDb();

/** The canonical id each format gives seed paper `i` written with synthetic ids from `base`. */
const idOf: Record<SourceFormat, (base: number, i: number) => string> = {
  openalex: (base, i) => `openalex:W${base + i}`,
  s2: (base, i) => `s2:${String(base + i).padStart(40, '0')}`,
  arxiv: (base, i) => `arxiv:rt-test/${base + i}`,
  bibtex: (base, i) => `bibtex:rt${base + i}`,
};

async function imported(ids: string[]) {
  return db.read(
    `UNWIND $ids AS id MATCH (p:Paper {id: id})
     RETURN id, p.title AS title, p.year AS year,
            [(p)<-[w:AUTHORED]-(a:Author) | [w.position, a.name]] AS byline`,
    { ids },
  );
}

describe('round trip: the 25 seed papers written in each format import with the same titles, years and bylines', () => {
  const cases: [SourceFormat, number, 'strict' | 'corroborated'][] = [
    ['openalex', 9_200_000, 'corroborated'],
    ['s2', 9_210_000, 'corroborated'],
    ['arxiv', 9_220_000, 'corroborated'],
    ['bibtex', 9_230_000, 'strict'],
  ];
  it.each(cases)(
    '%s',
    async (format, base, authorMerge) => {
      const file = await writeSeedAs(format, db.dir(), { base, keepArxiv: false });
      const summary = await importSource(db.executor, [file], { format, authorMerge, batchSize: 10 });
      expect(summary).toMatchObject({ works: 25, rejected: 0, papersCreated: 25, papersMerged: 0 });
      const ids = seedPapers.map((_, i) => idOf[format](base, i));
      const rows = new Map((await imported(ids)).map((r) => [r.id as string, r]));
      seedPapers.forEach((p, i) => {
        const row = rows.get(ids[i] as string);
        expect(row?.title, p.id).toBe(p.title);
        expect(row?.year, p.id).toBe(Number(p.published.slice(0, 4)));
        const byline = ((row?.byline ?? []) as [number, string][]).sort((a, b) => a[0] - b[0]).map(([, name]) => name);
        expect(byline, p.id).toEqual(p.authors.map(seedAuthorName));
      });
      if (format === 'openalex' || format === 's2') {
        const index = new Map(seedPapers.map((p, i) => [p.id, ids[i]]));
        const expected = seedCites
          .filter((e) => index.has(e.from) && index.has(e.to))
          .map((e) => `${index.get(e.from)} -> ${index.get(e.to)}`)
          .sort();
        const got = await db.read(
          `MATCH (a:Paper)-[e:CITES]->(b:Paper) WHERE a.id IN $ids AND e.source = $format
         RETURN a.id + ' -> ' + b.id AS edge ORDER BY edge`,
          { ids, format },
        );
        expect(got.map((r) => r.edge)).toEqual(expected);
        expect(summary.citations).toBe(expected.length);
      }
    },
    300_000,
  );
});

describe('merging OpenAlex and S2 records of the seed papers into the seeded graph', () => {
  it('adds external ids and fills fields, creates no paper or author, and a re-import changes nothing', async () => {
    const before = await db.counts();
    const curated = await db.read(
      'MATCH (p:Paper) WHERE p.source IS NULL RETURN p.id AS id, properties(p) AS props ORDER BY id',
    );
    expect(curated).toHaveLength(25);
    for (const [format, base] of [
      ['openalex', 9_300_000],
      ['s2', 9_310_000],
    ] as const) {
      const file = await writeSeedAs(format, db.dir(), { base, keepArxiv: true });
      const first = await importSource(db.executor, [file], { format });
      const authorships = seedPapers.reduce((n, p) => n + p.authors.length, 0);
      expect(first).toMatchObject({ works: 25, papersCreated: 0, papersMerged: 25, referencesSkipped: 0 });
      expect(first.authors).toMatchObject({ created: 0, byByline: authorships, ambiguous: 0 });
      expect(await db.counts()).toEqual(before);
      const again = await importSource(db.executor, [file], { format });
      expect(again).toMatchObject({ papersCreated: 0, papersUpdated: 0 });
      expect(again.authors).toMatchObject({ created: 0, byId: authorships });
      expect(await db.counts()).toEqual(before);
    }
    // Curated fields kept; external ids and the sources' counts filled in.
    const after = new Map(
      (await db.read('MATCH (p:Paper) RETURN p.id AS id, properties(p) AS props')).map((r) => [r.id, r.props]),
    );
    for (const { id, props } of curated) {
      const now = after.get(id) as Record<string, unknown>;
      // updatedAt moves: filling fields changed the paper (src/graph/model.ts touchedAt); nothing else curated does.
      for (const [k, v] of Object.entries(props as Record<string, unknown>))
        if (k !== 'updatedAt') expect(now[k], `${String(id)}.${k}`).toEqual(v);
      expect(String(now.updatedAt) > String((props as Record<string, unknown>).updatedAt), String(id)).toBe(true);
      expect(String(now.openalexId), String(id)).toMatch(/^W93\d+$/);
      expect(String(now.s2Id), String(id)).toMatch(/^0+93\d+$/);
      expect(now.doi, String(id)).toBe(`10.48550/arxiv.${String(id).replace('arxiv:', '')}`);
      expect(now.source, String(id)).toBeUndefined();
    }
    const [openai] = await db.read(`MATCH (a:Author {id: 'author:openai'}) RETURN a.openalexId AS oa, a.s2Id AS s2`);
    expect(openai?.oa).toMatch(/^A93\d+$/);
    expect(openai?.s2).toMatch(/^93\d+$/);
  }, 300_000);
});
