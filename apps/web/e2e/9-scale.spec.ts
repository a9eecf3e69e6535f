/**
 * Province scale (issue 15): the dashboard on one cycle of 2,000 applications (its own demo
 * server, `MQA_DEMO_APPLICATIONS`, i.e. `seedDemo(db, { applications })`). Every view of the
 * secretariat opens; the applications list pages on the server (next, previous, search); the
 * weight tuning shows the top 20 and finds one candidate among all; and no answer the browser
 * receives is over the payload budget (~500 KB gzipped), every answer over 1 KB arriving gzipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page, Response } from '@playwright/test';
import { ACCOUNTS, expect, field, figure, test } from './fixtures.ts';
import { secretariatViews } from './paths.ts';
import { startProcess, type RunningServer } from './server.ts';

const APPLICATIONS = Number(process.env.MQA_E2E_SCALE_APPLICATIONS ?? 2000);
const BUDGET = 500 * 1024;
const YEAR = 2025;

/**
 * The views opened: every view of the secretariat. The review groups view (at 2,000 applications
 * 73 s and a 2.35 GB heap while every row's group select kept its options rendered, then 13 s
 * unpaged, then 2.9 s paged in the browser) shows 20 groups a page, paged on the server; the panel 20 groups, the consensus 50 agenda rows and the
 * committee report its shortlist with the top 100 of the ranking.
 */
const VIEWS = secretariatViews(YEAR);

interface Answer {
  url: string;
  status: number;
  bytes: number;
  gzipBytes: number;
  encoding: string | null;
}

let server: RunningServer | undefined;
let dataDir = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const webDist = process.env.MQA_E2E_WEB_DIST;
  test.skip(!webDist, 'needs the dashboard built by this run (not available when reusing a server through MQA_E2E_URL)');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-scale-'));
  server = await startProcess('demo', dataDir, webDist!, { MQA_DEMO_APPLICATIONS: String(APPLICATIONS) });
});

test.afterAll(() => {
  server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Records every tRPC answer the page receives: its size as sent and gzipped. */
function watchAnswers(page: Page, all?: Answer[]): Answer[] {
  const answers: Answer[] = [];
  page.on('response', (r: Response) => {
    if (!r.url().includes('/trpc/')) return;
    void r
      .body()
      .then((body) => {
        const a: Answer = {
          url: r.url(),
          status: r.status(),
          bytes: body.length,
          gzipBytes: gzipSync(body).length,
          encoding: r.headers()['content-encoding'] ?? null,
        };
        answers.push(a);
        all?.push(a);
      })
      .catch(() => undefined);
  });
  return answers;
}

/** The view is shown, has loaded and shows no error (a cold large cycle may take a while on a loaded machine). */
async function viewIs(page: Page, view: string): Promise<void> {
  await page.waitForSelector(`[data-view="${view}"]`, { timeout: 150_000 });
  await page.waitForFunction(() => !document.querySelector('[data-state="loading"]'), undefined, { timeout: 150_000 });
  const err = page.locator('[data-state="error"]');
  const shown = (await err.count()) > 0 ? (await err.first().innerText()).replace(/\s+/g, ' ') : '';
  expect(shown, `view ${view} shows an error`).toBe('');
}

const procOf = (url: string) => decodeURIComponent(new URL(url).pathname.replace(/^\/trpc\//, ''));

async function rowCodes(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="applications"] [data-app-code]', (els) => els.map((e) => (e as HTMLElement).dataset.appCode ?? ''));
}

test(`scale: every view on a ${APPLICATIONS.toLocaleString('en')}-application cycle, server paging, bounded answers`, async ({ browser }) => {
  test.setTimeout(1_800_000);
  const context = await browser.newContext({ baseURL: server!.base, locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const answers = watchAnswers(page);
  await page.goto('/login');
  await page.waitForSelector('[data-view="login"]');
  await field(page, 'data-testid="username"').fill(ACCOUNTS.secretariat);
  await field(page, 'data-testid="password"').fill('demo-password');
  await page.getByTestId('login-submit').click();
  await page.waitForSelector('[data-testid="current-user"]', { timeout: 60_000 });

  // Each view in a page of its own (the session is the context's), so a view that is slow at
  // this size does not hold up the next one.
  const failed: string[] = [];
  for (const { path: url, view } of VIEWS) {
    const t = Date.now();
    const p = await context.newPage();
    p.on('pageerror', (e) => pageErrors.push(`${view}: ${e.message}`));
    const mine = watchAnswers(p, answers);
    try {
      await p.goto(url);
      await viewIs(p, view);
      figure(`scale ${APPLICATIONS}: ${view} shown (ms)`, String(Date.now() - t));
    } catch (e) {
      failed.push(`${view}: ${(e as Error).message.split('\n')[0]} (answers received: ${mine.map((a) => procOf(a.url)).join(', ')})`);
    }
    process.stdout.write(`  ${view}: ${Date.now() - t} ms\n`);
    await p.close({ runBeforeUnload: false });
  }

  // Applications: one page of 100 rows of all, the next and previous page, a search.
  await page.goto(`/cycles/${YEAR}/applications`);
  await viewIs(page, 'applications');
  const table = page.getByTestId('applications');
  await expect(table).toHaveAttribute('data-total', String(APPLICATIONS));
  const first = await rowCodes(page);
  expect(first).toHaveLength(100);
  const pager = page.getByTestId('applications-pager');
  await expect(pager.locator('[data-pager-range]')).toContainText('2,000');
  await pager.locator('[data-pager="next"]').click();
  await page.waitForFunction((code) => !document.querySelector(`[data-testid="applications"] [data-app-code="${code}"]`), first[0]!);
  const second = await rowCodes(page);
  expect(second).toHaveLength(100);
  expect(
    second.filter((c) => first.includes(c)),
    'the next page has other rows',
  ).toEqual([]);
  expect(second[0]! > first.at(-1)!, 'in code order').toBe(true);
  await expect(pager.locator('[data-pager-range]')).toContainText('101');
  await pager.locator('[data-pager="prev"]').click();
  await page.waitForFunction((code) => !!document.querySelector(`[data-testid="applications"] [data-app-code="${code}"]`), first[0]!);
  expect(await rowCodes(page)).toEqual(first);
  const wanted = second[42]!;
  await field(page, 'data-testid="applications-search"').fill(wanted);
  await expect(table).toHaveAttribute('data-total', '1');
  expect(await rowCodes(page)).toEqual([wanted]);

  // Overview: the ranking table shows 100 rows a page of the whole ranking, paged on the server;
  // nothing it asks for is the whole cycle (no application list, the overview cut to its top).
  const overviewAsked: string[] = [];
  const askedListener = (r: { url: () => string }) => {
    if (r.url().includes('/trpc/')) overviewAsked.push(decodeURIComponent(r.url()));
  };
  page.on('request', askedListener);
  await page.goto(`/cycles/${YEAR}`);
  await viewIs(page, 'overview');
  await page.waitForSelector('[data-testid="not-ranked"] tbody');
  const rankRows = page.locator('[data-testid="ranking"] tbody tr');
  await expect(rankRows).toHaveCount(100);
  const rankPager = page.getByTestId('ranking-pager');
  const firstRanked = await rankRows.first().innerText();
  await rankPager.locator('[data-pager="next"]').click();
  await expect(rankPager.locator('[data-pager-range]')).toContainText('101');
  await expect(rankRows).toHaveCount(100);
  // The range moves at the click; the rows once the next page has arrived.
  await expect.poll(() => rankRows.first().innerText(), { message: 'the next page has other rows', timeout: 60_000 }).not.toBe(firstRanked);
  page.off('request', askedListener);
  expect(
    overviewAsked.filter((u) => u.includes('applications.list') || (u.includes('analytics.cycleOverview') && !u.includes('"top"'))),
    'the overview asks for no whole-cycle list',
  ).toEqual([]);

  // Review groups: 20 groups a page and 100 applications without a group, paged and searched on
  // the server (never the whole cycle's groups.list); the next page shows the next groups.
  const groupsAsked: string[] = [];
  const groupsListener = (r: { url: () => string }) => {
    if (r.url().includes('/trpc/')) groupsAsked.push(decodeURIComponent(r.url()));
  };
  page.on('request', groupsListener);
  await page.goto(`/cycles/${YEAR}/groups`);
  await viewIs(page, 'groups');
  const groupCards = page.locator('[data-group]');
  await expect(groupCards).toHaveCount(20);
  const firstGroup = await groupCards.first().getAttribute('data-group');
  const groupsPager = page.getByTestId('groups-pager');
  await groupsPager.locator('[data-pager="next"]').click();
  await expect(groupsPager.locator('[data-pager-range]')).toContainText('21');
  await expect(groupCards.first()).not.toHaveAttribute('data-group', firstGroup!);
  const secondPageFirst = await groupCards.first().getAttribute('data-group');
  const secondName = (await groupCards.first().locator('.card-title').innerText()).trim();
  await page.getByTestId('groups-search').fill(secondName);
  // The search goes to the server: fewer cards, the one searched for first, on a first page.
  await expect.poll(() => groupCards.count(), { timeout: 30_000 }).toBeLessThan(20);
  await expect(groupCards.first()).toHaveAttribute('data-group', secondPageFirst!);
  await expect(groupCards.first().locator('.card-title')).toHaveText(secondName);
  page.off('request', groupsListener);
  expect(
    groupsAsked.filter((u) => u.includes('groups.list')),
    'the review groups view asks for no whole-cycle list',
  ).toEqual([]);

  // Panel: the reliability of 20 review groups a page, with the whole cycle's summary beside.
  await page.goto(`/panel/${YEAR}`);
  await viewIs(page, 'panel');
  const relRows = page.locator('[data-testid="reliability"] tbody tr');
  await expect(relRows).toHaveCount(20);
  await expect(page.getByTestId('panel-summary')).toBeVisible();
  const firstRel = await relRows.first().innerText();
  const panelPager = page.getByTestId('panel-pager');
  await panelPager.locator('[data-pager="next"]').click();
  await expect(panelPager.locator('[data-pager-range]')).toContainText('21');
  await expect(relRows.first()).not.toHaveText(firstRel);

  // Weights: the slope chart draws the top 20 (not 2,000 lines); one candidate is found among all.
  type Slope = HTMLElement & { mqaOption: () => { series: unknown[] } };
  await page.goto(`/weights?cycle=${YEAR}`);
  await viewIs(page, 'weights');
  await page.waitForFunction(() => document.querySelector<Slope>('[data-chart="slope"]')?.dataset.rendered === 'true', undefined, { timeout: 150_000 });
  expect(await page.$eval('[data-chart="slope"]', (e) => (e as Slope).mqaOption().series.length)).toBe(20);
  const slopeBox = await page.locator('[data-chart="slope"]').boundingBox();
  expect(slopeBox!.height, 'the slope chart stays readable').toBeLessThan(1000);
  const ranking = await page.evaluate(async (year) => {
    const r = await fetch(`/trpc/analytics.ranking?input=${encodeURIComponent(JSON.stringify({ year, limit: 200 }))}`);
    return ((await r.json()) as { result: { data: { items: { code: string; rank: number | null }[]; total: number } } }).result.data;
  }, YEAR);
  const deep = ranking.items.filter((r) => r.rank !== null).at(-1)!;
  await field(page, 'data-testid="weights-search"').fill(deep.code);
  await expect(page.getByTestId('weights-found').locator('.el-table__body tr')).toHaveCount(1);
  await expect(page.getByTestId('weights-found')).toContainText(String(deep.rank));
  expect(await page.$eval('[data-chart="slope"]', (e) => (e as Slope).mqaOption().series.length), 'the found candidate joins the top 20').toBe(
    deep.rank! > 20 ? 21 : 20,
  );

  // Every answer within the budget, and gzipped when over 1 KB.
  await page.waitForTimeout(500);
  expect(answers.length).toBeGreaterThan(20);
  const biggest = [...answers].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 5);
  for (const a of biggest)
    figure(`scale ${APPLICATIONS}: ${procOf(a.url)} (KB JSON / gzip)`, `${Math.round(a.bytes / 1024)} / ${Math.round(a.gzipBytes / 1024)}`);
  const over = answers.filter((a) => a.gzipBytes > BUDGET).map((a) => `${procOf(a.url)}: ${Math.round(a.gzipBytes / 1024)} KB`);
  expect(over, 'answers over the budget').toEqual([]);
  const plain = answers.filter((a) => a.status === 200 && a.bytes > 1024 && a.encoding !== 'gzip').map((a) => procOf(a.url));
  expect(plain, 'answers over 1 KB sent without gzip').toEqual([]);
  expect(failed, 'every view shows').toEqual([]);
  expect(pageErrors, 'no page error').toEqual([]);
  await context.close();
});
