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

type Indexed = { id: string; type: string; names: string[]; text: string[] };

/** Each seed node as the full-text indexes see it: its names (title, name, aliases) and its other indexed text. */
const indexed: Indexed[] = [
  ...[...seed.papers.values()].map((p) => ({
    id: p.id as string,
    type: 'Paper',
    names: [p.title],
    text: [p.abstract as string],
  })),
  ...[...seed.authors.values()].map((a) => ({
    id: a.id as string,
    type: 'Author',
    names: [a.name, ...((a.aliases as string[]) ?? [])],
    text: [],
  })),
  ...[...seed.topics.values()].map((x) => ({
    id: x.id as string,
    type: 'Topic',
    names: [x.name],
    text: [x.description as string],
  })),
  ...[...seed.techniques.values()].map((x) => ({
    id: x.id as string,
    type: 'Technique',
    names: [x.name, ...(x.aliases ?? [])],
    text: [x.description as string],
  })),
];
const byId = new Map(indexed.map((n) => [n.id, n]));

/** Words as the index splits them: runs of letters and digits, lower-cased. */
const words = (text: string | undefined) => (text ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const wordsOf = (n: Indexed) => new Set([...n.names, ...n.text].flatMap(words));

/** Every seed node whose indexed text contains `word` as a whole word, read from seed/*.ndjson (not the index). */
function seedNodesMentioning(word: string): string[] {
  return indexed
    .filter((n) => wordsOf(n).has(word.toLowerCase()))
    .map((n) => n.id)
    .sort();
}

const keysOf = (hits: Hit[]) => hits.map((h) => h.node.key);
/** Best first, ties by id (the documented order). */
const expectRanked = (hits: Hit[]) => {
  for (let i = 1; i < hits.length; i++) {
    const [a, b] = [hits[i - 1]!, hits[i]!];
    expect(
      a.score > b.score || (a.score === b.score && a.node.key < b.node.key),
      `${a.node.key} before ${b.node.key}`,
    ).toBe(true);
  }
};
/** Every hit has at least one of the query's words in its indexed text (names and aliases included). */
const expectEveryHitMatches = (query: string, hits: Hit[]) => {
  const asked = words(query);
  for (const h of hits) {
    const node = byId.get(h.node.key);
    expect(node, `${h.node.key} is a seed node`).toBeDefined();
    expect(
      asked.some((w) => wordsOf(node!).has(w)),
      `${h.node.key} contains one of ${JSON.stringify(asked)}`,
    ).toBe(true);
  }
};
const TYPES = { Paper: 'PAPER', Author: 'AUTHOR', Topic: 'TOPIC', Technique: 'TECHNIQUE' } as const;

describe('search', () => {
  it('finds "RLHF" in one query: the technique whose alias it is first, then the one paper mentioning it', async () => {
    // Independently: exactly these two seed nodes contain the word at all.
    expect(seedNodesMentioning('RLHF')).toEqual(['arxiv:2312.09390', 'technique:rlhf']);
    t.queries.length = 0;
    const res = await search({ query: 'RLHF' });
    expect(keysOf(res.body.data!.search)).toEqual(['technique:rlhf', 'arxiv:2312.09390']);
    expectRanked(res.body.data!.search);
    expect(t.queries).toHaveLength(1);
  });

  it('searches user text literally: Lucene syntax and operators are escaped or ignored', async () => {
    const plain = await search({ query: 'RLHF' });
    const noisy = await search({ query: '(RLHF] AND' });
    expect(noisy.body.errors).toBeUndefined();
    expect(keysOf(noisy.body.data!.search)).toEqual(keysOf(plain.body.data!.search));
  });

  /**
   * The node named exactly like the query is found, and only a node whose name (title, name or
   * alias) holds the whole query as a phrase may rank above it: "Large language models" may come
   * before the topic "Language models" (BM25 also weighs its description); a node that merely
   * mentions the words in its abstract or description may not.
   */
  const exactProblem = async (query: string, type: keyof typeof TYPES, isExact: (n: Indexed) => boolean) => {
    const hits = (await search({ query, types: [TYPES[type]], first: 10 })).body.data!.search;
    expectRanked(hits);
    const at = hits.findIndex((h) => isExact(byId.get(h.node.key)!));
    if (at < 0) return `${query}: not in the first 10`;
    const phrase = ` ${words(query).join(' ')} `;
    const holds = (h: Hit) => byId.get(h.node.key)!.names.some((n) => ` ${words(n).join(' ')} `.includes(phrase));
    const ahead = hits.slice(0, at).filter((h) => !holds(h));
    return ahead.length ? `${query}: behind ${keysOf(ahead)}` : null;
  };

  it('ranks the exact title or name first (or behind names holding the same phrase), for every seed node', async () => {
    const wrong: string[] = [];
    for (const node of indexed) {
      const name = node.names[0]!;
      const exact = (n: Indexed) => n.names[0]!.toLowerCase() === name.toLowerCase();
      const problem = await exactProblem(name, node.type as keyof typeof TYPES, exact);
      if (problem) wrong.push(problem);
    }
    expect(wrong).toEqual([]);
  });

  it('ranks a technique first when the query is exactly one of its aliases (or behind names holding it)', async () => {
    const wrong: string[] = [];
    for (const technique of seed.techniques.values()) {
      for (const alias of technique.aliases ?? []) {
        const same = (n: Indexed) => n.names.some((x) => x.toLowerCase() === alias.toLowerCase());
        const problem = await exactProblem(alias, 'Technique', same);
        if (problem) wrong.push(problem);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    'consistency',
    'diffusion',
    'reward',
    'preferences',
    'transformer',
    'alignment',
    'sutskever',
    'interpretability',
  ])('finds exactly the seed nodes containing "%s", each type only under its own filter', async (word) => {
    const expected = seedNodesMentioning(word);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(100);
    const all = (await search({ query: word, first: 100 })).body.data!.search;
    expectRanked(all);
    expect(keysOf(all).sort()).toEqual(expected);
    for (const [typename, type] of Object.entries(TYPES)) {
      const only = (await search({ query: word, types: [type], first: 100 })).body.data!.search;
      expect(new Set(only.map((h) => h.node.__typename))).toEqual(new Set(only.length ? [typename] : []));
      // The same hits, in the same order, as the unfiltered search restricted to the type.
      expect(keysOf(only)).toEqual(keysOf(all.filter((h) => h.node.__typename === typename)));
    }
  });

  it.each([
    ['GPT-4 Technical Report', ['PAPER']],
    ['human feedback reward model', undefined],
    ['score-based generative modeling', undefined],
    ['Jan Leike', ['AUTHOR', 'PAPER']],
    ['chain of thought', ['PAPER', 'TECHNIQUE', 'TOPIC']],
  ] as const)('every hit for "%s" (types %j) contains one of its words, best first', async (query, types) => {
    const hits = (await search({ query, types, first: 100 })).body.data!.search;
    expect(hits.length).toBeGreaterThan(0);
    expectRanked(hits);
    expectEveryHitMatches(query, hits);
    if (types) for (const h of hits) expect(types).toContain(TYPES[h.node.__typename as keyof typeof TYPES]);
  });

  it('honours `first`: the top of a longer list', async () => {
    const long = (await search({ query: 'learning', first: 20 })).body.data!.search;
    const res = await search({ query: 'learning', first: 3 });
    expect(res.body.data!.search).toEqual(long.slice(0, 3));
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
    expect(res.body.errors?.[0]?.message).toMatch(message);
  });
});

describe('search hits read as their fragments select them', () => {
  const EVERYTHING = `query($q: String!) { search(query: $q, first: 30) { score node { __typename
    ... on Paper { id key title authors { key name } topics { key parent { key } } techniques { role technique { key } } }
    ... on Author { id key name papers(first: 2) { totalCount edges { node { key } } } }
    ... on Topic { id key name parent { key } children { key } }
    ... on Technique { id key name ancestors(maxDepth: 2) { depth technique { key } } buildsOn { technique { key } } } } } }`;

  it('projects only the selected properties of each kind of hit', async () => {
    const res = await t.gql<{ search: Hit[] }>(
      'query($q: String!) { search(query: $q, first: 20) { node { ... on Paper { key title } ... on Technique { key } } } }',
      { q: 'language model' },
      { 'x-papergraph-explain': '1' },
    );
    expect(res.body.errors).toBeUndefined();
    const queries = (res.body.extensions?.explain as { queries: { cypher: string }[] } | undefined)?.queries ?? [];
    expect(queries).toHaveLength(1);
    expect(queries[0]!.cypher).toContain('.title');
    expect(queries[0]!.cypher).not.toContain('.abstract');
    expect(queries[0]!.cypher).not.toContain('.description');
  });

  it('fetches the hits’ relations in the same statement, and answers as loading each hit by id does', async () => {
    const ahead = await t.gql<{ search: { node: { id: string; __typename: string } & Record<string, unknown> }[] }>(
      EVERYTHING,
      { q: 'Sutskever language model safety' },
      { 'x-papergraph-explain': '1' },
    );
    expect(ahead.body.errors).toBeUndefined();
    const hits = ahead.body.data!.search;
    // Every kind of hit, so every kind's relations are exercised.
    expect(new Set(hits.map((h) => h.node.__typename))).toEqual(new Set(['Paper', 'Author', 'Topic', 'Technique']));
    // The hits and the relations of all four kinds: one statement (Technique.ancestors aggregates: batched).
    const queries = (ahead.body.extensions?.explain as { queries: { name: string }[] } | undefined)?.queries ?? [];
    expect(queries.map((q) => q.name)).toEqual([
      'search-paper+authors+techniques+topics(+parent)-author+papers-topic+children+parent-technique+buildsOn',
      'technique-ancestors-2',
    ]);
    const fragments = EVERYTHING.slice(EVERYTHING.indexOf('... on Paper'), EVERYTHING.lastIndexOf('} } }'));
    const separate = await t.gql<{ nodes: unknown[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ${fragments} } }`,
      { ids: hits.map((h) => h.node.id) },
    );
    expect(separate.body.errors).toBeUndefined();
    expect(separate.body.data!.nodes).toEqual(hits.map((h) => h.node));
  });
});
