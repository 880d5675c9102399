import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (*.test.ts, pure, fast), `integration` (*.integration-test.ts, against the real
 * Postgres and Temporal dev server that scripts/test.mjs starts and passes in through the environment) and
 * `e2e` (e2e/*.spec.ts, real Chromium against the running web app). `npm test` runs them in that order.
 */
export default defineConfig({
  // apps/web imports its own modules as `~/…` (its tsconfig paths); each file resolves by its nearest tsconfig.
  resolve: { tsconfigPaths: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{apps,packages,workflows,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/.next/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
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
      {
        extends: true,
        // Browser tests (real Chromium via playwright-core) against the web app and worker that
        // scripts/test.mjs starts; the app's URL arrives as PUBLIC_URL.
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
