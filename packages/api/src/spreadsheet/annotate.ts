/**
 * The annotated copy of an imported file: the same workbook with every problem cell filled red
 * and carrying a comment (zh + en), a "问题 Problems" column at the end of each problem row, and a
 * "问题清单 Problem list" sheet listing every problem (also those without a cell). CSV input
 * comes back as .xlsx (a CSV cannot carry colours or comments).
 */
import ExcelJS from 'exceljs';
import { parseCsv } from './csv.ts';
import { decodeCsv, detectFormat } from './read.ts';
import type { ImportProblem } from './types.ts';

export const PROBLEMS_COLUMN_HEADER = '问题 Problems';
export const PROBLEM_LIST_SHEET = '问题清单 Problem list';

const PROBLEM_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const PROBLEM_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };

function text(p: ImportProblem): string {
  return `${p.message.zh} / ${p.message.en}`;
}

async function loadWorkbook(buffer: Buffer, sheetName: string): Promise<ExcelJS.Workbook> {
  const format = detectFormat(buffer);
  const wb = new ExcelJS.Workbook();
  if (format === 'xlsx') {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } else {
    // Same tokenizer as the importer, so row numbers in the problems match.
    const ws = wb.addWorksheet(sheetName);
    parseCsv(decodeCsv(buffer).replace(/^\uFEFF/, ''), (fields, row) => {
      const r = ws.getRow(row);
      fields.forEach((v, c) => {
        if (v === '') return;
        const t = v.trim();
        r.getCell(c + 1).value = /^-?\d+(\.\d+)?$/.test(t) && !/^0\d/.test(t) ? Number(t) : v;
      });
    });
  }
  return wb;
}

/**
 * Returns an .xlsx copy of `buffer` annotated with `problems` (as returned by importScores /
 * importApplications). Throws a SpreadsheetFileError if the file cannot be opened at all.
 */
export async function annotateWorkbook(buffer: Buffer, problems: readonly ImportProblem[]): Promise<Buffer> {
  const defaultSheet = problems.find((p) => p.sheet)?.sheet ?? 'Sheet1';
  const wb = await loadWorkbook(buffer, defaultSheet);
  const bySheet = new Map<string, ImportProblem[]>();
  for (const p of problems) {
    const list = bySheet.get(p.sheet) ?? [];
    list.push(p);
    bySheet.set(p.sheet, list);
  }
  for (const [sheetName, list] of bySheet) {
    const ws = wb.getWorksheet(sheetName);
    if (!ws) continue;
    // The problems column: reuse one left by an earlier annotation, else append.
    const header = ws.getRow(1);
    let problemsCol = 0;
    header.eachCell((cell, col) => {
      if (cell.text.trim() === PROBLEMS_COLUMN_HEADER) problemsCol = col;
    });
    if (problemsCol === 0) problemsCol = Math.max(ws.columnCount, header.cellCount) + 1;
    else ws.getColumn(problemsCol).eachCell((cell, row) => row > 1 && (cell.value = null));
    const hc = header.getCell(problemsCol);
    hc.value = PROBLEMS_COLUMN_HEADER;
    hc.font = { bold: true, ...PROBLEM_FONT };
    hc.fill = PROBLEM_FILL;
    ws.getColumn(problemsCol).width = 60;

    const rowTexts = new Map<number, string[]>();
    const cellNotes = new Map<string, string[]>();
    for (const p of list) {
      if (p.row === null) continue;
      const t = rowTexts.get(p.row) ?? [];
      t.push(`${p.column ? `[${p.column}] ` : ''}${text(p)}`);
      rowTexts.set(p.row, t);
      if (p.column) {
        const addr = `${p.column}${p.row}`;
        const n = cellNotes.get(addr) ?? [];
        n.push(text(p));
        cellNotes.set(addr, n);
      }
    }
    for (const [addr, notes] of cellNotes) {
      const cell = ws.getCell(addr);
      cell.fill = PROBLEM_FILL;
      cell.font = { ...cell.font, ...PROBLEM_FONT };
      cell.note = notes.join('\n');
    }
    for (const [row, texts] of rowTexts) {
      const cell = ws.getRow(row).getCell(problemsCol);
      cell.value = texts.join('\n');
      cell.font = PROBLEM_FONT;
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
  }
  const existing = wb.getWorksheet(PROBLEM_LIST_SHEET);
  if (existing) wb.removeWorksheet(existing.id);
  const ls = wb.addWorksheet(PROBLEM_LIST_SHEET);
  ls.columns = [
    { header: '工作表 Sheet', key: 'sheet', width: 16 },
    { header: '行 Row', key: 'row', width: 8 },
    { header: '列 Column', key: 'column', width: 8 },
    { header: '列标题 Header', key: 'header', width: 16 },
    { header: '代码 Code', key: 'code', width: 20 },
    { header: '问题', key: 'zh', width: 60 },
    { header: 'Problem', key: 'en', width: 70 },
  ];
  ls.getRow(1).font = { bold: true };
  for (const p of problems) {
    ls.addRow({ sheet: p.sheet, row: p.row, column: p.column, header: p.header, code: p.code, zh: p.message.zh, en: p.message.en });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
