/**
 * Browser tests of the dashboard in Debian's Chromium against the seeded demo server.
 *
 *   pnpm e2e                       builds the dashboard, starts `pnpm demo` on a free port, runs every test
 *   pnpm e2e -- -g "weights"       only the tests whose title matches
 *   MQA_E2E_URL=http://… pnpm e2e  reuses a running server instead
 *
 * One worker, files in name order (1-…, 2-…): the tests that change data come after those that
 * read it, and each test also holds on its own against a fresh demo database. The last line of
 * the run is `e2e: N passed, M failed` (e2e/summary-reporter.ts).
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM, OUTPUT } from './e2e/paths.ts';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: path.join(OUTPUT, 'test-results'),
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  // Generous limits for a loaded 2-core machine; no test asserts a duration.
  timeout: 300_000,
  globalTimeout: 60 * 60_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['./e2e/summary-reporter.ts']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
