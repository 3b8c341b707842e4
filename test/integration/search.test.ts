import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { loadSeedGraph } from '../helpers/seed-graph.js';

const t = useTestApp();
const seed = loadSeedGraph();

const SEARCH = `
  query Search($query: String!, $types: [SearchType!], $first: Int) {
    search(query: $query, types: $types, first: $first) {
      score
      node {
        __typename
        ... on Paper { key title }
        ... on Author { key name }
        ... on Topic { key name }
        ... on Technique { key name }
      }
    }
  }`;

type Hit = { score: number; node: { __typename: string; key: string } };

const search = (variables: Record<string, unknown>) => t.gql<{ search: Hit[] }>(SEARCH, variables);
const hit = (__typename: string, key: string, label: Record<string, string>) => ({
  score: expect.any(Number),
  node: { __typename, key, ...label },
});

/** Every seed node whose indexed text contains `word` as a whole word, read from seed/*.ndjson (not the index). */
function seedNodesMentioning(word: string): string[] {
  const re = new RegExp(`\\b${word}\\b`, 'i');
  const texts: [string, unknown[]][] = [
    ...[...seed.papers.values()].map((p): [string, unknown[]] => [p.id as string, [p.title, p.abstract]]),
    ...[...seed.authors.values()].map((a): [string, unknown[]] => [
      a.id as string,
      [a.name, ...((a.aliases as []) ?? [])],
    ]),
    ...[...seed.topics.values()].map((x): [string, unknown[]] => [x.id as string, [x.name, x.description]]),
    ...[...seed.techniques.values()].map((x): [string, unknown[]] => [
      x.id as string,
      [x.name, ...(x.aliases ?? []), x.description],
    ]),
  ];
  return texts
    .filter(([, fields]) => fields.some((f) => typeof f === 'string' && re.test(f)))
    .map(([id]) => id)
    .sort();
}

const keysOf = (hits: Hit[]) => hits.map((h) => h.node.key);
const expectDescending = (hits: Hit[]) => {
  const scores = hits.map((h) => h.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
};

describe('search', () => {
  it('ranks the technique whose alias is "RLHF" above a paper that mentions it, in one query', async () => {
    // Independently: exactly these two seed nodes contain the word at all.
    expect(seedNodesMentioning('RLHF')).toEqual(['arxiv:2312.09390', 'technique:rlhf']);
    t.queries.length = 0;
    const res = await search({ query: 'RLHF' });
    expect(res.body).toEqual({
      data: {
        search: [
          hit('Technique', 'technique:rlhf', { name: 'Reinforcement learning from human feedback' }),
          hit('Paper', 'arxiv:2312.09390', {
            title: 'Weak-to-Strong Generalization: Eliciting Strong Capabilities With Weak Supervision',
          }),
        ],
      },
    });
    expectDescending(res.body.data!.search);
    expect(t.queries.map((q) => q.name)).toEqual(['search-paper-author-topic-technique']);
  });

  it('searches user text literally: Lucene syntax and operators are escaped or ignored', async () => {
    const plain = await search({ query: 'RLHF' });
    const noisy = await search({ query: '(RLHF] AND' });
    expect(noisy.body.errors).toBeUndefined();
    expect(keysOf(noisy.body.data!.search)).toEqual(keysOf(plain.body.data!.search));
  });

  it('finds a paper by its title, the exact title first', async () => {
    const res = await search({ query: 'GPT-4 Technical Report', types: ['PAPER'], first: 2 });
    expect(res.body).toEqual({
      data: {
        search: [
          hit('Paper', 'arxiv:2303.08774', { title: 'GPT-4 Technical Report' }),
          hit('Paper', 'arxiv:2410.21276', { title: 'GPT-4o System Card' }),
        ],
      },
    });
    expectDescending(res.body.data!.search);
  });

  it('finds authors by surname and resolves every union member', async () => {
    expect(seedNodesMentioning('Sutskever')).toEqual(['author:ilya-sutskever']);
    const res = await search({ query: 'sutskever' });
    expect(res.body).toEqual({
      data: { search: [hit('Author', 'author:ilya-sutskever', { name: 'Ilya Sutskever' })] },
    });
    const topic = await search({ query: 'Interpretability', types: ['TOPIC'], first: 1 });
    expect(topic.body).toEqual({
      data: { search: [hit('Topic', 'topic:interpretability', { name: 'Interpretability' })] },
    });
  });

  it('restricts hits to the requested types', async () => {
    const all = await search({ query: 'consistency', first: 100 });
    expect(keysOf(all.body.data!.search)).toContain('arxiv:2303.01469');

    const res = await search({ query: 'consistency', types: ['TECHNIQUE'], first: 100 });
    expect(res.body).toEqual({
      data: {
        search: [
          hit('Technique', 'technique:consistency-models', { name: 'Consistency models' }),
          hit('Technique', 'technique:consistency-training', { name: 'Consistency training' }),
          hit('Technique', 'technique:consistency-distillation', { name: 'Consistency distillation' }),
        ],
      },
    });
    expectDescending(res.body.data!.search);
    // The same set the seed files give for techniques mentioning the word.
    expect(keysOf(res.body.data!.search).sort()).toEqual(
      seedNodesMentioning('consistency').filter((id) => id.startsWith('technique:')),
    );
  });

  it('honours `first`', async () => {
    const res = await search({ query: 'learning', first: 3 });
    expect(res.body.data!.search).toHaveLength(3);
    expectDescending(res.body.data!.search);
  });

  it.each([
    [{ query: '' }, /query: give some words to search for/],
    [{ query: '   ' }, /query: give some words to search for/],
    [{ query: 'AND OR' }, /has no words to search for/],
    [{ query: 'RLHF', first: 0 }, /first: must be between 1 and 100/],
    [{ query: 'RLHF', first: 101 }, /first: must be between 1 and 100/],
    [{ query: 'RLHF', types: [] }, /types: list at least one type/],
    [{ query: 'x'.repeat(501) }, /query: use at most 500 characters/],
  ])('rejects %j with BAD_USER_INPUT and says what to do', async (variables, message) => {
    const res = await search(variables);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({ path: ['search'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.body.errors![0].message).toMatch(message);
  });
});
