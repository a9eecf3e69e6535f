import { vi, afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { importApplications, importScores, MAX_IMPORT_BYTES, type FileErrorCode } from './index.ts';
import { onsiteRows, scoreHeaders, setup, snapshot, xlsxFile, type Fixture } from './test-helpers.ts';

// Each test builds a seeded database and real workbooks: allow for a slow shared machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let f: Fixture;
let before: Awaited<ReturnType<typeof snapshot>>;
beforeAll(async () => {
  f = await setup();
  before = await snapshot(f.db);
});
afterAll(async () => {
  // Every malformed file above left the database exactly as it was.
  expect(await snapshot(f.db)).toEqual(before);
  await f.db.destroy();
});

async function expectFileError(buf: Buffer, code: FileErrorCode, kind: 'scores' | 'applications' = 'scores') {
  const run = kind === 'scores' ? importScores : importApplications;
  const res = await run(f.db, buf, { fileName: 'bad', userId: f.userId });
  expect(res.outcome).toBe('invalid');
  expect(res.fileError?.code).toBe(code);
  expect(res.fileError?.message.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(res.fileError?.message.en.length).toBeGreaterThan(10);
  return res;
}

describe('malformed files get a clear error and leave the database untouched', () => {
  test('a file above the size limit is refused before parsing', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x41);
    expect(big.byteLength).toBeGreaterThan(MAX_IMPORT_BYTES);
    const res = await expectFileError(big, 'too_large');
    expect(res.format).toBeNull(); // refused on its size, before format detection and parsing
    expect(res.fileError?.message.en).toContain('50.0 MB');
  });

  test('an empty file', async () => {
    await expectFileError(Buffer.alloc(0), 'empty');
  });

  test('a workbook whose sheets are all empty', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('评分表');
    await expectFileError(Buffer.from(await wb.xlsx.writeBuffer()), 'empty');
  });

  test('headers but no data rows', async () => {
    await expectFileError(await xlsxFile([]), 'no_rows');
  });

  test('not a spreadsheet: a PNG, a PDF, a ZIP that is not a workbook, a truncated xlsx, a legacy .xls', async () => {
    await expectFileError(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), 'not_spreadsheet');
    await expectFileError(Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nstream\n\u0001\u0002\u0003', 'latin1'), 'not_spreadsheet');
    // A ZIP with one stored entry, built by hand: local header, central directory, end record.
    const name = Buffer.from('readme.txt');
    const data = Buffer.from('hello');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const cdOffset = local.length + name.length + data.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12);
    end.writeUInt32LE(cdOffset, 16);
    await expectFileError(Buffer.concat([local, name, data, central, name, end]), 'not_spreadsheet');
    const good = await xlsxFile(onsiteRows(f, 5));
    await expectFileError(good.subarray(0, Math.floor(good.length / 2)), 'unsupported_zip');
    await expectFileError(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'legacy_xls');
  });

  test('formulas', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('评分表');
    ws.addRow(scoreHeaders('zh'));
    const r = onsiteRows(f, 2);
    ws.addRow(r[0]!);
    ws.addRow(r[1]!);
    ws.getCell('G3').value = { formula: '10*5', result: 50 };
    const res = await expectFileError(Buffer.from(await wb.xlsx.writeBuffer()), 'formulas');
    expect(res.problems).toEqual([expect.objectContaining({ sheet: '评分表', row: 3, column: 'G' })]);
    expect(res.fileError?.message.en).toContain('G3');
  });

  test('a CSV cell starting with "=" counts as a formula', async () => {
    const csv = `${scoreHeaders('zh').join(',')}\r\n${f.year},=1+1,E1,,现场评审,4.1.2,50,`;
    await expectFileError(Buffer.from(csv), 'formulas');
  });

  test('merged header cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('评分表');
    ws.addRow(scoreHeaders('zh'));
    for (const r of onsiteRows(f, 3)) ws.addRow(r);
    ws.mergeCells('G1:H1');
    const res = await expectFileError(Buffer.from(await wb.xlsx.writeBuffer()), 'merged_cells');
    expect(res.fileError?.message.en).toContain('merged header cells (G1:H1)');
  });

  test('a wrong sheet: an applications register uploaded as scores, or an unrelated table', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['姓名', '电话']);
    wb.getWorksheet('Sheet1')!.addRow(['张三', '123']);
    const res = await expectFileError(Buffer.from(await wb.xlsx.writeBuffer()), 'wrong_sheet');
    expect(res.fileError?.message.en).toContain('Sheet1');
    // A score file uploaded as an applications register.
    await expectFileError(await xlsxFile(onsiteRows(f, 2)), 'wrong_sheet', 'applications');
  });

  test('a sheet with the right name but a required column missing', async () => {
    const headers = scoreHeaders('zh').filter((h) => h !== '条款');
    const res = await expectFileError(await xlsxFile([[f.year, 'x', 'E1', null, '现场评审', 50, null]], { headers }), 'missing_columns');
    expect(res.fileError?.message.zh).toContain('条款');
  });

  test('duplicate columns', async () => {
    const headers = [...scoreHeaders('zh'), 'Percent'];
    await expectFileError(await xlsxFile(onsiteRows(f, 1), { headers }), 'duplicate_columns');
  });

  test('no year column and no cycle chosen', async () => {
    const headers = scoreHeaders('zh').slice(1);
    await expectFileError(
      await xlsxFile(
        onsiteRows(f, 1).map((r) => r.slice(1)),
        { headers },
      ),
      'missing_cycle',
    );
  });

  test('the data sheet is found behind an instructions sheet', async () => {
    const res = await importScores(f.db, await xlsxFile(onsiteRows(f, 3), { extraSheets: ['填写说明 Instructions'] }), {
      fileName: 'x',
      userId: f.userId,
      dryRun: true,
    });
    expect(res.problems).toEqual([]);
    expect(res.preview?.counts.added).toBe(3);
  });
});
