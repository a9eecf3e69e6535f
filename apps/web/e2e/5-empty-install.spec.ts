/**
 * The first steps of a real installation, through the dashboard alone: `pnpm start` on an empty
 * database prints the one-time password of the secretariat account `admin`; the secretariat signs
 * in, must change it first, and creates the committee, leadership and examiner accounts (a
 * duplicate is refused with a clear message). A screenshot of each step goes to e2e/screenshots/
 * (empty-install-*.png). The steps run in order on one server of their own (a serial group).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, field, query, shot, test, VIEWPORT } from './fixtures.ts';
import { startProcess, type RunningServer } from './server.ts';

test.describe.configure({ mode: 'serial' });

const ADMIN_NEW_PASSWORD = 'Erdos-secretariat-2027';
/** The accounts the secretariat creates (examiners with the employer conflict detection reads). */
const PEOPLE = [
  { username: 'wei.committee', displayName: '魏委员', role: 'committee' },
  { username: 'han.committee', displayName: '韩委员', role: 'committee' },
  { username: 'zhao.leader', displayName: '赵局长', role: 'leadership' },
  { username: 'li.examiner', displayName: '李评审', role: 'examiner' },
  { username: 'wang.examiner', displayName: '王评审', role: 'examiner' },
  { username: 'zhang.examiner', displayName: '张评审', role: 'examiner' },
] as const;
const PASSWORDS = new Map<string, string>(PEOPLE.map((p, i) => [p.username, `Ordos-quality-${i + 1}-start`]));

let server: RunningServer;
let dataDir: string;
let adminPassword = '';

test.beforeAll(async () => {
  const webDist = process.env.MQA_E2E_WEB_DIST;
  test.skip(!webDist, 'needs the dashboard built by this run (not available when reusing a server through MQA_E2E_URL)');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-empty-'));
  server = await startProcess('start', dataDir, webDist!);
  const printed = /username: admin\s+password: (\S+)/.exec(server.log());
  expect(printed, 'pnpm start prints the one-time password of admin on an empty database').not.toBeNull();
  adminPassword = printed![1]!;
});

test.afterAll(() => {
  server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.base, viewport: VIEWPORT, locale: 'zh-CN' });
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await field(page, 'data-testid="username"').fill(username);
  await field(page, 'data-testid="password"').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** Picks `text` in the Element Plus select marked `testid`. */
async function choose(page: Page, testid: string, text: string | RegExp): Promise<void> {
  await page.getByTestId(testid).click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first().click();
}

test('empty install: the one-time admin password signs in and must be changed first', async ({ browser }) => {
  const { context, page } = await newPage(browser);
  await signIn(page, 'admin', adminPassword);
  // A printed one-time password leads straight to the change-password page.
  await page.waitForURL(/\/change-password/, { timeout: 30_000 });
  {
    await shot(page, 'empty-install-01-change-password');
    await field(page, 'data-testid="pw-current"').fill(adminPassword);
    await field(page, 'data-testid="pw-next"').fill(ADMIN_NEW_PASSWORD);
    await field(page, 'data-testid="pw-confirm"').fill(ADMIN_NEW_PASSWORD);
    await page.getByTestId('pw-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/change-password'), { timeout: 30_000 });
  }
  // The product has no demo accounts and no cycle: nothing but the secretariat's own account.
  const me = await query<{ username: string; role: string }>(page, 'auth.me');
  expect(me).toMatchObject({ username: 'admin', role: 'secretariat' });
  expect(await query<unknown[]>(page, 'cycles.list')).toEqual([]);
  await context.close();
  // The new password works; the one-time one no longer does.
  const again = await newPage(browser);
  await signIn(again.page, 'admin', ADMIN_NEW_PASSWORD);
  expect((await query<{ username: string }>(again.page, 'auth.me')).username).toBe('admin');
  await again.context.close();
});

test('empty install: the secretariat creates the committee, leadership and examiner accounts', async ({ browser }) => {
  const { context, page } = await newPage(browser);
  await signIn(page, 'admin', ADMIN_NEW_PASSWORD);
  await page.goto('/people');
  await page.waitForSelector('[data-testid="people-table"]');
  for (const p of PEOPLE) {
    await page.getByTestId('people-create').click();
    await page.waitForSelector('[data-testid="people-create-dialog"]');
    await field(page, 'data-testid="create-username"').fill(p.username);
    await field(page, 'data-testid="create-display-name"').fill(p.displayName);
    await choose(page, 'create-role', ROLE_NAMES[p.role]);
    await field(page, 'data-testid="create-password"').fill(PASSWORDS.get(p.username)!);
    if (p.role === 'examiner') {
      await field(page, 'data-testid="create-name-zh"').fill(p.displayName);
      await field(page, 'data-testid="create-name-en"').fill(p.username);
      await field(page, 'data-testid="create-employer"').fill('示例质量咨询中心');
    }
    await page.getByTestId('create-submit').click();
    await expect(page.getByTestId('people-table')).toContainText(p.username, { timeout: 30_000 });
  }
  // A duplicate username is refused with a clear message, and nothing is added.
  await page.getByTestId('people-create').click();
  await field(page, 'data-testid="create-username"').fill(PEOPLE[0].username);
  await field(page, 'data-testid="create-display-name"').fill('重复');
  await choose(page, 'create-role', ROLE_NAMES.committee);
  await field(page, 'data-testid="create-password"').fill('Another-password-2027');
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('create-error')).toContainText(/已被使用|already/, { timeout: 30_000 });
  await shot(page, 'empty-install-02-people');
  const users = await query<{ username: string }[]>(page, 'users.list');
  expect(users.map((u) => u.username).sort((a, b) => a.localeCompare(b))).toEqual(
    ['admin', ...PEOPLE.map((p) => p.username)].sort((a, b) => a.localeCompare(b)),
  );
  await context.close();
});

const ROLE_NAMES = { secretariat: '秘书处', committee: '评审委员会', leadership: '市场监管部门领导', examiner: '评审员' } as const;
