/**
 * The browser tests' `test` and helpers.
 *
 * Fixtures: `secretariat`, `committee`, `leadership` and `examiner` each give a page logged in as
 * that demo account, in a browser context of its own; `newContext` opens a further isolated
 * context; `scoredYear` is the newest cycle with results (users land on the cycle in progress). Every context a
 * test opens is watched: the test fails if any request went to a host other than the server
 * under test, or if a page threw an uncaught error.
 */
import path from 'node:path';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { SHOTS } from './paths.ts';

export { expect };

export type Role = 'secretariat' | 'committee' | 'leadership' | 'examiner';

export const ACCOUNTS: Record<Role, string> = {
  secretariat: 'demo-secretariat',
  committee: 'demo-committee',
  leadership: 'demo-leader',
  examiner: 'demo-examiner',
};
const PASSWORD = 'demo-password';
export const VIEWPORT = { width: 1366, height: 768 };

/** The menu each role must see, in order (src/router/routes.ts). */
export const MENUS: Record<Role, string[]> = {
  secretariat: [
    'cycles',
    'overview',
    'applications',
    'groups',
    'publication',
    'compare',
    'sectors',
    'trends',
    'panel',
    'weights',
    'followUp',
    'feedback',
    'audit',
    'people',
    'consensus',
    'dataImport',
  ],
  committee: ['overview', 'applications', 'groups', 'publication', 'committeeVote', 'compare', 'sectors', 'trends', 'panel', 'weights', 'followUp'],
  leadership: ['overview', 'applications', 'publication', 'sectors', 'trends', 'followUp'],
  examiner: ['my', 'consensus'],
};

export const HAN = /[\u3400-\u9fff]/;

/** The server under test, set by global-setup.ts. */
function serverBase(): string {
  const b = process.env.MQA_E2E_BASE;
  if (!b) throw new Error('MQA_E2E_BASE is not set: run the browser tests with `pnpm e2e` (playwright.config.ts starts the server)');
  return b;
}

// ---------------------------------------------------------------------------------------------
// Page helpers

export interface ChartInfo {
  name: string;
  points: number[];
  option: { series?: { name?: string; type?: string }[]; xAxis?: { name?: string; data?: unknown[] }[]; yAxis?: { name?: string; data?: unknown[] }[] } | null;
}

/** Waits until every chart on the page has rendered, then returns each chart's series sizes and option. */
export async function chartsOf(page: Page, timeout = 30_000): Promise<ChartInfo[]> {
  await page.waitForFunction(
    () => {
      const els = [...document.querySelectorAll<HTMLElement>('[data-chart]')];
      return els.length > 0 && els.every((e) => e.dataset.rendered === 'true');
    },
    undefined,
    { timeout },
  );
  return page.$$eval('[data-chart]', (els) =>
    els.map((e) => {
      const el = e as HTMLElement & { mqaOption?: () => unknown };
      const opt = el.mqaOption?.() ?? null;
      return {
        name: el.dataset.chart ?? '',
        points: (el.dataset.seriesPoints ?? '').split(',').filter(Boolean).map(Number),
        option: opt ? JSON.parse(JSON.stringify(opt)) : null,
      };
    }),
  );
}

/** Every chart (but those in `allowEmpty`) exposes its rendered ECharts option and holds data points. */
export function assertRealData(charts: ChartInfo[], where: string, allowEmpty: string[] = []): void {
  expect(charts.length, `${where}: no chart on the page`).toBeGreaterThan(0);
  for (const c of charts) {
    if (allowEmpty.includes(c.name)) continue;
    expect(c.option !== null && Array.isArray(c.option.series), `${where}: chart ${c.name} exposes no rendered option`).toBe(true);
    const total = c.points.reduce((s, n) => s + n, 0);
    expect(total, `${where}: chart ${c.name} has no data points (series sizes ${c.points.join(',') || 'none'})`).toBeGreaterThan(0);
  }
}

/** The chart named `name`, which must be on the page. */
export function chart(charts: ChartInfo[], name: string): ChartInfo {
  const c = charts.find((x) => x.name === name);
  present(c, `chart ${name} is on the page`);
  return c;
}

/** Fails the test unless `value` is neither null nor undefined (and narrows its type). */
export function present<T>(value: T | null | undefined, message: string): asserts value is T {
  expect(value ?? null, message).not.toBeNull();
}

/** A screenshot (at the context's 1366×768 viewport) to e2e/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** A figure measured by the test, printed by the summary reporter; it never decides pass or fail. */
export function figure(name: string, value: string): void {
  base.info().annotations.push({ type: 'figure', description: `${name}: ${value}` });
}

export async function menuOf(page: Page): Promise<string[]> {
  return page.$$eval('[data-menu]', (els) => els.map((e) => (e as HTMLElement).dataset.menu ?? ''));
}

/** The view `view` is shown, has finished loading and shows no error. */
export async function viewIs(page: Page, view: string): Promise<void> {
  await page.waitForSelector(`[data-view="${view}"]`, { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('[data-state="loading"]'), undefined, { timeout: 30_000 });
  const err = page.locator('[data-state="error"]');
  const shown = (await err.count()) > 0 ? (await err.first().innerText()).replace(/\s+/g, ' ') : '';
  expect(shown, `view ${view} shows an error`).toBe('');
}

/** The <input> of an Element Plus field marked with `attr` (attributes land on the input or on its wrapper). */
export function field(page: Page, attr: string) {
  return page.locator(`input[${attr}], [${attr}] input`).first();
}

/** A tRPC query from inside the page, with the page's session cookie. */
export async function query<T>(page: Page, proc: string, input?: unknown): Promise<T> {
  return page.evaluate(
    async ({ proc, input }) => {
      const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      const r = await fetch(`/trpc/${proc}${q}`, { credentials: 'include' });
      const j = (await r.json()) as { result?: { data: unknown }; error?: { message?: string } };
      if (!j.result) throw new Error(`${proc}: ${j.error?.message ?? JSON.stringify(j.error) ?? r.status}`);
      return j.result.data;
    },
    { proc, input },
  ) as Promise<T>;
}

/** A tRPC mutation from inside the page; returns the HTTP status and the answer. */
export async function mutate(page: Page, proc: string, input: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ proc, input }) => {
      const r = await fetch(`/trpc/${proc}`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return { status: r.status, body: (await r.json()) as unknown };
    },
    { proc, input },
  );
}

/** Logs `page` in as `role` through the login form and waits for the app shell. */
export async function login(page: Page, role: Role): Promise<Page> {
  await page.goto('/login');
  return signIn(page, role);
}

/** Signs in as `role` on the login page already open (no navigation of its own), and waits for the app shell. */
export async function signIn(page: Page, role: Role): Promise<Page> {
  await page.waitForSelector('[data-view="login"]');
  await field(page, 'data-testid="username"').fill(ACCOUNTS[role]);
  await field(page, 'data-testid="password"').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  await page.waitForSelector('[data-testid="current-user"]', { timeout: 30_000 });
  return page;
}

// ---------------------------------------------------------------------------------------------
// Fixtures

interface Guard {
  /** Every request seen, local or not. */
  requests: number;
  /** Requests to hosts other than the server under test. */
  external: string[];
  /** Uncaught errors thrown in a page. */
  pageErrors: string[];
  watch(context: BrowserContext): void;
}

interface Fixtures {
  guard: Guard;
  /** A further browser context of its own (cookies, storage), watched like the test's own. */
  newContext: () => Promise<BrowserContext>;
  /** A page logged in as `role`, in a new context of its own. */
  loginAs: (role: Role) => Promise<Page>;
  secretariat: Page;
  committee: Page;
  leadership: Page;
  examiner: Page;
}

interface WorkerFixtures {
  /** The newest cycle with results (past the on-site review); users land on the cycle in progress. */
  scoredYear: number;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  // The server's address is known only once global-setup.ts has started it.
  // oxlint-disable-next-line no-empty-pattern -- a fixture without dependencies destructures nothing
  baseURL: async ({}, use) => {
    await use(serverBase());
  },

  guard: [
    async ({ baseURL }, use) => {
      const host = new URL(baseURL ?? serverBase()).host;
      const guard: Guard = {
        requests: 0,
        external: [],
        pageErrors: [],
        watch(context) {
          context.on('request', (req) => {
            guard.requests++;
            const u = new URL(req.url());
            if (u.protocol === 'data:' || u.protocol === 'blob:') return;
            if (u.host !== host && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) guard.external.push(req.url());
          });
          const onPage = (p: Page) => p.on('pageerror', (e) => guard.pageErrors.push(`${p.url()}: ${e.message}`));
          context.pages().forEach(onPage);
          context.on('page', onPage);
        },
      };
      await use(guard);
      expect(guard.external, `requests to other hosts: ${guard.external.slice(0, 5).join(', ')}`).toEqual([]);
      expect(guard.pageErrors, 'no page error').toEqual([]);
    },
    { auto: true },
  ],

  context: async ({ context, guard }, use) => {
    guard.watch(context);
    await use(context);
  },

  newContext: async ({ browser, guard }, use) => {
    const opened: BrowserContext[] = [];
    await use(async () => {
      const ctx = await browser.newContext({ baseURL: serverBase(), viewport: VIEWPORT, locale: 'zh-CN' });
      guard.watch(ctx);
      opened.push(ctx);
      return ctx;
    });
    for (const ctx of opened) await ctx.close().catch(() => undefined);
  },

  loginAs: async ({ newContext }, use) => {
    await use(async (role) => login(await (await newContext()).newPage(), role));
  },

  secretariat: async ({ loginAs }, use) => {
    await use(await loginAs('secretariat'));
  },
  committee: async ({ loginAs }, use) => {
    await use(await loginAs('committee'));
  },
  leadership: async ({ loginAs }, use) => {
    await use(await loginAs('leadership'));
  },
  examiner: async ({ loginAs }, use) => {
    await use(await loginAs('examiner'));
  },

  scoredYear: [
    async ({ browser }, use) => {
      const ctx = await browser.newContext({ baseURL: serverBase(), viewport: VIEWPORT, locale: 'zh-CN' });
      const page = await login(await ctx.newPage(), 'committee');
      // Users land on the cycle in progress; the views with results are read on the newest cycle past the reviews.
      const cycles = await query<{ year: number; phase: { id: string } }[]>(page, 'cycles.list');
      const withResults = ['onsite_review', 'public_comment', 'committee_review', 'public_notice', 'awarded'];
      const year = Math.max(...cycles.filter((c) => withResults.includes(c.phase.id)).map((c) => c.year));
      expect(Number.isInteger(year), 'the demo has a cycle with results').toBe(true);
      await ctx.close();
      await use(year);
    },
    { scope: 'worker' },
  ],
});
