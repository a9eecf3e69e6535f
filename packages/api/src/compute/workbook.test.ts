/**
 * The results workbook written in a compute worker (workers.ts `workbook`): the same sheets as
 * written on the main thread, for each audience; an unknown year still answers 404 before any
 * byte. The database is a file (or
 * PostgreSQL with MQA_TEST_POSTGRES_URL): a worker cannot open an in-memory one.
 */
import { createTestDatabaseUrl, migrateToLatest, openDatabase, seedDemo, type DB, type Role } from '@mqa/db';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServices, type Services } from '../services/index.ts';
import { EXPORT_SHEET_NAMES } from '../spreadsheet/index.ts';
import { handleSpreadsheetRequest } from '../spreadsheet/http.ts';
import { OPEN_YEAR } from '../test/helpers.ts';

/** A finished demo cycle (on-site reviews, recusals, awards). */
const FINISHED_YEAR = 2023;

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let db: DB;
let services: Services;

beforeAll(async () => {
  const url = await createTestDatabaseUrl();
  db = openDatabase({ url });
  await migrateToLatest(db);
  await seedDemo(db);
  services = createServices({ computeDatabaseUrl: url, compute: { workers: 1, memoryMb: 1024, timeoutMs: 120_000 } });
});

afterAll(async () => {
  await services?.compute?.close();
  await db?.destroy();
});

async function download(year: number, role: Role, compute: Services['compute']): Promise<Response> {
  const res = await handleSpreadsheetRequest(new Request(`http://local/api/cycles/${year}/export.xlsx?lang=en`), { db, userId: null, role, compute });
  if (!res) throw new Error('not a spreadsheet route');
  return res;
}

/** Every sheet's cell values, except the summary's "generated at" line (the clock moves). */
async function cells(res: Response): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out[ws.name] = ws.name === EXPORT_SHEET_NAMES.summary.en ? rows.filter((r) => !/generated/i.test(String(r[0]))) : rows;
  });
  return out;
}

describe('the results workbook in a compute worker', () => {
  it('holds the same sheets and values as the one written on the main thread, for each audience', async () => {
    expect(services.compute).toBeTruthy();
    const cases = [
      [FINISHED_YEAR, 'secretariat'],
      [FINISHED_YEAR, 'committee'],
      [FINISHED_YEAR, 'leadership'],
      [OPEN_YEAR, 'secretariat'],
    ] as const;
    for (const [year, role] of cases) {
      const off = await download(year, role, services.compute);
      const inline = await download(year, role, null);
      expect(off.status).toBe(200);
      expect(off.headers.get('content-disposition')).toBe(inline.headers.get('content-disposition'));
      const [a, b] = await Promise.all([cells(off), cells(inline)]);
      expect(Object.keys(a).length).toBeGreaterThan(1);
      expect(a).toEqual(b);
    }
  });

  it('answers 404 with the zh/en reason for a year without a cycle, as on the main thread', async () => {
    const res = await download(1999, 'secretariat', services.compute);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: { zh: string; en: string } } } & Record<string, unknown>;
    const inline = await download(1999, 'secretariat', null);
    expect(body).toEqual(await inline.json());
    expect(JSON.stringify(body)).toContain('1999');
  });
});
