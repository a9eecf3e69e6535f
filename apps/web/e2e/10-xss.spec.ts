/**
 * Stored XSS: names that carry markup never run as script anywhere in the dashboard.
 *
 * Every input refuses `<…>` in a name (hasMarkup in packages/api), so the markup is planted
 * straight into the database of a server of this test's own: `pnpm demo` seeds it and is
 * stopped, every organisation, individual, examiner, account, review group, agency, recommending
 * body and material title is rewritten with a script-carrying name (three kinds: an `<img
 * onerror>`, a `<script>` element and an attribute break-out with `<svg onload>`), the stored
 * notices' text models with them, and the server is started again on that database (so no
 * cache holds the old names). Then the secretariat, a committee member, the leadership and an
 * examiner open every view of the router their role may open, for the cycle with results; each
 * chart is hovered at a grid of points (ECharts draws its HTML tooltip on mousemove) and table
 * cells and tooltip triggers are hovered too. Nothing may execute: `window.__xss` is never set,
 * no dialog opens, no Content-Security-Policy violation is reported (as an event or on the
 * console), no page error is thrown; and the names are shown as text (so the plant reached the
 * view, in the page and in the chart tooltips). A revocation notice published after the plant
 * carries an escaped name in its .docx, and the notice's print view shows it as text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, mutate, query, shot, signIn, test, VIEWPORT, type Role } from './fixtures.ts';
import { startProcess, type RunningServer } from './server.ts';

test.describe.configure({ mode: 'serial' });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The three kinds of script-carrying text; each marks itself with its own value of window.__xss. */
const PAYLOADS = [
  (tag: string) => `<img src=x onerror="window.__xss=1">${tag}`,
  (tag: string) => `<script>window.__xss=2</script>${tag}`,
  (tag: string) => `"><svg onload="window.__xss=3">${tag}`,
];
/** What shows on the page when a planted name is rendered as text. */
const SHOWN = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=2</script>', '"><svg onload="window.__xss=3">'];
const planted = (text: string) => SHOWN.some((m) => text.includes(m));
const payload = (id: number, tag: string) => PAYLOADS[id % PAYLOADS.length]!(tag);

interface Db {
  prepare(sql: string): { all(...p: unknown[]): Record<string, unknown>[]; run(...p: unknown[]): unknown };
  transaction(fn: () => void): () => void;
  pragma(s: string): unknown;
  close(): void;
}

/** Rewrites the names of the seeded database with markup, straight in SQLite (the inputs would refuse it). */
function plant(file: string): { organisations: number; examiners: number } {
  // better-sqlite3 is the database package's own dependency; the dashboard has none.
  const Database = createRequire(path.join(ROOT, 'packages', 'db', 'package.json'))('better-sqlite3') as new (f: string) => Db;
  const db = new Database(file);
  const renamed = new Map<string, string>();
  let organisations = 0;
  let examiners = 0;
  db.transaction(() => {
    for (const table of ['organisations', 'individuals'] as const) {
      for (const r of db.prepare(`SELECT id, name_zh, name_en FROM ${table}`).all()) {
        const id = Number(r.id);
        const zh = payload(id, `${String(r.name_zh)}`);
        const en = payload(id, `${String(r.name_en)}`);
        renamed.set(String(r.name_zh), zh).set(String(r.name_en), en);
        db.prepare(`UPDATE ${table} SET name_zh = ?, name_en = ? WHERE id = ?`).run(zh, en, id);
        if (table === 'organisations') organisations++;
      }
    }
    for (const r of db.prepare('SELECT id, name_zh, name_en FROM examiners').all()) {
      const id = Number(r.id);
      db.prepare('UPDATE examiners SET name_zh = ?, name_en = ?, employer_name = ?, expertise = ? WHERE id = ?').run(
        payload(id, String(r.name_zh)),
        payload(id, String(r.name_en)),
        payload(id + 1, '单位'),
        payload(id + 2, '专业'),
        id,
      );
      examiners++;
    }
    for (const r of db.prepare('SELECT id, display_name FROM users').all()) {
      db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run(payload(Number(r.id), String(r.display_name)), r.id);
    }
    for (const r of db.prepare('SELECT id, name_zh, name_en FROM review_groups').all()) {
      db.prepare('UPDATE review_groups SET name_zh = ?, name_en = ? WHERE id = ?').run(
        payload(Number(r.id), String(r.name_zh)),
        payload(Number(r.id), String(r.name_en)),
        r.id,
      );
    }
    db.prepare('UPDATE review_agencies SET name = ?').run(payload(2, '评审机构'));
    for (const r of db.prepare('SELECT id, recommending_body FROM applications').all()) {
      db.prepare('UPDATE applications SET recommending_body = ? WHERE id = ?').run(payload(Number(r.id) + 1, String(r.recommending_body)), r.id);
    }
    for (const r of db.prepare('SELECT id, title FROM application_materials').all()) {
      db.prepare('UPDATE application_materials SET title = ? WHERE id = ?').run(payload(Number(r.id), String(r.title)), r.id);
    }
    // The stored notices' text models (what the print view renders) name the applicants too.
    const names = [...renamed.keys()].filter((n) => n.length >= 2).sort((a, b) => b.length - a.length);
    const swap = (v: unknown): unknown => {
      if (typeof v === 'string') return renamed.get(v) ?? names.reduce((s, n) => (s.includes(n) ? s.split(n).join(renamed.get(n) ?? n) : s), v);
      if (Array.isArray(v)) return v.map(swap);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
      return v;
    };
    for (const r of db.prepare('SELECT id, content FROM publications').all()) {
      const content = typeof r.content === 'string' ? (JSON.parse(r.content) as unknown) : r.content;
      db.prepare('UPDATE publications SET content = ? WHERE id = ?').run(JSON.stringify(swap(content)), r.id);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { organisations, examiners };
}

let dataDir = '';
let server: RunningServer | null = null;
let planting: { organisations: number; examiners: number } = { organisations: 0, examiners: 0 };

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const webDist = process.env.MQA_E2E_WEB_DIST;
  test.skip(!webDist, 'needs the dashboard built by this run (not available when reusing a server through MQA_E2E_URL)');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-xss-'));
  const file = path.join(dataDir, 'demo.sqlite');
  // Seed (pnpm demo), stop, plant, start again on the same database without re-seeding (pnpm start).
  const seeded = await startProcess('demo', dataDir, webDist!);
  seeded.stop();
  await seeded.exited;
  planting = plant(file);
  server = await startProcess('start', dataDir, webDist!, { DATABASE_URL: `file:${file}` });
});

test.afterAll(() => {
  server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** What a page saw: script run, dialogs, CSP violations, console refusals, page errors, tooltip texts. */
interface Watch {
  dialogs: string[];
  console: string[];
  errors: string[];
}

/** Installed in every document before its own scripts: records CSP violations and the text of every tooltip shown. */
function instrument(): void {
  const w = window as unknown as { __csp: string[]; __tips: string[] };
  w.__csp = [];
  w.__tips = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  const seen = new Set<string>();
  const collect = () => {
    for (const el of document.querySelectorAll<HTMLElement>('.el-popper, div[style*="z-index: 9999999"]')) {
      const text = el.innerText?.trim();
      if (text && !seen.has(text)) {
        seen.add(text);
        w.__tips.push(text);
      }
    }
  };
  new MutationObserver(collect).observe(document, { subtree: true, childList: true, characterData: true });
}

async function openAs(browser: Browser, role: Role): Promise<{ ctx: BrowserContext; page: Page; watch: Watch }> {
  const ctx = await browser.newContext({ baseURL: server!.base, viewport: VIEWPORT, locale: 'zh-CN' });
  await ctx.addInitScript(instrument);
  const page = await ctx.newPage();
  const watch: Watch = { dialogs: [], console: [], errors: [] };
  page.on('dialog', (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) watch.console.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(`${page.url()}: ${e.message}`));
  await page.goto('/login');
  await signIn(page, role);
  return { ctx, page, watch };
}

/** Moves the mouse over a grid of points of every chart, then over table cells and tooltip triggers. */
async function hoverEverything(page: Page): Promise<{ charts: number; cells: number }> {
  const charts = await page.locator('[data-chart]').count();
  for (let i = 0; i < charts; i++) {
    const el = page.locator('[data-chart]').nth(i);
    await el.scrollIntoViewIfNeeded().catch(() => undefined);
    const box = await el.boundingBox();
    if (!box || box.width < 10 || box.height < 10) continue;
    for (let gx = 1; gx <= 7; gx++) {
      for (let gy = 1; gy <= 4; gy++) {
        await page.mouse.move(box.x + (box.width * gx) / 8, box.y + (box.height * gy) / 5);
      }
    }
  }
  // Table cells (their overflow tooltips) and the explicit tooltip triggers, the first of each table.
  const targets = await page.evaluate(() => {
    const out: number[] = [];
    const all = [...document.querySelectorAll<HTMLElement>('.el-table__body .cell, .el-tooltip__trigger, [data-tooltip], abbr[title]')];
    all.forEach((el, i) => {
      el.dataset.xssHover = String(i);
      out.push(i);
    });
    return out.slice(0, 40);
  });
  let cells = 0;
  for (const i of targets) {
    const el = page.locator(`[data-xss-hover="${i}"]`);
    await el.scrollIntoViewIfNeeded({ timeout: 2_000 }).catch(() => undefined);
    const box = await el.boundingBox().catch(() => null);
    if (!box || box.width === 0) continue;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    cells++;
  }
  await page.mouse.move(1, 1);
  return { charts, cells };
}

interface Seen {
  view: string;
  shownInPage: boolean;
  tips: string[];
  charts: number;
}

/** Opens a view, hovers it, and asserts nothing executed there. */
async function visit(page: Page, watch: Watch, url: string, view: string): Promise<Seen> {
  await page.goto(url);
  await page.waitForSelector(`[data-view="${view}"]`, { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[data-state="loading"]'), undefined, { timeout: 60_000 });
  await page
    .waitForFunction(() => [...document.querySelectorAll<HTMLElement>('[data-chart]')].every((e) => e.dataset.rendered === 'true'), undefined, {
      timeout: 30_000,
    })
    .catch(() => undefined);
  const { charts } = await hoverEverything(page);
  const state = await page.evaluate(() => {
    const w = window as unknown as { __xss?: unknown; __csp: string[]; __tips: string[] };
    return { xss: w.__xss ?? null, csp: w.__csp, tips: w.__tips, text: document.body.innerText };
  });
  expect(state.xss, `${url}: a planted name ran as script`).toBeNull();
  expect(state.csp, `${url}: Content-Security-Policy violations`).toEqual([]);
  expect(watch.console, `${url}: the console reports a refused script or style`).toEqual([]);
  expect(watch.dialogs, `${url}: a dialog opened`).toEqual([]);
  expect(watch.errors, `${url}: page errors`).toEqual([]);
  return { view, shownInPage: planted(state.text), tips: state.tips, charts };
}

interface Ctx {
  year: number;
  inProgress: number;
  appId: number;
  compareIds: number[];
  publicationId: number | null;
}

async function cycleFacts(page: Page): Promise<Ctx> {
  const cycles = await query<{ year: number; phase: { id: string } }[]>(page, 'cycles.list');
  const withResults = ['onsite_review', 'public_comment', 'committee_review', 'public_notice', 'awarded'];
  const year = Math.max(...cycles.filter((c) => withResults.includes(c.phase.id)).map((c) => c.year));
  const inProgress = Math.max(...cycles.map((c) => c.year));
  const overview = await query<{ ranked: { id: number }[] }>(page, 'analytics.cycleOverview', { year });
  const pubs = await query<{ id: number }[]>(page, 'publications.list', { year });
  return {
    year,
    inProgress,
    appId: overview.ranked[0]!.id,
    compareIds: overview.ranked.slice(0, 6).map((r) => r.id),
    publicationId: pubs[0]?.id ?? null,
  };
}

/** The views of the router a role may open, with the view marker each renders. */
function viewsFor(role: Role, c: Ctx): [string, string][] {
  const Y = c.year;
  const readers: [string, string][] = [
    [`/cycles/${Y}`, 'overview'],
    [`/cycles/${Y}/applications`, 'applications'],
    [`/cycles/${Y}/publication`, 'publication'],
    [`/applications/${c.appId}`, 'application'],
    [`/sectors?cycle=${Y}`, 'sectors'],
    ['/trends', 'trends'],
    ['/follow-up', 'followUp'],
    ...(c.publicationId ? ([[`/publications/${c.publicationId}/print`, 'noticePrint']] as [string, string][]) : []),
  ];
  const analysts: [string, string][] = [
    [`/cycles/${Y}/groups`, 'groups'],
    [`/compare?cycle=${Y}&ids=${c.compareIds.join(',')}`, 'compare'],
    [`/panel/${Y}`, 'panel'],
    [`/weights?cycle=${Y}`, 'weights'],
    [`/report/${Y}`, 'report'],
  ];
  if (role === 'leadership') return readers;
  if (role === 'committee') return [...readers, ...analysts, [`/cycles/${Y}/vote`, 'committeeVote']];
  if (role === 'examiner')
    return [
      ['/my', 'my'],
      ['/consensus', 'consensus'],
    ];
  return [
    ['/cycles', 'cycles'],
    ...readers,
    ...analysts,
    [`/cycles/${c.inProgress}`, 'overview'],
    [`/cycles/${c.inProgress}/applications`, 'applications'],
    [`/cycles/${c.inProgress}/groups`, 'groups'],
    [`/cycles/${Y}/feedback`, 'feedback'],
    ['/audit', 'audit'],
    ['/people', 'people'],
    ['/consensus', 'consensus'],
    [`/data/import?cycle=${c.inProgress}`, 'dataImport'],
  ];
}

/** Views that list applicants, examiners or accounts by name: the planted text must be visible there. */
const NAMED = new Set([
  'overview',
  'applications',
  'application',
  'groups',
  'compare',
  'panel',
  'weights',
  'followUp',
  'people',
  'my',
  'noticePrint',
  'report',
  'publication',
]);

async function walk(browser: Browser, role: Role): Promise<Seen[]> {
  const { ctx, page, watch } = await openAs(browser, role);
  // The header names the signed-in account: its planted display name is text there.
  expect(planted(await page.getByTestId('current-user').innerText()), 'the header shows the planted display name as text').toBe(true);
  const c = role === 'examiner' ? null : await cycleFacts(page);
  const seen: Seen[] = [];
  for (const [url, view] of viewsFor(role, c ?? { year: 0, inProgress: 0, appId: 0, compareIds: [], publicationId: null })) {
    await test.step(`${role} ${url}`, async () => {
      const s = await visit(page, watch, url, view);
      if (NAMED.has(view)) expect(s.shownInPage, `${url}: the planted names are shown as text`).toBe(true);
      seen.push(s);
    });
  }
  await shot(page, `xss-${role}-last`);
  await ctx.close();
  return seen;
}

test('stored XSS: planted names run nowhere for the secretariat', async ({ browser }) => {
  test.setTimeout(1_200_000);
  expect(planting.organisations, 'organisations were planted').toBeGreaterThan(10);
  expect(planting.examiners, 'examiners were planted').toBeGreaterThan(3);
  const seen = await walk(browser, 'secretariat');
  expect(
    seen.reduce((n, s) => n + s.charts, 0),
    'charts were hovered',
  ).toBeGreaterThan(10);
  expect(seen.flatMap((s) => s.tips).some(planted), 'a chart or table tooltip showed a planted name as text').toBe(true);
});

test('stored XSS: a revocation notice published after the plant carries the name escaped in its .docx and as text in its print view', async ({ browser }) => {
  test.setTimeout(600_000);
  const { ctx, page, watch } = await openAs(browser, 'secretariat');
  type Awardee = { awardId: number; applicantType: string; status: string; cycleYear: number | null; awardedOn: string; name: { zh: string } };
  const awardees = await query<Awardee[]>(page, 'analytics.followUp');
  const org = awardees.find((a) => a.applicantType === 'organisation' && a.status !== 'revoked' && a.cycleYear !== null);
  expect(org, 'an organisation awardee').toBeTruthy();
  expect(planted(org!.name.zh), 'the awardee carries a planted name').toBe(true);
  const today = new Date().toISOString().slice(0, 10);
  const published = await mutate(page, 'publications.publish', {
    year: org!.cycleYear,
    kind: 'revocation',
    awardId: org!.awardId,
    article: 27,
    detail: '经查实存在弄虚作假行为（演示）',
    prizeToRecoverRmb: 0,
    startsOn: today < org!.awardedOn ? org!.awardedOn : today,
    contact: '市场监督管理局质量发展科 0477-0000000',
  });
  expect(published.status, JSON.stringify(published.body).slice(0, 400)).toBe(200);
  const id = (published.body as { result: { data: { id: number } } }).result.data.id;
  const file = await page.request.get(`/api/publications/${id}/file`);
  expect(file.status()).toBe(200);
  // The .docx is a stored (uncompressed) zip: its document.xml is readable in the bytes.
  const xml = (await file.body()).toString('utf8');
  expect(xml).toContain('word/document.xml');
  expect(xml, 'the name is escaped in the .docx').toMatch(
    /&lt;(img src=x onerror=&quot;window\.__xss=1&quot;|script&gt;window\.__xss=2&lt;\/script|svg onload=&quot;window\.__xss=3&quot;)&gt;/,
  );
  expect(xml, 'no raw markup from a name in the .docx').not.toMatch(/<img src=x|<script>window|<svg onload/);
  const print = await visit(page, watch, `/publications/${id}/print`, 'noticePrint');
  expect(print.shownInPage, 'the print view shows the name as text').toBe(true);
  await ctx.close();
});

test('stored XSS: planted names run nowhere for a committee member', async ({ browser }) => {
  test.setTimeout(1_200_000);
  const committee = await walk(browser, 'committee');
  expect(committee.flatMap((s) => s.tips).some(planted), 'a committee chart tooltip showed a planted name as text').toBe(true);
});

test('stored XSS: planted names run nowhere for the leadership or an examiner', async ({ browser }) => {
  test.setTimeout(1_200_000);
  await walk(browser, 'leadership');
  const examiner = await walk(browser, 'examiner');
  expect(examiner.find((s) => s.view === 'my')?.shownInPage, 'the examiner desk names the planted examiner and applicants').toBe(true);
});
