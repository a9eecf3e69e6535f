/**
 * End-to-end scenarios of the data pages, run by `main()` in run.ts with its helpers:
 *
 * - the import page as the secretariat: download a template, upload a file with problems (the
 *   problem list with row and column, the annotated copy, English reasons), a file that is not
 *   a spreadsheet, then a valid file: preview, commit, and the same file again → unchanged;
 * - the printable committee pack `/report/<year>?print=1`: ready flag, one page per
 *   shortlisted candidate with real chart series, the query's language;
 * - the export menu: the results workbook for every analyst role, the committee pack as PDF
 *   (through the server's job with progress) for the secretariat and the committee.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Download, Page } from 'playwright-core';

type Role = 'secretariat' | 'committee' | 'leadership' | 'examiner';

interface Chart {
  name: string;
  points: number[];
}

export interface DataScenarioContext {
  scenario: (name: string, fn: () => Promise<void>) => Promise<void>;
  base: string;
  newContext: () => Promise<BrowserContext>;
  login: (ctx: BrowserContext, base: string, role: Role) => Promise<Page>;
  viewIs: (page: Page, view: string) => Promise<void>;
  chartsOf: (page: Page, timeout?: number) => Promise<Chart[]>;
  shot: (page: Page, name: string) => Promise<void>;
  figures: Record<string, string>;
  /** Folder for files the scenarios keep (PDFs). */
  output: string;
}

const PHASES = ['preparation', 'call_for_applications', 'qualification_review', 'material_review', 'onsite_review', 'public_comment', 'committee_review', 'public_notice', 'awarded'];

/** A tRPC query from the page, with its session cookie. */
async function trpc<T>(page: Page, proc: string, input?: unknown): Promise<T> {
  return page.evaluate(
    async ({ proc, input }) => {
      const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      const r = await fetch(`/trpc/${proc}${q}`, { credentials: 'include' });
      const j = (await r.json()) as { result?: { data: unknown }; error?: unknown };
      if (!j.result) throw new Error(`${proc}: ${JSON.stringify(j.error)}`);
      return j.result.data;
    },
    { proc, input },
  ) as Promise<T>;
}

async function bytesOf(download: Download): Promise<Buffer> {
  const p = await download.path();
  return fs.readFileSync(p);
}

/** Clicks and waits for the download it starts. */
async function downloadBy(page: Page, click: () => Promise<void>, timeout = 30_000): Promise<Download> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout }), click()]);
  return dl;
}

async function upload(page: Page, name: string, content: string | Buffer, mimeType = 'text/csv'): Promise<void> {
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
}

const CSV_HEADER = '年度,申报编号,评审员编号,评审阶段,条款,得分百分比';

interface CycleRow {
  year: number;
  phase: { id: string };
  applications: number;
}

/** The newest cycle still open for score imports (up to the on-site review) that has applications. */
async function openCycle(page: Page): Promise<number> {
  const cycles = await trpc<CycleRow[]>(page, 'cycles.list');
  const open = cycles
    .filter((c) => PHASES.indexOf(c.phase.id) >= PHASES.indexOf('material_review') && PHASES.indexOf(c.phase.id) <= PHASES.indexOf('onsite_review') && c.applications > 0)
    .sort((a, b) => b.year - a.year);
  assert.ok(open.length > 0, 'the demo has a cycle open for score imports');
  return open[0]!.year;
}

interface RankedApp {
  id: number;
  code: string;
  rank: number;
  complete: boolean;
  exclusion: unknown;
  selection: { selected: boolean };
}

/** Test oracle of the shortlist: everyone selected, then the next three complete, non-excluded candidates. */
function expectedShortlist(apps: RankedApp[]): number[] {
  const ranked = apps.toSorted((a, b) => a.rank - b.rank);
  const selected = ranked.filter((a) => a.selection.selected);
  const last = selected.at(-1)?.rank ?? 0;
  const next = ranked.filter((a) => !a.selection.selected && !a.exclusion && a.complete && a.rank > last).slice(0, 3);
  return [...selected, ...next].map((a) => a.id);
}

export async function dataScenarios(c: DataScenarioContext): Promise<void> {
  const { scenario, base } = c;
  let year = 0;

  await scenario('data import: template, problems listed by row and column, annotated copy, malformed file', async () => {
    const ctx = await c.newContext();
    const page = await c.login(ctx, base, 'secretariat');
    year = await openCycle(page);
    assert.ok((await page.$$eval('[data-menu]', (els) => els.map((e) => (e as HTMLElement).dataset.menu))).includes('dataImport'), 'the secretariat has the import page in its menu');
    await page.click('[data-menu="dataImport"]');
    await c.viewIs(page, 'dataImport');
    await page.goto(new URL(`/data/import?cycle=${year}`, base).href);
    await c.viewIs(page, 'dataImport');

    // Template of the score sheets: an .xlsx (a zip, "PK").
    const tpl = await downloadBy(page, () => page.click('[data-testid="template-scores"]'));
    const tplBytes = await bytesOf(tpl);
    assert.equal(tplBytes.subarray(0, 2).toString('latin1'), 'PK');
    assert.match(tpl.suggestedFilename(), /\.xlsx$/);

    // A file with three problems on two rows; the check runs as a job that the page polls.
    const polls: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/jobs\/[^/]+$/.test(new URL(r.url()).pathname)) polls.push(r.url());
    });
    const bad = [CSV_HEADER, `${year},${year}-001,E1,材料评审,4.1.2,73`, `${year},${year}-001,E99999,材料评审,9.9.9,70`].join('\n');
    await upload(page, 'problems.csv', bad);
    await page.waitForSelector('[data-testid="import-problems-title"]', { timeout: 20_000 });
    assert.ok(polls.length >= 1, 'the page polled the job for its progress');
    assert.equal(await page.getAttribute('[data-testid="import-problems-title"]', 'data-count'), '3');
    const rows = await page.$$eval('[data-testid="import-problems"] .el-table__body tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
    assert.equal(rows.length, 3);
    assert.deepEqual(
      rows.map((r) => [r[1], r[2]]),
      [
        ['2', 'F · 得分百分比'],
        ['3', 'C · 评审员编号'],
        ['3', 'E · 条款'],
      ],
    );
    assert.match(rows[0]![3]!, /73/);
    assert.match(rows[0]![3]!, /5 的倍数/);
    await c.shot(page, 'secretariat-import-problems');

    // The annotated copy of the file.
    const ann = await downloadBy(page, () => page.click('[data-testid="download-annotated"]'));
    assert.equal((await bytesOf(ann)).subarray(0, 2).toString('latin1'), 'PK');

    // The reasons follow the language.
    await page.click('[data-testid="lang-switch"] [data-lang="en"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="import-problems"]')?.textContent?.includes('steps of 5'));
    await page.click('[data-testid="lang-switch"] [data-lang="zh-CN"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

    // Not a spreadsheet at all: one clear message, no problem table.
    await upload(page, 'report.xlsx', Buffer.from('This is a plain text note, not a workbook.\n'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await page.waitForSelector('[data-testid="import-file-error"]', { timeout: 20_000 });
    const fileError = (await page.innerText('[data-testid="import-file-error"]')).replace(/\s+/g, ' ');
    assert.match(fileError, /文件无法导入/);
    assert.ok(fileError.length > 12, `a reason is given: ${fileError}`);
    assert.equal(await page.$('[data-testid="import-problems"]'), null);
    await ctx.close();
  });

  await scenario('data import: preview old → new, commit, the same file again changes nothing', async () => {
    const ctx = await c.newContext();
    const page = await c.login(ctx, base, 'secretariat');
    year ||= await openCycle(page);
    // Two scores of an existing examiner sheet of a low-ranked candidate: one changed, one as is.
    const ranked = (await trpc<{ ranked: { id: number }[] }>(page, 'analytics.cycleOverview', { year })).ranked;
    const pick = ranked.slice(-2).map((r) => r.id);
    const cmp = await trpc<{ candidates: { id: number; code: string; stage: string; examiners: { id: number; percents: Record<string, number> }[] }[] }>(
      page,
      'analytics.compare',
      { year, ids: pick },
    );
    const cand = cmp.candidates.find((x) => x.examiners.length > 0)!;
    const ex = cand.examiners[0]!;
    const [item1, item2] = Object.keys(ex.percents).sort();
    const old1 = ex.percents[item1!]!;
    const new1 = old1 >= 50 ? old1 - 5 : old1 + 5;
    const csv = [CSV_HEADER, `${year},${cand.code},E${ex.id},${cand.stage},${item1},${new1}`, `${year},${cand.code},E${ex.id},${cand.stage},${item2},${ex.percents[item2!]}`].join('\n');

    await page.goto(new URL(`/data/import?cycle=${year}`, base).href);
    await c.viewIs(page, 'dataImport');
    await upload(page, 'scores.csv', csv);
    await page.waitForSelector('[data-testid="preview-counts"]', { timeout: 20_000 });
    const counts = await page.$eval('[data-testid="preview-counts"]', (e) => ({ ...(e as HTMLElement).dataset }));
    assert.deepEqual([counts.added, counts.changed, counts.unchanged], ['0', '1', '1']);
    const changed = (await page.innerText('[data-testid="preview-changed"]')).replace(/\s+/g, ' ');
    assert.ok(changed.includes(`${old1}% → ${new1}%`), `old → new shown: ${changed}`);
    assert.ok(changed.includes(cand.code));
    await c.shot(page, 'secretariat-import-preview');

    await page.click('[data-testid="commit-import"]');
    await page.click('.el-message-box__btns .el-button--primary');
    await page.waitForSelector('[data-testid="import-outcome"][data-outcome="committed"]', { timeout: 20_000 });
    const after = await trpc<{ candidates: { id: number; examiners: { id: number; percents: Record<string, number> }[] }[] }>(page, 'analytics.compare', { year, ids: pick });
    assert.equal(after.candidates.find((x) => x.id === cand.id)!.examiners.find((e) => e.id === ex.id)!.percents[item1!], new1, 'the score was written');

    // The same file again: nothing to add or change, and the import changes nothing.
    await page.click('[data-testid="import-again"]');
    await upload(page, 'scores.csv', csv);
    await page.waitForSelector('[data-testid="preview-counts"]', { timeout: 20_000 });
    const again = await page.$eval('[data-testid="preview-counts"]', (e) => ({ ...(e as HTMLElement).dataset }));
    assert.deepEqual([again.added, again.changed, again.unchanged], ['0', '0', '2']);
    await page.waitForSelector('[data-testid="preview-nothing"]');
    await page.click('[data-testid="commit-import"]');
    await page.click('.el-message-box__btns .el-button--primary');
    await page.waitForSelector('[data-testid="import-outcome"][data-outcome="unchanged"]', { timeout: 20_000 });
    assert.match(await page.innerText('[data-testid="import-outcome"]'), /重复导入不会改变任何数据/);
    await c.shot(page, 'secretariat-import-unchanged');
    await ctx.close();
  });

  await scenario('committee pack: /report/<year>?print=1 is ready with one page per shortlisted candidate', async () => {
    const ctx = await c.newContext();
    const page = await c.login(ctx, base, 'committee');
    year ||= await openCycle(page);
    const results = await trpc<{ applications: RankedApp[] }>(page, 'scoring.cycleResults', { year });
    const shortlist = expectedShortlist(results.applications);
    assert.ok(shortlist.length >= 4, 'the demo cycle has a shortlist');

    const t0 = Date.now();
    await page.goto(new URL(`/report/${year}?print=1&lang=en`, base).href);
    await page.waitForFunction(() => document.documentElement.dataset.reportReady === 'true' || document.documentElement.dataset.reportReady === 'error', undefined, {
      timeout: 30_000,
    });
    c.figures['report page ready (ms)'] = String(Date.now() - t0);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.reportReady), 'true');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.reportProgress), '1');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.$('[data-testid="report-toolbar"]'), null, 'print=1 hides the toolbar');
    assert.equal(await page.$('.shell__aside'), null, 'no app shell');
    // The query's language is for this page only: the stored choice is untouched.
    assert.notEqual(await page.evaluate(() => localStorage.getItem('mqa.locale')), 'en');
    assert.match(await page.innerText('[data-testid="report-cover"]'), /Committee pack/);
    assert.match(await page.innerText('[data-testid="report-demo-note"]'), /synthetic/);

    const sections = await page.$$eval('[data-testid="report-candidate"]', (els) => els.map((e) => Number((e as HTMLElement).dataset.candidate)));
    assert.deepEqual(sections, shortlist, 'one page per shortlisted candidate, in rank order');
    const charts = await c.chartsOf(page);
    assert.equal(charts.length, shortlist.length * 3);
    for (const id of shortlist) {
      for (const kind of ['radar', 'items', 'examiners']) {
        const chart = charts.find((x) => x.name === `${kind}-${id}`);
        assert.ok(chart, `chart ${kind}-${id}`);
        assert.ok(chart.points.reduce((s, n) => s + n, 0) > 0, `chart ${kind}-${id} holds data (${chart.points.join(',')})`);
      }
      // Candidate vs shortlist mean; one series per examiner plus the aggregate.
      assert.deepEqual(charts.find((x) => x.name === `items-${id}`)!.points, [23, 23]);
      assert.ok(charts.find((x) => x.name === `examiners-${id}`)!.points.length >= 3);
    }
    const rankingRows = await page.$$eval('[data-testid="report-ranking"] tbody tr', (r) => r.length);
    assert.equal(rankingRows, results.applications.length);
    assert.equal(await page.$$eval('[data-testid="report-ranking"] tr.row--cap', (r) => r.length), 1, 'the cap line is marked');
    const elig = await page.$$eval('[data-testid="report-eligibility"]', (els) => els.map((e) => e.textContent ?? ''));
    assert.equal(elig.length, shortlist.length);
    assert.ok(elig.every((s) => /Eligib|eligib|checked/.test(s)));

    // Screen view (with the toolbar), in Chinese; screenshots of the cover and a candidate page.
    await page.goto(new URL(`/report/${year}?lang=zh`, base).href);
    await page.waitForFunction(() => document.documentElement.dataset.reportReady === 'true', undefined, { timeout: 30_000 });
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.waitForSelector('[data-testid="report-toolbar"]');
    await c.shot(page, 'committee-report-cover');
    await page.locator('[data-testid="report-candidate"]').first().scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('[data-testid="report-candidate"]')!.scrollIntoView());
    await c.shot(page, 'committee-report-candidate');
    await ctx.close();
  });

  await scenario('export: results workbook and committee pack PDF from the overview; leadership gets the workbook only', async () => {
    const ctx = await c.newContext();
    const page = await c.login(ctx, base, 'secretariat');
    year ||= await openCycle(page);
    await page.goto(new URL(`/cycles/${year}`, base).href);
    await c.viewIs(page, 'overview');

    await page.click('[data-testid="export-button"]');
    const wb = await downloadBy(page, () => page.click('[data-testid="export-workbook"]'));
    assert.equal((await bytesOf(wb)).subarray(0, 2).toString('latin1'), 'PK');

    const caps = await page.evaluate(async () => (await (await fetch('/api/capabilities', { credentials: 'include' })).json()) as { pdf: boolean });
    await page.click('[data-testid="export-button"]');
    if (caps.pdf) {
      const t0 = Date.now();
      const seenPhases = new Set<string>();
      const watcher = setInterval(() => {
        void page
          .getAttribute('[data-testid="job-progress"]', 'data-phase', { timeout: 200 })
          .then((p) => p && seenPhases.add(p))
          .catch(() => undefined);
      }, 150);
      let pdf: Download;
      try {
        pdf = await downloadBy(page, () => page.click('[data-testid="export-pdf"]'), 60_000);
      } finally {
        clearInterval(watcher);
      }
      const bytes = await bytesOf(pdf);
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      fs.writeFileSync(path.join(c.output, `committee-pack-${year}.pdf`), bytes);
      c.figures['committee pack PDF (through the UI)'] = `${pages} A4 page(s), ${Math.round(bytes.length / 1024)} KB, ${Date.now() - t0} ms`;
      assert.ok(pages >= 4, `the pack has ${pages} pages`);
      await page.waitForSelector('[data-testid="pdf-done"]');
      assert.ok(seenPhases.size >= 1, 'the job’s phases were shown');
      await c.shot(page, 'secretariat-export-pdf');
    } else {
      await page.click('[data-testid="export-pdf"]');
      await page.waitForSelector('[data-testid="pdf-unavailable"]');
      assert.match(await page.getAttribute('[data-testid="pdf-report-link"]', 'href') ?? '', new RegExp(`/report/${year}`));
    }
    await ctx.close();

    // Leadership: the workbook, but neither the PDF nor the report page.
    const lctx = await c.newContext();
    const lead = await c.login(lctx, base, 'leadership');
    await lead.goto(new URL(`/cycles/${year}`, base).href);
    await c.viewIs(lead, 'overview');
    await lead.click('[data-testid="export-button"]');
    await lead.waitForSelector('[data-testid="export-workbook"]', { state: 'visible' });
    assert.equal(await lead.$('[data-testid="export-pdf"]'), null);
    await lead.goto(new URL(`/report/${year}`, base).href);
    await lead.waitForSelector('[data-view="forbidden"]');
    await lctx.close();
  });
}
