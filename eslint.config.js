// @ts-check
// Type-checked linting for every package, plus the layer rules of DESIGN.md §8 / STYLE.md habit 1:
// imports flow one way (core ← domain ← log ← storage ← server; client ← cli, web) and the pure packages
// never reach for Node-only APIs, the clock or the environment.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Packages a layer must not import, with the reason printed to whoever tries. */
const layerRules = [
  {
    files: ['packages/core/src/**/*.ts'],
    banned: [
      '@jmm/domain',
      '@jmm/log',
      '@jmm/storage',
      '@jmm/client',
      '@jmm/witness',
      '@jmm/audit',
      '@jmm/interchange',
      '@jmm/report',
      '@jmm/mechanism',
    ],
    message: '@jmm/core is the bottom layer: it imports no other @jmm package (DESIGN.md §8).',
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    banned: [
      '@jmm/log',
      '@jmm/storage',
      '@jmm/client',
      '@jmm/witness',
      '@jmm/audit',
      '@jmm/interchange',
      '@jmm/report',
      '@jmm/mechanism',
    ],
    message: '@jmm/domain may import only @jmm/core (DESIGN.md §8).',
  },
  {
    files: ['packages/witness/src/**/*.ts'],
    banned: ['@jmm/domain', '@jmm/log', '@jmm/storage', '@jmm/client', '@jmm/server', '@jmm/audit'],
    message:
      '@jmm/witness checks checkpoints with @jmm/core alone, so that anyone can run it against any log (DESIGN.md §8).',
  },
  {
    files: ['packages/audit/src/**/*.ts'],
    banned: ['@jmm/log', '@jmm/storage', '@jmm/server'],
    message:
      '@jmm/audit trusts only what it fetches over HTTP or reads from a bundle: no server-side package (DESIGN.md §8).',
  },
  {
    files: ['packages/report/src/**/*.ts'],
    banned: ['@jmm/log', '@jmm/storage', '@jmm/client', '@jmm/server', '@jmm/audit', '@jmm/witness'],
    message:
      '@jmm/report renders reports from @jmm/domain metrics: it imports @jmm/core and @jmm/domain only (DESIGN.md §8).',
  },
  {
    files: ['packages/interchange/src/**/*.ts'],
    banned: ['@jmm/log', '@jmm/storage', '@jmm/server', '@jmm/client', '@jmm/audit'],
    message: '@jmm/interchange is pure formatting over @jmm/domain views (DESIGN.md §8).',
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    banned: ['@jmm/log', '@jmm/storage', '@jmm/server', '@jmm/mechanism', '@jmm/cli'],
    message:
      'The web app runs in browsers and talks to the server over HTTP only, through @jmm/client (DESIGN.md §8).',
  },
  {
    files: ['packages/mechanism/src/**/*.ts'],
    banned: ['@jmm/server', '@jmm/cli', '@jmm/client', '@jmm/audit', 'fastify'],
    message:
      '@jmm/mechanism opens, initialises and rebuilds a mechanism without HTTP: apps/server adds Fastify on top (DESIGN.md §8).',
  },
  {
    files: ['packages/log/src/**/*.ts'],
    banned: ['@jmm/storage', '@jmm/client'],
    message:
      '@jmm/log defines its storage port; @jmm/storage implements it, not the other way round (DESIGN.md §8).',
  },
];

/** Pure packages: no Node built-ins, no environment, no ambient clock (STYLE.md habit 2). */
const pureSources = [
  'packages/core/src/**/*.ts',
  'packages/domain/src/**/*.ts',
  'packages/client/src/**/*.ts',
  'packages/interchange/src/**/*.ts',
];
const platformFiles = ['packages/core/src/crypto/*.node.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      '**/dist-types/**',
      'apps/web/test-output/**',
      '**/coverage/**',
      'data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // With noUncheckedIndexedAccess, byte and hash arrays are indexed inside loops whose bounds prove the
      // access; a `!` there states that proof. Elsewhere prefer a checked access.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
      eqeqeq: 'error',
      // One kind of thing, one place (STYLE.md habit 14): a switch over a union names every member, so a member
      // added later makes lint point at each switch that must now decide what it means. A `default` does not
      // count as handling the members it swallows.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
  ...layerRules.map(({ files, banned, message }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: banned.flatMap((p) => [p, `${p}/*`]), message }] },
      ],
    },
  })),
  {
    files: pureSources,
    ignores: platformFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net', 'buffer'].map(
            (name) => ({
              name,
              message: 'Pure packages run in browsers too: no Node built-ins (STYLE.md habit 2).',
            }),
          ),
          patterns: [
            {
              group: ['node:*'],
              message: 'Pure packages run in browsers too: no Node built-ins (STYLE.md habit 2).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message: 'Pure packages never read the environment: take a value as a parameter.',
        },
        { name: 'Buffer', message: 'Use Uint8Array: Buffer does not exist in browsers.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Pure packages take `now` as a parameter (STYLE.md habit 2).',
        },
        { object: 'Math', property: 'random', message: 'Pure packages take a random source as a parameter.' },
      ],
    },
  },
  {
    // The web app runs in browsers: browser globals, and no Node globals outside its tests and build config.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ignores: ['apps/web/src/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // JSX event handlers are arrow shorthands calling setters (`onChange={(e) => setX(e.target.value)}`).
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The web app runs in browsers: no process.' },
        { name: 'Buffer', message: 'Use Uint8Array: Buffer does not exist in browsers.' },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Repository scripts are plain JavaScript outside every TypeScript project: linted without type information.
  { files: ['scripts/**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
