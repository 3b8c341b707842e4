import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

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
    expect(t.queries.map((q) => q.name)).toEqual(['papers-list']);
    expect(t.queries[0].cypher).toContain('authors: COLLECT');
    expect(t.queries[0].cypher).toContain('papersPage: {');
    // Without the lookahead (papers loaded by id), the same answer takes one query per level.
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
    expect(t.queries.map((q) => q.name)).toEqual(['papers-by-ids', 'paper-authors', 'author-papers+techniques']);
  });

  it('answers the same with links fetched ahead as with one batched query per level', async () => {
    const fields = `id key title abstract published year arxivId url kind citationCount
      authors { key name kind aliases } topics { key }
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
      k: list[0].key,
    });
    expect(one.body.data!.paper).toEqual(list[0]);
    expect(t.queries.map((q) => q.name)).toEqual(['papers-by-ids+authors+topics+techniques', 'paper-techniques-uses']);
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
      'paper-techniques-any',
      'paper-techniques-uses',
      'paper-topics',
      'papers-by-ids',
    ]);
  });

  it('looks up co-authors with their author in one query when the arguments allow', async () => {
    const query = `query($id: ID!, $n: Int!) { author(id: $id) { key coauthors(first: $n) { author { key } sharedPapers } } }`;
    t.queries.length = 0;
    const ahead = await t.gql<{ author: { coauthors: unknown[] } }>(query, { id: 'author:ilya-sutskever', n: 5 });
    expect(t.queries.map((q) => q.name)).toEqual(['authors-by-ids+coauthors']);
    expect(ahead.body.data!.author.coauthors).toHaveLength(5);
    t.queries.length = 0;
    const twice = await t.gql<{ author: { coauthors: unknown[]; more: unknown[] } }>(
      `{ author(id: "author:ilya-sutskever") { coauthors(first: 5) { author { key } sharedPapers }
         more: coauthors(first: 6) { author { key } sharedPapers } } }`,
    );
    // Two differently-argued selections: the lookup stays plain and each field loads its own.
    expect(t.queries.map((q) => q.name).sort()).toEqual(['author-coauthors', 'author-coauthors', 'authors-by-ids']);
    expect(twice.body.data!.author.coauthors).toEqual(ahead.body.data!.author.coauthors);
    expect(twice.body.data!.author.more.slice(0, 5)).toEqual(ahead.body.data!.author.coauthors);
    const bad = await t.gql(query, { id: 'author:ilya-sutskever', n: 0 });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows the Cypher it ran when asked, and nothing when not', async () => {
    const plain = await t.gql('{ technique(name: "RLHF") { key } }');
    expect(plain.body.extensions).toBeUndefined();
    const explained = await t.gql('{ technique(name: "RLHF") { key introducedBy { key } } }', undefined, {
      'x-papergraph-explain': '1',
    });
    const explain = explained.body.extensions?.explain as {
      queryCount: number;
      queries: { name: string; cypher: string; params: Record<string, unknown>; mode: string }[];
    };
    expect(explain.queryCount).toBe(2);
    expect(explain.queries.map((q) => [q.name, q.mode])).toEqual([
      ['technique-by-ref', 'READ'],
      ['technique-introduced-by', 'READ'],
    ]);
    expect(explain.queries[0].cypher).toContain('WHERE $ref.key IN n.lookupKeys');
    expect(explain.queries[0].params).toEqual({ ref: { id: null, key: 'rlhf' } });
    expect(explain.queries[1].params).toEqual({ ids: ['technique:rlhf'] });
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
    expect(syntax.body.errors?.[0].message).toMatch(/Syntax Error/);
    const unknownField = await t.gql('{ paper(id: "arxiv:2303.08774") { colour } }', undefined, strict);
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors?.[0].message).toMatch(/Cannot query field "colour" on type "Paper"/);
  });
});

describe('introspection', () => {
  it('is on by default outside production, and can be switched off', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect((await t.gql(query)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const res = await closed.gql(query);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].message).toMatch(/introspection/i);
  });
});
