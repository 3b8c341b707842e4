import { afterAll, inject } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDriver, type Driver } from '../../src/db/driver.js';
import type { QueryLogEntry } from '../../src/db/executor.js';
import { createLogger } from '../../src/logger.js';

/** The environment that points papergraph at the run's shared Neo4j (test/global-setup.ts). */
export const neo4jEnv = () => {
  const neo4j = inject('neo4j');
  return {
    NEO4J_URI: neo4j.uri,
    NEO4J_USER: neo4j.user,
    NEO4J_PASSWORD: neo4j.password,
    NEO4J_DATABASE: neo4j.database,
  };
};

export const WRITE_TOKEN = 'test-write-token-0123456789abcdef';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

export interface TestApp {
  app: App;
  driver: Driver;
  /** Every Cypher query the app ran, in order; clear it with `queries.length = 0`. */
  queries: QueryLogEntry[];
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
}

/**
 * The app wired to the run's shared Neo4j, one driver per test file (closed
 * after the file). Requests go through `yoga.fetch`, so the whole HTTP stack
 * runs without a port.
 */
export function useTestApp(options: { writeTokens?: string[]; env?: Record<string, string> } = {}): TestApp {
  const neo4j = inject('neo4j');
  const config = loadConfig({
    NODE_ENV: 'test',
    ...neo4jEnv(),
    // Tests count round trips; the response cache's own tests turn it on.
    CACHE: 'false',
    ...options.env,
  });
  const driver = createDriver({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
  const queries: QueryLogEntry[] = [];
  const app = createApp({
    driver,
    config: { ...config, writeTokens: options.writeTokens ?? [WRITE_TOKEN] },
    logger: createLogger('silent'),
    onQuery: (entry) => queries.push(entry),
  });
  afterAll(() => driver.close());
  return {
    app,
    driver,
    queries,
    async gql(query, variables, headers = {}) {
      const response = await app.fetch('http://papergraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: await response.json() };
    },
  };
}
