/**
 * The cycle results workbook follows the one results policy of `domain/cycle.ts`: its totals,
 * ranks, selection and reasons are exactly what `scoring.cycleResults` answers, and scores on
 * draft sheets count nowhere (nor are they listed).
 */
import { STAGES } from '@mqa/rules';
import { vi, afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { ITEM_IDS } from '@mqa/scoring';
import { createContextInner } from '../context.ts';
import { createCaller } from '../root.ts';
import { loadCycleBundle, scoreStage } from '../domain/cycle.ts';
import { streamCycleWorkbook } from './export.ts';
import { EXPORT_SHEET_NAMES, exportCycleWorkbook } from './index.ts';
import { setup, type Fixture } from './test-helpers.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let f: Fixture;
beforeAll(async () => {
  f = await setup();
});
afterAll(async () => {
  await f.db.destroy();
});

/** A fresh caller (and cache) each time, so every answer reflects the database as it is now. */
const cycleResults = (year: number) =>
  createCaller(
    createContextInner({ db: f.db, user: { id: f.userId, username: 'secretariat-test', displayName: 'S', role: 'secretariat', examinerId: null } }),
  ).scoring.cycleResults({ year });

/** A sheet of the English export as records keyed by header. */
async function sheetRecords(buf: Buffer, sheet: keyof typeof EXPORT_SHEET_NAMES): Promise<Record<string, unknown>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(EXPORT_SHEET_NAMES[sheet].en)!;
  const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const out: Record<string, unknown>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    out.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value ?? null])));
  }
  return out;
}

async function summary(buf: Buffer): Promise<Map<string, unknown>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(EXPORT_SHEET_NAMES.summary.en)!;
  const m = new Map<string, unknown>();
  ws.eachRow((row) => m.set(row.getCell(1).text, row.getCell(2).value));
  return m;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The draft score sheet of the open demo cycle, with its application code and stored scores. */
async function draftSheet() {
  const sheet = await f.db
    .selectFrom('score_sheets')
    .innerJoin('applications', 'applications.id', 'score_sheets.application_id')
    .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
    .select(['score_sheets.application_id as appId', 'score_sheets.examiner_id as examinerId', 'score_sheets.stage as stage', 'applications.code as code'])
    .where('cycles.year', '=', f.year)
    .where('score_sheets.status', '=', 'draft')
    .executeTakeFirstOrThrow();
  const scores = await f.db
    .selectFrom('scores')
    .select(['item_id', 'percent'])
    .where('application_id', '=', sheet.appId)
    .where('examiner_id', '=', sheet.examinerId)
    .where('stage', '=', sheet.stage)
    .execute();
  return { ...sheet, scores };
}

describe('cycle results workbook = scoring.cycleResults', () => {
  test('totals, ranks, selection and reasons are the API’s, row for row (open and awarded cycles)', async () => {
    for (const year of [f.year, f.frozenYear]) {
      const api = await cycleResults(year);
      const rows = await sheetRecords(await exportCycleWorkbook(f.db, year, 'en'), 'results');
      expect(rows.map((r) => r['Application code'])).toEqual(api.applications.map((a) => a.code));
      // The one rank of the cycle; candidates not in the running have none (shown as a dash).
      expect(rows.map((r) => r.Rank)).toEqual(api.applications.map((a) => a.rank ?? '—'));
      expect(rows.map((r) => r.Total)).toEqual(api.applications.map((a) => round2(a.total)));
      expect(rows.map((r) => r.Selected)).toEqual(api.applications.map((a) => (a.selection.selected ? 'yes' : 'no')));
      expect(rows.map((r) => r.Reason)).toEqual(api.applications.map((a) => a.selection.reason.en));
      expect(rows.map((r) => r.Stage)).toEqual(api.applications.map((a) => STAGES[a.stage].en));
      expect(api.applications.some((a) => a.selection.selected)).toBe(true);
    }
  });

  test('item aggregates use the API’s final percentages and counts (on-site where held)', async () => {
    const year = f.frozenYear;
    const api = await cycleResults(year);
    const items = await sheetRecords(await exportCycleWorkbook(f.db, year, 'en'), 'items');
    const onsite = api.applications.find((a) => a.stage === 'onsite');
    const material = api.applications.find((a) => a.stage === 'material' && a.complete);
    expect(onsite && material).toBeTruthy();
    for (const app of [onsite!, material!]) {
      const mine = items.filter((r) => r['Application code'] === app.code);
      expect(mine.map((r) => r.Item)).toEqual(ITEM_IDS);
      for (const r of mine) {
        const it = app.items[r.Item as string]!;
        expect(r['Final %']).toBe(round2(it.percent!));
        expect(r.Score).toBe(round2(it.score!));
        if (app.stage === 'material' && it.source === 'examiners') expect(r['Material n']).toBe(it.n);
        if (app.stage === 'onsite' && it.source === 'examiners') expect(r['On-site n']).toBe(it.n);
      }
    }
  });

  test('a draft sheet is neither aggregated nor listed; the summary counts it; changing it changes nothing', async () => {
    const draft = await draftSheet();
    expect(draft.scores.length).toBeGreaterThan(0);
    const buf = await exportCycleWorkbook(f.db, f.year, 'en', { audience: 'secretariat' });
    // Not listed among the raw scores.
    const raw = await sheetRecords(buf, 'raw');
    const draftRows = raw.filter((r) => r['Application code'] === draft.code && r['Examiner code'] === `E${draft.examinerId}` && r.Stage === draft.stage);
    expect(raw.length).toBeGreaterThan(1000);
    expect(draftRows).toEqual([]);
    const stored = async (filter: { appId?: number; stage?: string; item?: string } = {}) => {
      let q = f.db
        .selectFrom('scores')
        .innerJoin('applications', 'applications.id', 'scores.application_id')
        .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
        .select('scores.examiner_id as examinerId')
        .where('cycles.year', '=', f.year);
      if (filter.appId !== undefined) q = q.where('scores.application_id', '=', filter.appId);
      if (filter.stage !== undefined) q = q.where('scores.stage', '=', filter.stage as 'material');
      if (filter.item !== undefined) q = q.where('scores.item_id', '=', filter.item);
      return q.execute();
    };
    const unsubmitted = (await stored()).length - raw.length;
    expect(unsubmitted).toBeGreaterThanOrEqual(draft.scores.length);
    expect((await summary(buf)).get('Scores on unsubmitted sheets (not counted, not listed)')).toBe(unsubmitted);
    // Not counted: the item's n is the API's, which is below the number of stored scores.
    const api = await cycleResults(f.year);
    const app = api.applications.find((a) => a.code === draft.code)!;
    const item = draft.scores[0]!.item_id;
    const storedForItem = await stored({ appId: draft.appId, stage: draft.stage, item });
    expect(storedForItem.map((s) => s.examinerId)).toContain(draft.examinerId);
    const aggregates = await sheetRecords(buf, 'items');
    const row = aggregates.find((r) => r['Application code'] === draft.code && r.Item === item)!;
    expect(row['Material n']).toBe(app.items[item]!.n);
    expect(app.items[item]!.n).toBeLessThan(storedForItem.length);

    // Rewriting the draft's scores moves no total, rank or selection.
    const before = await sheetRecords(buf, 'results');
    const flipped = draft.scores[0]!.percent >= 50 ? 0 : 100;
    await f.db
      .updateTable('scores')
      .set({ percent: flipped })
      .where('application_id', '=', draft.appId)
      .where('examiner_id', '=', draft.examinerId)
      .where('stage', '=', draft.stage)
      .execute();
    try {
      const after = await sheetRecords(await exportCycleWorkbook(f.db, f.year, 'en'), 'results');
      expect(after).toEqual(before);
    } finally {
      for (const s of draft.scores) {
        await f.db
          .updateTable('scores')
          .set({ percent: s.percent })
          .where('application_id', '=', draft.appId)
          .where('examiner_id', '=', draft.examinerId)
          .where('stage', '=', draft.stage)
          .where('item_id', '=', s.item_id)
          .execute();
      }
    }
  });
});

describe('each role gets the workbook it may read', () => {
  const sheetNames = async (buf: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    return wb.worksheets.map((w) => w.name);
  };
  /** Every cell's text of the workbook, for "does not contain" checks. */
  const allText = async (buf: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const out: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => out.push(c.text)));
    return out.join('\n');
  };

  test('leadership: no raw scores, no reliability, no examiner identity; recused scores only to the secretariat, marked', async () => {
    const year = f.frozenYear;
    const conflicts = await f.db
      .selectFrom('conflicts')
      .innerJoin('applications', 'applications.id', 'conflicts.application_id')
      .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
      .innerJoin('examiners', 'examiners.id', 'conflicts.examiner_id')
      .select(['conflicts.application_id as applicationId', 'conflicts.examiner_id as examinerId', 'applications.code as code', 'examiners.name_en as nameEn'])
      .where('cycles.year', '=', year)
      .execute();
    const recusedScored = [];
    for (const c of conflicts) {
      const n = await f.db
        .selectFrom('scores')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('application_id', '=', c.applicationId)
        .where('examiner_id', '=', c.examinerId)
        .executeTakeFirstOrThrow();
      if (Number(n.n) > 0) recusedScored.push(c);
    }
    expect(recusedScored.length, 'the demo cycle has a recused examiner who had scored').toBeGreaterThan(0);
    const leader = await exportCycleWorkbook(f.db, year, 'en', { audience: 'leadership' });
    const committee = await exportCycleWorkbook(f.db, year, 'en', { audience: 'committee' });
    const secretariat = await exportCycleWorkbook(f.db, year, 'en', { audience: 'secretariat' });

    const leaderSheets = await sheetNames(leader);
    expect(leaderSheets).toEqual(expect.arrayContaining([EXPORT_SHEET_NAMES.summary.en, EXPORT_SHEET_NAMES.results.en]));
    for (const hidden of [EXPORT_SHEET_NAMES.raw.en, EXPORT_SHEET_NAMES.reliability.en, EXPORT_SHEET_NAMES.recused.en])
      expect(leaderSheets).not.toContain(hidden);
    const examinerNames = (await f.db.selectFrom('examiners').select(['name_en', 'name_zh']).execute()).filter((e) => e.name_en.length > 3);
    const leaderText = await allText(leader);
    for (const e of examinerNames) expect(leaderText).not.toContain(e.name_en);
    // The default is the least: a caller that names no audience gets the leadership workbook.
    expect(await sheetNames(await exportCycleWorkbook(f.db, year, 'en'))).toEqual(leaderSheets);

    // Committee: raw scores without any recused examiner's; no recused sheet.
    expect(await sheetNames(committee)).not.toContain(EXPORT_SHEET_NAMES.recused.en);
    const committeeRaw = await sheetRecords(committee, 'raw');
    for (const c of recusedScored) {
      expect(committeeRaw.filter((r) => r['Application code'] === c.code && r['Examiner code'] === `E${c.examinerId}`)).toEqual([]);
    }

    // Secretariat: the same raw sheet, plus the recused scores on their own sheet, each marked excluded.
    expect(await sheetRecords(secretariat, 'raw')).toEqual(committeeRaw);
    const recused = await sheetRecords(secretariat, 'recused');
    for (const c of recusedScored) {
      const rows = recused.filter((r) => r['Application code'] === c.code && r['Examiner code'] === `E${c.examinerId}`);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(String(r.Counted)).toMatch(/Art\. 24/);
    }
  });
});

describe('written as a stream, row by row', () => {
  test('the raw-score sheets list every counted score once, in code, examiner, stage and item order, recused ones apart', async () => {
    const year = f.frozenYear;
    const buf = await exportCycleWorkbook(f.db, year, 'en', { audience: 'secretariat' });
    const rows = [...(await sheetRecords(buf, 'raw')), ...(await sheetRecords(buf, 'recused'))];
    const stored = await f.db
      .selectFrom('scores')
      .innerJoin('applications', 'applications.id', 'scores.application_id')
      .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
      .innerJoin('score_sheets', (j) =>
        j
          .onRef('score_sheets.application_id', '=', 'scores.application_id')
          .onRef('score_sheets.examiner_id', '=', 'scores.examiner_id')
          .onRef('score_sheets.stage', '=', 'scores.stage'),
      )
      .where('cycles.year', '=', year)
      .where('score_sheets.status', '=', 'submitted')
      .select(['applications.code as code', 'scores.examiner_id as examinerId', 'scores.stage as stage', 'scores.item_id as item', 'scores.percent as percent'])
      .execute();
    const key = (...parts: unknown[]) => JSON.stringify(parts);
    expect(rows.map((r) => key(r['Application code'], r['Examiner code'], r.Stage, r.Item, r.Percent)).sort()).toEqual(
      stored.map((s) => key(s.code, `E${s.examinerId}`, STAGES[s.stage].en, s.item, s.percent)).sort(),
    );
    const raw = await sheetRecords(buf, 'raw');
    const itemIndex = new Map(ITEM_IDS.map((id, i) => [id, i]));
    const examinerOf = (r: Record<string, unknown>) => Number(String(r['Examiner code']).slice(1));
    for (let i = 1; i < raw.length; i++) {
      const a = raw[i - 1]!;
      const b = raw[i]!;
      const order =
        (String(a['Application code']) < String(b['Application code']) ? -1 : String(a['Application code']) > String(b['Application code']) ? 1 : 0) ||
        examinerOf(a) - examinerOf(b) ||
        (a.Stage === STAGES.material.en ? 0 : 1) - (b.Stage === STAGES.material.en ? 0 : 1) ||
        itemIndex.get(String(a.Item))! - itemIndex.get(String(b.Item))!;
      expect(order, `rows ${i + 1} and ${i + 2}`).toBeLessThan(0);
    }
  });

  test('item aggregates carry each stage as scored on its own (scoreStage), on a cycle with on-site reviews', async () => {
    const year = f.frozenYear;
    const bundle = await loadCycleBundle(f.db, year);
    const material = new Map(scoreStage(bundle, 'material').applications.map((a) => [bundle.appById.get(Number(a.id))!.code, a]));
    const onsite = new Map(scoreStage(bundle, 'onsite').applications.map((a) => [bundle.appById.get(Number(a.id))!.code, a]));
    expect(onsite.size).toBeGreaterThan(0);
    const items = await sheetRecords(await exportCycleWorkbook(f.db, year, 'en'), 'items');
    expect(items.length).toBe(bundle.stageOf.size * ITEM_IDS.length);
    for (const r of items) {
      const m = material.get(String(r['Application code']))?.items[String(r.Item)];
      const o = onsite.get(String(r['Application code']))?.items[String(r.Item)];
      expect(r['Material n']).toBe(m?.n ?? 0);
      expect(r['Material %']).toBe(m?.percent == null ? null : round2(m.percent));
      expect(r['On-site n']).toBe(o?.n ?? null);
      expect(r['On-site %']).toBe(o?.percent == null ? null : round2(o.percent));
    }
  });

  test('the stream is the workbook; a reader that goes away ends it without an error', async () => {
    const chunks: Buffer[] = [];
    for await (const c of await streamCycleWorkbook(f.db, f.year, 'en', { audience: 'committee' })) chunks.push(c as Buffer);
    const streamed = Buffer.concat(chunks);
    const buffered = await exportCycleWorkbook(f.db, f.year, 'en', { audience: 'committee' });
    for (const sheet of ['results', 'items', 'raw'] as const) expect(await sheetRecords(streamed, sheet)).toEqual(await sheetRecords(buffered, sheet));
    const abandoned = await streamCycleWorkbook(f.db, f.year, 'en', { audience: 'committee' });
    const errors: unknown[] = [];
    abandoned.on('error', (e) => errors.push(e));
    await new Promise<void>((resolve) => abandoned.once('data', () => resolve()));
    abandoned.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(abandoned.destroyed).toBe(true);
    expect(errors).toEqual([]);
  });

  test('an unknown year fails before anything is streamed', async () => {
    await expect(streamCycleWorkbook(f.db, 1999, 'en')).rejects.toMatchObject({ code: 'cycle_not_found' });
  });
});
