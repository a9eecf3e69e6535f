// @vitest-environment node
/**
 * The weight-tuning view starts from the official result: with the cycle's own weights
 * untouched, re-ranking in the browser (`prepare` + `rerank` on `analytics.cycleMatrix`)
 * reproduces every official total (to 0.01) and rank, and the official selection, for every
 * demo cycle, and reports no change at all.
 */
import { exportCycleWorkbook, EXPORT_SHEET_NAMES } from '@mqa/api';
import { createFixture, type Fixture } from '@mqa/api/test-fixture';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { shortlistIds } from '../report/pack.ts';
import { prepare, rerank } from './rerank.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
}, 120_000);

describe('untouched weights reproduce the official result', () => {
  it('for every demo cycle: totals, ranks, selection, and no change', async () => {
    const committee = f.as('committee');
    const cycles = await committee.cycles.list();
    expect(cycles.length).toBeGreaterThanOrEqual(4);
    for (const { year } of cycles) {
      const [matrix, official] = await Promise.all([committee.analytics.cycleMatrix({ year }), committee.scoring.cycleResults({ year })]);
      const p = prepare(matrix);
      const r = rerank(p, { ...matrix.weightSet.points });
      expect(r.validation.ok).toBe(true);
      const inRunning = official.applications.filter((a) => a.rank !== null);
      expect(
        r.ranking!.applications.map((a) => Number(a.id)),
        `order ${year}`,
      ).toEqual(inRunning.map((a) => a.id));
      const byId = new Map(r.ranking!.applications.map((a) => [Number(a.id), a]));
      for (const a of inRunning) {
        const mine = byId.get(a.id)!;
        expect(Math.abs(mine.total - a.total), `total of ${a.code} (${year})`).toBeLessThan(0.005);
        expect(mine.rank, `rank of ${a.code} (${year})`).toBe(a.rank);
        expect(mine.baseRank, `base rank of ${a.code} (${year})`).toBe(a.rank);
        expect(mine.rankChange).toBe(0);
      }
      // "Selected before" is the official selection (cap, minimum total, tie-break), and nothing moves.
      expect(r.before.map(Number)).toEqual(official.selection.selected);
      expect(r.selected).toEqual(r.before);
    }
  }, 120_000);
});

describe('one cycle, one answer in every consumer', () => {
  it('the overview, comparison, weights (before and after), committee pack and results workbook agree on ranks and totals', async () => {
    const year = 2023;
    const committee = f.as('committee');
    const [official, overview, matrix] = await Promise.all([
      committee.scoring.cycleResults({ year }),
      committee.analytics.cycleOverview({ year }),
      committee.analytics.cycleMatrix({ year }),
    ]);
    const rankOf = new Map(official.applications.map((a) => [a.id, a.rank]));
    const totalOf = new Map(official.applications.map((a) => [a.id, a.total]));
    const inRunning = official.applications.filter((a) => a.rank !== null);
    expect(inRunning.length).toBeGreaterThan(5);
    // Excluded candidates hold no rank and have their article(s).
    for (const a of official.applications.filter((x) => x.rank === null)) expect(a.exclusion).not.toBeNull();

    // Overview: the same rows, in the same order, with the same rank and total.
    expect(overview.ranked.map((r) => [r.id, r.rank])).toEqual(official.applications.map((a) => [a.id, a.rank]));
    for (const r of overview.ranked) expect(r.total).toBe(totalOf.get(r.id));
    expect(overview.capLine).toBe(official.selection.capLine);

    // Comparison: by default the top three in the running, with their official rank.
    const compare = await committee.analytics.compare({ year });
    expect(compare.candidates.map((c) => c.id)).toEqual(inRunning.slice(0, 3).map((a) => a.id));
    const chosen = [inRunning[4]!.id, inRunning[1]!.id];
    for (const c of (await committee.analytics.compare({ year, ids: chosen })).candidates) {
      expect(c.rank).toBe(rankOf.get(c.id));
      expect(c.total).toBe(totalOf.get(c.id));
    }

    // Weights: before (untouched) and after a change that the server re-scores too.
    const p = prepare(matrix);
    const before = rerank(p, { ...matrix.weightSet.points });
    for (const a of before.ranking!.applications) expect(a.rank).toBe(rankOf.get(Number(a.id)));
    const moved = { ...matrix.weightSet.points };
    moved['4.7.2'] = moved['4.7.2']! - 40;
    moved['4.1.2'] = moved['4.1.2']! + 40;
    const after = rerank(p, moved);
    const server = await committee.analytics.rescore({ year, points: moved });
    const serverById = new Map(server.applications.map((a) => [a.id, a]));
    for (const a of after.ranking!.applications) {
      const s = serverById.get(Number(a.id))!;
      expect(Math.abs(a.total - s.total)).toBeLessThan(0.005);
      expect(a.rank).toBe(s.rank);
      expect(a.baseRank).toBe(s.baseRank);
    }
    expect(after.selected.map(Number)).toEqual(server.selection.selected);

    // Committee pack: its pages are ranked candidates, each with its official rank.
    const pageIds = shortlistIds(official.applications, official.cap);
    expect(pageIds.slice(0, official.selection.selected.length)).toEqual(official.selection.selected);
    for (const id of pageIds) expect(rankOf.get(id)).not.toBeNull();

    // Results workbook: one row per candidate, same order, rank and total.
    const wb = new ExcelJS.Workbook();
    const file = await exportCycleWorkbook(f.db, year, 'en');
    // exceljs reads an ArrayBuffer: the file's own bytes, copied out of the Node buffer.
    await wb.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet(EXPORT_SHEET_NAMES.results.en)!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2));
    expect(rows.map((r) => r.getCell(col('Application code')).value)).toEqual(official.applications.map((a) => a.code));
    expect(rows.map((r) => r.getCell(col('Rank')).value)).toEqual(official.applications.map((a) => a.rank ?? '—'));
    expect(rows.map((r) => r.getCell(col('Total')).value)).toEqual(official.applications.map((a) => Math.round(a.total * 100) / 100));
  }, 120_000);
});
