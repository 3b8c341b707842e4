import { describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { graphCounts } from '../../src/db/schema-store.js';
import { useTestApp, WRITE_TOKEN } from '../helpers/app.js';
import { ADD, codeOf, DELETE, paperInput, TECH_A, TECH_B, UPSERT } from '../helpers/mutation-documents.js';

/** Who may write: every mutation refused without a valid token, before its arguments are read; nothing written. */
const t = useTestApp();
const readOnly = useTestApp({ writeTokens: [] });
const executor = new Executor(t.driver, { database: inject('neo4j').database, txTimeoutMs: 30_000 });
const counts = () => graphCounts(executor);
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };

describe('mutation auth', () => {
  const attempts = {
    upsertPaper: [UPSERT, { input: paperInput() }],
    addLineage: [ADD, { from: TECH_A, to: TECH_B, relation: 'BUILDS_ON', evidence: 'e', confidence: 0.5 }],
    deletePaper: [DELETE, { id: 'arxiv:9999.0404' }],
  } as const;

  it.each(Object.keys(attempts) as (keyof typeof attempts)[])(
    '%s: no token → UNAUTHENTICATED, wrong token → FORBIDDEN, nothing written',
    async (name) => {
      const [query, variables] = attempts[name];
      const before = await counts();
      const anonymous = await t.gql(query, variables);
      expect(anonymous.body).toEqual({
        data: null,
        errors: [
          {
            // Refused for the whole operation, before any field (or its arguments) is looked at.
            message: 'This mutation needs a write token: send `Authorization: Bearer <token>`.',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
      const wrong = await t.gql(query, variables, { authorization: 'Bearer not-the-write-token-at-all' });
      expect(wrong.body.errors?.[0]).toMatchObject({
        message: 'The bearer token is not a valid write token.',
        extensions: { code: 'FORBIDDEN' },
      });
      expect(wrong.body.data).toBeNull();
      expect(await counts()).toEqual(before);
    },
  );

  it('refuses every write when the server has no write token configured', async () => {
    const before = await counts();
    const res = await readOnly.gql(UPSERT, { input: paperInput() }, AUTH);
    expect(res.body.data).toBeNull();
    expect(codeOf(res)).toEqual(['FORBIDDEN']);
    expect(res.body.errors?.[0]?.message).toMatch(/no write token is configured/);
    expect(await counts()).toEqual(before);
  });
});

describe('write guard', () => {
  it('refuses an unauthenticated mutation before looking at its arguments', async () => {
    const res = await t.gql(
      'mutation { addLineage(from: "x", to: "y", relation: USES, evidence: "", confidence: 5) { relation } }',
    );
    expect(res.body).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message: 'This mutation needs a write token: send `Authorization: Bearer <token>`.',
          extensions: { code: 'UNAUTHENTICATED' },
        }),
      ],
    });
  });
});
