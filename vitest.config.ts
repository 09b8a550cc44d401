import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/lint/**/*.test.js',
            'db/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/support/global-setup.ts'],
          // PGlite is a whole Postgres in WebAssembly: a few seconds to start, so allow for it.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
