import { configDefaults, defineConfig } from 'vitest/config';

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
          // These need a PostgreSQL server (one restarts a cluster of its own, one reads the
          // server's prepared statements): only the PostgreSQL pass runs them.
          exclude: [
            ...configDefaults.exclude,
            ...(process.env.TEST_DATABASE_URL
              ? []
              : [
                  'tests/integration/database-outage-postgres.test.ts',
                  'tests/integration/postgres-restart.test.ts',
                  'tests/integration/prepared-statements.test.ts',
                ]),
          ],
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
