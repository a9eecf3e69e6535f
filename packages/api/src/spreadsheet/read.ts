/**
 * Reads the data sheet of an uploaded .xlsx or .csv into plain rows, rejecting malformed files
 * before anything else happens: too large (checked first, before parsing), empty, not a
 * spreadsheet, legacy .xls, zip bombs (every part's size and ratio, checked before exceljs sees
 * the file, see checkXlsxContainer), formulas, merged cells, a wrong sheet, missing or duplicate columns.
 * .xlsx files are parsed with exceljs's streaming reader (fast and memory-light); .csv with a
 * small RFC 4180 tokenizer (csv.ts), decoding UTF-8 (with or without BOM) or GB 18030 (what Excel writes on
 * Chinese Windows).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { columnLetter, headerLookup, normaliseHeader, type TableSpec } from './columns.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './limits.ts';
import { parseCsv } from './csv.ts';
import { checkXlsxContainer, inspectXlsx, isZip, type XlsxSheetInfo } from './zip.ts';
import { SpreadsheetFileError, type FileFormat, type ImportProblem } from './types.ts';

export type Cell = string | number | boolean | Date | null;

export interface RawRow {
  /** 1-based worksheet row number. */
  row: number;
  /** 0-based by column. */
  cells: Cell[];
}

export interface SheetTable {
  format: FileFormat;
  sheetName: string;
  sheetNames: string[];
  headerRow: number;
  /** Header text as found, 0-based by column. */
  headers: string[];
  /** Column key → 0-based column index. */
  columnOf: Map<string, number>;
  rows: RawRow[];
}

const FORMULA = Symbol('formula');
type RawCell = Cell | typeof FORMULA;

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Checks the size limit and the leading bytes; returns the detected format. */
export function detectFormat(buf: Buffer): FileFormat {
  if (buf.byteLength > MAX_IMPORT_BYTES) {
    throw new SpreadsheetFileError('too_large', {
      zh: `文件过大（${mb(buf.byteLength)} MB），上限为 ${mb(MAX_IMPORT_BYTES)} MB。请拆分为多个文件后分别导入。`,
      en: `The file is too large (${mb(buf.byteLength)} MB); the limit is ${mb(MAX_IMPORT_BYTES)} MB. Split it into several files and import them one by one.`,
    });
  }
  if (buf.byteLength === 0) {
    throw new SpreadsheetFileError('empty', { zh: '文件为空（0 字节）。', en: 'The file is empty (0 bytes).' });
  }
  if (isZip(buf)) return 'xlsx';
  if (buf.length >= 4 && buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) {
    throw new SpreadsheetFileError('legacy_xls', {
      zh: '这是旧版 Excel 97–2003（.xls）文件，不受支持。请另存为 .xlsx 后上传。',
      en: 'This is a legacy Excel 97–2003 (.xls) file, which is not supported. Save it as .xlsx and upload again.',
    });
  }
  return 'csv';
}

function hasControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 1 && c <= 8) || (c >= 0x0e && c <= 0x1f)) return true;
  }
  return false;
}

function notSpreadsheet(): SpreadsheetFileError {
  return new SpreadsheetFileError('not_spreadsheet', {
    zh: '该文件不是电子表格：请上传 .xlsx 工作簿或 .csv 文本文件（建议使用模板）。',
    en: 'This file is not a spreadsheet: upload an .xlsx workbook or a .csv text file (the template is recommended).',
  });
}

/** Decodes CSV bytes: UTF-8 (BOM optional), UTF-16 with BOM, else GB 18030. */
export function decodeCsv(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  const head = buf.subarray(0, Math.min(buf.length, 8192));
  if (head.includes(0)) throw notSpreadsheet();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(buf);
    } catch {
      throw new SpreadsheetFileError('bad_encoding', {
        zh: 'CSV 文件的字符编码无法识别：请以 UTF-8 或 GBK 编码保存。',
        en: 'The CSV file’s character encoding is not recognised: save it as UTF-8 or GBK.',
      });
    }
  }
  // Control characters other than tab/CR/LF mean binary content (a PDF, an image, …).
  if (hasControlCharacters(text.slice(0, 8192))) throw notSpreadsheet();
  return text;
}

function normaliseCell(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) return FORMULA;
    if (Array.isArray(o.richText)) {
      const t = (o.richText as { text?: string }[])
        .map((r) => r.text ?? '')
        .join('')
        .trim();
      return t === '' ? null : t;
    }
    if ('text' in o) return normaliseCell(o.text);
    if ('error' in o) return String(o.error);
    // Any other object (a hyperlink without text, an unknown cell kind) as its JSON, never "[object Object]".
    return JSON.stringify(o);
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

interface SheetScan {
  name: string;
  rows: RawRow[];
  header: RawRow | null;
}

/** The reasons a header row does not fit the spec; empty when it fits. */
function headerFit(spec: TableSpec, header: RawRow | null) {
  const lookup = headerLookup(spec);
  const columnOf = new Map<string, number>();
  const headers: string[] = [];
  const duplicates: { key: string; col: number }[] = [];
  for (let c = 0; c < (header?.cells.length ?? 0); c++) {
    const raw = header?.cells[c];
    const text = raw === null || raw === undefined ? '' : raw instanceof Date ? raw.toISOString() : String(raw);
    headers[c] = text;
    const key = lookup.get(normaliseHeader(text));
    if (!key) continue;
    if (columnOf.has(key)) duplicates.push({ key, col: c });
    else columnOf.set(key, c);
  }
  const missing = spec.columns.filter((col) => col.required && !columnOf.has(col.key));
  return { columnOf, headers, duplicates, missing };
}

function isSheetNamed(spec: TableSpec, name: string): boolean {
  const n = normaliseHeader(name);
  return (
    n === normaliseHeader(spec.sheetNames.zh) ||
    n === normaliseHeader(spec.sheetNames.en) ||
    n === normaliseHeader(`${spec.sheetNames.zh} ${spec.sheetNames.en}`)
  );
}

async function readXlsx(
  upload: Buffer,
  spec: TableSpec,
  onRows: (done: number, total: number) => void | Promise<void>,
): Promise<{ scans: SheetScan[]; infos: XlsxSheetInfo[]; formulas: { sheet: string; row: number; col: number }[] }> {
  // Only the checked parts, with their checked sizes, reach the inspection and exceljs.
  const buf = await checkXlsxContainer(upload);
  const infos = inspectXlsx(buf);
  const totalRows = infos.reduce((s, i) => s + Math.max(i.lastRow, 1), 0);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const scans: SheetScan[] = [];
  const formulas: { sheet: string; row: number; col: number }[] = [];
  let done = 0;
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      const scan: SheetScan = { name, rows: [], header: null };
      scans.push(scan);
      let keep = false;
      for await (const row of ws) {
        done++;
        if (done % 5000 === 0) await onRows(done, totalRows);
        if (scan.header === null) {
          const values = row.values as unknown[];
          const cells: Cell[] = [];
          for (let c = 1; c < values.length; c++) {
            const v = normaliseCell(values[c]);
            cells[c - 1] = v === FORMULA ? null : v;
            if (v === FORMULA) formulas.push({ sheet: name, row: row.number, col: c - 1 });
          }
          for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = null;
          if (cells.every((v) => v === null)) continue;
          scan.header = { row: row.number, cells };
          // Keep the rows of every sheet that fits the spec by its header or carries the expected name.
          const fit = headerFit(spec, scan.header);
          keep = fit.missing.length === 0 || isSheetNamed(spec, name);
          continue;
        }
        if (!keep) continue;
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        let any = false;
        for (let c = 1; c < values.length; c++) {
          const v = normaliseCell(values[c]);
          if (v === FORMULA) {
            formulas.push({ sheet: name, row: row.number, col: c - 1 });
            cells[c - 1] = null;
            continue;
          }
          cells[c - 1] = v;
          if (v !== null) any = true;
        }
        if (!any) continue;
        for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = null;
        scan.rows.push({ row: row.number, cells });
        if (scan.rows.length > MAX_IMPORT_ROWS) throw tooManyRows();
      }
    }
  } catch (err) {
    if (err instanceof SpreadsheetFileError) throw err;
    throw new SpreadsheetFileError('unsupported_zip', {
      zh: `无法读取该 .xlsx 文件：${err instanceof Error ? err.message : String(err)}。请在 Excel 或 WPS 中另存为 .xlsx 后重试。`,
      en: `This .xlsx file cannot be read: ${err instanceof Error ? err.message : String(err)}. Save it again as .xlsx in Excel or WPS and retry.`,
    });
  }
  return { scans, infos, formulas };
}

function tooManyRows(): SpreadsheetFileError {
  return new SpreadsheetFileError('too_many_rows', {
    zh: `数据行超过 ${MAX_IMPORT_ROWS} 行，请拆分为多个文件。`,
    en: `More than ${MAX_IMPORT_ROWS} data rows; split the file.`,
  });
}

async function readCsv(buf: Buffer, spec: TableSpec): Promise<{ scans: SheetScan[]; formulas: { sheet: string; row: number; col: number }[] }> {
  const text = decodeCsv(buf).replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    throw new SpreadsheetFileError('empty', { zh: '文件没有任何内容。', en: 'The file has no content.' });
  }
  const sheetName = spec.sheetNames.zh;
  const scan: SheetScan = { name: sheetName, rows: [], header: null };
  const formulas: { sheet: string; row: number; col: number }[] = [];
  parseCsv(text, (fields, rowNumber) => {
    const cells: Cell[] = [];
    let any = false;
    for (let c = 0; c < fields.length; c++) {
      const t = fields[c]!.trim();
      if (t === '') {
        cells[c] = null;
        continue;
      }
      // Spreadsheet programs evaluate a CSV field starting with "=" as a formula.
      if (t.charCodeAt(0) === 61) {
        formulas.push({ sheet: sheetName, row: rowNumber, col: c });
        cells[c] = null;
        continue;
      }
      cells[c] = t;
      any = true;
    }
    if (!any) return;
    if (scan.header === null) scan.header = { row: rowNumber, cells };
    else scan.rows.push({ row: rowNumber, cells });
    if (scan.rows.length > MAX_IMPORT_ROWS) throw tooManyRows();
  });
  return { scans: [scan], formulas };
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `“${n}”`).join('、');
}

/**
 * Reads the data sheet described by `spec`. Throws {@link SpreadsheetFileError} for every kind
 * of malformed file; never touches a database.
 */
export async function readTable(buf: Buffer, spec: TableSpec, onRows: (done: number, total: number) => void | Promise<void> = () => {}): Promise<SheetTable> {
  const format = detectFormat(buf);
  let scans: SheetScan[];
  let formulas: { sheet: string; row: number; col: number }[];
  let infos: XlsxSheetInfo[] = [];
  if (format === 'xlsx') ({ scans, infos, formulas } = await readXlsx(buf, spec, onRows));
  else ({ scans, formulas } = await readCsv(buf, spec));

  const sheetNames = format === 'xlsx' ? infos.map((i) => i.name) : scans.map((s) => s.name);
  const expected = `${spec.sheetNames.zh}” / “${spec.sheetNames.en}`;
  if (scans.every((s) => s.header === null)) {
    throw new SpreadsheetFileError('empty', {
      zh: '文件中没有任何数据（所有工作表都是空的）。',
      en: 'The file contains no data (every worksheet is empty).',
    });
  }
  // The data sheet: the first that fits by header, else the first carrying the expected name.
  const fits = scans.map((s) => ({ s, fit: headerFit(spec, s.header) }));
  const pick = fits.find((f) => f.s.header && f.fit.missing.length === 0) ?? fits.find((f) => f.s.header && isSheetNamed(spec, f.s.name));
  const required = spec.columns.filter((c) => c.required);
  if (!pick) {
    throw new SpreadsheetFileError('wrong_sheet', {
      zh: `找不到数据工作表：需要名为“${spec.sheetNames.zh}”的工作表，首行为列标题 ${quoteList(required.map((c) => c.zh))}。文件中的工作表：${quoteList(sheetNames)}。是否上传了其他类型的文件？`,
      en: `No data sheet found: expected a sheet named “${expected}” whose first row holds the headers ${required.map((c) => `“${c.en}”`).join(', ')}. Sheets in the file: ${sheetNames.map((n) => `“${n}”`).join(', ')}. Was a different kind of file uploaded?`,
    });
  }
  const { s: scan, fit } = pick;
  const header = scan.header as RawRow;
  const info = infos.find((i) => i.name === scan.name);

  if (info && info.merges.length > 0) {
    const problems: ImportProblem[] = info.merges.map((ref) => {
      const first = ref.split(':')[0] ?? ref;
      const rowNo = Number(/\d+$/.exec(first)?.[0] ?? 0);
      return {
        sheet: scan.name,
        row: rowNo || null,
        column: /^[A-Z]+/.exec(first)?.[0] ?? null,
        header: null,
        code: 'invalid_value',
        message: {
          zh: `合并单元格 ${ref}：请取消合并，每个单元格单独填写。`,
          en: `Merged cells ${ref}: unmerge them and fill every cell on its own.`,
        },
      };
    });
    const inHeader = info.merges.some((ref) => {
      const rows = ref.split(':').map((a) => Number(/\d+$/.exec(a)?.[0] ?? 0));
      return (rows[0] ?? 0) <= header.row && header.row <= (rows[1] ?? rows[0] ?? 0);
    });
    throw new SpreadsheetFileError(
      'merged_cells',
      inHeader
        ? {
            zh: `工作表“${scan.name}”的列标题含合并单元格（${info.merges.join('、')}）。每列必须有自己的标题：请取消合并。`,
            en: `Sheet “${scan.name}” has merged header cells (${info.merges.join(', ')}). Every column needs its own header: unmerge them.`,
          }
        : {
            zh: `工作表“${scan.name}”含合并单元格（${info.merges.join('、')}）：请取消合并，每行单独填写。`,
            en: `Sheet “${scan.name}” has merged cells (${info.merges.join(', ')}): unmerge them and fill every row on its own.`,
          },
      problems,
    );
  }

  const sheetFormulas = formulas.filter((f) => f.sheet === scan.name);
  if (sheetFormulas.length > 0) {
    const cells = sheetFormulas.slice(0, 10).map((f) => `${columnLetter(f.col)}${f.row}`);
    const more = sheetFormulas.length > 10 ? ` …(+${sheetFormulas.length - 10})` : '';
    throw new SpreadsheetFileError(
      'formulas',
      {
        zh: `工作表“${scan.name}”含公式（${cells.join('、')}${more}）。导入只接受数值：请复制后“选择性粘贴 → 数值”，再上传。`,
        en: `Sheet “${scan.name}” contains formulas (${cells.join(', ')}${more}). Import accepts values only: copy and “Paste special → Values”, then upload again.`,
      },
      sheetFormulas.map((f) => ({
        sheet: scan.name,
        row: f.row,
        column: columnLetter(f.col),
        header: fit.headers[f.col] || null,
        code: 'invalid_value' as const,
        message: { zh: '单元格含公式，请改为数值。', en: 'The cell holds a formula; enter a value instead.' },
      })),
    );
  }

  if (fit.missing.length > 0) {
    throw new SpreadsheetFileError('missing_columns', {
      zh: `工作表“${scan.name}”缺少必填列：${quoteList(fit.missing.map((c) => c.zh))}（首行应为列标题，可用中文或英文）。`,
      en: `Sheet “${scan.name}” lacks required columns: ${fit.missing.map((c) => `“${c.en}”`).join(', ')} (the first row must hold the headers, in Chinese or English).`,
    });
  }
  if (fit.duplicates.length > 0) {
    throw new SpreadsheetFileError(
      'duplicate_columns',
      {
        zh: `工作表“${scan.name}”有重复的列：${quoteList(fit.duplicates.map((d) => fit.headers[d.col] ?? ''))}。`,
        en: `Sheet “${scan.name}” has duplicate columns: ${fit.duplicates.map((d) => `“${fit.headers[d.col] ?? ''}”`).join(', ')}.`,
      },
      fit.duplicates.map((d) => ({
        sheet: scan.name,
        row: header.row,
        column: columnLetter(d.col),
        header: fit.headers[d.col] ?? null,
        code: 'invalid_value' as const,
        message: { zh: '重复的列标题。', en: 'Duplicate column header.' },
      })),
    );
  }
  if (scan.rows.length === 0) {
    throw new SpreadsheetFileError('no_rows', {
      zh: `工作表“${scan.name}”只有列标题，没有数据行。`,
      en: `Sheet “${scan.name}” has headers but no data rows.`,
    });
  }
  return {
    format,
    sheetName: scan.name,
    sheetNames,
    headerRow: header.row,
    headers: fit.headers,
    columnOf: fit.columnOf,
    rows: scan.rows,
  };
}
