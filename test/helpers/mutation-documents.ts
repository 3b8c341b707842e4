/**
 * The mutation documents and the paper input the mutation tests send. Every id
 * they use is a test id (papers arxiv:9999.*, authors and techniques *:test-mut-*).
 */
export const PAPER = 'arxiv:9999.0001';
export const NEW_AUTHOR = 'author:test-mut-ada';
export const TECH_A = 'technique:test-mut-a';
export const TECH_B = 'technique:test-mut-b';

export const UPSERT = `
  mutation Upsert($input: PaperInput!) {
    upsertPaper(input: $input) { key title published year kind arxivId url abstract citationCount authors { key name } topics { key } }
  }`;
export const ADD = `
  mutation Add($from: ID!, $to: ID!, $relation: LineageRelation!, $evidence: String!, $confidence: Float!) {
    addLineage(from: $from, to: $to, relation: $relation, evidence: $evidence, confidence: $confidence) {
      from { __typename ... on Paper { key citationCount } ... on Technique { key } }
      relation
      to { __typename ... on Paper { key citationCount } ... on Technique { key } }
      evidence
      confidence
    }
  }`;
export const DELETE = 'mutation Delete($id: ID!) { deletePaper(id: $id) { deletedId relationshipsDeleted } }';

export const paperInput = (overrides: Record<string, unknown> = {}) => ({
  id: PAPER,
  title: 'A test paper about RLHF',
  published: '2025-01-15',
  authors: [NEW_AUTHOR, 'author:ilya-sutskever'],
  newAuthors: [{ id: NEW_AUTHOR, name: 'Ada Testmut' }],
  topics: ['topic:alignment'],
  introduces: [{ technique: TECH_A, evidence: 'The paper proposes test technique A.', confidence: 0.9 }],
  uses: [{ technique: 'technique:rlhf', evidence: 'It fine-tunes with RLHF.', confidence: 0.8 }],
  ...overrides,
});

export const codeOf = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
  res.body.errors?.map((e) => e.extensions?.code);
