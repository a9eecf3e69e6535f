/**
 * The audit log (Art. 26) as the secretariat: the hash chain's verdict and paging by id past the
 * first page (newest → older → newer → newest), with a screenshot.
 */
import type { Locator, Page } from '@playwright/test';
import { ACCOUNTS, expect, mutate, shot, test, viewIs } from './fixtures.ts';

/** Picks an option of an Element Plus select by its visible text. */
async function choose(page: Page, select: Locator, text: string | RegExp): Promise<void> {
  await select.click();
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 15_000 });
  await option.click();
}

/** The ids the table shows now: [oldest, newest], once the range differs from `not`. */
async function rangeOf(page: Page, not?: [number, number]): Promise<[number, number]> {
  const el = page.locator('[data-testid="audit-range"]');
  if (not) await expect(el).not.toHaveAttribute('data-to', String(not[1]), { timeout: 30_000 });
  await el.waitFor({ timeout: 30_000 });
  return [Number(await el.getAttribute('data-from')), Number(await el.getAttribute('data-to'))];
}

test('audit log: the hash chain is intact, and the log pages by id past its first page', async ({ secretariat: page }) => {
  // Enough rows for two pages of 20: every sign-in is audited.
  for (let i = 0; i < 25; i++) {
    const r = await mutate(page, 'auth.login', { username: ACCOUNTS.secretariat, password: 'demo-password' });
    expect(r.status, JSON.stringify(r.body).slice(0, 200)).toBe(200);
  }
  await page.goto('/audit');
  await viewIs(page, 'audit');
  const chain = page.locator('[data-testid="audit-chain"]');
  await expect(chain).toHaveAttribute('data-intact', 'true', { timeout: 30_000 });
  await expect(chain).toContainText('审计链完整');

  await choose(page, page.locator('[data-testid="audit-limit"]'), /^20$/);
  await page.click('[data-testid="audit-apply"]');
  await expect(page.locator('[data-testid="audit"] .el-table__body tr')).toHaveCount(20, { timeout: 30_000 });
  const first = await rangeOf(page);
  await expect(page.getByTestId('audit-page-newest')).toBeDisabled();
  await expect(page.getByTestId('audit-page-newer')).toBeDisabled();

  await page.getByTestId('audit-page-older').click();
  const second = await rangeOf(page, first);
  expect(second[1]).toBeLessThan(first[0]);
  await shot(page, 'secretariat-audit-paged');

  await page.getByTestId('audit-page-newer').click();
  expect(await rangeOf(page, second)).toEqual(first);
  await page.getByTestId('audit-page-older').click();
  await rangeOf(page, first);
  await page.getByTestId('audit-page-newest').click();
  expect(await rangeOf(page, second)).toEqual(first);

  // The verdict follows the language.
  await page.click('[data-testid="lang-switch"] [data-lang="en"]');
  await expect(chain).toContainText('The audit chain is intact');
  await page.click('[data-testid="lang-switch"] [data-lang="zh-CN"]');
});
