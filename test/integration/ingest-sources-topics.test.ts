import { describe, expect, it } from 'vitest';
import { importSource } from '../../src/ingest/source/import.js';
import { fixture } from '../fixtures/ingest-db.js';
import { useSourcesDb } from '../fixtures/sources-db.js';
import { useTestApp } from '../helpers/app.js';

const db = useSourcesDb();
const { gql } = useTestApp();

type Count = { topic: { key: string }; paperCount: number; children: Count[] };

describe('an OpenAlex topic four levels deep (domain → field → subfield → topic)', () => {
  it('counts, lists and filters papers through every level, and topicBreakdown nests all four', async () => {
    // W9000000001 is about T90001 (Synthetic Topic), under subfield 9001, field 90, domain 9.
    await importSource(db.executor, [fixture('sources/openalex-edge-cases.jsonl')], { format: 'openalex' });
    const domain = 'topic:openalex-domains-9';

    const tree = await gql(
      `query($k: ID!) { topic(id: $k) { name parent { key } papers { totalCount edges { node { key } } }
         children { key children { key children { key parent { key } children { key } } } } } }`,
      { k: domain },
    );
    expect(tree.body.data?.topic).toEqual({
      name: 'Synthetic Domain',
      parent: null,
      papers: { totalCount: 1, edges: [{ node: { key: 'arxiv:9901.00001' } }] },
      children: [
        {
          key: 'topic:openalex-fields-90',
          children: [
            {
              key: 'topic:openalex-subfields-9001',
              children: [
                { key: 'topic:openalex-T90001', parent: { key: 'topic:openalex-subfields-9001' }, children: [] },
              ],
            },
          ],
        },
      ],
    });

    const filtered = await gql(`{ papers(where: {topic: "${domain}"}) { totalCount } }`);
    expect(filtered.body.data?.papers).toEqual({ totalCount: 1 });
    const series = await gql('{ series(groupBy: TOPIC, top: 50) { key count } }');
    const points = series.body.data?.series as { key: string; count: number }[];
    expect(points.filter((p) => p.key.startsWith('topic:openalex-') && !p.key.includes('concepts'))).toEqual([
      { key: domain, count: 1 },
      { key: 'topic:openalex-fields-90', count: 1 },
      { key: 'topic:openalex-subfields-9001', count: 1 },
      { key: 'topic:openalex-T90001', count: 1 },
    ]);

    const breakdown = await gql(
      `{ stats { topicBreakdown { topic { key } paperCount children { topic { key } paperCount children {
         topic { key } paperCount children { topic { key } paperCount children { topic { key } } } } } } } }`,
    );
    expect(breakdown.body.errors).toBeUndefined();
    const roots = (breakdown.body.data as { stats: { topicBreakdown: Count[] } }).stats.topicBreakdown;
    expect(roots.find((r) => r.topic.key === domain)).toEqual({
      topic: { key: domain },
      paperCount: 1,
      children: [
        {
          topic: { key: 'topic:openalex-fields-90' },
          paperCount: 1,
          children: [
            {
              topic: { key: 'topic:openalex-subfields-9001' },
              paperCount: 1,
              children: [{ topic: { key: 'topic:openalex-T90001' }, paperCount: 1, children: [] }],
            },
          ],
        },
      ],
    });
    // The curated two-level topics are unchanged: every root keeps its children, no topic twice.
    const keys = (list: Count[]): string[] => list.flatMap((c) => [c.topic.key, ...keys(c.children ?? [])]);
    const all = keys(roots);
    expect(new Set(all).size).toBe(all.length);
    const [{ n }] = (await db.read('MATCH (t:Topic) RETURN count(t) AS n')) as [{ n: number }];
    expect(all).toHaveLength(n);
  }, 300_000);
});
