import { describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { useTestApp } from '../helpers/app.js';
import { prefetchableRelations } from '../helpers/prefetchable.js';

const t = useTestApp();
// Same server, pointed at a database that does not exist: every query fails inside Neo4j.
const broken = useTestApp({ env: { NEO4J_DATABASE: 'no-such-database' } });
const closed = useTestApp({ env: { INTROSPECTION: 'false' } });

const THREE_LEVELS = `{
  papers(first: 5) {
    edges { node {
      key
      authors { key papers(first: 3) { edges { node { key techniques { role technique { key } } } } } }
    } }
  }
}`;

describe('round trips', () => {
  it('fetches selected links with their rows: one Cypher query for three levels, however many parents', async () => {
    t.queries.length = 0;
    const res = await t.gql<{ papers: { edges: { node: { authors: { papers: { edges: unknown[] } }[] } }[] } }>(
      THREE_LEVELS,
    );
    expect(res.body.errors).toBeUndefined();
    const authors = res.body.data!.papers.edges.flatMap((e) => e.node.authors);
    // Real fan-out: many authors and their papers, yet a constant number of queries.
    expect(authors.length).toBeGreaterThan(10);
    expect(authors.flatMap((a) => a.papers.edges).length).toBeGreaterThan(10);
    // Authors, their papers and those papers' techniques come with the page of papers.
    expect(t.queries).toHaveLength(1);
    // Without a parent that prefetches (papers loaded by id), the same answer takes more round trips.
    const keys = await t.gql<{ papers: { edges: { node: { id: string } }[] } }>(
      '{ papers(first: 5) { edges { node { id } } } }',
    );
    t.queries.length = 0;
    const byLevel = await t.gql<{ nodes: unknown[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Paper {
         key authors { key papers(first: 3) { edges { node { key techniques { role technique { key } } } } } } } } }`,
      { ids: keys.body.data!.papers.edges.map((e) => e.node.id) },
    );
    expect(byLevel.body.data!.nodes).toEqual(res.body.data!.papers.edges.map((e) => e.node));
    expect(t.queries.length).toBeGreaterThan(1);
  });

  it.each([
    ['Topics', /^topics-list\+children\+papers\+parent\+techniques$/],
    ['Author', /^author-by-name\+coauthors\+papers$/],
    ['Explained', /^technique-by-ref\+builtUponBy$/],
    ['TechniqueEvolution', /^technique-by-ref\+ancestors\[4\]\(\+path\)\+descendants\[4\]\+introducedBy$/],
    ['Paper', /^paper-by-arxivid\+authors\+cites\+related\+techniques\(\+evidence\)\+topics\(\+parent\)$/],
  ])('answers the GraphiQL %s example in one Cypher query', async (name, query) => {
    const tab = examples.tabs.find((x) => x.query.includes(`query ${name} {`));
    expect(tab).toBeDefined();
    t.queries.length = 0;
    const res = await t.gql(tab!.query);
    expect(res.body.errors).toBeUndefined();
    expect(JSON.stringify(res.body.data).length).toBeGreaterThan(200);
    expect(t.queries.map((q) => q.name)).toEqual([expect.stringMatching(query)]);
  });

  describe('every prefetchable relation', () => {
    const relations = prefetchableRelations();
    // A node of each parent type with something on every relation (`Type.field` where one node has not).
    const samples: Record<string, string> = {
      Paper: 'arxiv:2203.02155',
      Author: 'author:ilya-sutskever',
      Topic: 'topic:ai-safety',
      Technique: 'technique:rlhf',
      'Topic.parent': 'topic:alignment',
    };

    it('is found in the schema', () => {
      expect(relations.map((r) => `${r.type}.${r.field}`)).toEqual(
        expect.arrayContaining([
          'Paper.authors',
          'Paper.topics',
          'Paper.techniques',
          'Paper.cites',
          'Paper.citedBy',
          'Paper.related',
          'Author.papers',
          'Author.coauthors',
          'Topic.parent',
          'Topic.children',
          'Topic.techniques',
          'Topic.papers',
          'Technique.topics',
          'Technique.introducedBy',
          'Technique.buildsOn',
          'Technique.builtUponBy',
          'Technique.ancestors',
          'Technique.descendants',
        ]),
      );
    });

    it.each(relations)(
      '$field of $type comes with its parent in one query, and answers as its fallback does',
      async ({ type, field, selection }) => {
        const id = samples[`${type}.${field}`] ?? samples[type];
        expect(id, `a sample ${type} for the round-trip test`).toBeDefined();
        const root = `${type[0]!.toLowerCase()}${type.slice(1)}`;
        t.queries.length = 0;
        const ahead = await t.gql<Record<string, Record<string, unknown>>>(
          `query($id: ID!) { one: ${root}(id: $id) { id ${field} ${selection} } }`,
          { id },
        );
        expect(ahead.body.errors).toBeUndefined();
        expect(t.queries).toHaveLength(1);
        const value = ahead.body.data!.one![field];
        expect(JSON.stringify(value)).not.toMatch(/^(\[\]|null|\{"totalCount":0.*)$/);
        t.queries.length = 0;
        const separate = await t.gql<{ node: Record<string, unknown> }>(
          `query($id: ID!) { node(id: $id) { ... on ${type} { ${field} ${selection} } } }`,
          { id: ahead.body.data!.one!.id },
        );
        expect(separate.body.errors).toBeUndefined();
        expect(t.queries.length).toBeGreaterThan(1);
        expect(separate.body.data!.node[field]).toEqual(value);
      },
    );
  });

  it('batches a relation that aggregates (co-authors) below another one: one query per level', async () => {
    const selection = 'authors { key coauthors(first: 3) { author { key } sharedPapers papers { key } } }';
    t.queries.length = 0;
    const ahead = await t.gql<{ paper: { id: string; authors: unknown[] } }>(
      `{ paper(id: "arxiv:2203.02155") { id ${selection} } }`,
    );
    expect(ahead.body.errors).toBeUndefined();
    // Neo4j refuses an aggregation nested in another row's projection: the paper with its
    // authors, then every author's co-authors in one batched query.
    expect(t.queries).toHaveLength(2);
    expect(ahead.body.data!.paper.authors.length).toBeGreaterThan(3);
    t.queries.length = 0;
    const separate = await t.gql<{ node: { authors: unknown[] } }>(
      `query($id: ID!) { node(id: $id) { ... on Paper { ${selection} } } }`,
      { id: ahead.body.data!.paper.id },
    );
    expect(t.queries.length).toBeGreaterThan(2);
    expect(separate.body.data!.node.authors).toEqual(ahead.body.data!.paper.authors);
  });

  it('answers the same with links fetched ahead as with one batched query per level', async () => {
    const fields = `id key title abstract published year arxivId url kind citationCount
      authors { key name kind aliases } topics { key name }
      techniques { role technique { key name aliases description } evidence confidence }
      uses: techniques(role: USES) { technique { key } }`;
    // `papers` and `paper` fetch links ahead; `nodes` loads papers by id and each link level separately.
    const ahead = await t.gql<{ papers: { edges: { node: { id: string; key: string } }[] } }>(
      `{ papers(first: 28, orderBy: {field: TITLE, direction: ASC}) { edges { node { ${fields} } } } }`,
    );
    expect(ahead.body.errors).toBeUndefined();
    const list = ahead.body.data!.papers.edges.map((e) => e.node);
    expect(list.length).toBeGreaterThanOrEqual(25);
    t.queries.length = 0;
    const one = await t.gql<{ paper: unknown }>(`query($k: ID!) { paper(id: $k) { ${fields} } }`, {
      k: list[0]!.key,
    });
    expect(one.body.data!.paper).toEqual(list[0]);
    // The paper with its links (the techniques' edges read for the selected evidence and confidence);
    // the role-filtered techniques load on their own.
    expect(t.queries.map((q) => q.name)).toEqual([
      'papers-by-ids+authors+techniques(+confidence+evidence)+topics',
      'paper-techniques-uses',
    ]);
    t.queries.length = 0;
    const separate = await t.gql<{ nodes: unknown[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Paper { ${fields} } } }`,
      {
        ids: list.map((p) => p.id),
      },
    );
    expect(separate.body.data!.nodes).toEqual(list);
    expect(t.queries.map((q) => q.name).sort()).toEqual([
      'paper-authors',
      'paper-techniques-any+confidence+evidence',
      'paper-techniques-uses',
      'paper-topics',
      'papers-by-ids',
    ]);
  });

  it('looks up co-authors with their author in one query when the arguments allow', async () => {
    const query = `query($id: ID!, $n: Int!) { author(id: $id) { key coauthors(first: $n) { author { key } sharedPapers } } }`;
    t.queries.length = 0;
    const ahead = await t.gql<{ author: { coauthors: unknown[] } }>(query, { id: 'author:ilya-sutskever', n: 5 });
    expect(ahead.body.errors).toBeUndefined();
    expect(t.queries).toHaveLength(1);
    expect(ahead.body.data!.author.coauthors).toHaveLength(5);
    t.queries.length = 0;
    const twice = await t.gql<{ author: { coauthors: unknown[]; more: unknown[] } }>(
      `{ author(id: "author:ilya-sutskever") { coauthors(first: 5) { author { key } sharedPapers }
         more: coauthors(first: 6) { author { key } sharedPapers } } }`,
    );
    // Two differently-argued selections: the first comes with the author, the other loads its own.
    expect(t.queries).toHaveLength(2);
    expect(twice.body.data!.author.coauthors).toEqual(ahead.body.data!.author.coauthors);
    expect(twice.body.data!.author.more.slice(0, 5)).toEqual(ahead.body.data!.author.coauthors);
    const bad = await t.gql(query, { id: 'author:ilya-sutskever', n: 0 });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows the Cypher it ran when asked, and nothing when not', async () => {
    const plain = await t.gql('{ technique(name: "RLHF") { key } }');
    expect(plain.body.extensions).toBeUndefined();
    const explained = await t.gql(
      '{ technique(name: "RLHF") { key introducedBy { key } ancestors(maxDepth: 2) { depth } } }',
      undefined,
      { 'x-papergraph-explain': '1' },
    );
    const explain = explained.body.extensions?.explain as {
      queryCount: number;
      queries: { name: string; cypher: string; params: Record<string, unknown>; mode: string }[];
    };
    expect(explain.queryCount).toBe(1);
    // Ancestors come with the technique, their depth a literal of the query variant ([2]).
    expect(explain.queries.map((q) => [q.name, q.mode])).toEqual([
      ['technique-by-ref+ancestors[2]+introducedBy', 'READ'],
    ]);
    expect(explain.queries[0]?.cypher).toContain('WHERE $ref.key IN n.lookupKeys');
    expect(explain.queries[0]?.cypher).toContain('[:BUILDS_ON*1..2]');
    // introducedBy's default provenance filter (mined INTRODUCES left out), as parameters of its link.
    expect(explain.queries[0]?.params).toEqual({
      ref: { id: null, key: 'rlhf' },
      introducedBy_sources: ['API', 'CURATED', 'IMPORT'],
      introducedBy_includeContrast: false,
    });
  });

  it('reads a technique link’s evidence and provenance only when they are selected', async () => {
    type Explain = { queries: { name: string; cypher: string }[] };
    const ask = async (fields: string, role = '') => {
      const res = await t.gql<{ paper: { techniques: Record<string, unknown>[] } }>(
        `{ paper(id: "arxiv:2303.08774") { techniques${role} { role ${fields} technique { key } } } }`,
        undefined,
        { 'x-papergraph-explain': '1' },
      );
      expect(res.body.errors).toBeUndefined();
      const explain = res.body.extensions?.explain as Explain | undefined;
      expect(explain).toBeDefined();
      const cypher = (explain?.queries ?? []).map((q) => q.cypher).join('\n');
      return { uses: res.body.data!.paper.techniques, cypher };
    };
    const bare = await ask('');
    expect(bare.cypher).not.toMatch(/evidence:|confidence:|source:|mentionKind:/);
    const full = await ask('evidence confidence source mentionKind');
    expect(full.cypher).toMatch(/evidence:.*confidence:.*source:.*mentionKind:/s);
    expect(full.uses.length).toBeGreaterThan(0);
    expect(full.uses.map(({ role, technique }) => ({ role, technique }))).toEqual(bare.uses);
    expect(full.uses.every((u) => typeof u.evidence === 'string' && u.source === 'curated')).toBe(true);
    // mentionKind alone still reads `source` (it is answered for mined links only).
    const kind = await ask('mentionKind');
    expect(kind.cypher).toMatch(/source:.*mentionKind:/s);
    expect(kind.cypher).not.toMatch(/evidence:|confidence:/);
    // A role filter loads through the batched fallback, planned the same way.
    const introduced = await ask('evidence', '(role: INTRODUCES)');
    expect(introduced.cypher).toMatch(/evidence:/);
    expect(introduced.cypher).not.toMatch(/confidence:|source:/);
    expect(introduced.uses).toEqual(
      full.uses
        .filter((u) => u.role === 'INTRODUCES')
        .map(({ role, evidence, technique }) => ({ role, evidence, technique })),
    );
  });

  it('accepts ?explain=1 on the URL too', async () => {
    const res = await t.app.fetch('http://papergraph/graphql?explain=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ topic(id: "topic:alignment") { name } }' }),
    });
    const body = await res.json();
    expect(body.extensions.explain.queries[0].name).toBe('topics-by-ids');
  });
});

describe('errors', () => {
  it('masks unexpected errors: generic message, no stack, no Cypher, no internals', async () => {
    const res = await broken.gql('{ paper(id: "arxiv:2303.08774") { title } }');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { paper: null },
      errors: [
        {
          message: 'Unexpected error.',
          locations: [{ line: 1, column: 3 }],
          path: ['paper'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/no-such-database|MATCH|stack|Neo4j/i);
  });

  it('answers GraphQL syntax and validation errors with a 4xx and a message a person can act on', async () => {
    const strict = { accept: 'application/graphql-response+json' };
    const syntax = await t.gql('{ paper(id: "x" { key } }', undefined, strict);
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]?.message).toMatch(/Syntax Error/);
    const unknownField = await t.gql('{ paper(id: "arxiv:2303.08774") { colour } }', undefined, strict);
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors?.[0]?.message).toMatch(/Cannot query field "colour" on type "Paper"/);
  });
});

describe('introspection', () => {
  it('is on by default outside production, and can be switched off', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect((await t.gql(query)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const res = await closed.gql(query);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0]?.message).toMatch(/introspection/i);
  });
});
