import { describe, expect, it } from 'vitest';
import { LinkStore } from '../../src/db/stores/link-store.js';
import { type CommittedWrite, onCommitted } from '../../src/db/writes.js';
import { importFiles } from '../../src/ingest/load.js';
import { linkGraph } from '../../src/link/run.js';
import { useIngestDb } from '../fixtures/ingest-db.js';

// The linker's graph side (issue #13): mined edges, idempotence, curated wins, stale-link removal,
// rejections, updatedAt and --since. Every paper and technique here has an id containing the
// marker; runs are scoped to this file's papers, so the seed is never linked or changed.
const marker = 'test-linker-graph';
const db = useIngestDb(marker);
const T = `technique:${marker}-frob`;
const T2 = `technique:${marker}-quux`;
const P1 = `${marker}:p1`;
const P2 = `${marker}:p2`;
const A = `author:${marker}-ada`;
const papers = [P1, P2];

const technique = (id: string, name: string) => ({
  type: 'technique',
  id,
  name,
  aliases: [],
  description: 'Fixture technique for the linker tests.',
  topics: [],
});
const paper = (id: string, title: string, abstract: string) => ({
  type: 'paper',
  id,
  title,
  abstract,
  published: '2025-01-02',
  kind: 'paper',
  authors: [A],
  topics: [],
});
const FROB_SENTENCE = 'Our method relies on zorbic frobnication at every layer.';
const base = [
  { type: 'author', id: A, name: 'Ada Linker', aliases: [] },
  technique(T, 'Zorbic frobnication'),
  technique(T2, 'Quuxian sparsity'),
  paper(P1, 'Scaling tiny models', `Tiny models are hard to scale. ${FROB_SENTENCE} We report results.`),
  paper(P2, 'Quuxian sparsity at scale', 'We measure sparsity in several settings.'),
];

async function load(name: string, records: Record<string, unknown>[]) {
  await importFiles(db.executor, [await db.ndjson(name, records)], { source: () => 'curated' });
}

/** This file's USES/INTRODUCES edges with every property (recordedAt as a string). */
async function edges() {
  const rows = await db.executor.read(
    {
      name: 'test-linker-edges',
      cypher: `MATCH (p:Paper)-[e:USES|INTRODUCES]->(t:Technique) WHERE p.id CONTAINS $marker
               RETURN p.id AS paper, type(e) AS rel, t.id AS technique,
                      e{.*, recordedAt: toString(e.recordedAt)} AS props
               ORDER BY paper, rel, technique`,
    },
    { marker },
  );
  return rows as { paper: string; rel: string; technique: string; props: Record<string, unknown> }[];
}

const updatedAt = async (id: string) =>
  (
    await db.executor.read({ name: 't', cypher: 'MATCH (p:Paper {id: $id}) RETURN toString(p.updatedAt) AS u' }, { id })
  )[0]?.u as string | null;

describe('the linker in the graph', () => {
  it('writes one mined USES per mention with the sentence, source linker, confidence ≤ 0.6 and the rules version', async () => {
    await load('base.ndjson', base);
    const summary = await linkGraph(db.executor, { papers });
    expect(summary.papers).toBe(2);
    expect(summary.added).toBe(2);
    const found = await edges();
    expect(found.map((e) => [e.paper, e.rel, e.technique])).toEqual([
      [P1, 'USES', T],
      [P2, 'USES', T2],
    ]);
    const [frob] = found;
    expect(frob?.props).toMatchObject({
      source: 'linker',
      evidence: FROB_SENTENCE,
      mentionKind: 'MENTION',
      field: 'abstract',
      rulesVersion: summary.rulesVersion,
    });
    expect(frob?.props.confidence as number).toBeLessThanOrEqual(0.6);
    expect(frob?.props.recordedAt).toEqual(expect.any(String));
  });

  it('is idempotent: a second run changes no edge, no property, and commits only its page transactions', async () => {
    const before = await edges();
    const events: CommittedWrite[] = [];
    const stop = onCommitted((w) => events.push(w));
    const summary = await linkGraph(db.executor, { papers }).finally(stop);
    expect(summary).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 2 });
    expect(await edges()).toEqual(before);
    expect(events.map(({ path, operation }) => ({ path, operation }))).toEqual([
      { path: 'link', operation: 'link-page' },
    ]);
  });

  it('re-importing an identical paper keeps its updatedAt; a changed one moves it, and --since picks it', async () => {
    const stamp = await updatedAt(P1);
    expect(stamp).toEqual(expect.any(String));
    await load('same.ndjson', [base[3] as Record<string, unknown>]);
    expect(await updatedAt(P1)).toBe(stamp);
    const cutoff = new Date(Date.now() + 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    expect((await linkGraph(db.executor, { papers, since: cutoff })).papers).toBe(0);
    await load('changed.ndjson', [paper(P2, 'Quuxian sparsity at scale', 'We measure how sparse the nets get.')]);
    expect(await updatedAt(P2)).not.toBe(null);
    // Compared as instants: Neo4j prints a whole-second datetime without its fraction ("…:05Z" would sort after "…:05.3Z").
    expect(Date.parse((await updatedAt(P2)) as string)).toBeGreaterThan(Date.parse(stamp as string));
    const since = await linkGraph(db.executor, { papers, since: cutoff });
    expect(since.papers).toBe(1);
    expect(since.unchanged).toBe(1); // the title still names it
    // --since alone (no --papers) reads the same one paper: nothing else in the graph changed after the cutoff.
    expect(await linkGraph(db.executor, { since: cutoff })).toMatchObject({ papers: 1, unchanged: 1, added: 0 });
  });

  it('removes a mined link whose mention is gone (abstract changed) and only linker edges', async () => {
    await load('gone.ndjson', [
      paper(P1, 'Scaling tiny models', 'Tiny models are hard to scale. We report results.'),
      { type: 'edge', relation: 'USES', from: P2, to: T, evidence: 'Curated by hand.', confidence: 0.8 },
    ]);
    const summary = await linkGraph(db.executor, { papers });
    expect(summary.removed).toBe(1);
    const found = await edges();
    expect(found.map((e) => [e.paper, e.technique, e.props.source])).toEqual([
      [P2, T, 'curated'],
      [P2, T2, 'linker'],
    ]);
  });

  it('a rules-version change rewrites the mined edge in place', async () => {
    await db.executor.write(
      {
        name: 'test-linker-old-rules',
        cypher: `MATCH (:Paper {id: $p})-[e:USES {source: 'linker'}]->(:Technique {id: $t}) SET e.rulesVersion = 'old'`,
      },
      { p: P2, t: T2 },
    );
    const recordedAt = (await edges()).find((e) => e.technique === T2)?.props.recordedAt;
    expect(await linkGraph(db.executor, { papers })).toMatchObject({ updated: 1, added: 0, removed: 0 });
    const edge = (await edges()).find((e) => e.technique === T2);
    expect(edge?.props.rulesVersion).not.toBe('old');
    expect(edge?.props.recordedAt).toBe(recordedAt);
  });

  it('curated wins: a pair held by a curated edge gets no mined edge, and a curated edge over a mined one stays as written', async () => {
    // P1's abstract names T again: the curated USES written over the old mined edge must survive.
    await load('curated.ndjson', [
      paper(P1, 'Scaling tiny models', `Tiny models are hard to scale. ${FROB_SENTENCE}`),
      { type: 'edge', relation: 'USES', from: P1, to: T, evidence: 'Hand-checked.', confidence: 0.9 },
    ]);
    const curated = (await edges()).filter((e) => e.props.source === 'curated');
    const summary = await linkGraph(db.executor, { papers });
    expect(summary.curatedKept).toBe(1);
    expect(summary.added).toBe(0);
    expect((await edges()).filter((e) => e.props.source === 'curated')).toEqual(curated);
    expect((await edges()).filter((e) => e.paper === P1)).toHaveLength(1);
  });

  it('a rejected link is removed and never comes back; curated edges on the pair are untouched', async () => {
    const store = new LinkStore(db.executor);
    expect(await store.reject(P2, 'Quuxian sparsity', 'tester', 'wrong sense')).toMatchObject({
      paper: P2,
      technique: T2,
      by: 'tester',
      reason: 'wrong sense',
      removed: 1,
    });
    const summary = await linkGraph(db.executor, { papers });
    expect(summary.rejectedSkipped).toBe(1);
    expect(summary.added).toBe(0);
    expect((await edges()).some((e) => e.technique === T2)).toBe(false);
    expect(await store.reject(P2, 'technique:none-such', 'tester', null)).toBe(null);
    expect(await store.reject(`${marker}:none`, T2, 'tester', null)).toBe(null);
  });
});
