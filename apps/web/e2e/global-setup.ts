/**
 * Global set-up of the browser tests: makes sure Debian's Chromium is there (chromium.ts), then
 * builds the dashboard and starts `pnpm demo` on a free port with a throw-away database
 * (server.ts), or reuses the server at MQA_E2E_URL. The tests read the address from
 * MQA_E2E_BASE; the returned function stops the server once every test has run.
 */
import fs from 'node:fs';
import type { FullConfig } from '@playwright/test';
import { ensureChromium } from './chromium.ts';
import { CHROMIUM, OUTPUT, SHOTS } from './paths.ts';
import { startServer } from './server.ts';

export default async function globalSetup(_config: FullConfig): Promise<() => void> {
  const browser = ensureChromium(CHROMIUM);
  if (!browser.ok) throw new Error(browser.message);
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.mkdirSync(OUTPUT, { recursive: true });
  const server = await startServer();
  process.env.MQA_E2E_BASE = server.base;
  // The built dashboard, for tests that start a server of their own (the empty install).
  if (server.webDist) process.env.MQA_E2E_WEB_DIST = server.webDist;
  process.stdout.write(`testing the dashboard at ${server.base}\n`);
  return () => server.stop();
}
