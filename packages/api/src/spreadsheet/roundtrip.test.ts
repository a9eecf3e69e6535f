import { vi, afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { CATEGORY_IDS } from '@mqa/scoring';
import {
  annotateWorkbook,
  buildScoresTemplate,
  CycleNotFoundError,
  EXPORT_SHEET_NAMES,
  exportCycleWorkbook,
  importScores,
  INSTRUCTIONS_SHEET,
  LISTS_SHEET,
  loadScoresTemplateCycle,
  PROBLEM_LIST_SHEET,
  PROBLEMS_COLUMN_HEADER,
} from './index.ts';
import { onsiteRows, setup, snapshot, xlsxFile, type Fixture } from './test-helpers.ts';

// Each test builds a seeded database and real workbooks: allow for a slow shared machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let f: Fixture;
beforeAll(async () => {
  f = await setup();
});
afterAll(async () => {
  await f.db.destroy();
});

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('cycle results workbook', () => {
  test('round trip: export raw scores, re-import, nothing changes (drafts stay drafts)', async () => {
    const buf = await exportCycleWorkbook(f.db, f.year, 'zh', { audience: 'secretariat' });
    const count = async (status: 'submitted' | 'draft') =>
      Number(
        (
          await f.db
            .selectFrom('scores')
            .innerJoin('applications', 'applications.id', 'scores.application_id')
            .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
            .innerJoin('score_sheets', (j) =>
              j
                .onRef('score_sheets.application_id', '=', 'scores.application_id')
                .onRef('score_sheets.examiner_id', '=', 'scores.examiner_id')
                .onRef('score_sheets.stage', '=', 'scores.stage'),
            )
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('cycles.year', '=', f.year)
            .where('score_sheets.status', '=', status)
            .executeTakeFirstOrThrow()
        ).n,
      );
    // The raw sheet lists the scores that count: those on submitted sheets (the demo cycle also has a draft).
    const n = await count('submitted');
    expect(n).toBeGreaterThan(1000);
    expect(await count('draft')).toBeGreaterThan(0);
    const before = await snapshot(f.db);
    const res = await importScores(f.db, buf, { fileName: 'export.xlsx', userId: f.userId });
    expect(res.problems).toEqual([]);
    expect(res.sheet).toBe(EXPORT_SHEET_NAMES.raw.zh);
    expect(res.outcome).toBe('unchanged');
    expect(res.preview?.counts).toMatchObject({ rows: n, unchanged: n, added: 0, changed: 0, sheetsCreated: 0, sheetsUpdated: 0 });
    expect(await snapshot(f.db)).toEqual(before);
    // The English export re-imports the same way.
    const en = await importScores(f.db, await exportCycleWorkbook(f.db, f.year, 'en', { audience: 'secretariat' }), { fileName: 'x', userId: f.userId });
    expect(en.outcome).toBe('unchanged');
  });

  test('sheets and headers follow the language; totals, ranks and selection are consistent', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const wb = await load(await exportCycleWorkbook(f.db, f.frozenYear, lang, { audience: 'secretariat' }));
      expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(EXPORT_SHEET_NAMES).map((t) => t[lang]));
      const results = wb.getWorksheet(EXPORT_SHEET_NAMES.results[lang])!;
      const header = (results.getRow(1).values as unknown[]).slice(1) as string[];
      expect(header[0]).toBe(lang === 'zh' ? '排名' : 'Rank');
      const totalCol = header.indexOf(lang === 'zh' ? '总分' : 'Total') + 1;
      const selCol = header.indexOf(lang === 'zh' ? '入选' : 'Selected') + 1;
      let lastRank = 0;
      let lastTotal = Infinity;
      let selected = 0;
      let inRunning = true;
      for (let r = 2; r <= results.rowCount; r++) {
        const row = results.getRow(r);
        const rankCell = row.getCell(1).value;
        const total = Number(row.getCell(totalCol).value);
        // Ranked candidates first, by total; then those not in the running, without a rank.
        if (rankCell === '—') {
          inRunning = false;
        } else {
          expect(inRunning).toBe(true);
          const rank = Number(rankCell);
          expect(rank).toBeGreaterThanOrEqual(lastRank);
          expect(total).toBeLessThanOrEqual(lastTotal + 1e-9);
          lastRank = rank;
          lastTotal = total;
        }
        const cats = CATEGORY_IDS.map((_, i) => Number(row.getCell(totalCol + 1 + i).value));
        expect(cats.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 1);
        if (row.getCell(selCol).value === (lang === 'zh' ? '是' : 'yes')) selected++;
      }
      expect(results.rowCount).toBeGreaterThan(10);
      expect(selected).toBeGreaterThan(0);
      expect(selected).toBeLessThanOrEqual(5);
      const rel = wb.getWorksheet(EXPORT_SHEET_NAMES.reliability[lang])!;
      const icc = rel.getRow(2).getCell(6).value;
      expect(typeof icc === 'number' && icc > -1 && icc <= 1).toBe(true);
      const weights = wb.getWorksheet(EXPORT_SHEET_NAMES.weights[lang])!;
      expect(weights.getRow(weights.rowCount).getCell(4).value).toBe(1000);
    }
  });

  test('an unknown year is a clear error', async () => {
    await expect(exportCycleWorkbook(f.db, 1999, 'zh')).rejects.toBeInstanceOf(CycleNotFoundError);
  });
});

describe('templates', () => {
  test('scores template: Chinese headers, instructions, lists, data validation; filled in, it imports', async () => {
    const cycle = await loadScoresTemplateCycle(f.db, f.year);
    const buf = await buildScoresTemplate(cycle);
    const wb = await load(buf);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['评分表', INSTRUCTIONS_SHEET, LISTS_SHEET]);
    const ws = wb.getWorksheet('评分表')!;
    expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['年度', '申报编号', '评审员编号']);
    const dv = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    const percentDv = Object.entries(dv).find(([addr]) => addr.startsWith('H2'))?.[1];
    expect(percentDv?.formulae[0]).toBe('"0,5,10,15,20,25,30,35,40,45,50,55,60,65,70,75,80,85,90,95,100"');
    const itemDv = Object.entries(dv).find(([addr]) => addr.startsWith('F2'))?.[1];
    expect(String(itemDv?.formulae[0])).toContain('4.7.7');
    const instructions = wb.getWorksheet(INSTRUCTIONS_SHEET)!;
    const text = instructions
      .getSheetValues()
      .flat()
      .map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')))
      .join(' ');
    expect(text).toContain('E12');
    // Fill two rows into the template itself and import it.
    const rows = onsiteRows(f, 2);
    rows.forEach((r, i) => {
      const row = ws.getRow(i + 2);
      [r[0], r[1], r[2], r[3], r[4], r[5], null, r[6], r[7]].forEach((v, c) => (row.getCell(c + 1).value = v));
    });
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await importScores(f.db, filled, { fileName: 'template.xlsx', userId: f.userId, dryRun: true });
    expect(res.fileError).toBeNull();
    expect(res.problems).toEqual([]);
    expect(res.preview?.counts.added).toBe(2);
  });
});

describe('annotated copy', () => {
  test('highlights problem cells with a comment, adds a Problems column and a problem list', async () => {
    const rows = onsiteRows(f, 3);
    rows[1]![6] = 42;
    rows[2]![5] = '9.9.9';
    const buf = await xlsxFile(rows);
    const res = await importScores(f.db, buf, { fileName: 'x.xlsx', userId: f.userId, dryRun: true });
    expect(res.problems).toHaveLength(2);
    const wb = await load(await annotateWorkbook(buf, res.problems));
    const ws = wb.getWorksheet('评分表')!;
    const g3 = ws.getCell('G3');
    expect((g3.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(JSON.stringify(g3.note)).toContain('steps of 5');
    expect(g3.value).toBe(42); // the data itself is kept
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const pc = header.indexOf(PROBLEMS_COLUMN_HEADER) + 1;
    expect(pc).toBe(9);
    expect(ws.getRow(4).getCell(pc).text).toContain('[F]');
    expect(ws.getRow(2).getCell(pc).value ?? null).toBeNull();
    const list = wb.getWorksheet(PROBLEM_LIST_SHEET)!;
    expect(list.rowCount).toBe(3);
    // Re-annotating an annotated copy reuses the Problems column.
    const again = await load(await annotateWorkbook(await annotateWorkbook(buf, res.problems), res.problems));
    const header2 = (again.getWorksheet('评分表')!.getRow(1).values as unknown[]).filter((v) => v === PROBLEMS_COLUMN_HEADER);
    expect(header2).toHaveLength(1);
  });
});
