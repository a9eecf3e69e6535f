/**
 * Leadership's questions (issue 13, items 1–5): is quality improving, where, and who is falling
 * behind? Opens /trends, /sectors and the follow-up in Chinese and English as the leadership
 * account and reads the rendered chart options back: the headline strip gives each change its
 * direction, the nine banners/districts are small multiples with n on every point and low counts
 * hollow, sectors and categories are ranked by change, heatmap cells carry their n with the
 * grey rule in the legend, and an indicator that crosses a watch line is marked. Screenshots of
 * each view in both languages go to e2e/screenshots/.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { HAN, chart, chartsOf, expect, query, shot, test, viewIs } from './fixtures.ts';
import { SHOTS } from './paths.ts';

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Changes {
  current: number;
  previous: number;
  minN: number;
  districts: { id: string; lowN: boolean; points: { n: number; lowN: boolean }[] }[];
  sectors: { change: number | null }[];
}
interface Awardee {
  awardId: number;
  name: { zh: string; en: string };
  indicators: { id: string; years: { watch: unknown }[] }[];
}

async function openIn(page: Page, lang: 'zh-CN' | 'en', url: string, view: string): Promise<void> {
  await page.evaluate((l) => localStorage.setItem('mqa.locale', l), lang);
  await page.goto(url);
  await viewIs(page, view);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

const suffix = (lang: 'zh-CN' | 'en') => (lang === 'en' ? 'en' : 'zh');

test('trends, sectors and follow-up answer leadership in Chinese and English: directions, counts, low-n grey, ranked changes, watch marks', async ({
  leadership: page,
}) => {
  const changes = await query<Changes>(page, 'analytics.trendChanges');
  expect(changes.districts.length, 'the nine banners/districts').toBe(9);
  const awardees = await query<Awardee[]>(page, 'analytics.followUp');
  const watched = awardees.find((a) => a.indicators.some((i) => i.years.some((y) => y.watch)));
  expect(watched, 'some demo awardee crosses a watch line').toBeTruthy();

  for (const lang of ['zh-CN', 'en'] as const) {
    // /trends: the headline strip and the three new charts.
    await openIn(page, lang, '/trends', 'trends');
    const strip = page.getByTestId('headline-strip');
    await expect(strip).toContainText(
      lang === 'en' ? `${changes.current} cycle against ${changes.previous}` : `${changes.current} 届对比 ${changes.previous} 届`,
    );
    for (const metric of ['applications', 'meanTotal', 'shareAboveMinimum', 'weakestCategory']) {
      const tile = strip.locator(`[data-metric="${metric}"]`);
      await expect(tile).toHaveCount(1);
      const dir = await tile.getAttribute('data-direction');
      expect(['up', 'down', 'same']).toContain(dir);
      // The direction is in the text (arrow and word), not only in a colour.
      const words = lang === 'en' ? { up: 'up', down: 'down', same: 'unchanged' } : { up: '上升', down: '下降', same: '持平' };
      await expect(tile.locator('[data-change]')).toContainText(({ up: '▲', down: '▼', same: '▬' } as Record<string, string>)[dir!]!);
      await expect(tile.locator('[data-change]')).toContainText((words as Record<string, string>)[dir!]!);
    }
    const charts = await chartsOf(page);
    const districts = chart(charts, 'trend-districts').option as AnyObj;
    expect(districts.grid, 'one panel per banner/district').toHaveLength(9);
    const pointsOf = (o: AnyObj) => (o.series as AnyObj[]).flatMap((s) => (s.data as AnyObj[]).filter((d) => d.value !== null && d.value !== undefined));
    const labels = pointsOf(districts).map((d) => String(d.label.formatter));
    expect(
      labels.every((l) => (lang === 'en' ? /^n=\d+$/ : /^\d+份$/).test(l)),
      labels.join(' '),
    ).toBe(true);
    const fewPoints = changes.districts.flatMap((d) => d.points.filter((p) => p.lowN)).length;
    expect(fewPoints, 'the demo has districts resting on few applications').toBeGreaterThan(0);
    expect(pointsOf(districts).filter((d) => d.symbol === 'emptyCircle')).toHaveLength(fewPoints);
    const sectors = chart(charts, 'trend-sectors').option as AnyObj;
    const current = (sectors.series as AnyObj[]).at(-1)!.data as AnyObj[];
    const shown = current.map((d) => d.value[1] as number);
    expect(shown, 'rows in rank order').toEqual(shown.toSorted((a, b) => a - b));
    const signs = current.map((d) => String(d.label.formatter));
    expect(signs.filter((s) => s.startsWith('▲')).length + signs.filter((s) => s.startsWith('▼') || s.startsWith('▬')).length).toBe(signs.length);
    expect(signs.length).toBe(changes.sectors.filter((s) => s.change !== null).length);
    const categories = chart(charts, 'trend-category-changes').option as AnyObj;
    expect((categories.yAxis as AnyObj[])[0]!.data).toHaveLength(7);
    if (lang === 'en') {
      // Every label of the new charts and the headline reads in English (names come in English too).
      const texts = [
        await strip.innerText(),
        ...(await page.locator('.card-title, .caption').allInnerTexts()),
        ...[districts, sectors, categories].flatMap((o) => [
          ...((o.title as AnyObj[] | undefined) ?? []).map((x) => `${x.text} ${x.subtext}`),
          ...(o.yAxis as AnyObj[]).flatMap((y) => (y.data as string[] | undefined) ?? []),
          ...((o.legend as AnyObj[] | undefined) ?? []).flatMap((l) => (l.data as string[] | undefined) ?? []),
        ]),
      ];
      expect(
        texts.filter((x) => HAN.test(x)),
        'no Chinese in English mode',
      ).toEqual([]);
    }
    await shot(page, `leadership-trends-${suffix(lang)}`);
    await page.getByTestId('trend-districts').screenshot({ path: path.join(SHOTS, `leadership-trends-districts-${suffix(lang)}.png`) });
    await page.getByTestId('trend-sectors').screenshot({ path: path.join(SHOTS, `leadership-trends-sectors-${suffix(lang)}.png`) });

    // /sectors: the heatmap cells carry their n; the low-n cells are a grey series named in the legend.
    await openIn(page, lang, '/sectors', 'sectors');
    const heat = chart(await chartsOf(page), 'sector-heatmap').option as AnyObj;
    const [reliable, few] = heat.series as AnyObj[];
    expect(reliable!.data.length).toBeGreaterThan(0);
    expect(few!.data.length, 'some sectors rest on few applications').toBeGreaterThan(0);
    expect(few!.data.every((d: AnyObj) => d.cell.n < changes.minN)).toBe(true);
    expect(reliable!.data.every((d: AnyObj) => d.cell.n >= changes.minN)).toBe(true);
    expect(heat.legend[0].data[0].name).toContain(String(changes.minN));
    await expect(page.getByTestId('sector-heatmap-rule')).toContainText(
      lang === 'en' ? `fewer than ${changes.minN} applications` : `少于 ${changes.minN} 份申报`,
    );
    await shot(page, `leadership-sectors-${suffix(lang)}`);
    await page.locator('[data-chart="sector-heatmap"]').screenshot({ path: path.join(SHOTS, `leadership-sector-heatmap-${suffix(lang)}.png`) });

    // Follow-up: choose an awardee with a value past a watch line; its chart shows the marker.
    await openIn(page, lang, '/follow-up', 'followUp');
    await page
      .getByTestId('awardees')
      .getByText(lang === 'en' ? watched!.name.en : watched!.name.zh, { exact: true })
      .first()
      .click();
    const ind = watched!.indicators.find((i) => i.years.some((y) => y.watch))!;
    await expect(page.locator(`[data-watch="${ind.id}"]`)).toBeVisible();
    const watchChart = chart(await chartsOf(page), `indicator-${ind.id}`).option as AnyObj;
    const marks = (watchChart.series as AnyObj[]).find((s) => s.type === 'scatter')!;
    expect(marks.symbol).toBe('triangle');
    expect(marks.data).toHaveLength(ind.years.filter((y) => y.watch).length);
    expect(
      (watchChart.series as AnyObj[]).some((s) => s.areaStyle),
      'the sector band',
    ).toBe(true);
    await page.locator(`[data-chart="indicator-${ind.id}"]`).scrollIntoViewIfNeeded();
    await shot(page, `leadership-followup-${suffix(lang)}`);
  }
});
