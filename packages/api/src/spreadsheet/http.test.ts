import { vi, afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { handleImport, handleSpreadsheetRequest, MAX_IMPORT_BYTES, PROBLEM_LIST_SHEET, readImportUpload, runImport, XLSX_MIME } from './index.ts';
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

const ctx = () => ({ db: f.db, userId: f.userId });
const base = 'http://localhost';

function upload(path: string, buf: Buffer, name = 'scores.xlsx'): Request {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(buf)]), name);
  return new Request(`${base}${path}`, { method: 'POST', body: form });
}

describe('HTTP handlers', () => {
  test('templates download as .xlsx', async () => {
    for (const path of ['/api/templates/applications.xlsx', '/api/templates/scores.xlsx', `/api/templates/scores.xlsx?year=${f.year}`]) {
      const res = (await handleSpreadsheetRequest(new Request(`${base}${path}`), ctx()))!;
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(XLSX_MIME);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=.*filename\*=UTF-8''/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      expect(wb.worksheets.length).toBe(3);
    }
    expect((await handleSpreadsheetRequest(new Request(`${base}/api/templates/scores.xlsx?year=1999`), ctx()))!.status).toBe(404);
  });

  test('dry run answers a preview and writes nothing; a real import commits', async () => {
    const buf = await xlsxFile(onsiteRows(f, 23));
    const before = await snapshot(f.db);
    const dry = (await handleSpreadsheetRequest(upload('/api/import/scores?dryRun=1', buf), ctx()))!;
    expect(dry.status).toBe(200);
    const body = (await dry.json()) as { outcome: string; preview: { counts: { added: number } } };
    expect(body.outcome).toBe('preview');
    expect(body.preview.counts.added).toBe(23);
    expect(await snapshot(f.db)).toEqual(before);
    const real = (await handleSpreadsheetRequest(upload('/api/import/scores', buf), ctx()))!;
    expect(((await real.json()) as { outcome: string }).outcome).toBe('committed');
  });

  test('problems answer 422 JSON with sheet/row/column/message, or the annotated copy on request', async () => {
    const rows = onsiteRows(f, 2);
    rows[0]![6] = 33;
    const buf = await xlsxFile(rows);
    const res = (await handleSpreadsheetRequest(upload('/api/import/scores', buf), ctx()))!;
    expect(res.status).toBe(422);
    const body = (await res.json()) as { problems: { sheet: string; row: number; column: string; message: { zh: string; en: string } }[] };
    expect(body.problems).toEqual([
      expect.objectContaining({ sheet: '评分表', row: 2, column: 'G', message: expect.objectContaining({ zh: expect.any(String), en: expect.any(String) }) }),
    ]);
    const annotated = (await handleSpreadsheetRequest(upload('/api/import/scores?annotated=1', buf), ctx()))!;
    expect(annotated.headers.get('content-type')).toBe(XLSX_MIME);
    expect(annotated.headers.get('x-import-problems')).toBe('1');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await annotated.arrayBuffer());
    expect(wb.getWorksheet(PROBLEM_LIST_SHEET)!.rowCount).toBe(2);
  });

  test('malformed uploads: 400 with a bilingual error; too large: 413 before reading the body', async () => {
    const bad = (await handleSpreadsheetRequest(upload('/api/import/applications', Buffer.from('%PDF-1.4\u0001\u0002')), ctx()))!;
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { fileError: { code: string; message: { zh: string; en: string } } };
    expect(body.fileError.code).toBe('not_spreadsheet');
    const big = new Request(`${base}/api/import/scores`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(MAX_IMPORT_BYTES * 3) },
      body: 'never read',
    });
    expect((await handleSpreadsheetRequest(big, ctx()))!.status).toBe(413);
    const noFile = new Request(`${base}/api/import/scores`, { method: 'POST', body: new FormData() });
    expect((await handleSpreadsheetRequest(noFile, ctx()))!.status).toBe(400);
  });

  test('handleImport reports progress through the context; a throwing callback aborts and rolls back', async () => {
    const buf = await xlsxFile(onsiteRows(f, 23).map((r) => [...r.slice(0, 6), 40, 'progress test']));
    // An earlier test submitted this sheet by import; a file may change it only once it is reopened.
    const p = f.pairs[0]!;
    await f.db
      .updateTable('score_sheets')
      .set({ status: 'reopened', submitted_at: null, reopened_reason: 'progress test' })
      .where('application_id', '=', p.appId)
      .where('examiner_id', '=', p.examinerId)
      .where('stage', '=', 'onsite')
      .execute();
    const seen: [number, string][] = [];
    const dry = await handleImport('scores', upload('/api/import/scores?dryRun=1', buf), { ...ctx(), onProgress: (x, phase) => void seen.push([x, phase]) });
    expect(dry.status).toBe(200);
    expect(seen[0]).toEqual([0, 'parse']);
    expect(seen.at(-1)).toEqual([1, 'done']);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
    expect(seen.map(([, phase]) => phase)).toContain('validate');
    // Aborting in the write phase leaves the database as it was.
    const before = await snapshot(f.db);
    const abort = new Error('stop');
    await expect(
      handleImport('scores', upload('/api/import/scores', buf), {
        ...ctx(),
        onProgress: (_x, phase) => {
          if (phase === 'write') throw abort;
        },
      }),
    ).rejects.toBe(abort);
    expect(await snapshot(f.db)).toEqual(before);
  });

  test('readImportUpload + runImport answer exactly like handleImport', async () => {
    const rows = onsiteRows(f, 3);
    rows[1]![6] = 42;
    const buf = await xlsxFile(rows);
    const whole = await handleImport('scores', upload('/api/import/scores?dryRun=1', buf, 'x.xlsx'), ctx());
    const read = await readImportUpload(upload('/api/import/scores?dryRun=1', buf, 'x.xlsx'));
    if (read instanceof Response) throw new Error(`unexpected ${read.status}`);
    expect(read).toMatchObject({ fileName: 'x.xlsx', dryRun: true, annotated: false });
    const parts = await runImport('scores', read, ctx());
    expect(parts.status).toBe(422);
    expect(whole.status).toBe(422);
    const strip = (b: Record<string, unknown>) => ({ ...b, timings: null });
    expect(strip((await parts.json()) as Record<string, unknown>)).toEqual(strip((await whole.json()) as Record<string, unknown>));
    const badYear = await readImportUpload(upload('/api/import/scores?year=20x5', buf));
    expect(badYear instanceof Response && badYear.status).toBe(400);
  });

  test('cycle export in the requested language; unknown routes fall through', async () => {
    const res = (await handleSpreadsheetRequest(new Request(`${base}/api/cycles/${f.year}/export.xlsx?lang=en`), ctx()))!;
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets[0]!.name).toBe('Summary');
    expect((await handleSpreadsheetRequest(new Request(`${base}/api/cycles/1999/export.xlsx`), ctx()))!.status).toBe(404);
    expect(await handleSpreadsheetRequest(new Request(`${base}/api/other`), ctx())).toBeNull();
    // The caller's role decides what the workbook holds; without one, the least (leadership's).
    const sheetsFor = async (role?: 'leadership' | 'committee' | 'secretariat') => {
      const r = (await handleSpreadsheetRequest(new Request(`${base}/api/cycles/${f.year}/export.xlsx?lang=en`), { ...ctx(), ...(role ? { role } : {}) }))!;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await r.arrayBuffer());
      return book.worksheets.map((w) => w.name);
    };
    expect(await sheetsFor('leadership')).not.toContain('Raw scores');
    expect(await sheetsFor()).toEqual(await sheetsFor('leadership'));
    expect(await sheetsFor('committee')).toContain('Raw scores');
    expect(await sheetsFor('committee')).not.toContain('Recused scores (excluded)');
    expect(await sheetsFor('secretariat')).toContain('Recused scores (excluded)');
    expect((await handleSpreadsheetRequest(new Request(`${base}/api/import/scores`), ctx()))!.status).toBe(405);
  });
});
