/**
 * The award's measures in the dashboard: eligibility with articles (Art. 10–12), the deadline
 * breach of the 2021 cycle (Art. 16), recusals (Art. 24), the single supplement request
 * (Art. 16), objections (Art. 21), two-way feedback (Art. 25), the audit log, and — last,
 * because it changes data — the revocation of a 2023 award (Art. 28). Screenshots of each view
 * go to e2e/screenshots/.
 */
import type { Locator, Page } from '@playwright/test';
import { HAN, expect, mutate, present, query, shot, test, viewIs } from './fixtures.ts';

/** Picks an option of an Element Plus select by its visible text. */
async function choose(page: Page, select: Locator, text: string | RegExp): Promise<void> {
  await select.click();
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 15_000 });
  await option.click();
}

/** An eligible 2025 application that has had no supplement request yet. */
async function withoutSupplementRequest(page: Page): Promise<{ id: number; code: string }> {
  const list = await query<{ id: number; code: string; eligibility: { status: string } }[]>(page, 'applications.list', { year: 2025 });
  for (const a of list.filter((x) => x.eligibility.status === 'eligible')) {
    const detail = await query<{ supplementRequest: unknown }>(page, 'applications.get', { id: a.id });
    if (detail.supplementRequest === null) return a;
  }
  throw new Error('no 2025 application without a supplement request is left');
}

test('eligibility: every failed condition with its article; ineligible and removed never ranked', async ({ committee: page }) => {
  await page.goto('/cycles/2025/applications');
  await viewIs(page, 'applications');
  await page.click('[data-testid="eligibility-filter"] [data-filter="ineligible"]');
  const rows = page.locator('[data-testid="applications"] tbody tr');
  // The filtered page replaces the whole list once its answer arrives: wait for it before counting.
  const ineligibleRows = page.locator('[data-testid="applications"] tbody tr:has([data-eligibility="ineligible"])');
  await expect
    .poll(
      async () => {
        const all = await rows.count();
        return all > 0 && all === (await ineligibleRows.count());
      },
      { timeout: 30_000, message: 'after the filter every row shown is ineligible' },
    )
    .toBe(true);
  const n = await rows.count();
  expect(n, 'the demo has ineligible applications in 2025').toBeGreaterThanOrEqual(1);
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    await expect(row.locator('[data-eligibility="ineligible"]')).toHaveCount(1);
    const articles = await row.locator('[data-failure] [data-article]').allInnerTexts();
    expect(articles.length, 'each ineligible application lists its failed conditions').toBeGreaterThanOrEqual(1);
    for (const a of articles) expect(a).toMatch(/^第1[0-2]条(第\([一二三四五六七八九十]+\)项)?$/);
  }
  // 2025-006 is on the abnormal-operation list: Art. 12(6).
  const row = rows.filter({ has: page.locator('[data-app-code="2025-006"]') });
  expect((await row.locator('[data-failure="EXC_ABNORMAL_OPERATION_LIST"] [data-article]').innerText()).trim()).toBe('第12条第(六)项');
  expect(await row.locator('[data-failure="EXC_ABNORMAL_OPERATION_LIST"]').innerText()).toMatch(/经营异常名录/);
  await shot(page, 'committee-applications');

  // The detail page: the same reasons, the qualification status, materials.
  await page.click('[data-app-code="2025-006"]');
  await viewIs(page, 'application');
  await page.waitForSelector('[data-testid="eligibility-status"][data-status="ineligible"]');
  expect((await page.locator('[data-testid="eligibility-card"] [data-failure="EXC_ABNORMAL_OPERATION_LIST"] [data-article]').innerText()).trim()).toBe(
    '第12条第(六)项',
  );
  expect(await page.locator('[data-testid="recheck-eligibility"]').count(), 'the committee cannot re-check').toBe(0);
  await page.waitForSelector('[data-testid="recusals"]');
  await shot(page, 'committee-application');

  // In English: Art. 12(6), and no Chinese in the page's own labels.
  await page.click('[data-testid="lang-switch"] [data-lang="en"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="eligibility-card"] [data-failure] [data-article]')?.textContent?.trim() === 'Art. 12(6)',
  );
  const labels = await page.locator('.page-title, .card-title, th, .el-descriptions__label, [data-testid="eligibility-card"] .el-alert__title').allInnerTexts();
  expect(
    labels.filter((s) => HAN.test(s)),
    'no Chinese label in English mode',
  ).toEqual([]);
  await page.click('[data-testid="lang-switch"] [data-lang="zh-CN"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

  // The 2023 ranking: the removed candidate is not ranked, with Art. 21; ineligible ones are listed apart.
  await page.goto('/cycles/2023');
  await viewIs(page, 'overview');
  const removed = page.locator('[data-testid="ranking"] [data-excluded="2023-036"]');
  await removed.waitFor();
  expect(await removed.innerText()).toMatch(/不参加排名/);
  expect(await removed.locator('[data-article]').allInnerTexts()).toContain('第21条');
  await page.waitForSelector('[data-testid="not-ranked"] [data-not-ranked]');
  const notRanked = await page.locator('[data-testid="not-ranked"] [data-not-ranked]').count();
  expect(notRanked, `the 2023 cycle's ineligible applications are listed as not ranked (${notRanked})`).toBeGreaterThanOrEqual(4);
  expect(await page.locator('[data-testid="selection-rules"]').innerText()).toMatch(/名额上限 5 个[\s\S]*第2条/);
  await page.locator('[data-testid="selection-rules"]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await shot(page, 'committee-overview-selection');
  await page.locator('[data-testid="objections-panel"]').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="objections"] [data-objection-status="confirmed"]');
  expect(await page.locator('[data-testid="add-objection"]').count(), 'the committee reads objections only').toBe(0);
  await shot(page, 'committee-overview-objections');
});

test('leadership: applications visible; recusals and objections neither shown nor fetched', async ({ leadership: page }) => {
  const calls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/trpc/')) calls.push(r.url());
  });
  await page.goto('/cycles/2023/applications');
  await viewIs(page, 'applications');
  await page.click('[data-app-code="2023-036"]');
  await viewIs(page, 'application');
  await page.waitForSelector('[data-testid="removed-alert"]');
  expect(await page.locator('[data-testid="recusals"]').count()).toBe(0);
  await page.goto('/cycles/2023');
  await viewIs(page, 'overview');
  expect(await page.locator('[data-testid="objections-panel"]').count()).toBe(0);
  for (const forbidden of ['/audit', '/cycles/2023/feedback']) {
    await page.goto(forbidden);
    await page.waitForSelector('[data-view="forbidden"]');
  }
  expect(calls.filter((u) => /conflicts\.|objections\.|comments\.|audit\.|feedback\./.test(u))).toEqual([]);
});

test('timeline: the 2021 qualification review breach (13 working days, Art. 16) shows in red; dates re-checked live', async ({ secretariat: page }) => {
  await page.goto('/cycles/2021');
  await viewIs(page, 'overview');
  const alert = page.locator('[data-testid="timeline-breaches"]');
  await alert.waitFor();
  const text = await alert.innerText();
  expect(text).toMatch(/1 项期限不符合规定/);
  expect(text).toMatch(/第16条/);
  expect(text).toMatch(/13个工作日/);
  expect(await page.locator('[data-testid="timeline"] [data-deadline="qualification_review"][data-status="breach"]').count()).toBe(1);
  expect(await page.locator('[data-testid="timeline"] [data-status="ok"]').count(), 'the other four deadlines are met').toBe(4);
  await alert.scrollIntoViewIfNeeded();
  await shot(page, 'secretariat-timeline-2021');

  // Editing: the preview re-runs the rules in the browser as a date changes (not saved here).
  await page.click('[data-testid="edit-dates"]');
  await page.waitForSelector('[data-testid="preview-breaches"]');
  const input = page.locator('[data-date="qualificationDone"] input, input[data-date="qualificationDone"]').first();
  await input.click();
  await input.fill('2021-04-29');
  await input.press('Enter');
  await page.waitForSelector('[data-testid="preview-ok"]', { timeout: 15_000 });
  expect(await page.locator('[data-testid="timeline-preview"] [data-deadline="qualification_review"][data-status="ok"]').count()).toBe(1);
  await shot(page, 'secretariat-timeline-edit');
  await page.keyboard.press('Escape');
});

test('recusal: the panel view lists recusals with source and reason (Art. 24); automatic detection runs', async ({ secretariat: page }) => {
  await page.goto('/panel/2025');
  await viewIs(page, 'panel');
  const table = page.locator('[data-testid="recusals"]');
  await table.locator('.el-table__body tr').first().waitFor();
  const sources = await table.locator('[data-source]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.source));
  expect(sources, `declared and automatic recusals (${sources.join(',')})`).toEqual(expect.arrayContaining(['declared', 'automatic']));
  await page.click('[data-testid="detect-conflicts"]');
  expect(await page.locator('[data-testid="detect-result"]').innerText()).toMatch(/已比对 [\d,]+ 对评审员与申报/);
  await table.scrollIntoViewIfNeeded();
  await shot(page, 'secretariat-panel-recusals');
});

test('supplement: one request lists the missing materials; a second is refused citing Art. 16', async ({ secretariat: page }) => {
  await page.goto('/cycles/2025/applications');
  await viewIs(page, 'applications');
  const target = await withoutSupplementRequest(page);
  await page.click(`[data-app-code="${target.code}"]`);
  await viewIs(page, 'application');
  await page.click('[data-testid="request-supplement"]');
  await page.locator('[data-testid="supplement-extra"] textarea, textarea[data-testid="supplement-extra"]').first().fill('近三年顾客满意度测评报告');
  await page.click('[data-testid="supplement-submit"]');
  await page.waitForSelector('[data-testid="supplement-request"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="qualification-status"][data-status="supplement_requested"]');
  // The second request: the server refuses it, and the dialog says why (Art. 16).
  await page.click('[data-testid="request-supplement"]');
  await page.click('[data-testid="supplement-submit"]');
  const refusal = page.locator('.el-dialog [data-testid="supplement-error"]');
  await refusal.waitFor({ timeout: 30_000 });
  const msg = await refusal.innerText();
  expect(msg).toMatch(/第16条/);
  expect(msg).toMatch(/一次性告知/);
  await shot(page, 'secretariat-application-supplement');
  await page.keyboard.press('Escape');
});

test('feedback (Art. 25): the examiner rates an applicant; the secretariat sees it; the audit log records it', async ({ examiner, secretariat: page }) => {
  await viewIs(examiner, 'my');
  const card = examiner.locator('[data-testid="conduct-rating"]');
  await card.waitFor();
  await choose(examiner, card.locator('[data-testid="rate-application"]'), /\d{4}-\d{3}/);
  await card.locator('[data-testid="rate-stars"] .el-rate__item').nth(3).click();
  await card.locator('[data-testid="rate-submit"]').click();
  await card.locator('[data-testid="rate-done"]').waitFor({ timeout: 30_000 });
  await card.scrollIntoViewIfNeeded();
  await shot(examiner, 'examiner-my-feedback');

  const years = await query<{ year: number }[]>(page, 'cycles.list');
  let year = 0;
  for (const y of years.map((c) => c.year)) {
    const f = await query<{ entries: unknown[] }>(page, 'feedback.list', { year: y });
    if (f.entries.length > 0) year = y;
  }
  expect(year, 'the rating is in some cycle').toBeGreaterThan(0);
  await page.goto(`/cycles/${year}/feedback`);
  await viewIs(page, 'feedback');
  await page.waitForSelector('[data-testid="feedback-entries"] [data-rating="4"]');
  await shot(page, 'secretariat-feedback');

  // The audit log filtered to applications must show a supplement request: make one here (through
  // the API), so that this test does not rely on the supplement test having run before it.
  const target = await withoutSupplementRequest(page);
  const made = await mutate(page, 'applications.requestSupplement', { id: target.id, items: [] });
  expect(made.status, `supplement request for ${target.code}: ${JSON.stringify(made.body).slice(0, 300)}`).toBe(200);

  await page.goto('/audit');
  await viewIs(page, 'audit');
  await page.waitForSelector('[data-testid="audit"] [data-action="feedback.submit"]');
  await choose(page, page.locator('[data-testid="audit-entity"]'), '申报');
  await page.click('[data-testid="audit-apply"]');
  // Once the filtered answer is in, every row is about an application.
  await page.waitForFunction(
    () => {
      const els = [...document.querySelectorAll<HTMLElement>('[data-testid="audit"] [data-entity]')];
      return els.length > 0 && els.every((e) => e.dataset.entity === 'application');
    },
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForSelector('[data-testid="audit"] [data-action="application.requestSupplement"]');
  await shot(page, 'secretariat-audit');
});

// Last in this file: it changes data (a 2023 award is revoked).
test('revocation: revoking a valid 2023 award shows it revoked with Art. 28 everywhere', async ({ secretariat: page, committee }) => {
  await page.goto('/follow-up');
  await viewIs(page, 'followUp');
  type Award = { id: number; year: number; status: string; organisationId: number | null; prizeRmb: number; openReviews: number[] };
  const awards = await query<Award[]>(page, 'awards.list');
  const award = awards.find(
    (a) => a.year === 2023 && (a.status === 'valid' || a.status === 'expiring') && a.organisationId !== null && a.prizeRmb > 0 && a.openReviews.length === 0,
  );
  present(award, 'a valid 2023 award of an organisation');
  await page.click(`[data-revoke="${award.id}"]`);
  await page.click('[data-testid="revoke-reason"] [data-reason="major_accident"]');
  await page
    .locator('[data-testid="revoke-detail"] textarea, textarea[data-testid="revoke-detail"]')
    .first()
    .fill('获奖后发生较大安全生产事故，经调查核实（演示）');
  // The decision's date is entered, never taken from the day of the click.
  const decided = page.locator('[data-testid="revoke-date"] input, input[data-testid="revoke-date"]').first();
  await decided.click();
  await decided.fill(new Date().toISOString().slice(0, 10));
  await decided.press('Enter');
  await page.click('[data-testid="revoke-submit"]');
  await page.click('.el-message-box__btns .el-button--primary');
  const status = page.locator(`[data-award="${award.id}"][data-award-status="revoked"]`);
  await status.waitFor({ timeout: 30_000 });
  expect(await status.locator('[data-article]').allInnerTexts()).toContain('第28条');
  await shot(page, 'secretariat-followUp-revoked');

  // The committee sees it too, on the follow-up and in the 2023 ranking.
  await committee.goto('/follow-up');
  await viewIs(committee, 'followUp');
  await committee.waitForSelector(`[data-award="${award.id}"][data-award-status="revoked"]`);
  await committee.goto('/cycles/2023');
  await viewIs(committee, 'overview');
  await committee.waitForSelector('[data-testid="ranking"] [data-award-status="revoked"]');
});
