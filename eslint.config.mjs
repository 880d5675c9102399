// @ts-check
import { existsSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The folder of the workspace package (nearest package.json) a file belongs to; cached per folder. */
const packageRoots = new Map();
function packageRootOf(dir) {
  if (packageRoots.has(dir)) return packageRoots.get(dir);
  const parent = path.dirname(dir);
  const root = existsSync(path.join(dir, 'package.json')) || parent === dir ? dir : packageRootOf(parent);
  packageRoots.set(dir, root);
  return root;
}

/**
 * `nudgeflow/package-boundaries`: a relative import must stay inside its own package. Another package is
 * reached through its name and entry points (`@nudgeflow/workflows`, `@nudgeflow/workflows/bundle`), which
 * are its whole public API; `../../apps/worker/src/...` couples to files its owner may move.
 */
const packageBoundaries = {
  meta: {
    type: 'problem',
    messages: {
      leaves:
        '"{{source}}" leaves the package {{from}} for {{to}}: import it through that package\'s name and entry points.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = packageRootOf(path.dirname(file));
    const check = (node) => {
      const source = node?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = packageRootOf(path.dirname(path.resolve(path.dirname(file), source, 'x')));
      if (to === from) return;
      const name = (dir) => path.relative(import.meta.dirname, dir) || 'the root';
      context.report({ node, messageId: 'leaves', data: { source, from: name(from), to: name(to) } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '.tools/**',
      '.data/**',
      'packages/db/src/generated/**',
      'packages/sdk-browser/dist/**',
      'apps/web/next-env.d.ts',
      'bench/results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    plugins: { nudgeflow: { rules: { 'package-boundaries': packageBoundaries } } },
    rules: { 'nudgeflow/package-boundaries': 'error' },
  },
  {
    // Workflow code is replayed: it must be deterministic, so no Node builtins and no I/O packages.
    files: ['workflows/src/**/*.ts'],
    ignores: ['workflows/src/**/*.test.ts', 'workflows/src/**/*.integration-test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'Workflows must be deterministic: no Node builtins.',
            })),
            { name: 'pg', message: 'No I/O in workflows: call an activity.' },
            { name: '@nudgeflow/db', message: 'No I/O in workflows: call an activity.' },
            { name: '@nudgeflow/channels', message: 'No I/O in workflows: call an activity.' },
            { name: '@temporalio/client', message: 'Use @temporalio/workflow inside workflows.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'Workflows must be deterministic: no Node builtins.' },
            {
              group: ['@prisma/*', '*/generated/prisma*'],
              message: 'No I/O in workflows: call an activity.',
            },
          ],
        },
      ],
    },
  },
  {
    // packages/db is the only package that talks to Postgres: production code elsewhere calls repository
    // functions, never the Prisma client it is handed (`Db`), and never the test entry. (no-restricted-syntax
    // rather than no-restricted-imports, so this block does not replace other blocks' import rules.)
    files: ['apps/**/*.{ts,tsx}', 'packages/**/*.{ts,tsx}'],
    ignores: ['packages/db/**', '**/*.test.{ts,tsx}', '**/*.integration-test.{ts,tsx}', '**/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='@nudgeflow/db/testing']",
          message: '@nudgeflow/db/testing is for tests only.',
        },
        {
          selector: 'ImportDeclaration[source.value=/^@prisma\\/|generated\\/prisma/]',
          message: 'Only packages/db uses Prisma: call a repository function.',
        },
        {
          selector:
            'CallExpression > MemberExpression.callee[property.name=/^(findMany|findFirst|findFirstOrThrow|findUnique|findUniqueOrThrow|createMany|updateMany|deleteMany|upsert|groupBy|aggregate|[$](queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe|transaction))$/]',
          message: 'Direct Prisma call outside packages/db: add or use a repository function.',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
