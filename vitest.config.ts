import { defineConfig } from 'vitest/config';

// Two tiers: unit tests (no database) and integration tests against one
// shared Neo4j started by test/global-setup.ts for the whole run.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // One database for all files: run files one after another so whole-graph
          // assertions (counts, stats) never see another file's data.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
