import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryLogEntry } from '../../src/db/executor.js';
import { LineageIndexAdmin } from '../../src/db/stores/lineage-index-admin.js';
import { LineageStore } from '../../src/db/stores/lineage-store.js';
import { StatsStore } from '../../src/db/stores/stats-store.js';
import { WriteStore } from '../../src/db/stores/write-store.js';
import { importFiles } from '../../src/ingest/load.js';
import { useIngestDb } from '../fixtures/ingest-db.js';

/**
 * The lineage index is exact: on random small graphs changed by random writes through every
 * write path the funnel serves here (API mutations: papers with their links replaced, BUILDS_ON,
 * deletions; NDJSON imports of papers, links and BUILDS_ON), papersBuildingOn (every depth, whole
 * answers: order, depth, explanation) and techniqueAdoption read from the index equal the plain
 * traversal's, right after the writes. The index is built over the shared graph for this file and
 * dropped at its end; every node this file makes has `test-lix` in its id.
 */
const db = useIngestDb('test-lix');
const log: QueryLogEntry[] = [];
const executor = db.executor.withListener((entry) => log.push(entry));
const admin = new LineageIndexAdmin(executor);
const writes = new WriteStore(executor);
const indexed = { lineage: new LineageStore(executor), stats: new StatsStore(executor) };
const oracle = { lineage: new LineageStore(executor, true), stats: new StatsStore(executor, true) };
const AUTHOR = 'author:test-lix-ann';
const DATES = ['2019-05-01', '2021-06-15', '2021-06-15', '2023-01-20'];
const TECHNIQUES = 5;
const PAPERS = 6;

beforeAll(async () => {
  const file = await db.ndjson('author.ndjson', [{ type: 'author', id: AUTHOR, name: 'Ann Lix' }]);
  await importFiles(executor, [file]);
  await admin.build();
  expect(await admin.state()).toBe('ready');
});
afterAll(async () => {
  await admin.drop();
  await db.cleanup();
});

type Op =
  | { kind: 'buildsOn'; from: number; to: number; confidence: number; via: 'api' | 'import' }
  | { kind: 'paper'; paper: number; introduces: number[]; uses: number[]; date: number; via: 'api' | 'import' }
  | { kind: 'delete'; paper: number };

const subset = fc.uniqueArray(fc.integer({ min: 0, max: TECHNIQUES - 1 }), { maxLength: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc
    .record({
      a: fc.integer({ min: 0, max: TECHNIQUES - 1 }),
      b: fc.integer({ min: 0, max: TECHNIQUES - 1 }),
      confidence: fc.constantFrom(0.3, 0.6, 0.9),
      via: fc.constantFrom('api' as const, 'import' as const),
    })
    .filter(({ a, b }) => a !== b)
    // Higher index builds on lower: always acyclic, so the importer accepts every edge.
    .map(({ a, b, confidence, via }) => ({
      kind: 'buildsOn' as const,
      from: Math.max(a, b),
      to: Math.min(a, b),
      confidence,
      via,
    })),
  fc.record({
    kind: fc.constant('paper' as const),
    paper: fc.integer({ min: 0, max: PAPERS - 1 }),
    introduces: subset,
    uses: subset,
    date: fc.integer({ min: 0, max: DATES.length - 1 }),
    via: fc.constantFrom('api' as const, 'import' as const),
  }),
  fc.record({ kind: fc.constant('delete' as const), paper: fc.integer({ min: 0, max: PAPERS - 1 }) }),
);

let run = 0;
async function apply(ops: Op[], technique: (i: number) => string, paper: (i: number) => string) {
  for (const o of ops) {
    if (o.kind === 'delete') {
      await writes.deletePaper(paper(o.paper));
    } else if (o.kind === 'buildsOn' && o.via === 'api') {
      const evidence = 'Fixture lineage.';
      const r = await writes.addLineage({
        relation: 'BUILDS_ON',
        from: technique(o.from),
        to: technique(o.to),
        evidence,
        confidence: o.confidence,
      });
      expect(r.ok).toBe(true);
    } else if (o.kind === 'buildsOn') {
      const edge = {
        type: 'edge',
        relation: 'BUILDS_ON',
        from: technique(o.from),
        to: technique(o.to),
        evidence: 'Fixture.',
        confidence: o.confidence,
      };
      await importFiles(executor, [await db.ndjson(`r${run}-bo.ndjson`, [edge])]);
    } else if (o.via === 'api') {
      const link = (i: number) => ({ technique: technique(i), evidence: 'Fixture link.', confidence: 0.5 + i / 10 });
      const p = {
        id: paper(o.paper),
        title: `Lix ${o.paper}`,
        published: DATES[o.date] as string,
        kind: 'paper' as const,
        authors: [AUTHOR],
        topics: [],
      };
      const r = await writes.upsertPaper({
        paper: p,
        newAuthors: [],
        introduces: o.introduces.map(link),
        uses: o.uses.map(link),
      });
      expect(r.ok).toBe(true);
    } else {
      const edge = (relation: string) => (i: number) => ({
        type: 'edge',
        relation,
        from: paper(o.paper),
        to: technique(i),
        evidence: 'Fixture.',
        confidence: 0.7,
      });
      const records = [
        { type: 'paper', id: paper(o.paper), title: `Lix ${o.paper}`, published: DATES[o.date], authors: [AUTHOR] },
        ...o.introduces.map(edge('INTRODUCES')),
        ...o.uses.map(edge('USES')),
      ];
      await importFiles(executor, [await db.ndjson(`r${run}-paper.ndjson`, records)]);
    }
  }
}

/** Every answer of the index for the run's techniques equals the traversal's, and the index served it. */
async function compare(techniques: string[]) {
  for (const t of techniques) {
    for (const maxDepth of [1, 2, 3, 4, 10]) {
      log.length = 0;
      const got = await indexed.lineage.papersBuildingOn(
        { id: t, key: '' },
        { maxDepth, minConfidence: 0 },
        { skip: 0, limit: 100 },
      );
      // One round trip, answered by the index (not the traversal branch).
      expect(log.splice(0).map((e) => `${e.name}:${e.rows}`)).toEqual([`papers-building-on-${maxDepth}-default:1`]);
      expect(got?.indexed).toBe(true);
      const want = await oracle.lineage.papersBuildingOn(
        { id: t, key: '' },
        { maxDepth, minConfidence: 0 },
        { skip: 0, limit: 100 },
      );
      expect(want?.indexed).toBe(false);
      expect({ ...got, indexed: false }, `${t} depth ${maxDepth}`).toEqual(want);
      // A later page, too: SKIP over the index range.
      const page2 = await indexed.lineage.papersBuildingOn(
        { id: t, key: '' },
        { maxDepth, minConfidence: 0 },
        { skip: 2, limit: 2 },
      );
      expect(page2?.page.items).toEqual(want?.page.items.slice(2, 4));
    }
    const adoption = await indexed.stats.techniqueAdoption({ id: t, key: '' }, null, null);
    expect(adoption?.indexed).toBe(true);
    const wanted = await oracle.stats.techniqueAdoption({ id: t, key: '' }, null, null);
    expect({ ...adoption, indexed: false }, `${t} adoption`).toEqual(wanted);
  }
}

describe('lineage index', () => {
  it('answers as the traversal does after random writes through the API and the importer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        run++;
        const technique = (i: number) => `technique:test-lix-r${run}-t${i}`;
        const paper = (i: number) => `test-lix:r${run}-p${i}`;
        const techniques = Array.from({ length: TECHNIQUES }, (_, i) => technique(i));
        const records = techniques.map((id) => ({
          type: 'technique',
          id,
          name: id,
          description: 'Fixture technique.',
        }));
        await importFiles(executor, [await db.ndjson(`r${run}-techniques.ndjson`, records)]);
        const half = Math.ceil(ops.length / 2);
        await apply(ops.slice(0, half), technique, paper);
        await compare(techniques);
        await apply(ops.slice(half), technique, paper);
        await compare(techniques);
        // Deleting every paper of the run takes all of them out, counts included.
        await apply(
          Array.from({ length: PAPERS }, (_, i) => ({ kind: 'delete' as const, paper: i })),
          technique,
          paper,
        );
        for (const t of techniques) {
          const empty = await indexed.lineage.papersBuildingOn(
            { id: t, key: '' },
            { maxDepth: 10, minConfidence: 0 },
            { skip: 0, limit: 10 },
          );
          expect(empty?.page).toEqual({ total: 0, items: [] });
        }
      }),
      { numRuns: 10, seed: 20261130 },
    );
  }, 600_000);

  it('a full rebuild finds nothing to change: upkeep kept it exact', async () => {
    const again = await admin.build();
    expect(again.papers).toBeGreaterThan(0);
    expect(again.written).toBe(0);
  });

  it('serves the seed as the traversal does (RLHF, every depth)', async () => {
    await compare(['technique:rlhf', 'technique:transformer']);
  });

  it('a technique with no papers and an unknown one', async () => {
    expect(
      await indexed.lineage.papersBuildingOn(
        { id: 'technique:test-lix-none', key: 'test-lix-none' },
        { maxDepth: 4, minConfidence: 0 },
        { skip: 0, limit: 5 },
      ),
    ).toBeNull();
  });
});
