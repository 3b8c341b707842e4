import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { createLogger } from '../../src/logger.js';

// Argument checks run before any resolver, so no database is needed: the driver points nowhere.
const uri = 'bolt://127.0.0.1:1';
const driver = createDriver({ uri, user: 'neo4j', password: 'not-a-password' });
const app = createApp({
  driver,
  config: loadConfig({ NODE_ENV: 'test', NEO4J_URI: uri }),
  logger: createLogger('silent'),
});
afterAll(() => driver.close());

const gql = async (query: string) => {
  const res = await app.fetch('http://papergraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
};

describe('argument checks (validation plugin)', () => {
  it.each([
    ['papers(first: 101) { totalCount }', 'first', /`first` must be between 0 and 100 \(got 101\); page with `after`/],
    ['authors(first: -1) { totalCount }', 'first', /`first` must be between 0 and 100 \(got -1\)/],
    ['topics(last: 500, before: "x") { totalCount }', 'last', /`last` must be between 0 and 100 \(got 500\)/],
    ['techniques(first: 1000) { totalCount }', 'first', /`first` must be between 0 and 100/],
    [
      'papersBuildingOn(technique: "RLHF", maxDepth: 11) { totalCount }',
      'maxDepth',
      /maxDepth must be between 1 and 10 \(got 11\)/,
    ],
    [
      'papersBuildingOn(technique: "RLHF", minConfidence: -0.5) { totalCount }',
      'minConfidence',
      /minConfidence must be between 0 and 1 \(got -0.5\)/,
    ],
    ['papersBuildingOn(technique: "RLHF", first: 101) { totalCount }', 'first', /`first` must be between 0 and 100/],
    [
      'collaborationPath(from: "a", to: "b", maxLength: 0) { length }',
      'maxLength',
      /maxLength must be between 1 and 10 \(got 0\)/,
    ],
    ['search(query: "RLHF", first: 0) { score }', 'first', /first: must be between 1 and 100/],
    ['stats { topAuthors(first: 101) { paperCount } }', 'first', /first: must be between 1 and 100/],
  ])('%s is BAD_USER_INPUT naming `%s`', async (field, argument, message) => {
    const body = await gql(`{ ${field} }`);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect(body.errors?.[0]?.message).toMatch(/^Invalid arguments: /);
    expect(body.errors?.[0]?.message).toMatch(message);
  });
});
