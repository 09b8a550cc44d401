import { defineConfig, devices } from '@playwright/test';

// E2E_PORT and E2E_SMTP_PORT let a second checkout run its end-to-end tests beside this one.
const PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * Specs that start portals of their own, always on the embedded database: in the PostgreSQL pass
 * they would only repeat the embedded pass, at a minute or more each, so that pass leaves them out.
 */
const OWN_PORTAL_SPECS = [
  /behind-a-proxy\.spec\.ts/,
  /busy\.spec\.ts/,
  /command-line-beside-portal\.spec\.ts/,
  /shutdown\.spec\.ts/,
];
const NOT_IN_THIS_PASS = process.env.TEST_DATABASE_URL ? OWN_PORTAL_SPECS : [];
export const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  // A journey signs in two or three people (Argon2 each, on two cores) and checks every page with
  // axe: 15-30 s on an idle machine, so 30 s failed them whenever the machine was busy.
  timeout: 60_000,
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'] },
      testIgnore: [/mobile\.spec\.ts/, ...NOT_IN_THIS_PASS],
    },
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], viewport: { width: 375, height: 740 } },
      testMatch: /mobile\.spec\.ts/,
    },
  ],
  webServer: {
    command: 'npx tsx tests/e2e/start-server.ts',
    cwd: '../..',
    url: `${BASE_URL}/signin`,
    env: { PORT: String(PORT), ORIGIN: BASE_URL },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
