import { defineConfig } from 'vitest/config';

// Two tiers: unit tests (no database) and integration tests against one
// shared Neo4j started by test/global-setup.ts for the whole run.
export default defineConfig({
  resolve: {
    // One graphql instance: Node loads graphql's CommonJS build for the packages
    // (Pothos, yoga), so our own source must get the same one, not index.mjs.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/helpers/leak-check.ts'],
          // One database for all files: run files one after another so whole-graph
          // assertions (counts, stats) never see another file's data.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      // The pages in a real browser (Debian's Chromium driven by playwright-core): test/browser/setup.ts
      // builds the front end and checks for the browser. PAPERGRAPH_SCREENSHOTS=1 also writes docs/*.png.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts', 'test/browser/setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      // A smoke subset over neo4j:// (routing driver) against the same kind of local server: the
      // path a cluster or Aura deployment takes (README "Scaling out"). global-setup.ts switches
      // the URI by this project's name.
      {
        extends: true,
        test: {
          name: 'routing',
          include: [
            'test/integration/server.test.ts',
            'test/integration/api-lookups.test.ts',
            'test/integration/search.test.ts',
            'test/integration/mutations.test.ts',
            'test/integration/routing.test.ts',
          ],
          globalSetup: ['test/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      // The API as a downstream project runs it (papergraph/testkit under vitest, without the alias
      // above): vite resolves graphql to its ESM build there while Pothos and yoga load the CommonJS
      // one, so any runtime import of 'graphql' in src/ that is not src/graphql.ts breaks here.
      {
        test: {
          name: 'downstream',
          include: ['test/integration/limits.test.ts', 'test/integration/api-behaviour.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      // Container tier (npm run test:containers): the test kit's own tests and the
      // README example, each starting Neo4j in a container. Only defined when
      // PAPERGRAPH_TEST_CONTAINERS=1, so a plain `vitest run` never needs Docker.
      ...(process.env.PAPERGRAPH_TEST_CONTAINERS === '1'
        ? [
            {
              test: {
                name: 'containers',
                include: ['test/containers/**/*.test.ts'],
                // Two cores: one container-backed file at a time.
                fileParallelism: false,
                testTimeout: 120_000,
                hookTimeout: 300_000,
                // Never the kit's default (official image, pulled from a registry): the one built here.
                env: { PAPERGRAPH_NEO4J_IMAGE: process.env.PAPERGRAPH_NEO4J_IMAGE || 'papergraph/neo4j:5.26-local' },
              },
            },
          ]
        : []),
    ],
  },
});
