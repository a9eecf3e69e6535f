/**
 * The second half of a cycle in the dashboard (Art. 18–21), on the demo's open cycle: the
 * secretariat publishes the results for comment (a too short period refused with the rules'
 * message), downloads the stored .docx (its SHA-256 as listed) and prints it on A4, records and
 * decides a comment, proposes a shortlist that departs from the ranking with a reason for each
 * departure, opens the committee meeting; the committee member votes on their page (seeing only
 * their own votes), the secretariat records a paper vote and closes the meeting with its result;
 * then the notice (7 working days) and an upheld objection. Leadership reads without controls.
 * Phase changes go through the API (the cycles page has its own test). It changes data: last.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, mutate, query, shot, test, viewIs } from './fixtures.ts';
import { OUTPUT } from './paths.ts';

const CONTACT = '鄂尔多斯市市场监督管理局质量发展科，电话 0477-0000000';

async function choose(page: Page, select: Locator, text: string | RegExp): Promise<void> {
  await select.click();
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 15_000 });
  await option.click();
}

async function typeDate(scope: Locator, testId: string, date: string): Promise<void> {
  const input = scope.locator(`[data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

async function advance(page: Page, year: number): Promise<void> {
  const r = await mutate(page, 'cycles.advancePhase', { year, confirm: true });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

test('publication, comments, shortlist, committee vote, notice and objection in the dashboard', async ({ secretariat: page, loginAs }) => {
  const cycles = await query<{ year: number; phase: { id: string } }[]>(page, 'cycles.list');
  const year = cycles.find((c) => c.phase.id === 'material_review')!.year;
  await advance(page, year); // on-site review

  // ---- results for public comment (Art. 18) ----
  await page.goto(`/cycles/${year}/publication`);
  await viewIs(page, 'publication');
  const results = page.getByTestId('publish-results');
  await expect(results.getByTestId('period-minimum')).toContainText('20');
  await typeDate(results, 'publish-starts', '2025-12-01');
  await typeDate(results, 'publish-ends', '2025-12-20');
  await results.locator('[data-testid="publish-contact"]').fill(CONTACT);
  await expect(results.getByTestId('period-check')).toHaveAttribute('data-ok', 'false');
  await expect(results.getByTestId('period-check')).toContainText('第18条要求不少于20日');
  await expect(results.getByTestId('publish-submit')).toBeDisabled();
  await typeDate(results, 'publish-ends', '2025-12-21');
  await expect(results.getByTestId('period-check')).toHaveAttribute('data-ok', 'true');
  await results.getByTestId('publish-submit').click();
  const row = results.getByTestId('publications-results').locator('.el-table__body tr').first();
  await expect(row).toContainText('评审结果');
  await shot(page, 'publication-results');

  // The stored .docx downloads with the SHA-256 listed.
  const sha = await row.locator('[data-sha]').getAttribute('data-sha');
  const href = (await row.getByTestId('publication-download').getAttribute('href'))!;
  const file = await page.request.get(href);
  expect(file.status()).toBe(200);
  const bytes = await file.body();
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
  expect(file.headers()['x-content-sha256']).toBe(sha);

  // The printable A4 page of the notice.
  const id = /\/api\/publications\/(\d+)\/file/.exec(href)![1];
  const print = await page.context().newPage();
  await print.goto(`/publications/${id}/print`);
  await viewIs(print, 'noticePrint');
  await expect(print.getByTestId('notice-sheet')).toContainText('第十八条');
  await print.emulateMedia({ media: 'print' });
  await print.pdf({ path: path.join(OUTPUT, 'publication-results-notice.pdf'), format: 'A4', printBackground: true });
  await shot(print, 'publication-print');
  await print.close();

  // ---- a comment and its outcome ----
  const ranking = await query<{ candidates: { applicationId: number; code: string; rank: number | null; status: string }[] }>(page, 'decisions.ranking', {
    year,
  });
  const ranked = ranking.candidates.filter((c) => c.rank !== null && c.status === 'active').sort((a, b) => a.rank! - b.rank!);
  const [first, second, third] = ranked;
  await page.getByTestId('comment-add').click();
  const dialog = page.locator('.el-dialog:visible');
  await typeDate(dialog, 'comment-received', '2025-12-10');
  await choose(page, dialog.locator('[data-testid="comment-app"]'), first!.code);
  await dialog.locator('[data-testid="comment-body"]').fill('反映该单位去年发生质量投诉未妥善处理。');
  await dialog.getByTestId('comment-add-submit').click();
  await page.getByTestId('comment-decide').first().click();
  const decide = page.locator('.el-dialog:visible');
  await decide.locator('[data-outcome="upheld"]').click();
  await decide.locator('[data-testid="comment-reason"]').fill('经核实，投诉属实且未整改。');
  await decide.getByTestId('comment-decide-submit').click();
  await expect(page.locator('[data-testid="comments"] [data-outcome="upheld"]')).toBeVisible();

  // ---- shortlist (Art. 19): leaving out the first, with reasons ----
  await page.getByRole('tab', { name: '综合排序与候选名单' }).click();
  const panel = page.getByTestId('shortlist-panel');
  await expect(panel.locator(`[data-comments="${first!.code}"]`)).toContainText('意见成立');
  await panel.locator(`[data-pick="${second!.code}"]`).click();
  await panel.locator(`[data-pick="${third!.code}"]`).click();
  await expect(panel.locator(`[data-departure="${first!.code}"]`)).toHaveAttribute('data-kind', 'skipped_higher');
  await expect(panel.getByTestId('shortlist-submit')).toBeDisabled();
  for (const c of [first!, second!, third!]) {
    await panel.locator(`[data-testid="departure-reason-${c.applicationId}"]`).fill('公众意见成立（投诉属实未整改），依次列入排序在后的候选。');
  }
  await expect(panel.getByTestId('shortlist-submit')).toBeEnabled();
  await shot(page, 'publication-shortlist');
  await panel.getByTestId('shortlist-submit').click();
  await expect(panel.locator(`[data-pick="${second!.code}"]`)).toHaveCount(0);

  // ---- the committee meeting (Art. 20) ----
  await advance(page, year); // public comment
  await page.getByRole('tab', { name: '评审委员会会议' }).click();
  const meeting = page.getByTestId('meeting-panel');
  await expect(meeting.getByTestId('quorum-text')).toBeVisible();
  const create = meeting.getByTestId('meeting-create');
  await typeDate(create, 'meeting-date', '2025-12-28');
  await choose(page, create.locator('[data-testid="meeting-present"]'), 'demo-committee');
  await create.getByTestId('meeting-open').click();
  await expect(meeting.getByTestId('meeting-current')).toBeVisible();

  // The member votes on their own page: own votes and counts only.
  const member = await loginAs('committee');
  await member.goto(`/cycles/${year}/vote`);
  await viewIs(member, 'committeeVote');
  await expect(member.getByTestId('committee-vote')).toHaveAttribute('data-mode', 'voting');
  await member.locator(`[data-vote="${second!.code}:for"]`).click();
  await expect(member.locator(`[data-my-vote="${second!.code}"]`)).toHaveText('赞成');
  await expect(member.locator(`[data-cast="${second!.code}"]`)).toHaveText('1 / 1');
  await shot(member, 'committee-vote');

  // The secretariat records the member's paper vote on the other candidate, then closes.
  await page.reload();
  await page.getByRole('tab', { name: '评审委员会会议' }).click();
  await choose(page, page.locator('[data-testid="paper-member"]'), 'demo-committee');
  await page.locator(`[data-paper="${third!.code}"] [data-vote="for"]`).click();
  await page.getByTestId('paper-submit').click();
  await expect(page.locator(`[data-cast="${third!.code}"]`)).toHaveText('1 / 1');
  await page.getByTestId('meeting-close').click();
  const result = page.locator('[data-testid^="meeting-result-"]').first();
  await expect(result.getByTestId('result-proposed')).toContainText(second!.code);
  await expect(result.getByTestId('result-proposed')).toContainText(third!.code);
  await shot(page, 'publication-meeting-result');

  await member.reload();
  await expect(member.getByTestId('committee-vote')).toHaveAttribute('data-mode', 'closed');
  await expect(member.getByTestId('result-proposed')).toContainText(second!.code);

  // ---- the public notice (Art. 21) and an objection ----
  await advance(page, year); // committee review
  await page.getByRole('tab', { name: '拟授奖名单公示与异议' }).click();
  const notice = page.getByTestId('publish-notice');
  await expect(notice.getByTestId('period-minimum')).toContainText('7');
  await typeDate(notice, 'publish-starts', '2026-01-05');
  await typeDate(notice, 'publish-ends', '2026-01-14');
  await notice.locator('[data-testid="publish-contact"]').fill(CONTACT);
  await expect(notice.getByTestId('period-check')).toHaveAttribute('data-ok', 'true');
  await notice.getByTestId('publish-submit').click();
  await expect(notice.getByTestId('publications-notice').locator('.el-table__body tr')).toHaveCount(1);

  await page.getByTestId('objection-add').click();
  const obj = page.locator('.el-dialog:visible');
  await obj.locator('[data-testid="objection-app"]').click();
  // Only candidates on the notice are offered.
  const offered = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
  await expect(offered).toHaveCount(2);
  await offered.filter({ hasText: third!.code }).click();
  await typeDate(obj, 'objection-received', '2026-01-06');
  await obj.locator('[data-testid="objection-body"]').fill('反映该单位申报材料数据不实。');
  await obj.getByTestId('objection-add-submit').click();
  await page.getByTestId('objection-decide').first().click();
  const od = page.locator('.el-dialog:visible');
  await od.locator('[data-outcome="confirmed"]').click();
  await od.locator('[data-testid="objection-reason"]').fill('经调查核实，申报数据不实。');
  await od.getByTestId('objection-decide-submit').click();
  await expect(page.locator('[data-testid="objections"] [data-status="confirmed"]')).toBeVisible();
  await shot(page, 'publication-notice');

  // ---- leadership reads, without controls ----
  const leader = await loginAs('leadership');
  await leader.goto(`/cycles/${year}/publication`);
  await viewIs(leader, 'publication');
  await expect(leader.getByTestId('publication-read-only')).toBeVisible();
  await expect(leader.getByTestId('publish-submit')).toHaveCount(0);
  await expect(leader.getByTestId('publications-results').locator('.el-table__body tr')).toHaveCount(1);
  await leader.getByRole('tab', { name: '评审委员会会议' }).click();
  await expect(leader.locator('[data-testid^="meeting-result-"]')).toHaveCount(1);
  await expect(leader.getByTestId('meeting-close')).toHaveCount(0);
});
