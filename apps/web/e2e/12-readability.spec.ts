/**
 * Charts that read cleanly in both languages, and handouts that fit A4 (issue 13, items 6–9).
 *
 * - Every chart of the main views, in English at 1366×768 and 1920×1080, is read back from its
 *   ECharts instance (the laid-out text boxes of zrender): no legend box overlaps an axis name or
 *   a title, no category label is truncated or runs into its neighbour, no text leaves the canvas,
 *   no bar label overlaps another.
 * - The comparison handout and the committee pack are printed to A4 PDFs; with print media
 *   emulated at the A4 text width every table and chart fits the printable width, nothing
 *   overflows, and no legend shows a pager ("1/2") instead of names.
 * - A screenshot of every view in both languages goes to e2e/screenshots/<view>-zh.png and
 *   <view>-en.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { chartsOf, expect, figure, query, shot, test, viewIs } from './fixtures.ts';
import { OUTPUT } from './paths.ts';

/** A text laid out by a chart, in canvas pixels. */
interface TextBox {
  /** `legend`, `xAxis0:label`, `yAxis0:name`, `radar0:name`, `series0:label`, `title0`… */
  role: string;
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Corners of the text's own (possibly rotated) box, for overlap tests. */
  corners: [number, number][];
  truncated: boolean;
}
interface ChartLayout {
  name: string;
  width: number;
  height: number;
  texts: TextBox[];
}

/** The text boxes of every chart on the page, read from each ECharts instance's zrender display list. */
async function layoutOf(page: Page): Promise<ChartLayout[]> {
  await chartsOf(page);
  // A chart fitted to its legend after drawing moves its plot in an update animation: read the
  // layout once every chart's animations have settled, not mid-way.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-chart]')].every((e) => {
        const inst = (e as HTMLElement & { mqaChart?: () => { getZr(): { animation: { isFinished(): boolean } } } | undefined }).mqaChart?.();
        return !inst || inst.getZr().animation.isFinished();
      }),
    undefined,
    { timeout: 30_000 },
  );
  return page.$$eval('[data-chart]', (els) => {
    interface Rect {
      x: number;
      y: number;
      width: number;
      height: number;
      clone(): Rect;
      applyTransform(m: unknown): void;
    }
    interface Zel {
      type?: string;
      ignore?: boolean;
      invisible?: boolean;
      isTruncated?: boolean;
      anid?: string;
      style?: { text?: string };
      transform?: unknown;
      parent?: Zel | null;
      __hostTarget?: Zel | null;
      getBoundingRect(): Rect;
    }
    interface View {
      __model?: { mainType: string; componentIndex: number };
      group: Zel;
    }
    interface Instance {
      getWidth(): number;
      getHeight(): number;
      getZr(): { storage: { getDisplayList(update?: boolean): Zel[] } };
      _componentsViews: View[];
      _chartsViews: View[];
    }
    return els.map((e) => {
      const el = e as HTMLElement & { mqaChart?: () => Instance | undefined };
      const inst = el.mqaChart?.();
      const name = el.dataset.chart ?? '';
      if (!inst) return { name, width: 0, height: 0, texts: [] };
      const owner = new Map<Zel, string>();
      for (const v of [...inst._componentsViews, ...inst._chartsViews]) {
        if (v?.__model) owner.set(v.group, `${v.__model.mainType}${v.__model.componentIndex}`);
      }
      const texts: TextBox[] = [];
      // Texts are drawn as tspans; the Text element above them holds the text and its box.
      const seen = new Set<Zel>();
      for (const span of inst.getZr().storage.getDisplayList(true)) {
        const d = span.type === 'tspan' && span.parent?.type === 'text' ? span.parent : span;
        if (seen.has(d)) continue;
        seen.add(d);
        if (d.type !== 'text' || d.invisible || !d.style?.text) continue;
        let role = '';
        let part = '';
        let hidden = false;
        for (let p: Zel | null | undefined = d; p; p = p.parent ?? p.__hostTarget) {
          if (p.ignore) hidden = true;
          if (!part && p.anid === 'name') part = ':name';
          if (!part && p.anid?.startsWith('label_')) part = ':label';
          const o = owner.get(p);
          if (o) {
            role = o;
            break;
          }
        }
        if (hidden) continue;
        if (role.startsWith('series') && d.__hostTarget) part = ':label';
        const local = d.getBoundingRect();
        const m = (d.transform as number[] | undefined) ?? [1, 0, 0, 1, 0, 0];
        const corners = (
          [
            [local.x, local.y],
            [local.x + local.width, local.y],
            [local.x + local.width, local.y + local.height],
            [local.x, local.y + local.height],
          ] as [number, number][]
        ).map(([x, y]) => [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!] as [number, number]);
        const r = local.clone();
        if (d.transform) r.applyTransform(d.transform);
        texts.push({
          role: role.startsWith('legend') ? 'legend' : `${role}${part}`,
          text: d.style.text,
          x: r.x,
          y: r.y,
          w: r.width,
          h: r.height,
          corners,
          truncated: !!d.isTruncated,
        });
      }
      return { name, width: inst.getWidth(), height: inst.getHeight(), texts };
    });
  });
}

/** Whether two text boxes (rotated or not) overlap by more than `tol` px (separating-axis test). */
function overlaps(a: TextBox, b: TextBox, tol = 1): boolean {
  for (const box of [a.corners, b.corners]) {
    for (let i = 0; i < 4; i++) {
      const [x1, y1] = box[i]!;
      const [x2, y2] = box[(i + 1) % 4]!;
      const len = Math.hypot(x2 - x1, y2 - y1) || 1;
      const nx = -(y2 - y1) / len;
      const ny = (x2 - x1) / len;
      const pa = a.corners.map(([x, y]) => x * nx + y * ny);
      const pb = b.corners.map(([x, y]) => x * nx + y * ny);
      if (Math.min(...pa) + tol >= Math.max(...pb) || Math.min(...pb) + tol >= Math.max(...pa)) return false;
    }
  }
  return true;
}

/** What is wrong with a chart's texts, in words (empty = reads cleanly). */
function problemsOf(c: ChartLayout): string[] {
  const out: string[] = [];
  const show = (t: TextBox) => `"${t.text.replace(/\n/g, '⏎')}" (${t.role})`;
  const legend = c.texts.filter((t) => t.role === 'legend');
  const names = c.texts.filter((t) => /^(xAxis|yAxis)\d+:name$/.test(t.role) || t.role.startsWith('title'));
  for (const l of legend) for (const n of names) if (overlaps(l, n)) out.push(`legend ${show(l)} overlaps ${show(n)}`);
  for (const t of c.texts) {
    if (t.x < -1 || t.y < -1 || t.x + t.w > c.width + 1 || t.y + t.h > c.height + 1) out.push(`${show(t)} leaves the canvas`);
    const axisText = /^(xAxis|yAxis|radar)\d+:(label|name)$/.test(t.role);
    if (axisText && (t.truncated || t.text.includes('…'))) out.push(`${show(t)} is truncated`);
  }
  const groups = new Map<string, TextBox[]>();
  for (const t of c.texts) {
    if (!t.role.endsWith(':label')) continue;
    groups.set(t.role, [...(groups.get(t.role) ?? []), t]);
  }
  for (const [, list] of groups) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) if (overlaps(list[i]!, list[j]!, 2)) out.push(`${show(list[i]!)} runs into ${show(list[j]!)}`);
  }
  return out;
}

async function setLanguage(page: Page, lang: 'zh-CN' | 'en'): Promise<void> {
  await page.evaluate((l) => localStorage.setItem('mqa.locale', l), lang);
}

test('charts read cleanly in English at 1366×768 and 1920×1080: no overlapping legend, no truncated or colliding labels', async ({
  committee: page,
  scoredYear,
}) => {
  await setLanguage(page, 'en');
  const overview = await query<{ ranked: { id: number }[] }>(page, 'analytics.cycleOverview', { year: scoredYear });
  const views: [string, string][] = [
    [`/cycles/${scoredYear}`, 'overview'],
    [
      `/compare?cycle=${scoredYear}&ids=${overview.ranked
        .slice(0, 6)
        .map((r) => r.id)
        .join(',')}`,
      'compare',
    ],
    [`/sectors?cycle=${scoredYear}`, 'sectors'],
    ['/trends', 'trends'],
    [`/panel/${scoredYear}`, 'panel'],
    [`/weights?cycle=${scoredYear}`, 'weights'],
    ['/follow-up', 'followUp'],
  ];
  const found: string[] = [];
  let charts = 0;
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    for (const [url, view] of views) {
      await page.goto(url);
      await viewIs(page, view);
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      const layouts = await layoutOf(page);
      charts += layouts.length;
      for (const l of layouts) {
        expect(l.texts.length, `${view}/${l.name}: the chart's texts are read from its instance`).toBeGreaterThan(0);
        for (const p of problemsOf(l)) found.push(`${size.width}×${size.height} ${view}/${l.name}: ${p}`);
      }
    }
  }
  figure('charts checked for readability (en, two screen sizes)', String(charts));
  expect(found, 'every chart reads cleanly').toEqual([]);
});

/** Table header words split across lines ("Banner/distri ct"): every word of a header stays on one line. */
async function splitHeaderWords(page: Page): Promise<string[]> {
  return page.$$eval('th .cell, th', (cells) =>
    cells.flatMap((cell) => {
      const out: string[] = [];
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        for (const m of text.matchAll(/[A-Za-z][A-Za-z/()-]*[A-Za-z)]/g)) {
          const range = document.createRange();
          range.setStart(n, m.index);
          range.setEnd(n, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) out.push(`"${m[0]}" in "${cell.textContent?.trim()}"`);
        }
      }
      return out;
    }),
  );
}

test('English table headers break between words, never inside one', async ({ committee: page, scoredYear }) => {
  await setLanguage(page, 'en');
  const found: string[] = [];
  for (const [url, view] of [
    [`/cycles/${scoredYear}`, 'overview'],
    [`/cycles/${scoredYear}/applications`, 'applications'],
    [`/panel/${scoredYear}`, 'panel'],
    [`/compare?cycle=${scoredYear}`, 'compare'],
  ] as const) {
    await page.goto(url);
    await viewIs(page, view);
    found.push(...(await splitHeaderWords(page)).map((w) => `${view}: ${w}`));
  }
  expect(found).toEqual([]);
});

test('English menu labels wrap onto a second line, never cut at the sidebar edge', async ({ secretariat: page, scoredYear }) => {
  await setLanguage(page, 'en');
  await page.goto(`/cycles/${scoredYear}`);
  await viewIs(page, 'overview');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const cut = await page.$$eval('.el-menu-item', (items) =>
    items.filter((li) => li.scrollWidth > li.clientWidth + 1).map((li) => `${li.textContent?.trim()} (${li.scrollWidth} > ${li.clientWidth} px)`),
  );
  expect(cut).toEqual([]);
});

test('the reliability label judges ICC(2,k) with the thresholds printed under it', async ({ committee: page, scoredYear }) => {
  await page.goto(`/panel/${scoredYear}`);
  await viewIs(page, 'panel');
  const note = await page.getByTestId('icc-note').innerText();
  expect(note).toContain('ICC(2,k)');
  expect(note).toContain('0.75');
  expect(note).toContain('0.50');
  const table = page.getByTestId('reliability');
  const heads = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  const k = heads.indexOf('ICC(2,k)');
  const label = heads.findIndex((h) => h.startsWith('解读'));
  expect(k, `columns: ${heads.join(' | ')}`).toBeGreaterThanOrEqual(0);
  expect(heads[label], 'the label column names the coefficient it judges').toContain('ICC(2,k)');
  const rows = await table.locator('tbody tr').all();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
    const v = Number(cells[k]);
    if (!Number.isFinite(v)) continue;
    const expected = v >= 0.75 ? '一致性良好' : v >= 0.5 ? '一致性一般' : '一致性较差';
    expect(cells[label], `ICC(2,k) ${v}`).toContain(expected);
  }
});

/** A4 text width at 96 dpi for a page margin in mm. */
const a4Width = (marginMm: number) => Math.floor(((210 - 2 * marginMm) / 25.4) * 96);

/** Tables and charts that are wider than `width` or clip their content, with print media emulated. */
async function printOverflow(page: Page, root: string, width: number): Promise<string[]> {
  return page.$$eval(
    `${root} table, ${root} [data-chart], ${root} .el-table, ${root} .el-table__body-wrapper, ${root} .el-scrollbar__wrap`,
    (els, w) =>
      els.flatMap((e) => {
        const el = e as HTMLElement;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) return [];
        const what = el.dataset.chart ? `chart ${el.dataset.chart}` : `${el.tagName.toLowerCase()}.${el.className.toString().split(' ')[0]}`;
        const out: string[] = [];
        if (r.left < -0.5 || r.right > w + 0.5) out.push(`${what} spans ${Math.round(r.left)}–${Math.round(r.right)} px of ${w}`);
        if (el.scrollWidth > el.clientWidth + 1) out.push(`${what} clips its content (${el.scrollWidth} > ${el.clientWidth})`);
        return out;
      }),
    width,
  );
}

/** Legends of the page's charts that page their entries instead of showing every name. */
async function pagedLegends(page: Page): Promise<string[]> {
  const layouts = await layoutOf(page);
  return layouts.flatMap((l) =>
    l.texts.filter((t) => t.role === 'legend' && /^\d+\s*\/\s*\d+$/.test(t.text)).map((t) => `${l.name}: legend pager "${t.text}"`),
  );
}

/** Page count and the size of each page (points) of a PDF written by Chromium. */
function pdfPages(pdf: Buffer): { count: number; sizes: string[] } {
  const text = pdf.toString('latin1');
  const count = (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  const sizes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map(
    (m) => `${Math.round(Number(m[3]))}×${Math.round(Number(m[4]))}`,
  );
  return { count, sizes };
}

/** Prints the page as an A4 PDF laid out at the printable width; checks what it holds. */
async function printChecked(page: Page, root: string, marginMm: number, file: string): Promise<{ count: number }> {
  const width = a4Width(marginMm);
  await page.setViewportSize({ width, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await page.waitForTimeout(500);
  await chartsOf(page);
  expect(await printOverflow(page, root, width), `${file}: every table and chart fits the A4 text width (${width} px)`).toEqual([]);
  expect(await pagedLegends(page), `${file}: no legend pager on paper`).toEqual([]);
  const layouts = await layoutOf(page);
  const found = layouts.flatMap((l) => problemsOf(l).map((p) => `${l.name}: ${p}`));
  expect(found, `${file}: the charts read cleanly on paper`).toEqual([]);
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  fs.writeFileSync(path.join(OUTPUT, file), pdf);
  const { count, sizes } = pdfPages(pdf);
  expect(count).toBeGreaterThanOrEqual(1);
  // A4 portrait is 595 × 842 points.
  expect(new Set(sizes), `${file}: every page is A4 portrait`).toEqual(new Set(['595×842']));
  figure(file, `${count} A4 page(s), ${Math.round(pdf.length / 1024)} KB`);
  return { count };
}

test('the comparison handout and the committee pack print to A4 portrait with nothing cut', async ({ committee: page, scoredYear }) => {
  for (const lang of ['en', 'zh-CN'] as const) {
    await setLanguage(page, lang);
    const overview = await query<{ ranked: { id: number }[] }>(page, 'analytics.cycleOverview', { year: scoredYear });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(
      `/compare?cycle=${scoredYear}&ids=${overview.ranked
        .slice(0, 6)
        .map((r) => r.id)
        .join(',')}`,
    );
    await viewIs(page, 'compare');
    const compare = await printChecked(page, '[data-view="compare"]', 12, `compare-${lang}.pdf`);
    expect(compare.count, 'the handout stays short').toBeLessThanOrEqual(3);
    await page.emulateMedia({ media: 'screen' });

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`/report/${scoredYear}?lang=${lang === 'en' ? 'en' : 'zh'}&print=1`);
    await page.waitForFunction(() => document.documentElement.dataset.reportReady === 'true', undefined, { timeout: 120_000 });
    await printChecked(page, '[data-view="report"]', 14, `committee-pack-${lang}.pdf`);
    await page.emulateMedia({ media: 'screen' });
  }
});

/** Every view a user can open, with the role that sees it. */
function viewsOf(year: number): { role: 'secretariat' | 'examiner'; url: string; view: string }[] {
  return [
    ['/cycles', 'cycles'],
    [`/cycles/${year}`, 'overview'],
    [`/cycles/${year}/applications`, 'applications'],
    [`/cycles/${year}/groups`, 'groups'],
    [`/cycles/${year}/publication`, 'publication'],
    [`/compare?cycle=${year}`, 'compare'],
    [`/sectors?cycle=${year}`, 'sectors'],
    ['/trends', 'trends'],
    [`/panel/${year}`, 'panel'],
    [`/weights?cycle=${year}`, 'weights'],
    ['/follow-up', 'followUp'],
    [`/cycles/${year}/feedback`, 'feedback'],
    ['/audit', 'audit'],
    ['/people', 'people'],
    ['/consensus', 'consensus'],
    ['/data/import', 'dataImport'],
    [`/report/${year}`, 'report'],
  ].map(([url, view]) => ({ role: 'secretariat' as const, url: url!, view: view! }));
}

test('screenshots of every view in both languages', async ({ secretariat: page, examiner, scoredYear }) => {
  for (const lang of ['zh-CN', 'en'] as const) {
    const suffix = lang === 'en' ? 'en' : 'zh';
    await setLanguage(page, lang);
    for (const v of viewsOf(scoredYear)) {
      await page.goto(v.url);
      await viewIs(page, v.view);
      if ((await page.locator('[data-chart]').count()) > 0) await chartsOf(page);
      await shot(page, `${v.view}-${suffix}`);
    }
    await setLanguage(examiner, lang);
    await examiner.goto('/my');
    await viewIs(examiner, 'my');
    await shot(examiner, `my-${suffix}`);
  }
});
