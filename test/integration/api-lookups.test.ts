import { describe, expect, it } from 'vitest';
import { type GqlResult, useTestApp } from '../helpers/app.js';
import { collaborationDistance, loadSeedGraph } from '../helpers/seed-graph.js';

const t = useTestApp();
const seed = loadSeedGraph();

/** Co-authors of `author` from the seed: persons only, ranked by shared papers then name. */
function expectedCoauthors(author: string) {
  const shared = new Map<string, string[]>();
  for (const p of seed.papers.values()) {
    if (!p.authors.includes(author)) continue;
    for (const other of p.authors) {
      if (other === author || seed.authors.get(other)?.kind === 'organization') continue;
      shared.set(other, [...(shared.get(other) ?? []), p.id as string]);
    }
  }
  return [...shared.entries()]
    .map(([key, papers]) => ({ key, name: seed.authors.get(key)!.name, shared: papers.length }))
    .sort(
      (a, b) =>
        b.shared - a.shared || a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.key.localeCompare(b.key),
    );
}

describe('lookups', () => {
  it('finds a paper by readable id, arXiv id and global id, with authors in byline order', async () => {
    const byKey = await t.gql<{
      paper: { id: string; key: string; authors: { key: string }[]; topics: { key: string }[] };
    }>('{ paper(id: "arxiv:2305.20050") { id key authors { key } topics { key } } }');
    const expected = seed.papers.get('arxiv:2305.20050')!;
    expect(byKey.body.data!.paper.authors.map((a) => a.key)).toEqual(expected.authors);
    expect(byKey.body.data!.paper.topics.map((x) => x.key).sort()).toEqual([...expected.topics].sort());

    const byArxiv = await t.gql('{ paper(arxivId: "2305.20050") { key title year kind } }');
    expect(byArxiv.body).toEqual({
      data: { paper: { key: 'arxiv:2305.20050', title: "Let's Verify Step by Step", year: 2023, kind: 'PAPER' } },
    });

    const globalId = byKey.body.data!.paper.id;
    const viaNode = await t.gql(
      `{ node(id: "${globalId}") { __typename ... on Paper { key } } nodes(ids: ["${globalId}"]) { id } paper(id: "${globalId}") { key } }`,
    );
    expect(viaNode.body).toEqual({
      data: {
        node: { __typename: 'Paper', key: 'arxiv:2305.20050' },
        nodes: [{ id: globalId }],
        paper: { key: 'arxiv:2305.20050' },
      },
    });
  });

  it('answers NOT_FOUND for unknown ids and BAD_USER_INPUT for malformed ones', async () => {
    const missing = await t.gql('{ paper(id: "arxiv:0000.00000") { key } }');
    expect(missing.body).toEqual({
      data: { paper: null },
      errors: [
        expect.objectContaining({ message: 'No paper with id "arxiv:0000.00000".', extensions: { code: 'NOT_FOUND' } }),
      ],
    });
    const malformed = await t.gql('{ paper(id: "%%%") { key } }');
    expect(malformed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.body.errors?.[0]?.message).toMatch(/neither a readable id/);
    const wrongType = await t.gql('{ author(id: "VGVjaG5pcXVlOnRlY2huaXF1ZTpybGhm") { key } }');
    expect(wrongType.body.errors?.[0]?.message).toBe(
      '"VGVjaG5pcXVlOnRlY2huaXF1ZTpybGhm" is the global id of a Technique, not of a Author.',
    );
    const neither = await t.gql('{ topic { key } }');
    expect(neither.body.errors?.[0]).toMatchObject({
      message: 'Give `id` or `name`.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('finds authors, topics and techniques by name (aliases, any case)', async () => {
    const res = await t.gql(`{
      a: author(name: "harrison EDWARDS") { key name aliases }
      t: topic(name: "ALIGNMENT") { key parent { key } children { key } }
      x: technique(name: "ppo") { key name }
    }`);
    const alignment = seed.topics.get('topic:alignment')!;
    // The one seed author with "Harrison Edwards" as name or alias (one person, two bylines).
    const edwards = [...seed.authors.values()].find(
      (a) => a.name === 'Harrison Edwards' || (a.aliases as string[] | undefined)?.includes('Harrison Edwards'),
    )!;
    const children = [...seed.topics.values()].filter((x) => x.parent === 'topic:alignment').map((x) => x.id);
    expect(res.body.data).toEqual({
      a: { key: edwards.id, name: edwards.name, aliases: edwards.aliases },
      t: { key: 'topic:alignment', parent: { key: alignment.parent }, children: children.map((key) => ({ key })) },
      x: { key: 'technique:ppo', name: 'Proximal policy optimization' },
    });
  });
});

describe('papers list', () => {
  const LIST = `query($where: PaperFilter, $orderBy: PaperOrder, $first: Int, $after: String) {
    papers(where: $where, orderBy: $orderBy, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { key year title citationCount } }
    } }`;
  type ListData = {
    papers: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { cursor: string; node: { key: string; year: number; title: string; citationCount: number } }[];
    };
  };

  async function walk(variables: Record<string, unknown>, pageSize: number) {
    const keys: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let guard = 0; guard < 50; guard++) {
      const res: GqlResult<ListData> = await t.gql<ListData>(LIST, { ...variables, first: pageSize, after });
      expect(res.body.errors).toBeUndefined();
      total = res.body.data!.papers.totalCount;
      keys.push(...res.body.data!.papers.edges.map((e) => e.node.key));
      if (!res.body.data!.papers.pageInfo.hasNextPage) break;
      after = res.body.data!.papers.pageInfo.endCursor;
    }
    return { keys, total };
  }

  it('walks every page without duplicates or gaps, newest first by default', async () => {
    const { keys, total } = await walk({}, 7);
    const expected = [...seed.papers.values()]
      .sort((a, b) => b.published.localeCompare(a.published) || (a.id as string).localeCompare(b.id as string))
      .map((p) => p.id);
    expect(total).toBe(seed.papers.size);
    expect(keys).toEqual(expected);
  });

  it('filters by year range, topic (with subtopics), technique alias and author, all inside Cypher', async () => {
    const { keys } = await walk({ where: { yearFrom: 2022, yearTo: 2023, technique: 'chain of thought' } }, 100);
    const usesCot = new Set(
      seed.edges
        .filter((e) => ['USES', 'INTRODUCES'].includes(e.relation) && e.to === 'technique:chain-of-thought')
        .map((e) => e.from),
    );
    const expected = [...seed.papers.values()]
      .filter((p) => usesCot.has(p.id as string) && p.published >= '2022' && p.published < '2024')
      .sort((a, b) => b.published.localeCompare(a.published))
      .map((p) => p.id);
    expect(keys).toEqual(expected);

    const byAuthor = await walk({ where: { author: 'author:ilya-sutskever', kind: 'SYSTEM_CARD' } }, 100);
    expect(byAuthor.keys.sort()).toEqual(
      [...seed.papers.values()]
        .filter((p) => p.kind === 'system_card' && p.authors.includes('author:ilya-sutskever'))
        .map((p) => p.id)
        .sort(),
    );

    const root = [...seed.topics.values()].find(
      (x) => !x.parent && [...seed.topics.values()].some((c) => c.parent === x.id),
    )!;
    const inTree = new Set([
      root.id,
      ...[...seed.topics.values()].filter((c) => c.parent === root.id).map((c) => c.id),
    ]);
    const byTopic = await walk({ where: { topic: root.name } }, 100);
    expect(byTopic.keys.sort()).toEqual(
      [...seed.papers.values()]
        .filter((p) => p.topics.some((x) => inTree.has(x)))
        .map((p) => p.id)
        .sort(),
    );
  });

  it('sorts by citations and by title', async () => {
    const byCitations = await t.gql<ListData>(LIST, { orderBy: { field: 'CITATIONS', direction: 'DESC' }, first: 3 });
    const counts = new Map<string, number>();
    for (const e of seed.edges) if (e.relation === 'CITES') counts.set(e.to, (counts.get(e.to) ?? 0) + 1);
    const top = [...seed.papers.keys()]
      .map((key) => ({ key, n: counts.get(key) ?? 0, published: seed.papers.get(key)!.published }))
      .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key))
      .slice(0, 3);
    expect(byCitations.body.data!.papers.edges.map((e) => [e.node.key, e.node.citationCount])).toEqual(
      top.map((x) => [x.key, x.n]),
    );

    const byTitle = await walk({ orderBy: { field: 'TITLE', direction: 'ASC' } }, 50);
    const titles = byTitle.keys.map((k) => seed.papers.get(k)!.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
  });

  it('finds papers by words of the abstract', async () => {
    const { keys } = await walk({ where: { text: 'process supervision' } }, 100);
    expect(keys).toContain('arxiv:2305.20050');
  });

  it.each([
    [{ first: 101 }, /`first` must be between 0 and 100 \(got 101\)/],
    [{ first: -1 }, /`first` must be between 0 and 100/],
    [{ after: 'bm9wZQ==' }, /Invalid pagination arguments/],
    [{ where: { yearFrom: 2024, yearTo: 2020 } }, /yearFrom \(2024\) is after yearTo \(2020\)/],
  ])('rejects %j', async (variables, message) => {
    const res = await t.gql(LIST, variables);
    expect(res.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(message),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe('authors', () => {
  it('ranks co-authors by shared papers, with the papers', async () => {
    const res = await t.gql<{
      author: { coauthors: { sharedPapers: number; author: { key: string }; papers: { key: string }[] }[] };
    }>('{ author(id: "author:alec-radford") { coauthors(first: 5) { sharedPapers author { key } papers { key } } } }');
    const expected = expectedCoauthors('author:alec-radford').slice(0, 5);
    const got = res.body.data!.author.coauthors;
    expect(got.map((c) => [c.author.key, c.sharedPapers])).toEqual(expected.map((c) => [c.key, c.shared]));
    for (const c of got) {
      expect(c.papers).toHaveLength(c.sharedPapers);
      for (const p of c.papers)
        expect(seed.papers.get(p.key)!.authors).toEqual(expect.arrayContaining(['author:alec-radford', c.author.key]));
    }
  });

  it('explains who connects two authors, paper by paper', async () => {
    const res = await t.gql<{
      collaborationPath: {
        length: number;
        authors: { key: string }[];
        steps: { from: { key: string }; to: { key: string }; paper: { key: string } }[];
      };
    }>(
      '{ collaborationPath(from: "author:paul-christiano", to: "author:yang-song") { length authors { key } steps { from { key } to { key } paper { key } } } }',
    );
    const path = res.body.data!.collaborationPath;
    expect(path.authors[0]?.key).toBe('author:paul-christiano');
    expect(path.authors.at(-1)!.key).toBe('author:yang-song');
    expect(path.length).toBe(path.steps.length);
    expect(path.authors).toHaveLength(path.length + 1);
    // As short as the seed's shortest chain (Christiano and Song never wrote together).
    expect(path.length).toBe(collaborationDistance(seed, 'author:paul-christiano', 'author:yang-song', 6));
    expect(path.length).toBeGreaterThanOrEqual(2);
    path.steps.forEach((s, i) => {
      expect(s.from.key).toBe(path.authors[i]?.key);
      expect(s.to.key).toBe(path.authors[i + 1]?.key);
      expect(seed.papers.get(s.paper.key)!.authors).toEqual(expect.arrayContaining([s.from.key, s.to.key]));
      expect(seed.authors.get(s.to.key)!.kind).not.toBe('organization');
    });
  });

  it('answers null when no path fits in maxLength, and rejects bad lengths', async () => {
    const short = await t.gql(
      '{ collaborationPath(from: "author:paul-christiano", to: "author:yang-song", maxLength: 1) { length } }',
    );
    expect(short.body).toEqual({ data: { collaborationPath: null } });
    const bad = await t.gql(
      '{ collaborationPath(from: "author:paul-christiano", to: "author:yang-song", maxLength: 0) { length } }',
    );
    expect(bad.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await t.gql(
      '{ collaborationPath(from: "author:nobody-at-all", to: "author:yang-song") { length } }',
    );
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: 'No author with id "author:nobody-at-all".',
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

describe('papers in context', () => {
  it('lists related papers with every reason and a score that adds up', async () => {
    const res = await t.gql<{
      paper: {
        related: { score: number; paper: { key: string }; reasons: { kind: string; key: string; weight: number }[] }[];
      };
    }>('{ paper(id: "arxiv:2305.20050") { related(first: 5) { score paper { key } reasons { kind key weight } } } }');
    const related = res.body.data!.paper.related;
    expect(related).toHaveLength(5);
    for (const r of related) {
      expect(r.score).toBe(r.reasons.reduce((s, x) => s + x.weight, 0));
      for (const reason of r.reasons.filter((x) => x.kind === 'AUTHOR')) {
        expect(seed.papers.get(r.paper.key)!.authors).toContain(reason.key);
        expect(seed.papers.get('arxiv:2305.20050')!.authors).toContain(reason.key);
      }
    }
    expect(related.map((r) => r.score)).toEqual([...related.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('pages cites and citedBy, with totals matching the seed', async () => {
    const res = await t.gql<{
      paper: { cites: { totalCount: number; edges: { node: { key: string } }[] }; citedBy: { totalCount: number } };
    }>(
      '{ paper(id: "arxiv:2203.02155") { cites(first: 2) { totalCount edges { node { key } } } citedBy { totalCount } } }',
    );
    const cites = seed.edges.filter((e) => e.relation === 'CITES' && e.from === 'arxiv:2203.02155');
    const citedBy = seed.edges.filter((e) => e.relation === 'CITES' && e.to === 'arxiv:2203.02155');
    expect(res.body.data!.paper.cites.totalCount).toBe(cites.length);
    expect(res.body.data!.paper.cites.edges).toHaveLength(Math.min(2, cites.length));
    expect(res.body.data!.paper.citedBy.totalCount).toBe(citedBy.length);
  });
});
