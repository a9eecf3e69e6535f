/**
 * End-to-end scenarios of the award's measures in the dashboard (called from run.ts with its
 * helpers): eligibility with articles (Art. 10–12), the deadline breach of the 2021 cycle
 * (Art. 16), recusals (Art. 24), the single supplement request (Art. 16), objections (Art. 21),
 * two-way feedback (Art. 25), the audit log, and — last, because it changes data — the
 * revocation of a 2023 award (Art. 28). Screenshots of each new view go to e2e/screenshots/.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';

type Role = 'secretariat' | 'committee' | 'leadership' | 'examiner';

export interface RulesScenarioContext {
  base: string;
  newContext: () => Promise<BrowserContext>;
  login: (context: BrowserContext, base: string, role: Role) => Promise<Page>;
  scenario: (name: string, fn: () => Promise<void>) => Promise<void>;
  viewIs: (page: Page, view: string) => Promise<void>;
  shot: (page: Page, name: string) => Promise<void>;
}

const HAN = /[\u3400-\u9fff]/;

/** GET a tRPC query from inside the page (with the page's session cookie). */
async function query<T>(page: Page, path: string, input?: unknown): Promise<T> {
  return page.evaluate(
    async ({ path, input }) => {
      const url = `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
      const r = await fetch(url, { credentials: 'include' });
      const j = (await r.json()) as { result?: { data: unknown }; error?: { message: string } };
      if (!j.result) throw new Error(`${path}: ${j.error?.message ?? r.status}`);
      return j.result.data;
    },
    { path, input },
  ) as Promise<T>;
}

/** Picks an option of an Element Plus select by its visible text. */
async function choose(page: Page, select: Locator, text: string | RegExp): Promise<void> {
  await select.click();
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 5000 });
  await option.click();
}

export async function rulesScenarios(c: RulesScenarioContext): Promise<void> {
  const { base, newContext, login, scenario, viewIs, shot } = c;
  const url = (p: string) => new URL(p, base).href;

  await scenario('eligibility: every failed condition with its article; ineligible and removed never ranked', async () => {
    const ctx = await newContext();
    const page = await login(ctx, base, 'committee');
    await page.goto(url('/cycles/2025/applications'));
    await viewIs(page, 'applications');
    await page.click('[data-testid="eligibility-filter"] [data-filter="ineligible"]');
    const rows = page.locator('[data-testid="applications"] .el-table__body tr');
    const n = await rows.count();
    assert.ok(n >= 1, 'the demo has ineligible applications in 2025');
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      assert.equal(await row.locator('[data-eligibility="ineligible"]').count(), 1);
      const articles = await row.locator('[data-failure] [data-article]').allInnerTexts();
      assert.ok(articles.length >= 1, 'each ineligible application lists its failed conditions');
      for (const a of articles) assert.match(a, /^第1[0-2]条(第\([一二三四五六七八九十]+\)项)?$/);
    }
    // 2025-006 is on the abnormal-operation list: Art. 12(6).
    const row = rows.filter({ has: page.locator('[data-app-code="2025-006"]') });
    assert.equal((await row.locator('[data-failure="EXC_ABNORMAL_OPERATION_LIST"] [data-article]').innerText()).trim(), '第12条第(六)项');
    assert.match(await row.locator('[data-failure="EXC_ABNORMAL_OPERATION_LIST"]').innerText(), /经营异常名录/);
    await shot(page, 'committee-applications');

    // The detail page: the same reasons, the qualification status, materials.
    await page.click('[data-app-code="2025-006"]');
    await viewIs(page, 'application');
    await page.waitForSelector('[data-testid="eligibility-status"][data-status="ineligible"]');
    assert.equal((await page.locator('[data-testid="eligibility-card"] [data-failure="EXC_ABNORMAL_OPERATION_LIST"] [data-article]').innerText()).trim(), '第12条第(六)项');
    assert.equal(await page.locator('[data-testid="recheck-eligibility"]').count(), 0, 'the committee cannot re-check');
    await page.waitForSelector('[data-testid="recusals"]');
    await shot(page, 'committee-application');

    // In English: Art. 12(6), and no Chinese in the page's own labels.
    await page.click('[data-testid="lang-switch"] [data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForFunction(() => document.querySelector('[data-testid="eligibility-card"] [data-failure] [data-article]')?.textContent?.trim() === 'Art. 12(6)');
    const labels = await page.locator('.page-title, .card-title, th, .el-descriptions__label, [data-testid="eligibility-card"] .el-alert__title').allInnerTexts();
    assert.deepEqual(labels.filter((s) => HAN.test(s)), [], 'no Chinese label in English mode');
    await page.click('[data-testid="lang-switch"] [data-lang="zh-CN"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

    // The 2023 ranking: the removed candidate is not ranked, with Art. 21; ineligible ones are listed apart.
    await page.goto(url('/cycles/2023'));
    await viewIs(page, 'overview');
    const removed = page.locator('[data-testid="ranking"] [data-excluded="2023-036"]');
    await removed.waitFor();
    assert.match(await removed.innerText(), /不参加排名/);
    assert.ok((await removed.locator('[data-article]').allInnerTexts()).includes('第21条'));
    await page.waitForSelector('[data-testid="not-ranked"] [data-not-ranked]');
    const notRanked = await page.locator('[data-testid="not-ranked"] .el-table__body tr').count();
    assert.ok(notRanked >= 4, `the 2023 cycle's ineligible applications are listed as not ranked (${notRanked})`);
    assert.match(await page.locator('[data-testid="selection-rules"]').innerText(), /名额上限 5 个[\s\S]*第2条/);
    await page.locator('[data-testid="selection-rules"]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await shot(page, 'committee-overview-selection');
    await page.locator('[data-testid="objections-panel"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="objections"] [data-objection-status="confirmed"]');
    assert.equal(await page.locator('[data-testid="add-objection"]').count(), 0, 'the committee reads objections only');
    await shot(page, 'committee-overview-objections');
    await ctx.close();
  });

  await scenario('leadership: applications visible; recusals and objections neither shown nor fetched', async () => {
    const ctx = await newContext();
    const page = await login(ctx, base, 'leadership');
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/trpc/')) calls.push(r.url());
    });
    await page.goto(url('/cycles/2023/applications'));
    await viewIs(page, 'applications');
    await page.click('[data-app-code="2023-036"]');
    await viewIs(page, 'application');
    await page.waitForSelector('[data-testid="removed-alert"]');
    assert.equal(await page.locator('[data-testid="recusals"]').count(), 0);
    await page.goto(url('/cycles/2023'));
    await viewIs(page, 'overview');
    assert.equal(await page.locator('[data-testid="objections-panel"]').count(), 0);
    for (const forbidden of ['/audit', '/cycles/2023/feedback']) {
      await page.goto(url(forbidden));
      await page.waitForSelector('[data-view="forbidden"]');
    }
    assert.deepEqual(calls.filter((u) => /conflicts\.|objections\.|comments\.|audit\.|feedback\./.test(u)), []);
    await ctx.close();
  });

  await scenario('timeline: the 2021 qualification review breach (13 working days, Art. 16) shows in red; dates re-checked live', async () => {
    const ctx = await newContext();
    const page = await login(ctx, base, 'secretariat');
    await page.goto(url('/cycles/2021'));
    await viewIs(page, 'overview');
    const alert = page.locator('[data-testid="timeline-breaches"]');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /1 项期限不符合规定/);
    assert.match(text, /第16条/);
    assert.match(text, /13个工作日/);
    assert.equal(await page.locator('[data-testid="timeline"] [data-deadline="qualification_review"][data-status="breach"]').count(), 1);
    assert.equal(await page.locator('[data-testid="timeline"] [data-status="ok"]').count(), 4, 'the other four deadlines are met');
    await alert.scrollIntoViewIfNeeded();
    await shot(page, 'secretariat-timeline-2021');

    // Editing: the preview re-runs the rules in the browser as a date changes (not saved here).
    await page.click('[data-testid="edit-dates"]');
    await page.waitForSelector('[data-testid="preview-breaches"]');
    const input = page.locator('[data-date="qualificationDone"] input, input[data-date="qualificationDone"]').first();
    await input.click();
    await input.fill('2021-04-29');
    await input.press('Enter');
    await page.waitForSelector('[data-testid="preview-ok"]', { timeout: 5000 });
    assert.equal(await page.locator('[data-testid="timeline-preview"] [data-deadline="qualification_review"][data-status="ok"]').count(), 1);
    await shot(page, 'secretariat-timeline-edit');
    await page.keyboard.press('Escape');
    await ctx.close();
  });

  await scenario('recusal: the panel view lists recusals with source and reason (Art. 24); automatic detection runs', async () => {
    const ctx = await newContext();
    const page = await login(ctx, base, 'secretariat');
    await page.goto(url('/panel/2025'));
    await viewIs(page, 'panel');
    const table = page.locator('[data-testid="recusals"]');
    await table.locator('.el-table__body tr').first().waitFor();
    const sources = await table.locator('[data-source]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.source));
    assert.ok(sources.includes('declared') && sources.includes('automatic'), `declared and automatic recusals (${sources.join(',')})`);
    await page.click('[data-testid="detect-conflicts"]');
    const result = await page.locator('[data-testid="detect-result"]').innerText();
    assert.match(result, /已比对 [\d,]+ 对评审员与申报/);
    await table.scrollIntoViewIfNeeded();
    await shot(page, 'secretariat-panel-recusals');
    await ctx.close();
  });

  await scenario('supplement: one request lists the missing materials; a second is refused citing Art. 16', async () => {
    const ctx = await newContext();
    const page = await login(ctx, base, 'secretariat');
    await page.goto(url('/cycles/2025/applications'));
    await viewIs(page, 'applications');
    const list = await query<{ id: number; code: string; eligibility: { status: string } }[]>(page, 'applications.list', { year: 2025 });
    let target: { id: number; code: string } | null = null;
    for (const a of list.filter((x) => x.eligibility.status === 'eligible')) {
      const detail = await query<{ supplementRequest: unknown }>(page, 'applications.get', { id: a.id });
      if (detail.supplementRequest === null) {
        target = a;
        break;
      }
    }
    assert.ok(target, 'a 2025 application without a supplement request');
    await page.click(`[data-app-code="${target.code}"]`);
    await viewIs(page, 'application');
    await page.click('[data-testid="request-supplement"]');
    await page.locator('[data-testid="supplement-extra"] textarea, textarea[data-testid="supplement-extra"]').first().fill('近三年顾客满意度测评报告');
    await page.click('[data-testid="supplement-submit"]');
    await page.waitForSelector('[data-testid="supplement-request"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="qualification-status"][data-status="supplement_requested"]');
    // The second request: the server refuses it, and the dialog says why (Art. 16).
    await page.click('[data-testid="request-supplement"]');
    await page.click('[data-testid="supplement-submit"]');
    const refusal = page.locator('.el-dialog [data-testid="supplement-error"]');
    await refusal.waitFor({ timeout: 10_000 });
    const msg = await refusal.innerText();
    assert.match(msg, /第16条/);
    assert.match(msg, /一次性告知/);
    await shot(page, 'secretariat-application-supplement');
    await page.keyboard.press('Escape');
    await ctx.close();
  });

  await scenario('feedback (Art. 25): the examiner rates an applicant; the secretariat sees it; the audit log records it', async () => {
    const ctx = await newContext();
    const examiner = await login(ctx, base, 'examiner');
    await viewIs(examiner, 'my');
    const card = examiner.locator('[data-testid="conduct-rating"]');
    await card.waitFor();
    await choose(examiner, card.locator('[data-testid="rate-application"]'), /\d{4}-\d{3}/);
    await card.locator('[data-testid="rate-stars"] .el-rate__item').nth(3).click();
    await card.locator('[data-testid="rate-submit"]').click();
    await card.locator('[data-testid="rate-done"]').waitFor({ timeout: 10_000 });
    await card.scrollIntoViewIfNeeded();
    await shot(examiner, 'examiner-my-feedback');
    await ctx.close();

    const sctx = await newContext();
    const page = await login(sctx, base, 'secretariat');
    const years = await query<{ year: number }[]>(page, 'cycles.list');
    let year = 0;
    for (const y of years.map((c) => c.year)) {
      const f = await query<{ entries: unknown[] }>(page, 'feedback.list', { year: y });
      if (f.entries.length > 0) year = y;
    }
    assert.ok(year > 0, 'the rating is in some cycle');
    await page.goto(url(`/cycles/${year}/feedback`));
    await viewIs(page, 'feedback');
    await page.waitForSelector('[data-testid="feedback-entries"] [data-rating="4"]');
    await shot(page, 'secretariat-feedback');

    await page.goto(url('/audit'));
    await viewIs(page, 'audit');
    await page.waitForSelector('[data-testid="audit"] [data-action="feedback.submit"]');
    await choose(page, page.locator('[data-testid="audit-entity"]'), '申报');
    await page.click('[data-testid="audit-apply"]');
    // Once the filtered answer is in, every row is about an application.
    await page.waitForFunction(() => {
      const els = [...document.querySelectorAll<HTMLElement>('[data-testid="audit"] [data-entity]')];
      return els.length > 0 && els.every((e) => e.dataset.entity === 'application');
    }, undefined, { timeout: 10_000 });
    await page.waitForSelector('[data-testid="audit"] [data-action="application.requestSupplement"]');
    await shot(page, 'secretariat-audit');
    await sctx.close();
  });

  // Last: it changes data (a 2023 award is revoked).
  await scenario('revocation: revoking a valid 2023 award shows it revoked with Art. 28 everywhere', async () => {
    const ctx = await newContext();
    const page = await login(ctx, base, 'secretariat');
    await page.goto(url('/follow-up'));
    await viewIs(page, 'followUp');
    const awards = await query<{ id: number; year: number; status: string; organisationId: number | null; prizeRmb: number; openReviews: number[] }[]>(page, 'awards.list');
    const award = awards.find((a) => a.year === 2023 && (a.status === 'valid' || a.status === 'expiring') && a.organisationId !== null && a.prizeRmb > 0 && a.openReviews.length === 0);
    assert.ok(award, 'a valid 2023 award of an organisation');
    await page.click(`[data-revoke="${award.id}"]`);
    await page.click('[data-testid="revoke-reason"] [data-reason="major_accident"]');
    await page.locator('[data-testid="revoke-detail"] textarea, textarea[data-testid="revoke-detail"]').first().fill('获奖后发生较大安全生产事故，经调查核实（演示）');
    await page.click('[data-testid="revoke-submit"]');
    await page.click('.el-message-box__btns .el-button--primary');
    const status = page.locator(`[data-award="${award.id}"][data-award-status="revoked"]`);
    await status.waitFor({ timeout: 15_000 });
    assert.ok((await status.locator('[data-article]').allInnerTexts()).includes('第28条'));
    await shot(page, 'secretariat-followUp-revoked');

    // The committee sees it too, on the follow-up and in the 2023 ranking.
    const cctx = await newContext();
    const committee = await login(cctx, base, 'committee');
    await committee.goto(url('/follow-up'));
    await viewIs(committee, 'followUp');
    await committee.waitForSelector(`[data-award="${award.id}"][data-award-status="revoked"]`);
    await committee.goto(url('/cycles/2023'));
    await viewIs(committee, 'overview');
    await committee.waitForSelector('[data-testid="ranking"] [data-award-status="revoked"]');
    await cctx.close();
    await ctx.close();
  });
}
