/**
 * The dashboard by role: log in, open every view (each chart must hold real series data, read
 * back from its ECharts instance), route guards by role, enter and submit an examiner's scores,
 * change a weight and see the ranking change, switch the language, print the comparison page to
 * PDF, and the login redirect. A screenshot of every view (1366×768) goes to e2e/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ACCOUNTS,
  HAN,
  MENUS,
  assertRealData,
  chart,
  chartsOf,
  expect,
  field,
  figure,
  menuOf,
  mutate,
  present,
  query,
  shot,
  signIn,
  test,
  viewIs,
} from './fixtures.ts';
import { OUTPUT } from './paths.ts';

test('login page: Chinese by default, demo accounts listed', async ({ page }) => {
  await page.goto('/');
  await page.waitForURL(/\/login/);
  await page.waitForSelector('[data-view="login"]');
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  expect(await page.getByTestId('login-submit').innerText()).toMatch(/登录/);
  await page.waitForSelector('[data-testid="demo-accounts"]');
  const accounts = await page.$$eval('[data-account]', (els) => els.map((e) => (e as HTMLElement).dataset.account ?? ''));
  const byName = (a: string, b: string) => a.localeCompare(b);
  expect(accounts.toSorted(byName)).toEqual(Object.values(ACCOUNTS).toSorted(byName));
  await shot(page, 'login');
  // A wrong password gives a clear, localized message.
  await field(page, 'data-testid="username"').fill('demo-committee');
  await field(page, 'data-testid="password"').fill('wrong-password');
  await page.getByTestId('login-submit').click();
  expect(await page.getByTestId('login-error').innerText()).toMatch(/用户名或密码错误/);
});

test('secretariat: every view renders real chart data; screenshots', async ({ secretariat: page, scoredYear }) => {
  expect(await menuOf(page)).toEqual(MENUS.secretariat);
  const cycles = await query<{ year: number; phase: { id: string } }[]>(page, 'cycles.list');
  const years = cycles.map((c) => c.year);
  expect(years.length, 'the demo has several cycles').toBeGreaterThanOrEqual(2);
  // Landing page = the overview of the cycle in progress (not the last finished one).
  const inProgress = Math.max(...cycles.filter((c) => c.phase.id !== 'awarded').map((c) => c.year));
  expect(inProgress, 'the demo has a cycle in progress, newer than the one with results').toBeGreaterThan(scoredYear);
  await page.waitForURL(/\/cycles\/\d{4}/);
  expect(Number(/\/cycles\/(\d{4})/.exec(page.url())![1])).toBe(inProgress);
  await viewIs(page, 'overview');
  expect(await page.getByTestId('cycle-picker').innerText()).toContain(String(inProgress));
  await page.goto(`/cycles/${scoredYear}`);
  await viewIs(page, 'overview');
  assertRealData(await chartsOf(page), 'overview');
  await shot(page, 'secretariat-overview');

  const visits: [string, string][] = [
    [`/compare?cycle=${scoredYear}`, 'compare'],
    [`/sectors?cycle=${scoredYear}`, 'sectors'],
    ['/trends', 'trends'],
    [`/panel/${scoredYear}`, 'panel'],
    [`/weights?cycle=${scoredYear}`, 'weights'],
    ['/follow-up', 'followUp'],
  ];
  for (const [url, view] of visits) {
    await test.step(view, async () => {
      await page.goto(url);
      await viewIs(page, view);
      assertRealData(await chartsOf(page), view);
      await shot(page, `secretariat-${view}`);
    });
  }
});

// The 1.5 s target itself is a benchmark (`pnpm bench` in apps/web), not a timed test: here the
// time is only reported, so a loaded machine cannot fail the suite.
test('overview: every chart renders after in-app navigation (time reported)', async ({ committee: page, scoredYear }) => {
  await viewIs(page, 'overview');
  // The cycle with results stays the header's choice across the views without a cycle (and reloads).
  await page.goto(`/cycles/${scoredYear}`);
  await viewIs(page, 'overview');
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    // Navigate away and back inside the app (client-side routing, fresh data fetch).
    await page.goto('/trends');
    await viewIs(page, 'trends');
    const t0 = Date.now();
    await page.click('[data-menu="overview"]');
    await page.waitForSelector('[data-view="overview"]');
    await page.waitForFunction(
      () => {
        const els = [...document.querySelectorAll<HTMLElement>('[data-view="overview"] [data-chart]')];
        return els.length >= 4 && els.every((e) => e.dataset.rendered === 'true');
      },
      undefined,
      { timeout: 30_000 },
    );
    times.push(Date.now() - t0);
  }
  const sorted = times.toSorted((a, b) => a - b);
  figure('overview charts after navigation (median of 3, ms)', String(sorted[1]));
});

test('committee: menu, comparison deep link, examiner spread and reliability', async ({ committee: page, scoredYear }) => {
  expect(await menuOf(page)).toEqual(MENUS.committee);
  await page.goto(`/compare?cycle=${scoredYear}`);
  await viewIs(page, 'compare');
  const charts = await chartsOf(page);
  assertRealData(charts, 'compare');
  expect(chart(charts, 'radar').points[0], 'without ids the top three are compared').toBe(3);
  expect(chart(charts, 'examiner-strip').points.length, 'one series per examiner plus the consensus').toBeGreaterThanOrEqual(3);
  expect(await page.locator('[data-testid="compare-summary"] .el-table__body tr').count()).toBe(3);
  // A link with explicit ids reproduces the exact comparison.
  const overview = await query<{ ranked: { id: number }[] }>(page, 'analytics.cycleOverview', { year: scoredYear });
  const ids = overview.ranked.slice(3, 7).map((x) => x.id);
  await page.goto(`/compare?cycle=${scoredYear}&ids=${ids.join(',')}`);
  await viewIs(page, 'compare');
  const deep = await chartsOf(page);
  expect(chart(deep, 'radar').points[0]).toBe(4);
  expect(chart(deep, 'grouped-bar').points.length).toBe(4);
  await shot(page, 'committee-compare');
  // Too few candidates: a clear message, no request.
  await page.goto(`/compare?cycle=${scoredYear}&ids=${ids[0]}`);
  await page.waitForSelector('text=请至少选择 2 个候选进行对比');
});

test('leadership: menu by role; forbidden views neither shown nor fetched', async ({ leadership: page, scoredYear }) => {
  expect(await menuOf(page)).toEqual(MENUS.leadership);
  const calls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/trpc/')) calls.push(r.url());
  });
  for (const url of [`/compare?cycle=${scoredYear}`, `/panel/${scoredYear}`, `/weights?cycle=${scoredYear}`, '/my']) {
    await page.goto(url);
    await page.waitForSelector('[data-view="forbidden"]');
  }
  // A forbidden page keeps its address: a reload shows it again, back returns to the view before.
  await page.goto('/trends');
  await viewIs(page, 'trends');
  await page.goto(`/compare?cycle=${scoredYear}`);
  await page.waitForSelector('[data-view="forbidden"]');
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/compare?cycle=${scoredYear}`);
  await page.reload();
  await page.waitForSelector('[data-view="forbidden"]');
  expect(new URL(page.url()).pathname).toBe('/compare');
  await page.goBack();
  await viewIs(page, 'trends');
  const forbiddenCalls = calls.filter((u) => /analytics\.(compare|panel|cycleMatrix|rerankBase)|scoring\./.test(u));
  expect(forbiddenCalls, 'no request for data the role may not see').toEqual([]);
  for (const [url, view] of [
    [`/cycles/${scoredYear}`, 'overview'],
    [`/sectors?cycle=${scoredYear}`, 'sectors'],
    ['/trends', 'trends'],
    ['/follow-up', 'followUp'],
  ] as const) {
    await page.goto(url);
    await viewIs(page, view);
    assertRealData(await chartsOf(page), view);
    await shot(page, `leadership-${view}`);
  }
});

test('examiner: enter and submit a score sheet; then it is locked', async ({ examiner: page, scoredYear }) => {
  expect(await menuOf(page)).toEqual(MENUS.examiner);
  await viewIs(page, 'my');
  await shot(page, 'examiner-my');
  // An analyst view is refused.
  await page.goto(`/cycles/${scoredYear}`);
  await page.waitForSelector('[data-view="forbidden"]');
  await page.goto('/my');
  await viewIs(page, 'my');
  type Assignment = { applicationId: number; openStage: 'material' | 'onsite' | null; material: { status: string }; onsite: { status: string } };
  const assignments = await query<Assignment[]>(page, 'scoring.myAssignments');
  const a = assignments.find((x) => x.openStage && x[x.openStage].status !== 'submitted');
  present(a, 'the demo examiner has a sheet open for scoring');
  const open = { id: a.applicationId, stage: a.openStage! };
  await page.click(`[data-open="${open.id}-${open.stage}"]`);
  await page.waitForSelector('[data-testid="sheet"]');
  await viewIs(page, 'my');
  const items = await page.$$eval('[data-item]', (els) => els.map((e) => (e as HTMLElement).dataset.item!));
  expect(items.length).toBe(23);
  // The examiner's own name heads the sheet.
  expect((await page.getByTestId('examiner-name').innerText()).trim()).not.toBe('');
  // A value that is not a step of 5 is kept as typed and refused with a message (never 37→35 or 105→100).
  for (const wrong of ['37', '105']) {
    const input = field(page, `data-item="${items[0]}"`);
    await input.fill(wrong);
    await input.press('Tab');
    expect(await input.inputValue()).toBe(wrong);
    await page.waitForSelector(`[data-percent-error="${items[0]}"]`);
  }
  await page.getByTestId('save-sheet').click();
  await page.waitForSelector('.el-message--error >> text=5 的倍数');
  // Save and submit stay in reach at the bottom of the long sheet.
  await page
    .locator(`[data-item="${items.at(-1)}"]`)
    .first()
    .scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('.shell__main')?.scrollTo(0, 1e6));
  expect(await page.getByTestId('save-sheet').isVisible()).toBe(true);
  const box = await page.getByTestId('save-sheet').boundingBox();
  present(box, 'the save button has a box');
  expect(box.y, 'the save button is inside the window after scrolling down').toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  for (const [i, item] of items.entries()) {
    const input = field(page, `data-item="${item}"`);
    await input.fill(String(40 + (i % 8) * 5));
    await input.press('Tab');
  }
  // The band description of the chosen percentage appears beside each item.
  expect(await page.locator('.band').count()).toBe(23);
  expect((await page.getByTestId('missing-count').innerText()).trim()).toBe('');
  await page.getByTestId('save-sheet').click();
  await page.waitForSelector('text=草稿已保存');
  await shot(page, 'examiner-sheet');
  await page.getByTestId('submit-sheet').click();
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForSelector('[data-testid="sheet-status"][data-status="submitted"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="sheet-locked"]');
  expect(await field(page, 'data-item="4.1.2"').isDisabled()).toBe(true);
  // The server refuses a change to the submitted sheet.
  const refused = await mutate(page, 'scoring.saveSheet', { applicationId: open.id, stage: open.stage, percents: { '4.1.2': 90 } });
  expect(refused.status).toBe(409);
});

test('weights: untouched weights reproduce the official ranking of every cycle, with nobody added or dropped', async ({ committee: page }) => {
  type Slope = HTMLElement & { mqaOption: () => { series: { name: string; data: { value: number }[] }[] } };
  type Results = { applications: { name: { zh: string }; rank: number | null }[] };
  const years = (await query<{ year: number }[]>(page, 'cycles.list')).map((c) => c.year);
  expect(years.length).toBeGreaterThanOrEqual(4);
  for (const year of years) {
    const official = await query<Results>(page, 'scoring.cycleResults', { year });
    // The slope chart draws the top 20 of the new ranking (untouched: the official top 20).
    const expected = official.applications
      .filter((a) => a.rank !== null)
      .slice(0, 20)
      .map((a) => [a.name.zh, a.rank, a.rank]);
    await page.goto(`/weights?cycle=${year}`);
    await viewIs(page, 'weights');
    await page.waitForFunction(
      (n) => {
        const e = document.querySelector<Slope>('[data-chart="slope"]');
        return e?.dataset.rendered === 'true' && e.mqaOption().series.length === n;
      },
      expected.length,
      { timeout: 30_000 },
    );
    const shown = await page.$eval('[data-chart="slope"]', (e) => (e as Slope).mqaOption().series.map((s) => [s.name, s.data[0]!.value, s.data[1]!.value]));
    expect(shown, `official ranks before and after, ${year}`).toEqual(expected);
    expect(await page.getByTestId('selection-change').count(), `nobody added or dropped, ${year}`).toBe(0);
    expect(await page.locator('[data-testid="movers"] .el-table__body tr').count(), `no movers, ${year}`).toBe(0);
  }
});

test('weights: a point change re-ranks the cycle instantly; invalid totals are explained', async ({ committee: page, scoredYear }) => {
  await page.goto(`/weights?cycle=${scoredYear}`);
  await viewIs(page, 'weights');
  assertRealData(await chartsOf(page), 'weights');
  expect(await page.locator('[data-testid="save-weights"]').count(), 'only the secretariat may save weight sets').toBe(0);
  type Slope = HTMLElement & { mqaOption: () => { series: { data: { value: number }[] }[] } };
  const slopeBefore = await page.$eval('[data-chart="slope"]', (e) => (e as Slope).mqaOption().series.map((s) => [s.data[0]!.value, s.data[1]!.value]));
  expect(slopeBefore.length, 'the slope chart has a line per candidate').toBeGreaterThan(0);
  expect(
    slopeBefore.filter(([a, b]) => a !== b),
    'no change before editing',
  ).toEqual([]);
  expect(await page.locator('[data-testid="movers"] .el-table__body tr').count()).toBe(0);

  const setItem = async (item: string, value: number) => {
    const input = field(page, `data-item="${item}"`);
    await input.fill(String(value));
    await input.press('Tab');
  };
  // Unbalanced: 1000 + 40 → an explained error, the ranking stays.
  await setItem('4.1.2', 90);
  expect(await page.getByTestId('weights-problem').first().innerText()).toMatch(/1040/);
  // Balanced: move 40 points from results to leadership.
  await setItem('4.7.4', 40);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="weights-problem"]').length === 0);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="movers"] .el-table__body tr').length > 0, undefined, { timeout: 20_000 });
  await setItem('4.7.2', 20);
  await setItem('4.1.3', 90);
  const ms = await page.getByTestId('rerank-ms').innerText();
  figure('weights re-rank in the browser (last change, ms)', /([0-9.]+)/.exec(ms)?.[1] ?? ms);
  const after = await page.$eval('[data-chart="slope"]', (e) => (e as Slope).mqaOption().series.map((s) => [s.data[0]!.value, s.data[1]!.value]));
  expect(
    after.some(([a, b]) => a !== b),
    'some rank changed',
  ).toBe(true);
  // The diff against GB/T 19580-2012 lists the changed items.
  expect(await page.locator('[data-testid="weights-diff"] .el-table__body tr').count()).toBe(4);
  // Rank acceptability arrives from the Web Worker.
  await page.waitForFunction(
    () => {
      const e = document.querySelector<HTMLElement>('[data-chart="rank-acceptability"]');
      return e?.dataset.rendered === 'true' && Number((e.dataset.seriesPoints ?? '0').split(',')[0]) > 0;
    },
    undefined,
    { timeout: 30_000 },
  );
  await shot(page, 'committee-weights');
});

test('language switch: every label, axis and message in English', async ({ committee: page }) => {
  await viewIs(page, 'overview');
  const zhCharts = await chartsOf(page);
  expect(chart(zhCharts, 'histogram').option!.xAxis![0]!.name).toBe('总分区间');
  await page.click('[data-testid="lang-switch"] [data-lang="en"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForFunction(() => document.querySelector('[data-menu="overview"]')?.textContent?.includes('Cycle overview'));
  await page.waitForTimeout(600);
  const enCharts = await chartsOf(page);
  expect(chart(enCharts, 'histogram').option!.xAxis![0]!.name).toBe('Total score range');
  expect(chart(enCharts, 'boxplot').option!.yAxis![0]!.name).toBe('Share of maximum (%)');
  // No Chinese left in the shell and the page's own labels (data such as names come in English too).
  const text = await page.locator('.shell__header, .shell__aside, .page-title, .card-title, th').allInnerTexts();
  const mixed = text.filter((s) => HAN.test(s) && !s.includes('中文'));
  expect(mixed, 'no Chinese text in English mode').toEqual([]);
  await shot(page, 'committee-overview-en');
  // The choice persists across a reload.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.click('[data-testid="lang-switch"] [data-lang="zh-CN"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
});

test('comparison page prints to a clean A4 PDF', async ({ committee: page, scoredYear }) => {
  await page.goto(`/compare?cycle=${scoredYear}`);
  await viewIs(page, 'compare');
  await chartsOf(page);
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('.shell__aside').isVisible(), 'no menu on paper').toBe(false);
  expect(await page.locator('.print-head').isVisible(), 'handout title on paper').toBe(true);
  await page.emulateMedia({ media: 'screen' });
  const pdfPath = path.join(OUTPUT, 'compare.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const pdf = fs.readFileSync(pdfPath);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.length, `PDF too small (${pdf.length} bytes)`).toBeGreaterThan(20_000);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  figure('comparison handout', `${pages} A4 page(s), ${Math.round(pdf.length / 1024)} KB`);
  expect(pages, `the handout has ${pages} pages`).toBeGreaterThanOrEqual(1);
  expect(pages, `the handout has ${pages} pages`).toBeLessThanOrEqual(3);
});

test('navigation: the audit log keeps the header’s cycle; back after signing in never lands on “no access”', async ({
  secretariat: page,
  page: fresh,
  scoredYear,
}) => {
  const picker = page.getByTestId('cycle-picker');
  await page.goto(`/cycles/${scoredYear}/applications`);
  await viewIs(page, 'applications');
  expect(await picker.innerText()).toContain(String(scoredYear));
  await page.click('[data-menu="audit"]');
  await viewIs(page, 'audit');
  expect(await picker.innerText(), 'opening the audit log leaves the cycle as chosen').toContain(String(scoredYear));
  await page.reload();
  await viewIs(page, 'audit');
  expect(await picker.innerText(), 'and so does a reload of it').toContain(String(scoredYear));
  // Signed out and in again in the same tab: back returns to the audit log, not to the login page or "no access".
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
  await signIn(page, 'secretariat');
  await page.goBack();
  await viewIs(page, 'audit');
  expect(new URL(page.url()).pathname).toBe('/audit');

  // A link the user signing in may not open: they land on their own first view, not on "no access".
  await fresh.goto('/audit');
  await fresh.waitForURL(/\/login\?redirect=/);
  await signIn(fresh, 'leadership');
  await viewIs(fresh, 'overview');
  expect(await fresh.locator('[data-view="forbidden"]').count()).toBe(0);
});

test('unknown address and no session: login with the link kept', async ({ page, scoredYear }) => {
  await page.goto(`/compare?cycle=${scoredYear}&ids=1,2`);
  await page.waitForURL(/\/login\?redirect=/);
  expect(new URL(page.url()).searchParams.get('redirect')).toBe(`/compare?cycle=${scoredYear}&ids=1,2`);
  await page.goto('/no-such-page');
  await page.waitForSelector('[data-view="not-found"]');
});
