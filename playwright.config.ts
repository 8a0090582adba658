/**
 * End-to-end tests: Playwright drives Debian's Chromium (/usr/bin/chromium; never `npx playwright install`)
 * against the app in browser mode (`pmu serve`, started per test with a fresh data folder by e2e/fixtures.ts).
 * Needs a build first (`npm run build`). Test files are `e2e/*.e2e.ts` (vitest ignores them).
 * The built-in emulated meter is paced at real wire speed, so a reading takes about 5–15 s: timeouts are generous.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.PMU_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
  },
});
