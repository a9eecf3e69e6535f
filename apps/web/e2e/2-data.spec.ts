/**
 * The data pages:
 *
 * - the import page as the secretariat: download a template, upload a file with problems (the
 *   problem list with row and column, the annotated copy, English reasons), a file that is not
 *   a spreadsheet, then a valid file: preview, commit, and the same file again → unchanged;
 * - the printable committee pack `/report/<year>?print=1`: ready flag, one page per
 *   shortlisted candidate with real chart series, the query's language;
 * - the export menu: the results workbook for every analyst role, the committee pack as PDF
 *   (through the server's job with progress) for the secretariat and the committee.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import { chartsOf, expect, figure, menuOf, mutate, present, query, shot, test, viewIs } from './fixtures.ts';
import { OUTPUT } from './paths.ts';

const PHASES = [
  'preparation',
  'call_for_applications',
  'qualification_review',
  'material_review',
  'onsite_review',
  'public_comment',
  'committee_review',
  'public_notice',
  'awarded',
];

async function bytesOf(download: Download): Promise<Buffer> {
  return fs.readFileSync(await download.path());
}

/** Clicks and waits for the download it starts. */
async function downloadBy(page: Page, click: () => Promise<void>, timeout = 60_000): Promise<Download> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout }), click()]);
  return dl;
}

async function upload(page: Page, name: string, content: string | Buffer, mimeType = 'text/csv'): Promise<void> {
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
}

/** The added / changed / unchanged counts of an import preview, from its data attributes. */
function previewCounts(e: Element): (string | undefined)[] {
  const d = (e as HTMLElement).dataset;
  return [d.added, d.changed, d.unchanged];
}

const CSV_HEADER = '年度,申报编号,评审员编号,评审阶段,条款,得分百分比';

interface CycleRow {
  year: number;
  phase: { id: string };
  applications: number;
}

/** The newest cycle still open for score imports (up to the on-site review) that has applications. */
async function openCycle(page: Page): Promise<number> {
  const cycles = await query<CycleRow[]>(page, 'cycles.list');
  const open = cycles
    .filter(
      (c) =>
        PHASES.indexOf(c.phase.id) >= PHASES.indexOf('material_review') && PHASES.indexOf(c.phase.id) <= PHASES.indexOf('onsite_review') && c.applications > 0,
    )
    .sort((a, b) => b.year - a.year);
  expect(open.length, 'the demo has a cycle open for score imports').toBeGreaterThan(0);
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

test('data import: template, problems listed by row and column, annotated copy, malformed file', async ({ secretariat: page }) => {
  const year = await openCycle(page);
  expect(await menuOf(page), 'the secretariat has the import page in its menu').toContain('dataImport');
  await page.click('[data-menu="dataImport"]');
  await viewIs(page, 'dataImport');
  await page.goto(`/data/import?cycle=${year}`);
  await viewIs(page, 'dataImport');

  // Template of the score sheets: an .xlsx (a zip, "PK").
  const tpl = await downloadBy(page, () => page.click('[data-testid="template-scores"]'));
  expect((await bytesOf(tpl)).subarray(0, 2).toString('latin1')).toBe('PK');
  expect(tpl.suggestedFilename()).toMatch(/\.xlsx$/);

  // A file with three problems on two rows; the check runs as a job that the page polls.
  const polls: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/jobs\/[^/]+$/.test(new URL(r.url()).pathname)) polls.push(r.url());
  });
  const bad = [CSV_HEADER, `${year},${year}-001,E1,材料评审,4.1.2,73`, `${year},${year}-001,E99999,材料评审,9.9.9,70`].join('\n');
  await upload(page, 'problems.csv', bad);
  await page.waitForSelector('[data-testid="import-problems-title"]', { timeout: 30_000 });
  expect(polls.length, 'the page polled the job for its progress').toBeGreaterThanOrEqual(1);
  // Three problems of the file itself; E1 may also not be a member of that application's group,
  // which the import refuses too (Art. 17), so the list may hold that fourth one.
  const count = Number(await page.getAttribute('[data-testid="import-problems-title"]', 'data-count'));
  expect(count).toBeGreaterThanOrEqual(3);
  const rows = await page.$$eval('[data-testid="import-problems"] .el-table__body tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
  );
  expect(rows.length).toBe(count);
  expect(rows.map((r) => [r[1], r[2]])).toEqual(
    expect.arrayContaining([
      ['2', 'F · 得分百分比'],
      ['3', 'C · 评审员编号'],
      ['3', 'E · 条款'],
    ]),
  );
  const percentRow = rows.find((r) => r[1] === '2' && r[2] === 'F · 得分百分比')!;
  expect(percentRow[3]!).toMatch(/73/);
  expect(percentRow[3]!).toMatch(/5 的倍数/);
  await shot(page, 'secretariat-import-problems');

  // The annotated copy of the file.
  const ann = await downloadBy(page, () => page.click('[data-testid="download-annotated"]'));
  expect((await bytesOf(ann)).subarray(0, 2).toString('latin1')).toBe('PK');

  // The reasons follow the language.
  await page.click('[data-testid="lang-switch"] [data-lang="en"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-problems"]')?.textContent?.includes('steps of 5'));
  await page.click('[data-testid="lang-switch"] [data-lang="zh-CN"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

  // Not a spreadsheet at all: one clear message, no problem table.
  await upload(
    page,
    'report.xlsx',
    Buffer.from('This is a plain text note, not a workbook.\n'),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  await page.waitForSelector('[data-testid="import-file-error"]', { timeout: 30_000 });
  const fileError = (await page.innerText('[data-testid="import-file-error"]')).replace(/\s+/g, ' ');
  expect(fileError).toMatch(/文件无法导入/);
  expect(fileError.length, `a reason is given: ${fileError}`).toBeGreaterThan(12);
  expect(await page.locator('[data-testid="import-problems"]').count()).toBe(0);
});

test('data import: preview old → new, commit, the same file again changes nothing', async ({ secretariat: page }) => {
  const year = await openCycle(page);
  // Two scores of an existing examiner sheet of a low-ranked candidate: one changed, one as is.
  const ranked = (await query<{ ranked: { id: number }[] }>(page, 'analytics.cycleOverview', { year })).ranked;
  const pick = ranked.slice(-2).map((r) => r.id);
  type Compared = { candidates: { id: number; code: string; stage: string; examiners: { id: number; percents: Record<string, number> }[] }[] };
  const cmp = await query<Compared>(page, 'analytics.compare', { year, ids: pick });
  const cand = cmp.candidates.find((x) => x.examiners.length > 0);
  present(cand, 'one of the two lowest-ranked candidates has an examiner sheet');
  const ex = cand.examiners[0]!;
  const [item1, item2] = Object.keys(ex.percents).sort();
  const old1 = ex.percents[item1!]!;
  const new1 = old1 >= 50 ? old1 - 5 : old1 + 5;
  const csv = [
    CSV_HEADER,
    `${year},${cand.code},E${ex.id},${cand.stage},${item1},${new1}`,
    `${year},${cand.code},E${ex.id},${cand.stage},${item2},${ex.percents[item2!]}`,
  ].join('\n');

  await page.goto(`/data/import?cycle=${year}`);
  await viewIs(page, 'dataImport');
  // The sheet is submitted: an import may not overwrite it (Art. 26) until the secretariat reopens it.
  await upload(page, 'scores.csv', csv);
  await page.waitForSelector('[data-testid="import-problems"]', { timeout: 30_000 });
  expect((await page.innerText('[data-testid="import-problems"]')).replace(/\s+/g, ' ')).toMatch(/导入不能覆盖/);
  const reopened = await mutate(page, 'scoring.reopenSheet', {
    applicationId: cand.id,
    examinerId: ex.id,
    stage: cand.stage,
    reason: 'e2e: correct an imported score',
  });
  expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);

  await page.goto(`/data/import?cycle=${year}`);
  await viewIs(page, 'dataImport');
  await upload(page, 'scores.csv', csv);
  await page.waitForSelector('[data-testid="preview-counts"]', { timeout: 30_000 });
  const counts = await page.$eval('[data-testid="preview-counts"]', previewCounts);
  expect(counts).toEqual(['0', '1', '1']);
  const changed = (await page.innerText('[data-testid="preview-changed"]')).replace(/\s+/g, ' ');
  expect(changed, 'old → new shown').toContain(`${old1}% → ${new1}%`);
  expect(changed).toContain(cand.code);
  await shot(page, 'secretariat-import-preview');

  await page.click('[data-testid="commit-import"]');
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForSelector('[data-testid="import-outcome"][data-outcome="committed"]', { timeout: 30_000 });
  const after = await query<Compared>(page, 'analytics.compare', { year, ids: pick });
  expect(after.candidates.find((x) => x.id === cand.id)!.examiners.find((e) => e.id === ex.id)!.percents[item1!], 'the score was written').toBe(new1);

  // The same file again: nothing to add or change, and the import changes nothing.
  await page.click('[data-testid="import-again"]');
  await upload(page, 'scores.csv', csv);
  await page.waitForSelector('[data-testid="preview-counts"]', { timeout: 30_000 });
  const again = await page.$eval('[data-testid="preview-counts"]', previewCounts);
  expect(again).toEqual(['0', '0', '2']);
  await page.waitForSelector('[data-testid="preview-nothing"]');
  await page.click('[data-testid="commit-import"]');
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForSelector('[data-testid="import-outcome"][data-outcome="unchanged"]', { timeout: 30_000 });
  expect(await page.innerText('[data-testid="import-outcome"]')).toMatch(/重复导入不会改变任何数据/);
  await shot(page, 'secretariat-import-unchanged');
});

test('committee pack: /report/<year>?print=1 is ready with one page per shortlisted candidate', async ({ committee: page }) => {
  const year = await openCycle(page);
  const results = await query<{ applications: RankedApp[] }>(page, 'scoring.cycleResults', { year });
  const shortlist = expectedShortlist(results.applications);
  expect(shortlist.length, 'the demo cycle has a shortlist').toBeGreaterThanOrEqual(4);

  const t0 = Date.now();
  await page.goto(`/report/${year}?print=1&lang=en`);
  await page.waitForFunction(
    () => document.documentElement.dataset.reportReady === 'true' || document.documentElement.dataset.reportReady === 'error',
    undefined,
    {
      timeout: 60_000,
    },
  );
  figure('report page ready (ms)', String(Date.now() - t0));
  expect(await page.evaluate(() => document.documentElement.dataset.reportReady)).toBe('true');
  expect(await page.evaluate(() => document.documentElement.dataset.reportProgress)).toBe('1');
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  expect(await page.locator('[data-testid="report-toolbar"]').count(), 'print=1 hides the toolbar').toBe(0);
  expect(await page.locator('.shell__aside').count(), 'no app shell').toBe(0);
  // The query's language is for this page only: the stored choice is untouched.
  expect(await page.evaluate(() => localStorage.getItem('mqa.locale'))).not.toBe('en');
  expect(await page.innerText('[data-testid="report-cover"]')).toMatch(/Committee pack/);
  expect(await page.innerText('[data-testid="report-demo-note"]')).toMatch(/synthetic/);

  const sections = await page.$$eval('[data-testid="report-candidate"]', (els) => els.map((e) => Number((e as HTMLElement).dataset.candidate)));
  expect(sections, 'one page per shortlisted candidate, in rank order').toEqual(shortlist);
  const charts = await chartsOf(page);
  expect(charts.length).toBe(shortlist.length * 3);
  for (const id of shortlist) {
    for (const kind of ['radar', 'items', 'examiners']) {
      const c = charts.find((x) => x.name === `${kind}-${id}`);
      present(c, `chart ${kind}-${id}`);
      expect(
        c.points.reduce((s, n) => s + n, 0),
        `chart ${kind}-${id} holds data (${c.points.join(',')})`,
      ).toBeGreaterThan(0);
    }
    // Candidate vs shortlist mean; one series per examiner plus the aggregate.
    expect(charts.find((x) => x.name === `items-${id}`)!.points).toEqual([23, 23]);
    expect(charts.find((x) => x.name === `examiners-${id}`)!.points.length).toBeGreaterThanOrEqual(3);
  }
  expect(await page.locator('[data-testid="report-ranking"] tbody tr').count()).toBe(results.applications.length);
  expect(await page.locator('[data-testid="report-ranking"] tr.row--cap').count(), 'the cap line is marked').toBe(1);
  const elig = await page.$$eval('[data-testid="report-eligibility"]', (els) => els.map((e) => e.textContent ?? ''));
  expect(elig.length).toBe(shortlist.length);
  expect(
    elig.filter((s) => !/Eligib|eligib|checked/.test(s)),
    'every candidate page states its eligibility',
  ).toEqual([]);

  // Screen view (with the toolbar), in Chinese; screenshots of the cover and a candidate page.
  await page.goto(`/report/${year}?lang=zh`);
  await page.waitForFunction(() => document.documentElement.dataset.reportReady === 'true', undefined, { timeout: 60_000 });
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  await page.waitForSelector('[data-testid="report-toolbar"]');
  await shot(page, 'committee-report-cover');
  await page.locator('[data-testid="report-candidate"]').first().scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('[data-testid="report-candidate"]')!.scrollIntoView());
  await shot(page, 'committee-report-candidate');
});

test('export: results workbook and committee pack PDF from the overview; leadership gets the workbook only', async ({
  secretariat: page,
  leadership: lead,
}) => {
  const year = await openCycle(page);
  await page.goto(`/cycles/${year}`);
  await viewIs(page, 'overview');

  await page.click('[data-testid="export-button"]');
  const wb = await downloadBy(page, () => page.click('[data-testid="export-workbook"]'));
  expect((await bytesOf(wb)).subarray(0, 2).toString('latin1')).toBe('PK');

  const caps = await page.evaluate(async () => (await (await fetch('/api/capabilities', { credentials: 'include' })).json()) as { pdf: boolean });
  await page.click('[data-testid="export-button"]');
  if (caps.pdf) {
    const t0 = Date.now();
    // Every phase the progress indicator shows, recorded in the page as it changes (polling from
    // here could miss a short phase on a loaded machine).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { mqaSeenPhases: string[] }).mqaSeenPhases = seen;
      const record = () => {
        for (const e of document.querySelectorAll<HTMLElement>('[data-testid="job-progress"]')) {
          const phase = e.dataset.phase;
          if (phase && !seen.includes(phase)) seen.push(phase);
        }
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
      record();
    });
    const pdf = await downloadBy(page, () => page.click('[data-testid="export-pdf"]'), 120_000);
    const bytes = await bytesOf(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    fs.writeFileSync(path.join(OUTPUT, `committee-pack-${year}.pdf`), bytes);
    figure('committee pack PDF (through the UI)', `${pages} A4 page(s), ${Math.round(bytes.length / 1024)} KB, ${Date.now() - t0} ms`);
    expect(pages, `the pack has ${pages} pages`).toBeGreaterThanOrEqual(4);
    await page.waitForSelector('[data-testid="pdf-done"]');
    const seenPhases = await page.evaluate(() => (window as unknown as { mqaSeenPhases: string[] }).mqaSeenPhases);
    expect(seenPhases.length, `the job’s phases were shown (${seenPhases.join(', ')})`).toBeGreaterThanOrEqual(1);
    await shot(page, 'secretariat-export-pdf');
  } else {
    // A server without a PDF renderer says so and links the printable page instead.
    await page.click('[data-testid="export-pdf"]');
    await page.waitForSelector('[data-testid="pdf-unavailable"]');
    expect((await page.getAttribute('[data-testid="pdf-report-link"]', 'href')) ?? '').toMatch(new RegExp(`/report/${year}`));
  }

  // Leadership: the workbook, but neither the PDF nor the report page.
  await lead.goto(`/cycles/${year}`);
  await viewIs(lead, 'overview');
  await lead.click('[data-testid="export-button"]');
  await lead.waitForSelector('[data-testid="export-workbook"]', { state: 'visible' });
  expect(await lead.locator('[data-testid="export-pdf"]').count()).toBe(0);
  await lead.goto(`/report/${year}`);
  await lead.waitForSelector('[data-view="forbidden"]');
});
