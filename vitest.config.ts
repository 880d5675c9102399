import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (*.test.ts, pure, fast) and `integration` (*.integration-test.ts, against the real
 * Postgres and Temporal dev server that scripts/test.mjs starts and passes in through the environment).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages,workflows,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/.next/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages,workflows,scripts}/**/*.integration-test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/.next/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Integration tests share one Postgres and one Temporal server; files run one at a time so
          // their timings stay honest on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
