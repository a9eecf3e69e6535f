/**
 * After the award, in the dashboard (Art. 5, 22, 27–28, 30): the secretariat enters a year's
 * follow-up indicators on the awardee's detail (a value outside its plausible range is caught
 * before it is sent), reports a 较大 incident at an individual awardee (a revocation review
 * opens), records and closes a misuse report; leadership reads all of it and writes nothing.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, field, present, query, shot, test, viewIs } from './fixtures.ts';

async function choose(page: Page, select: Locator, text: string | RegExp): Promise<void> {
  await select.click();
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 15_000 });
  await option.click();
}

async function fillDate(page: Page, attr: string, date: string): Promise<void> {
  const input = field(page, attr);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

type Awardee = { awardId: number; name: { zh: string }; applicantType: string; status: string; cycleYear: number; certificateNo: string };

const today = () => new Date().toISOString().slice(0, 10);

test('after the award: indicators, an incident at an individual awardee and a misuse report; leadership reads only', async ({
  secretariat: page,
  leadership,
}) => {
  await page.goto('/follow-up');
  await viewIs(page, 'followUp');
  const awardees = await query<Awardee[]>(page, 'analytics.followUp');
  const org = awardees.find((a) => a.applicantType === 'organisation' && a.cycleYear === 2023 && a.status !== 'revoked');
  present(org, 'a 2023 organisation awardee not revoked');
  const person = awardees.find((a) => a.applicantType === 'individual' && a.status !== 'revoked');
  present(person, 'an individual awardee');

  // Indicators of the organisation's current year.
  await page.locator('[data-testid="awardees"] .el-table__row').filter({ hasText: org.name.zh }).first().click();
  const detail = page.locator('[data-testid="awardee-detail"]');
  await expect(detail).toContainText(org.certificateNo);
  const satisfaction = detail.locator('[data-indicator="customer_satisfaction"] input, input[data-indicator="customer_satisfaction"]').first();
  await satisfaction.fill('925');
  await satisfaction.blur();
  await expect(detail.locator('[data-testid="indicator-problem"]').first()).toContainText('合理范围');
  await expect(detail.locator('[data-testid="indicators-save"]')).toBeDisabled();
  await satisfaction.fill('92.5');
  await satisfaction.blur();
  await expect(detail.locator('[data-testid="indicator-problem"]')).toHaveCount(0);
  await detail.locator('[data-testid="indicators-save"]').click();
  await expect(page.locator('.el-message--success')).toBeVisible();
  const stored = await query<{ years: { year: number; values: Record<string, number> }[] }>(page, 'indicators.get', { awardId: org.awardId });
  expect(stored.years.some((y) => y.values.customer_satisfaction === 92.5)).toBe(true);
  await detail.scrollIntoViewIfNeeded();
  await shot(page, 'secretariat-followUp-indicators');

  // A 较大 incident at the individual awardee opens a revocation review (Art. 28).
  await page.click(`[data-report="${person.awardId}"]`);
  await choose(page, page.locator('[data-testid="incident-severity"]'), '较大');
  await fillDate(page, 'data-testid="incident-date"', today());
  await page
    .locator('[data-testid="incident-description"] textarea, textarea[data-testid="incident-description"]')
    .first()
    .fill('获奖个人所在岗位发生较大质量事故（演示）');
  await page.click('[data-testid="incident-submit"]');
  const result = page.locator('[data-testid="incident-result"]');
  await expect(result).toHaveAttribute('data-review', 'open');
  await expect(result).toContainText('第28条');
  await shot(page, 'secretariat-followUp-incident-individual');
  await page.keyboard.press('Escape');

  // A misuse report (Art. 30), then its handling.
  await page.click('[data-testid="misuse-report"]');
  await choose(page, page.locator('[data-testid="misuse-award"]'), org.certificateNo);
  await page.locator('[data-testid="misuse-party"] input, input[data-testid="misuse-party"]').first().fill('某广告公司（演示）');
  await fillDate(page, 'data-testid="misuse-date"', today());
  await page
    .locator('[data-testid="misuse-description"] textarea, textarea[data-testid="misuse-description"]')
    .first()
    .fill('在宣传材料中冒用奖牌图样（演示）');
  await page.click('[data-testid="misuse-submit"]');
  const row = page.locator('[data-testid="misuse-list"] .el-table__row').filter({ hasText: '某广告公司（演示）' }).first();
  await expect(row.locator('[data-misuse-status="open"]')).toBeVisible();
  await row.locator('[data-misuse-handle]').click();
  await choose(page, page.locator('[data-testid="misuse-status"]'), '已处理');
  await fillDate(page, 'data-testid="misuse-handled-on"', today());
  await page.locator('[data-testid="misuse-action"] textarea, textarea[data-testid="misuse-action"]').first().fill('责令停止使用并公开更正（演示）');
  await page.click('[data-testid="misuse-handle-submit"]');
  await expect(row.locator('[data-misuse-status="closed"]')).toBeVisible();
  await row.scrollIntoViewIfNeeded();
  await shot(page, 'secretariat-followUp-misuse');

  // Leadership reads the same page and has no form.
  await leadership.goto('/follow-up');
  await viewIs(leadership, 'followUp');
  await expect(leadership.locator('[data-testid="misuse-list"]')).toContainText('某广告公司（演示）');
  await expect(leadership.locator('[data-testid="awardee-detail"]')).toBeVisible();
  for (const id of ['misuse-report', 'report-incident', 'indicators-save', 'record-payment', 'indicators-upload']) {
    await expect(leadership.locator(`[data-testid="${id}"]`), id).toHaveCount(0);
  }
  await shot(leadership, 'leadership-followUp');
});
