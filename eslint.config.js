import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import boundaries from './packages/api/lint/capability-boundaries.js';

export default ts.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/build/**',
      '**/.svelte-kit/**',
      '**/.data/**',
      '**/.cache/**',
      '**/test-results/**',
      '**/playwright-report/**',
      'db/src/schema.ts',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
    rules: {
      // The portal is served from the site root (no `paths.base`), so plain hrefs are correct.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    // Capabilities in packages/api/src use each other only through their index.ts (decision 0005).
    files: ['packages/api/src/**/*.ts', 'tests/**/*.ts', 'apps/**/*.ts'],
    plugins: { schoolgate: boundaries },
    rules: { 'schoolgate/capability-boundaries': ['error', { root: import.meta.dirname }] },
  },
  {
    // The web app reaches data only through the router; the database is opened at start-up alone.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.svelte'],
    ignores: ['apps/web/src/lib/server/database.ts', 'apps/web/src/lib/server/background-jobs.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@schoolgate/db', '@schoolgate/db/*'],
              message:
                'The web app reads data through the router (createCaller); only the start-up files open the database.',
            },
          ],
        },
      ],
    },
  },
);
