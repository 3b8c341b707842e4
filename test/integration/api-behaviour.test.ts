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
  it('runs one Cypher query per nesting level, however many parents there are', async () => {
    t.queries.length = 0;
    const res = await t.gql<{ papers: { edges: { node: { authors: { papers: { edges: unknown[] } }[] } }[] } }>(
      THREE_LEVELS,
    );
    expect(res.body.errors).toBeUndefined();
    const authors = res.body.data!.papers.edges.flatMap((e) => e.node.authors);
    // Real fan-out: many authors and their papers, yet a constant number of queries.
    expect(authors.length).toBeGreaterThan(10);
    expect(authors.flatMap((a) => a.papers.edges).length).toBeGreaterThan(10);
    expect(t.queries.map((q) => q.name)).toEqual([
      'papers-list',
      'paper-authors',
      'author-papers',
      'paper-techniques-any',
    ]);
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
      ['technique-by-name', 'READ'],
      ['technique-introduced-by', 'READ'],
    ]);
    expect(explain.queries[0].cypher).toContain('MATCH (t:Technique) WHERE $key IN t.lookupKeys');
    expect(explain.queries[0].params).toEqual({ key: 'rlhf' });
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
