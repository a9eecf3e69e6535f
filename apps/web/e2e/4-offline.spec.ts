/**
 * The dashboard works fully offline: every test already fails on a request to another host or
 * an uncaught page error (the `guard` fixture); this one walks every menu entry of every role
 * and checks both explicitly.
 */
import { MENUS, expect, test, viewIs, type Role } from './fixtures.ts';

test('no request leaves the machine; no page error', async ({ loginAs, guard }) => {
  for (const role of Object.keys(MENUS) as Role[]) {
    await test.step(role, async () => {
      const page = await loginAs(role);
      for (const entry of MENUS[role]) {
        await page.click(`[data-menu="${entry}"]`);
        await viewIs(page, entry);
      }
      await page.context().close();
    });
  }
  expect(guard.requests, 'the watch saw the dashboard’s own requests').toBeGreaterThan(0);
  expect(guard.external, `requests to other hosts: ${guard.external.slice(0, 5).join(', ')}`).toEqual([]);
  expect(guard.pageErrors).toEqual([]);
});
